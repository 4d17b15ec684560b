#!/usr/bin/env node
// Entry point of the `mashang-platform` command; runs the built CLI.
import { main } from '../dist/cli.js';

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
