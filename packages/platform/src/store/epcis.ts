/** @module EPCIS tables: capture jobs, events (one row per merchant and hash ID), their identifiers and location names. */
import type { EpcisCaptureJob, Page } from '@mashang/sdk';
import type { Db } from '../db/index.js';
import { iso } from '../internal/time.js';

/** An event ready to insert. */
export interface EventRow {
  hashId: string;
  /** The capturer's eventID when it differs from the hash ID. */
  eventId: string | null;
  type: string;
  action: string | null;
  /** RFC 3339 as captured; PostgreSQL keeps its microseconds. */
  eventTime: string;
  bizStep: string | null;
  disposition: string | null;
  readPoint: string | null;
  bizLocation: string | null;
  errorDeclaredAt: string | null;
  body: Record<string, unknown>;
  epcs: Array<[epc: string, role: string]>;
}

/** A location name from master data. */
export interface LocationRow {
  id: string;
  name: string | null;
  attributes: Record<string, unknown>;
}

/** A stored event as read back. */
export interface StoredEventRow {
  seq: string;
  hash_id: string;
  event_id: string | null;
  type: string;
  action: string | null;
  event_time: Date;
  record_time: Date;
  biz_step: string | null;
  disposition: string | null;
  read_point: string | null;
  biz_location: string | null;
  error_declared_at: Date | null;
  body: Record<string, unknown>;
}

export const EVENT_COLUMNS =
  'e.seq, e.hash_id, e.event_id, e.type, e.action, e.event_time, e.record_time, e.biz_step, e.disposition, e.read_point, e.biz_location, e.error_declared_at, e.body';

/** The hash IDs of the merchant's stored events that carry one of these capturer eventIDs. */
export async function findEventIds(db: Db, merchantId: string, eventIds: string[]): Promise<Map<string, string>> {
  if (eventIds.length === 0) return new Map();
  const { rows } = await db.query<{ hash_id: string; event_id: string }>('select hash_id, event_id from epcis_events where merchant_id = $1 and event_id = any($2::text[])', [
    merchantId,
    eventIds,
  ]);
  return new Map(rows.map((r) => [r.event_id, r.hash_id]));
}

/**
 * Inserts events (in document order, so record order follows it) and their identifiers;
 * returns the rows actually inserted (a concurrent capture may have stored some meanwhile).
 */
export async function insertEvents(db: Db, merchantId: string, captureId: string, events: EventRow[]): Promise<EventRow[]> {
  if (events.length === 0) return [];
  const input = events.map((e, ord) => ({
    ord,
    hash_id: e.hashId,
    event_id: e.eventId,
    type: e.type,
    action: e.action,
    event_time: e.eventTime,
    biz_step: e.bizStep,
    disposition: e.disposition,
    read_point: e.readPoint,
    biz_location: e.bizLocation,
    error_declared_at: e.errorDeclaredAt,
    body: e.body,
  }));
  const { rows } = await db.query<{ seq: string; hash_id: string }>(
    `insert into epcis_events (merchant_id, capture_id, hash_id, event_id, type, action, event_time, biz_step, disposition, read_point, biz_location, error_declared_at, body)
     select $1, $2, hash_id, event_id, type, action, event_time, biz_step, disposition, read_point, biz_location, error_declared_at, body
     from json_to_recordset($3::json) as t(ord int, hash_id text, event_id text, type text, action text, event_time timestamptz, biz_step text,
                                           disposition text, read_point text, biz_location text, error_declared_at timestamptz, body json)
     order by ord
     on conflict (merchant_id, hash_id) do nothing
     returning seq, hash_id`,
    [merchantId, captureId, JSON.stringify(input)],
  );
  const seqOf = new Map(rows.map((r) => [r.hash_id, r.seq]));
  const epcs: string[] = [];
  const roles: string[] = [];
  const seqs: string[] = [];
  const inserted = events.filter((e) => seqOf.has(e.hashId));
  for (const e of inserted) {
    const seq = seqOf.get(e.hashId)!;
    for (const [epc, role] of e.epcs) {
      epcs.push(epc);
      roles.push(role);
      seqs.push(seq);
    }
  }
  if (epcs.length > 0) {
    await db.query(
      `insert into epcis_event_epcs (merchant_id, epc, role, seq)
       select $1, epc, role, seq from unnest($2::text[], $3::text[], $4::bigint[]) as t(epc, role, seq)`,
      [merchantId, epcs, roles, seqs],
    );
  }
  return inserted;
}

/** Records an error declaration on a stored event that has none yet. */
export async function markErrorDeclared(db: Db, merchantId: string, hashId: string, at: string, declaration: unknown): Promise<void> {
  await db.query(
    `update epcis_events set error_declared_at = $3::timestamptz, body = jsonb_set(body::jsonb, '{errorDeclaration}', $4::jsonb)::json
     where merchant_id = $1 and hash_id = $2 and error_declared_at is null`,
    [merchantId, hashId, at, JSON.stringify(declaration)],
  );
}

/** Stores location names from master data (the latest capture wins). */
export async function upsertLocations(db: Db, merchantId: string, locations: LocationRow[]): Promise<void> {
  if (locations.length === 0) return;
  const latest = new Map(locations.map((l) => [l.id, l]));
  await db.query(
    `insert into epcis_locations (merchant_id, id, name, attributes)
     select $1, id, name, attributes from json_to_recordset($2::json) as t(id text, name text, attributes jsonb)
     on conflict (merchant_id, id) do update set name = excluded.name, attributes = excluded.attributes, updated_at = now()`,
    [merchantId, JSON.stringify([...latest.values()])],
  );
}

/** Names of the given locations that master data named. */
export async function locationNames(db: Db, merchantId: string, ids: string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const { rows } = await db.query<{ id: string; name: string | null }>('select id, name from epcis_locations where merchant_id = $1 and id = any($2::text[])', [
    merchantId,
    ids,
  ]);
  return new Map(rows.flatMap((r) => (r.name ? [[r.id, r.name] as const] : [])));
}

interface CaptureRow {
  id: string;
  error_behaviour: EpcisCaptureJob['captureErrorBehaviour'];
  running: boolean;
  success: boolean;
  event_count: number;
  captured_count: number;
  duplicate_count: number;
  errors: EpcisCaptureJob['errors'];
  created_at: Date;
  finished_at: Date | null;
}

const CAPTURE_COLUMNS = 'id, error_behaviour, running, success, event_count, captured_count, duplicate_count, errors, created_at, finished_at';

function toJob(row: CaptureRow): EpcisCaptureJob {
  return {
    captureID: row.id,
    createdAt: iso(row.created_at),
    finishedAt: iso(row.finished_at),
    running: row.running,
    success: row.success,
    captureErrorBehaviour: row.error_behaviour,
    errors: row.errors,
    eventCount: row.event_count,
    capturedCount: row.captured_count,
    duplicateCount: row.duplicate_count,
  };
}

/** Records a capture job. */
export async function insertCaptureJob(db: Db, merchantId: string, job: EpcisCaptureJob): Promise<void> {
  await db.query(
    `insert into epcis_captures (id, merchant_id, error_behaviour, running, success, event_count, captured_count, duplicate_count, errors, created_at, finished_at)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
    [
      job.captureID,
      merchantId,
      job.captureErrorBehaviour,
      job.running,
      job.success,
      job.eventCount,
      job.capturedCount,
      job.duplicateCount,
      JSON.stringify(job.errors),
      job.createdAt,
      job.finishedAt,
    ],
  );
}

/** A capture job of the merchant. */
export async function findCaptureJob(db: Db, merchantId: string, id: string): Promise<EpcisCaptureJob | undefined> {
  const { rows } = await db.query<CaptureRow>(`select ${CAPTURE_COLUMNS} from epcis_captures where id = $1 and merchant_id = $2`, [id, merchantId]);
  return rows[0] && toJob(rows[0]);
}

/** Capture jobs, newest first. */
export async function listCaptureJobs(db: Db, merchantId: string, limit: number, startingAfter?: string): Promise<Page<EpcisCaptureJob>> {
  const { rows } = await db.query<CaptureRow>(
    `select ${CAPTURE_COLUMNS} from epcis_captures
     where merchant_id = $1 and ($2::text is null or id < $2) order by id desc limit $3`,
    [merchantId, startingAfter ?? null, limit + 1],
  );
  return { object: 'list', data: rows.slice(0, limit).map(toJob), has_more: rows.length > limit };
}

/** One event by hash ID or capturer eventID. */
export async function findEvent(db: Db, merchantId: string, eventId: string): Promise<StoredEventRow | undefined> {
  const { rows } = await db.query<StoredEventRow>(
    `select ${EVENT_COLUMNS} from epcis_events e
     where e.merchant_id = $1 and (e.hash_id = $2 or e.event_id = $2) order by e.seq limit 1`,
    [merchantId, eventId],
  );
  return rows[0];
}
