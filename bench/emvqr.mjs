// EMV QR codec throughput: decode and encode rate (payloads/s) over the EMV test vectors of
// shared/standards/payment-credit.md, each measured for a fixed time after a warm-up.
//
//   node --conditions=@mashang/source --import tsx bench/emvqr.mjs [--duration=2000] [--warmup=500] [--json]
//
// Without the condition it measures the built package (dist/), after `npm run build`.
import { readFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { decodeEmvQr, encodeEmvQr } from '@mashang/sdk/emvqr';

const args = Object.fromEntries(
  process.argv.slice(2).map((arg) => {
    const [key, value = 'true'] = arg.replace(/^--/, '').split('=');
    return [key, value];
  }),
);
const durationMs = Number(args.duration ?? 2000);
const warmupMs = Number(args.warmup ?? 500);
if (!(durationMs > 0) || !(warmupMs >= 0)) {
  console.error('usage: bench/emvqr.mjs [--duration=<ms, > 0>] [--warmup=<ms, >= 0>] [--json]');
  process.exit(2);
}

const standardsUrl = new URL('../../shared/standards/payment-credit.md', import.meta.url);
let standards;
try {
  standards = readFileSync(standardsUrl, 'utf8');
} catch {
  console.error(`cannot read the EMV test vectors from ${standardsUrl.pathname}; run from a checkout next to shared/`);
  process.exit(1);
}
const section = standards.slice(standards.indexOf('## 1. EMV'), standards.indexOf('## 2. China'));
const vectors = [...section.matchAll(/^\| (V\d+) \|[^|]*\| `([^`]+)` \| ([0-9A-F]{4}) ✔ \|$/gm)].map((m) => ({
  name: m[1],
  payload: m[2],
}));
if (vectors.length === 0) {
  console.error('no EMV vectors found in section 1.4 of the standards file; has the table format changed?');
  process.exit(1);
}
// PromptPay vectors omit tags 52/59/60, so re-encoding them needs requireMandatory: false.
const decoded = vectors.map(({ payload }) => decodeEmvQr(payload));
const encodeOptions = decoded.map((qr) => ({ requireMandatory: qr.warnings.length === 0 }));
for (const [i, qr] of decoded.entries()) {
  if (encodeEmvQr(qr, encodeOptions[i]) !== vectors[i].payload) throw new Error(`${vectors[i].name} does not round-trip`);
}

/** Runs `op(i)` over the vectors round-robin for `ms`, checking the clock every 64 calls. */
function run(ms, op) {
  let n = 0;
  let sink = 0;
  const start = process.hrtime.bigint();
  const limit = BigInt(Math.round(ms * 1e6));
  let elapsed = 0n;
  do {
    for (let k = 0; k < 64; k++, n++) sink += op(n % vectors.length);
    elapsed = process.hrtime.bigint() - start;
  } while (elapsed < limit);
  return { n, seconds: Number(elapsed) / 1e9, sink };
}

const ops = {
  decode: (i) => decodeEmvQr(vectors[i].payload).tlvs.length,
  encode: (i) => encodeEmvQr(decoded[i], encodeOptions[i]).length,
};

const results = {};
for (const [name, op] of Object.entries(ops)) {
  run(warmupMs, op);
  const { n, seconds, sink } = run(durationMs, op);
  if (sink === 0) throw new Error('benchmark produced no output');
  results[name] = { iterations: n, seconds: Number(seconds.toFixed(3)), perSecond: Math.round(n / seconds) };
}

const method = {
  vectors: vectors.map((v) => v.name),
  warmupMs,
  durationMs,
  node: process.version,
  platform: `${process.platform}-${process.arch}`,
  cpu: cpus()[0]?.model ?? 'unknown',
};
if (args.json === 'true') {
  console.log(JSON.stringify({ benchmark: 'emvqr', method, results }));
} else {
  console.log(`EMV QR codec — ${vectors.length} vectors (${method.vectors.join(', ')}), round-robin`);
  console.log(`method: ${warmupMs} ms warm-up, then ${durationMs} ms timed per operation; Node ${method.node}, ${method.platform}, ${method.cpu}`);
  for (const [name, r] of Object.entries(results)) {
    console.log(`${name.padEnd(7)} ${r.perSecond.toLocaleString('en-US').padStart(12)} payloads/s  (N = ${r.iterations.toLocaleString('en-US')} in ${r.seconds} s)`);
  }
}
