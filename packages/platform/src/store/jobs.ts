/** @module Jobs table: code-issuance jobs and their progress. */
import type { Job } from '@mashang/sdk';
import type { Db } from '../db/index.js';
import { newId } from '../internal/ids.js';
import { iso } from '../internal/time.js';

interface JobRow {
  id: string;
  merchant_id: string;
  type: 'code_issuance';
  batch_id: string;
  start_index: number;
  count: number;
  with_pin: boolean;
  status: Job['status'];
  done: number;
  downloads: number;
  error: string | null;
  created_at: Date;
  finished_at: Date | null;
}

const COLUMNS = 'id, merchant_id, type, batch_id, start_index, count, with_pin, status, done, downloads, error, created_at, finished_at';

function toJob(row: JobRow): Job {
  return {
    id: row.id,
    object: 'job',
    type: row.type,
    merchant_id: row.merchant_id,
    batch_id: row.batch_id,
    status: row.status,
    progress: { done: row.done, total: row.count },
    start_index: row.start_index,
    count: row.count,
    with_pin: row.with_pin,
    download_url: `/v1/jobs/${row.id}/download`,
    downloads: row.downloads,
    error: row.error,
    created: iso(row.created_at),
    finished: iso(row.finished_at),
  };
}

/** Records an issuance job for indices `[start, start + count)` of a batch. */
export async function insertIssuanceJob(db: Db, merchantId: string, batchId: string, start: number, count: number, withPin: boolean): Promise<Job> {
  const { rows } = await db.query<JobRow>(
    `insert into jobs (id, merchant_id, type, batch_id, start_index, count, with_pin) values ($1, $2, 'code_issuance', $3, $4, $5, $6) returning ${COLUMNS}`,
    [newId('job'), merchantId, batchId, start, count, withPin],
  );
  return toJob(rows[0]!);
}

/** A job of `merchantId` (any merchant's when null). */
export async function findJob(db: Db, id: string, merchantId: string | null): Promise<Job | undefined> {
  const { rows } = await db.query<JobRow>(`select ${COLUMNS} from jobs where id = $1 and ($2::text is null or merchant_id = $2)`, [id, merchantId]);
  return rows[0] && toJob(rows[0]);
}

/** A download began: `running`, progress from zero. */
export async function jobStarted(db: Db, id: string): Promise<void> {
  await db.query(`update jobs set status = 'running', done = 0, error = null where id = $1`, [id]);
}

/** Progress of the running download. */
export async function jobProgress(db: Db, id: string, done: number): Promise<void> {
  await db.query(`update jobs set done = $2 where id = $1 and status = 'running'`, [id, done]);
}

/** The download completed. */
export async function jobSucceeded(db: Db, id: string): Promise<void> {
  await db.query(`update jobs set status = 'succeeded', done = count, downloads = downloads + 1, error = null, finished_at = now() where id = $1`, [id]);
}

/**
 * The download stopped early: the reader went away, or the server failed (`failed`). An
 * interrupted job can be downloaded again; it yields the same codes.
 */
export async function jobInterrupted(db: Db, id: string, done: number, error: string, failed: boolean): Promise<void> {
  await db.query(
    `update jobs set done = $2, error = $3,
       status = case when $4 then 'failed' when downloads > 0 then 'succeeded' else 'pending' end
     where id = $1`,
    [id, done, error, failed],
  );
}

/** Whether the issuance covering `index` of a batch printed PINs. */
export async function indexHasPin(db: Db, batchId: string, index: number): Promise<boolean> {
  const { rows } = await db.query<{ with_pin: boolean }>(
    'select with_pin from jobs where batch_id = $1 and start_index <= $2 and start_index + count > $2 limit 1',
    [batchId, index],
  );
  return rows[0]?.with_pin ?? false;
}
