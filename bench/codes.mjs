// Item-code issuance: streams N codes of one batch (serial, Digital Link URI, scratch PIN) to a
// file and reports codes/s and the peak resident memory, for 100 000 and 1 000 000 codes, each
// in a fresh process so the peaks are comparable. Budget: 1 000 000 codes in under 10 s, with a
// peak memory that does not grow with the count. The 1 000 000-code file is then read back: every
// serial must verify at its index and 10 000 random forgeries must all fail.
//
//   node --conditions=@mashang/source --import tsx bench/codes.mjs [--http] [--json]
//
// --http also measures the whole path: a platform on PGlite in memory, POST /v1/batches/…/codes,
// then the streamed GET /v1/jobs/…/download written to a file through the SDK.
// Without tsx it measures the built platform (dist/), after `npm run build`.
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createWriteStream, rmSync, statSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';

const args = Object.fromEntries(
  process.argv.slice(2).map((arg) => {
    const [key, value = 'true'] = arg.replace(/^--/, '').split('=');
    return [key, value];
  }),
);

const BUDGET_MS = 10_000;
const MAX_RSS_GROWTH_MB = 64;
const usingSource = process.execArgv.some((a) => a.includes('tsx')) || process.env.NODE_OPTIONS?.includes('tsx');
const platformModule = (path) => new URL(`../packages/platform/${usingSource ? 'src' : 'dist'}/${path}${usingSource ? '.ts' : '.js'}`, import.meta.url).href;

/** One measurement in this process: writes `count` codes and reports time, size and peak RSS. */
async function child(count, mode) {
  const out = join(tmpdir(), `mashang-bench-codes-${process.pid}.csv`);
  const started = performance.now();
  if (mode === 'http') {
    const { loadConfig, startPlatform, seedSandbox } = await import('@mashang/platform');
    const { Mashang } = await import('@mashang/sdk');
    const running = await startPlatform(loadConfig({}, { port: 0, memory: true, rateLimit: 0, log: () => {} }));
    try {
      const keys = await seedSandbox(running.platform.db);
      const shop = new Mashang({ apiKey: keys.merchant.secretKey, baseUrl: running.url });
      const product = await shop.products.create({ gtin: '6901234567892', name: 'bench' });
      const batch = await shop.batches.create({ product: product.id, lot: 'BENCH1' });
      const baselineMb = process.memoryUsage().rss / 1024 / 1024;
      const t0 = performance.now();
      const job = await shop.batches.issueCodes(batch.id, { count, with_pin: true });
      await pipeline(Readable.fromWeb(await shop.jobs.download(job.id)), createWriteStream(out));
      report(count, performance.now() - t0, out, baselineMb);
    } finally {
      await running.close();
    }
  } else {
    const { batchKey } = await import(platformModule('trace/serial'));
    const { serialUriPrefix, writeIssueFile } = await import(platformModule('trace/issue'));
    const spec = {
      key: batchKey(randomBytes(32)),
      start: 0,
      count,
      withPin: true,
      uriPrefix: serialUriPrefix('https://trace.example.cn', '6901234567892', 'L20261122'),
      format: 'csv',
    };
    await writeIssueFile(out, spec);
    const ms = performance.now() - started;
    const maxRssMb = process.resourceUsage().maxRSS / 1024; // before reading back
    const verified = args.verify ? await verifyFile(out, spec.key, count) : null;
    report(count, ms, out, null, verified, maxRssMb);
  }
}

/**
 * Reads the file back: every serial must verify at its own index and its PIN must match;
 * then 10 000 random forgeries (a real index with a random tag) must all fail.
 */
async function verifyFile(path, key, count) {
  const { verifySerial, verifyPin, SERIAL_ALPHABET, MAX_INDEX } = await import(platformModule('trace/serial'));
  const { createInterface } = await import('node:readline');
  const { createReadStream } = await import('node:fs');
  const { randomInt } = await import('node:crypto');
  const started = performance.now();
  let index = -1; // the header line
  let good = 0;
  for await (const line of createInterface({ input: createReadStream(path), crlfDelay: Infinity })) {
    if (index >= 0) {
      const [serial, , pin] = line.split(',');
      if (verifySerial(key, serial, count) === index && (index % 1000 !== 0 || verifyPin(key, index, pin))) good++;
    }
    index++;
  }
  let forgeriesAccepted = 0;
  for (let i = 0; i < 10_000; i++) {
    let tag = '';
    for (let j = 0; j < 10; j++) tag += SERIAL_ALPHABET[randomInt(32)];
    const n = randomInt(Math.min(count, MAX_INDEX));
    let head = '';
    for (let shift = 25; shift >= 0; shift -= 5) head += SERIAL_ALPHABET[(n >>> shift) & 31];
    if (verifySerial(key, head + tag, count) >= 0) forgeriesAccepted++;
  }
  return { lines: index, verified: good, forgeriesAccepted, ms: performance.now() - started };
}

function report(count, ms, out, baselineMb = null, verified = null, maxRssMb = process.resourceUsage().maxRSS / 1024) {
  const bytes = statSync(out).size;
  rmSync(out, { force: true });
  process.stdout.write(`${JSON.stringify({ count, ms, bytes, maxRssMb, baselineMb, verified })}\n`);
}

function measure(count, mode, verify) {
  const r = spawnSync(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url), '--child', `--count=${count}`, `--mode=${mode}`, ...(verify ? ['--verify'] : [])], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  if (r.status !== 0) throw new Error(`bench child for ${count} codes (${mode}) failed with exit code ${r.status}`);
  return JSON.parse(r.stdout.trim().split('\n').at(-1));
}

if (args.child) {
  await child(Number(args.count), args.mode);
} else {
  const runs = [
    { label: '100,000 codes → file', count: 100_000, mode: 'file' },
    { label: '1,000,000 codes → file', count: 1_000_000, mode: 'file', verify: true },
  ];
  if (args.http) runs.push({ label: '100,000 codes via HTTP', count: 100_000, mode: 'http' }, { label: '1,000,000 codes via HTTP', count: 1_000_000, mode: 'http' });
  const results = runs.map((run) => ({ ...run, ...measure(run.count, run.mode, run.verify) }));
  if (args.json) {
    console.log(JSON.stringify({ cpus: cpus().length, node: process.version, source: usingSource, results }, null, 2));
  } else {
    console.log(`item-code issuance with scratch PINs, CSV (${cpus().length} CPUs, Node ${process.version}, ${usingSource ? 'sources' : 'dist'})`);
    for (const r of results) {
      console.log(
        `  ${r.label.padEnd(26)} ${(r.ms / 1000).toFixed(2).padStart(6)} s  ${Math.round(r.count / (r.ms / 1000)).toLocaleString('en-US').padStart(10)} codes/s  ` +
          `${(r.bytes / 1e6).toFixed(1).padStart(6)} MB  peak RSS ${r.maxRssMb.toFixed(0).padStart(4)} MB` +
          (r.baselineMb === null ? '' : ` (platform with PGlite before the download: ${r.baselineMb.toFixed(0)} MB)`),
      );
    }
    for (const r of results.filter((x) => x.verified)) {
      const v = r.verified;
      console.log(
        `  read back ${v.lines.toLocaleString('en-US')} codes: ${v.verified.toLocaleString('en-US')} serials verify at their index (PIN checked on every 1000th); ` +
          `${v.forgeriesAccepted} of 10,000 random forgeries accepted (${(v.ms / 1000).toFixed(1)} s)`,
      );
    }
  }
  let failed = false;
  for (const r of results.filter((x) => x.verified)) {
    if (r.verified.verified !== r.count || r.verified.lines !== r.count || r.verified.forgeriesAccepted !== 0) {
      console.error(`verification failed: ${JSON.stringify(r.verified)}`);
      failed = true;
    }
  }
  for (const mode of new Set(results.map((r) => r.mode))) {
    const small = results.find((r) => r.mode === mode && r.count === 100_000);
    const big = results.find((r) => r.mode === mode && r.count === 1_000_000);
    if (big.ms > BUDGET_MS) {
      console.error(`over budget: 1,000,000 codes (${mode}) took ${(big.ms / 1000).toFixed(2)} s (budget ${BUDGET_MS / 1000} s)`);
      failed = true;
    }
    if (big.maxRssMb - small.maxRssMb > MAX_RSS_GROWTH_MB) {
      console.error(`memory grows with the count (${mode}): peak RSS ${small.maxRssMb.toFixed(0)} MB for 100,000, ${big.maxRssMb.toFixed(0)} MB for 1,000,000`);
      failed = true;
    }
  }
  if (failed) process.exit(1);
}
