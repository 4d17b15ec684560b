// Payment codes: EMV decode and encode rate (payloads/s) over the payloads the platform issues
// (static codes and dynamic orders, with Chinese names in tag 64), and the gzip size of the
// <mashang-payment-code> bundle (Lit and the QR encoder included) against its 25 KB budget.
//
//   npm run build && node bench/payment-code.mjs [--duration=1000] [--warmup=300] [--json]
//
// Exits 1 when the bundle is over budget or missing. `paymentCodeBundleGz()` is exported for
// the size-budget check.
import { cpus } from 'node:os';
import { fileURLToPath } from 'node:url';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { browserBundleSize } from './budgets.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/** The element's entry in the compiled package. */
export const ENTRY = 'packages/widgets/dist/payment-code/define.js';
/** Budget of the element bundle, gzip bytes. */
export const BUDGET_GZ = 25 * 1024;

/** Gzip size (level 9) of the minified browser bundle of `<mashang-payment-code>`, in bytes. */
export async function paymentCodeBundleGz() {
  if (!existsSync(join(root, ENTRY))) throw new Error(`${ENTRY} is missing: run \`npm run build\` first`);
  return (await browserBundleSize(ENTRY)).gz;
}

/** The payloads the platform issues, built by its own code (compiled `payments/emv.js`). */
async function platformPayloads() {
  const { emvPayload } = await import('../packages/platform/dist/payments/emv.js');
  const base = {
    merchantId: 'mch_01JD3XK7Q8W2N4M6P9R1T3V5X7',
    merchantName: '湖州码上示范面馆',
    merchantNameLatin: 'MASHANG NOODLES',
    merchantCityLatin: 'HUZHOU',
    merchantCity: '湖州',
    mcc: '5812',
  };
  return [
    { name: 'static code', payload: emvPayload({ ...base, objectId: 'pc_01JD3XK7Q8W2N4M6P9R1T3V5X7', storeLabel: 'WUXING-01', terminalLabel: 'TILL-3' }) },
    { name: 'dynamic order', payload: emvPayload({ ...base, objectId: 'ord_01JD3XK7Q8W2N4M6P9R1T3V5X7', amount: 2600, billNumber: 'T3-0042' }) },
    { name: 'dynamic order, no labels', payload: emvPayload({ ...base, objectId: 'ord_01JD3XK7Q8W2N4M6P9R1T3V5X8', amount: 1, merchantCity: null }) },
  ];
}

/** Runs `op(i)` round-robin over `count` inputs for `ms`, checking the clock every 64 calls. */
function run(ms, count, op) {
  let n = 0;
  let sink = 0;
  const start = process.hrtime.bigint();
  const limit = BigInt(Math.round(ms * 1e6));
  let elapsed = 0n;
  do {
    for (let k = 0; k < 64; k++, n++) sink += op(n % count);
    elapsed = process.hrtime.bigint() - start;
  } while (elapsed < limit);
  if (sink === 0) throw new Error('benchmark produced no output');
  return { iterations: n, seconds: Number(elapsed) / 1e9 };
}

/** Decode and encode rates over the platform's payloads. */
export async function emvRates({ durationMs = 1000, warmupMs = 300 } = {}) {
  const { decodeEmvQr, encodeEmvQr } = await import('@mashang/sdk/emvqr');
  const vectors = await platformPayloads();
  const decoded = vectors.map((v) => decodeEmvQr(v.payload, { strict: true }));
  for (const [i, qr] of decoded.entries()) {
    if (encodeEmvQr(qr) !== vectors[i].payload) throw new Error(`${vectors[i].name} does not round-trip`);
  }
  const ops = {
    decode: (i) => decodeEmvQr(vectors[i].payload).tlvs.length,
    encode: (i) => encodeEmvQr(decoded[i]).length,
  };
  const results = {};
  for (const [name, op] of Object.entries(ops)) {
    run(warmupMs, vectors.length, op);
    const { iterations, seconds } = run(durationMs, vectors.length, op);
    results[name] = { iterations, seconds: Number(seconds.toFixed(3)), perSecond: Math.round(iterations / seconds) };
  }
  return { payloads: vectors.map((v) => `${v.name} (${v.payload.length} chars)`), results };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const args = Object.fromEntries(
    process.argv.slice(2).map((arg) => {
      const [key, value = 'true'] = arg.replace(/^--/, '').split('=');
      return [key, value];
    }),
  );
  const durationMs = Number(args.duration ?? 1000);
  const warmupMs = Number(args.warmup ?? 300);
  if (!(durationMs > 0) || !(warmupMs >= 0)) {
    console.error('usage: bench/payment-code.mjs [--duration=<ms, > 0>] [--warmup=<ms, >= 0>] [--json]');
    process.exit(2);
  }
  let gz;
  try {
    gz = await paymentCodeBundleGz();
  } catch (error) {
    console.error(`✖ ${error.message}`);
    process.exit(1);
  }
  const { payloads, results } = await emvRates({ durationMs, warmupMs });
  const ok = gz <= BUDGET_GZ;
  const method = { warmupMs, durationMs, node: process.version, platform: `${process.platform}-${process.arch}`, cpu: cpus()[0]?.model ?? 'unknown' };
  if (args.json === 'true') {
    console.log(JSON.stringify({ benchmark: 'payment-code', method, payloads, results, bundle: { entry: ENTRY, gz, budget: BUDGET_GZ, ok } }));
  } else {
    console.log(`Payment codes — EMV payloads as the platform issues them: ${payloads.join('; ')}`);
    console.log(`method: ${warmupMs} ms warm-up, then ${durationMs} ms timed per operation; Node ${method.node}, ${method.platform}, ${method.cpu}`);
    for (const [name, r] of Object.entries(results)) {
      console.log(`${name.padEnd(7)} ${r.perSecond.toLocaleString('en-US').padStart(12)} payloads/s  (N = ${r.iterations.toLocaleString('en-US')} in ${r.seconds} s)`);
    }
    const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
    console.log(
      `${ok ? '✔' : '✖'} <mashang-payment-code> bundle (Lit + QR encoder, rollup + terser, gzip -9): ${kb(gz)} gz, budget ${kb(BUDGET_GZ)} (${ok ? `${kb(BUDGET_GZ - gz)} under` : `${kb(gz - BUDGET_GZ)} OVER`})`,
    );
  }
  process.exit(ok ? 0 : 1);
}
