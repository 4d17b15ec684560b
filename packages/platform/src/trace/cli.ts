/**
 * @module `mashang-platform codes issue`: issues a batch's item codes into a CSV or NDJSON file
 * for the printing line, with a progress bar. Works on the platform's storage directly (the
 * operator's machine), or through the API with `--url` and `--key` (while a PGlite platform is
 * running, only one process may open its data directory, so use the API then).
 */
import { createWriteStream } from 'node:fs';
import { access, rename, rm } from 'node:fs/promises';
import { extname } from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { parseArgs } from 'node:util';
import { BatchId, CodeIssueParams, JobId, Mashang, isMashangError } from '@mashang/sdk';
import { loadConfig } from '../config.js';
import { openDb } from '../db/index.js';
import { dataCipher } from '../internal/crypto.js';
import { batchSecret, findBatchRow, reserveCodes } from '../store/batches.js';
import { findJob, insertIssuanceJob, jobInterrupted, jobProgress, jobStarted, jobSucceeded } from '../store/jobs.js';
import { serialUriPrefix, writeIssueFile, type IssueFormat } from './issue.js';
import { batchKey, MAX_INDEX } from './serial.js';

export const ISSUE_USAGE = `Usage: mashang-platform codes issue --batch <bat_…> --count <n> --out <file.csv|file.ndjson> [options]

Issues <n> new item codes of a batch and writes one line per code: serial, GS1 Digital Link URI
and, with --with-pin, the scratch-off PIN. Nothing per code is stored; the file is the only copy
of the PINs, so keep it safe.

Options:
  --batch <id>        The batch (bat_…)
  --count <n>         How many new codes (1 – 10 000 000)
  --job <id>          Instead of --count: write the codes of an earlier issuance job again
  --out <file>        Output file; .csv or .ndjson (or say --format)
  --format <f>        csv | ndjson (default: from the file extension, else csv)
  --with-pin          Add a 12-digit scratch-off PIN per code
  --force             Overwrite --out if it exists
  --url <url>         Go through the platform API at <url> instead of opening its storage
  --key <key>         API key for --url (default: $MASHANG_API_KEY)
  --merchant <id>     With an ISV or operator key: the merchant (mch_…) that owns the batch

Without --url the platform's storage is opened as \`mashang-platform start\` would
(MASHANG_DATA_DIR or DATABASE_URL), and URIs use MASHANG_PUBLIC_URL.`;

class UsageError extends Error {}

interface Progress {
  update(done: number): void;
  finish(): void;
}

/** A progress bar on stderr (a line per 10 % when stderr is not a terminal). */
function progressBar(total: number, stream: NodeJS.WriteStream = process.stderr): Progress {
  const started = performance.now();
  const tty = stream.isTTY === true;
  let lastDraw = 0;
  let lastTenth = -1;
  const fmt = (n: number) => n.toLocaleString('en-US');
  const draw = (done: number, force: boolean) => {
    const now = performance.now();
    if (!force && now - lastDraw < 100) return;
    lastDraw = now;
    const ratio = total === 0 ? 1 : done / total;
    const seconds = (now - started) / 1000;
    const rate = seconds > 0 ? done / seconds : 0;
    const eta = rate > 0 ? Math.ceil((total - done) / rate) : 0;
    if (tty) {
      const width = 30;
      const filled = Math.round(ratio * width);
      stream.write(`\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${String(Math.floor(ratio * 100)).padStart(3)}% ${fmt(done)}/${fmt(total)} codes · ${fmt(Math.round(rate))}/s · ETA ${eta}s `);
    } else {
      const tenth = Math.floor(ratio * 10);
      if (tenth !== lastTenth) {
        lastTenth = tenth;
        stream.write(`${tenth * 10}% ${fmt(done)}/${fmt(total)} codes\n`);
      }
    }
  };
  return {
    update: (done) => draw(done, false),
    finish() {
      draw(total, true);
      if (tty) stream.write('\n');
    },
  };
}

function formatOf(out: string, given: string | undefined): IssueFormat {
  const format = given ?? (['.ndjson', '.jsonl'].includes(extname(out).toLowerCase()) ? 'ndjson' : 'csv');
  if (format !== 'csv' && format !== 'ndjson') throw new UsageError(`--format must be csv or ndjson, got '${format}'`);
  return format;
}

function positiveCount(value: string | undefined): number {
  const count = Number(value);
  const parsed = CodeIssueParams.safeParse({ count });
  if (value === undefined || !/^\d+$/.test(value) || !parsed.success) {
    throw new UsageError(`--count must be a whole number from 1 to 10000000, got '${value ?? ''}'`);
  }
  return count;
}

async function exists(path: string): Promise<boolean> {
  try {
    await access(path);
    return true;
  } catch {
    return false;
  }
}

interface Plan {
  batch: string;
  count: number | undefined;
  job: string | undefined;
  out: string;
  format: IssueFormat;
  withPin: boolean;
}

/** Storage mode: reserve, stream to the file, record the job's progress. */
async function issueDirect(plan: Plan, log: (line: string) => void): Promise<{ job: string; count: number }> {
  const config = loadConfig();
  if (!config.publicUrl) log(`warning: MASHANG_PUBLIC_URL is not set; the URIs will point at http://${config.host}:${config.port}, which phones cannot reach.`);
  const db = await openDb(config);
  try {
    // Open the batch secret (same data key as the platform: MASHANG_DATA_KEY, or the sandbox's key
    // file) once per run, and before reserving anything, so a wrong key costs no codes.
    const found = await findBatchRow(db, plan.batch, null);
    const key = found ? batchKey(await batchSecret(db, await dataCipher(db, config), found)) : undefined;
    const job = plan.job
      ? await findJob(db, plan.job, null)
      : await db.transaction(async (tx) => {
          const { row, start } = await reserveCodes(tx, plan.batch, null, plan.count!, MAX_INDEX);
          return insertIssuanceJob(tx, row.merchant_id, row.id, start, plan.count!, plan.withPin);
        });
    if (!job) throw new UsageError(`No such job: '${plan.job}'`);
    if (job.batch_id !== plan.batch) throw new UsageError(`Job ${job.id} belongs to batch ${job.batch_id}, not ${plan.batch}`);
    // The job is of plan.batch, so the batch exists (reserveCodes throws otherwise).
    const batch = found!;
    const bar = progressBar(job.count);
    await jobStarted(db, job.id);
    let savedAt = 0;
    let done = 0;
    let saving = Promise.resolve();
    try {
      await writeIssueFile(
        plan.out,
        {
          key: key!,
          start: job.start_index,
          count: job.count,
          withPin: job.with_pin,
          uriPrefix: serialUriPrefix(config.publicUrl ?? `http://${config.host}:${config.port}`, batch.gtin, batch.lot),
          format: plan.format,
        },
        (state) => {
          done = state.done;
          bar.update(state.done);
          if (performance.now() - savedAt > 500) {
            savedAt = performance.now();
            saving = saving.then(() => jobProgress(db, job.id, state.done)).catch(() => {});
          }
        },
      );
      await saving;
      bar.finish();
      await jobSucceeded(db, job.id);
    } catch (error) {
      await saving;
      await jobInterrupted(db, job.id, done, `writing ${plan.out} failed after ${done} codes: ${(error as Error).message}`, true).catch(() => {});
      throw error;
    }
    return { job: job.id, count: job.count };
  } finally {
    await db.close();
  }
}

/** API mode: issue (or reuse) a job through the SDK and stream its download to the file. */
async function issueViaApi(plan: Plan, url: string, key: string, merchant: string | undefined): Promise<{ job: string; count: number }> {
  let client = new Mashang({ apiKey: key, baseUrl: url, maxRetries: 2 });
  if (merchant) client = client.forMerchant(merchant);
  const job = plan.job ? await client.jobs.retrieve(plan.job) : await client.batches.issueCodes(plan.batch, { count: plan.count!, with_pin: plan.withPin });
  if (job.batch_id !== plan.batch) throw new UsageError(`Job ${job.id} belongs to batch ${job.batch_id}, not ${plan.batch}`);
  const bar = progressBar(job.count);
  let lines = plan.format === 'csv' ? -1 : 0; // the CSV header is not a code
  const counter = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) lines++;
      bar.update(Math.max(0, lines));
      callback(null, chunk);
    },
  });
  const body = await client.jobs.download(job.id, { format: plan.format });
  await pipeline(Readable.fromWeb(body as import('node:stream/web').ReadableStream<Uint8Array>), counter, createWriteStream(plan.out));
  if (lines !== job.count) throw new Error(`the download ended after ${Math.max(0, lines)} of ${job.count} codes; run again with --job ${job.id}`);
  bar.finish();
  return { job: job.id, count: job.count };
}

/**
 * Runs `codes issue` with `argv` (the arguments after `codes issue`). Returns the exit code:
 * 0 done, 1 failed, 2 bad usage.
 */
export async function issueCodesCli(argv: string[]): Promise<number> {
  const log = (line: string) => process.stderr.write(`${line}\n`);
  let tmp: string | undefined;
  try {
    const { values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        batch: { type: 'string' },
        count: { type: 'string' },
        job: { type: 'string' },
        out: { type: 'string', short: 'o' },
        format: { type: 'string' },
        'with-pin': { type: 'boolean' },
        force: { type: 'boolean' },
        url: { type: 'string' },
        key: { type: 'string' },
        merchant: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
    if (values.help) {
      console.log(ISSUE_USAGE);
      return 0;
    }
    const positional = positionals.filter((a) => a !== 'codes' && a !== 'issue');
    if (positional.length) throw new UsageError(`unexpected argument '${positional[0]}'`);
    const batch = values.batch;
    if (!batch || !BatchId.safeParse(batch).success) throw new UsageError(`--batch must be a batch id like bat_…, got '${batch ?? ''}'`);
    const job = values.job;
    if (job !== undefined && !JobId.safeParse(job).success) throw new UsageError(`--job must be a job id like job_…, got '${job}'`);
    if (job !== undefined && values.count !== undefined) throw new UsageError('give either --count (new codes) or --job (an earlier issuance), not both');
    const count = job === undefined ? positiveCount(values.count) : undefined;
    const out = values.out;
    if (!out) throw new UsageError('--out <file> is required');
    if (!values.force && (await exists(out))) throw new UsageError(`${out} exists; choose another file or pass --force`);
    const plan: Plan = { batch, count, job, out, format: formatOf(out, values.format), withPin: values['with-pin'] === true };
    const url = values.url;
    const key = values.key ?? process.env['MASHANG_API_KEY'];
    if (url && !key) throw new UsageError('--url needs an API key: pass --key or set MASHANG_API_KEY');
    const merchant = values.merchant;

    // Write next to the target and rename at the end, so a failed run leaves no half file behind.
    tmp = `${out}.partial`;
    const started = performance.now();
    const result = url ? await issueViaApi({ ...plan, out: tmp }, url, key!, merchant) : await issueDirect({ ...plan, out: tmp }, log);
    await rename(tmp, out);
    tmp = undefined;
    const seconds = (performance.now() - started) / 1000;
    log(`Wrote ${result.count.toLocaleString('en-US')} codes of ${batch} (job ${result.job}) to ${out} in ${seconds.toFixed(1)} s.`);
    return 0;
  } catch (error) {
    if (tmp) await rm(tmp, { force: true }).catch(() => {});
    if (error instanceof UsageError || (error instanceof TypeError && (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS'))) {
      log(`codes issue: ${error.message}\n\n${ISSUE_USAGE}`);
      return 2;
    }
    const message = isMashangError(error) || error instanceof Error ? error.message : String(error);
    log(`codes issue failed: ${message}`);
    return 1;
  }
}
