// `npm test`: every check, in order, then one summary line.
// build + typecheck → lint → Node tests (platform on PGlite in memory) → browser tests
// (Chromium) → size budgets → typedoc (warnings are errors). Exits non-zero if any step fails.
import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const node = process.execPath;
const bin = (p) => join(root, 'node_modules', p);

const STEPS = [
  { name: 'build', cmd: [node, bin('typescript/bin/tsc'), '-b'] },
  { name: 'typecheck tests', cmd: [node, bin('typescript/bin/tsc'), '-p', 'tsconfig.tests.json'] },
  { name: 'bundle', cmd: [node, bin('rollup/dist/bin/rollup'), '-c', '--silent'] },
  { name: 'lint', cmd: [node, bin('eslint/bin/eslint.js'), '.'] },
  {
    name: 'node tests',
    cmd: [node, 'scripts/node-tests.mjs'],
    count: (out) => {
      const num = (label) => Number(new RegExp(`^ℹ ${label} (\\d+)`, 'm').exec(out)?.[1] ?? NaN);
      return { tests: num('tests'), passed: num('pass'), failed: num('fail') + num('cancelled'), skipped: num('skipped') + num('todo') };
    },
  },
  {
    name: 'browser tests',
    cmd: [node, 'scripts/wtr.mjs'],
    count: (out) => {
      const all = [...out.matchAll(/(\d+) passed, (\d+) failed(?:, (\d+) skipped)?/g)].at(-1);
      if (!all) return undefined;
      const passed = Number(all[1]);
      const failed = Number(all[2]);
      const skipped = Number(all[3] ?? 0);
      return { tests: passed + failed + skipped, passed, failed, skipped };
    },
  },
  { name: 'size budgets', cmd: [node, 'bench/budgets.mjs'] },
  { name: 'typedoc', cmd: [node, bin('typedoc/bin/typedoc')] },
];

function run(step) {
  return new Promise((resolve) => {
    const started = performance.now();
    console.log(`\n━━ ${step.name}: ${step.cmd.slice(1).map((a) => a.replace(root + '/', '')).join(' ')}`);
    const child = spawn(step.cmd[0], step.cmd.slice(1), { cwd: root, env: { ...process.env, FORCE_COLOR: '0' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
      process.stdout.write(d);
    });
    child.stderr.on('data', (d) => {
      out += d;
      process.stderr.write(d);
    });
    // Some tools colour their output regardless of FORCE_COLOR; counts are read without it.
    child.on('close', (code) => resolve({ code, out: out.replace(/\u001b\[[0-9;]*m/g, ''), seconds: (performance.now() - started) / 1000 }));
  });
}

const results = [];
for (const step of STEPS) {
  const { code, out, seconds } = await run(step);
  const counts = step.count?.(out);
  // A test step that ran nothing is a failure, not a pass.
  const empty = step.count && (!counts || !(counts.tests > 0));
  results.push({ name: step.name, ok: code === 0 && !empty, seconds, counts, empty });
}

console.log('\n━━ summary');
for (const r of results) {
  const c = r.counts ? ` — ${r.counts.tests} tests: ${r.counts.passed} passed, ${r.counts.failed} failed${r.counts.skipped ? `, ${r.counts.skipped} skipped` : ''}` : '';
  console.log(`${r.ok ? '✔' : '✖'} ${r.name} (${r.seconds.toFixed(1)} s)${c}${r.empty ? ' — no tests ran' : ''}`);
}
const counted = results.filter((r) => r.counts);
const tests = counted.reduce((n, r) => n + (r.counts.tests || 0), 0);
const passed = counted.reduce((n, r) => n + (r.counts.passed || 0), 0);
const failedSteps = results.filter((r) => !r.ok).map((r) => r.name);
console.log(
  failedSteps.length === 0
    ? `\nPASS: ${tests} tests passed (${counted.map((r) => `${r.name} ${r.counts.passed}`).join(', ')}); ${results.length} steps green.`
    : `\nFAIL: ${failedSteps.join(', ')} failed; ${passed}/${tests} tests passed.`,
);
process.exit(failedSteps.length === 0 ? 0 : 1);
