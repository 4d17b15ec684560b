/**
 * @module bench/digital-link — GS1 Digital Link codec: parse and format throughput, and bundle size against its budget.
 *
 * Run: node --conditions=@mashang/source --import tsx bench/digital-link.mjs
 * Exit code 1 when the gzip size is over budget.
 */

import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { formatDigitalLink, gtinCheckDigit, parseDigitalLink } from '@mashang/sdk/digital-link';
import { bundleSize } from './size.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const ENTRY = `${ROOT}packages/sdk/dist/digital-link/index.js`;
const SOURCES = 'packages/sdk/src/digital-link/';
const BUDGET_GZ = 6 * 1024;
const LINKS = 10_000;
const WARMUP_PASSES = 5;
const RUNS = 7;
const MIN_RUN_MS = 250;

/** Small seeded PRNG (mulberry32) so every run measures the same links. */
function prng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const random = prng(20260701);
const int = (n) => Math.floor(random() * n);
const pick = (list) => list[int(list.length)];
const text = (alphabet, min, max) => Array.from({ length: min + int(max - min + 1) }, () => pick(alphabet)).join('');
const digits = (n) => text('0123456789', n, n);
const keyed = (n) => {
  const d = digits(n - 1);
  return d + gtinCheckDigit(d);
};
const SAFE = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz0123456789-._';
const CSET82 = `!"%&'()*+,-./0123456789:;<=>?ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz`;
const date = () => `${String(20 + int(10)).padStart(2, '0')}${String(1 + int(12)).padStart(2, '0')}${String(1 + int(28)).padStart(2, '0')}`;

/** A varied mix of links: mostly serialised GTINs (the platform's case), plus the other keys, attributes and extensions. */
function makeInput() {
  const base = pick(['https://id.gs1.org', 'https://trace.example.cn', 'https://brand.example.com/p', 'http://192.0.2.7:8080/dl']);
  const attributes = [];
  const kind = int(10);
  let input;
  if (kind < 6) {
    const qualifiers = [{ ai: '10', value: text(SAFE, 3, 12) }, { ai: '21', value: text(kind === 5 ? CSET82 : SAFE, 6, 20) }];
    if (kind === 4) qualifiers.unshift({ ai: '22', value: text(SAFE, 1, 4) });
    input = { primaryKey: { ai: '01', value: keyed(14) }, qualifiers };
    if (int(2)) attributes.push({ ai: '17', value: date() });
    if (int(4) === 0) attributes.push({ ai: '3103', value: digits(6) });
  } else if (kind === 6) {
    input = { primaryKey: { ai: '00', value: keyed(18) } };
    attributes.push({ ai: '02', value: keyed(14) }, { ai: '37', value: String(1 + int(500)) });
  } else if (kind === 7) {
    input = { primaryKey: { ai: '414', value: keyed(13) }, qualifiers: [{ ai: '254', value: text(SAFE, 1, 10) }] };
  } else if (kind === 8) {
    input = { primaryKey: { ai: '8004', value: keyed(13) + text(SAFE, 1, 10) } };
    attributes.push({ ai: '99', value: text(CSET82, 5, 40) });
  } else {
    input = { primaryKey: { ai: '8006', value: `${keyed(14)}0102` }, qualifiers: [{ ai: '21', value: text(SAFE, 4, 12) }] };
  }
  if (attributes.length) input.attributes = attributes;
  if (int(8) === 0) input.extensions = { linkType: 'gs1:pip', lang: pick(['zh-CN', 'en']) };
  return { input, base };
}

/**
 * Runs `pass` (one sweep over all items) until MIN_RUN_MS has passed. Returns items per
 * wall-clock second and per CPU second of this process (steadier on a busy machine).
 */
function measure(pass, items) {
  let sweeps = 0;
  const start = performance.now();
  const cpuStart = process.cpuUsage();
  let elapsed = 0;
  do {
    pass();
    sweeps++;
    elapsed = performance.now() - start;
  } while (elapsed < MIN_RUN_MS);
  const cpu = process.cpuUsage(cpuStart);
  return [(sweeps * items * 1000) / elapsed, (sweeps * items * 1e6) / (cpu.user + cpu.system)];
}

const fmt = (n) => Math.round(n).toLocaleString('en-US');
const median = (list) => [...list].sort((a, b) => a - b)[list.length >> 1];

function bench(name, pass, items) {
  for (let i = 0; i < WARMUP_PASSES; i++) pass();
  const runs = Array.from({ length: RUNS }, () => measure(pass, items));
  const wall = runs.map((r) => r[0]);
  console.log(
    `${name.padEnd(44)} ${fmt(median(wall)).padStart(11)} ops/s  (min ${fmt(Math.min(...wall))}, max ${fmt(Math.max(...wall))}; ` +
      `${fmt(median(runs.map((r) => r[1])))} per CPU-second)`,
  );
}

const cases = Array.from({ length: LINKS }, makeInput);
const uris = cases.map(({ input, base }) => formatDigitalLink(input, { base }));
const gtin = keyed(14);
const lot = 'B20260701';
const serials = Array.from({ length: LINKS }, () => text(SAFE, 12, 12));

let sink = 0; // consumed below so no work can be optimised away
console.log(`GS1 Digital Link codec — ${LINKS.toLocaleString('en-US')} distinct valid URIs from a seeded PRNG (60% GTIN+lot+serial,`);
console.log(`  the rest SSCC, GLN+ext, GIAI, ITIP; attributes, extensions, four bases). Each figure: ${WARMUP_PASSES} warm-up sweeps, then`);
console.log(`  ${RUNS} runs of >= ${MIN_RUN_MS} ms of whole sweeps; median (min, max) ops/s by wall clock, and median per CPU-second`);
console.log(`  of this process (steadier when the machine is busy). Node ${process.version}, ${process.arch}, load ${os.loadavg()[0].toFixed(1)} on ${os.availableParallelism()} CPUs.`);
bench('parseDigitalLink (varied)', () => {
  for (const uri of uris) sink += parseDigitalLink(uri).qualifiers.length;
}, LINKS);
bench('formatDigitalLink (varied)', () => {
  for (const { input, base } of cases) sink += formatDigitalLink(input, { base }).length;
}, LINKS);
bench('formatDigitalLink (01 + 10 + 21, one base)', () => {
  for (const serial of serials) {
    sink += formatDigitalLink(
      { primaryKey: { ai: '01', value: gtin }, qualifiers: [{ ai: '10', value: lot }, { ai: '21', value: serial }] },
      { base: 'https://host' },
    ).length;
  }
}, LINKS);
if (sink === 0) console.log('(no output?)');

console.log('\nBundle size — npx tsc -b packages/sdk, then rollup (node-resolve, terser, ESM) of packages/sdk/dist/digital-link/index.js, gzip level 9');
const tsc = spawnSync('npx', ['tsc', '-b', 'packages/sdk'], { cwd: ROOT, encoding: 'utf8', shell: process.platform === 'win32' });
if (tsc.status !== 0) {
  const lines = `${tsc.stdout}${tsc.stderr}`.trim().split('\n');
  console.log(`tsc -b packages/sdk exited with ${tsc.status} (${lines.length} lines of output, first shown):\n  ${lines[0]}`);
}
// tsc -b still emits when other files of the package have errors; make sure every codec module is up to date.
const stale = readdirSync(`${ROOT}${SOURCES}`)
  .filter((f) => f.endsWith('.ts'))
  .filter((f) => {
    const out = `${ROOT}packages/sdk/dist/digital-link/${f.replace(/\.ts$/, '.js')}`;
    return !existsSync(out) || statSync(out).mtimeMs < statSync(`${ROOT}${SOURCES}${f}`).mtimeMs;
  });
if (stale.length) {
  console.error(`dist/digital-link is out of date for ${stale.join(', ')}; fix the compile errors above and run again`);
  process.exit(2);
}
const { min, gz } = await bundleSize(ENTRY, { external: [] });
const delta = gz - BUDGET_GZ;
console.log(`minified ${min.toLocaleString('en-US')} B, gzip ${gz.toLocaleString('en-US')} B — budget ${BUDGET_GZ.toLocaleString('en-US')} B gz: ${delta > 0 ? `OVER by ${delta} B` : `${-delta} B under`}`);
process.exitCode = delta > 0 ? 1 : 0;
