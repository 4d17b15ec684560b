/**
 * @module State of item codes that consumers have scanned or checked: scan counts, first-scan
 * time, PIN verifications, anomaly flags. A code gets a row on its first scan, never at issuance.
 */
import type { Anomaly, AnomalyCode } from '@mashang/sdk';
import type { Db } from '../db/index.js';
import { iso } from '../internal/time.js';
import { coarse, evaluateScan, type AnomalyRules, type Position } from '../trace/anomalies.js';

/** A row of `item_code_states`. */
export interface CodeState {
  batch_id: string;
  serial: string;
  scan_count: number;
  first_scan_at: Date | null;
  last_scan_at: Date | null;
  last_lat: number | null;
  last_lng: number | null;
  last_located_at: Date | null;
  verify_count: number;
  first_verified_at: Date | null;
  pin_failures: number;
  pin_locked_until: Date | null;
  retail_sold_at: Date | null;
  anomalies: Partial<Record<AnomalyCode, { detected_at: string; detail: string }>>;
}

/** The anomaly flags of a state, oldest first. */
export function anomalyList(state: CodeState | undefined): Anomaly[] {
  if (!state) return [];
  return Object.entries(state.anomalies)
    .map(([code, a]) => ({ code: code as AnomalyCode, detected_at: a!.detected_at, detail: a!.detail }))
    .sort((a, b) => a.detected_at.localeCompare(b.detected_at));
}

/** The state of one code, if it was ever scanned or checked. */
export async function findCodeState(db: Db, batchId: string, serial: string): Promise<CodeState | undefined> {
  const { rows } = await db.query<CodeState>('select * from item_code_states where batch_id = $1 and serial = $2', [batchId, serial]);
  return rows[0];
}

/** Locks the state row of a code inside a transaction, creating it first when needed. */
export async function lockCodeState(tx: Db, batchId: string, serial: string): Promise<CodeState> {
  await tx.query('insert into item_code_states (batch_id, serial) values ($1, $2) on conflict (batch_id, serial) do nothing', [batchId, serial]);
  const { rows } = await tx.query<CodeState>('select * from item_code_states where batch_id = $1 and serial = $2 for update', [batchId, serial]);
  return rows[0]!;
}

/** A consumer scan of a genuine code. */
export interface ScanInput {
  channel: 'page' | 'api';
  position?: Position | undefined;
  now?: Date;
}

/** Counts a scan, applies the anomaly rules and logs it, in one transaction. Returns the new state. */
export async function recordScan(db: Db, batchId: string, serial: string, scan: ScanInput, rules?: AnomalyRules): Promise<CodeState> {
  const now = scan.now ?? new Date();
  const position = scan.position ? coarse(scan.position) : null;
  return db.transaction(async (tx) => {
    const state = await lockCodeState(tx, batchId, serial);
    const scanCount = state.scan_count + 1;
    const lastPosition =
      state.last_lat !== null && state.last_lng !== null && state.last_located_at
        ? { lat: state.last_lat, lng: state.last_lng, at: new Date(state.last_located_at) }
        : null;
    const flags = evaluateScan({ now, scanCount, retailSoldAt: state.retail_sold_at && new Date(state.retail_sold_at), position, lastPosition }, rules);
    const anomalies = { ...state.anomalies };
    for (const flag of flags) anomalies[flag.code] ??= { detected_at: now.toISOString(), detail: flag.detail };
    const { rows } = await tx.query<CodeState>(
      `update item_code_states set
         scan_count = $3, first_scan_at = coalesce(first_scan_at, $4), last_scan_at = $4,
         last_lat = coalesce($5, last_lat), last_lng = coalesce($6, last_lng),
         last_located_at = case when $5::double precision is null then last_located_at else $4 end,
         anomalies = $7
       where batch_id = $1 and serial = $2 returning *`,
      [batchId, serial, scanCount, now, position?.lat ?? null, position?.lng ?? null, JSON.stringify(anomalies)],
    );
    await tx.query('insert into item_code_scans (batch_id, serial, scanned_at, channel, lat, lng) values ($1, $2, $3, $4, $5, $6)', [
      batchId,
      serial,
      now,
      scan.channel,
      position?.lat ?? null,
      position?.lng ?? null,
    ]);
    return rows[0]!;
  });
}

/** Records that a code's item was sold to a consumer (from the retail till or an EPCIS `retail_sold` event). */
export async function recordRetailSale(db: Db, batchId: string, serial: string, at: Date): Promise<void> {
  await db.query(
    `insert into item_code_states (batch_id, serial, retail_sold_at) values ($1, $2, $3)
     on conflict (batch_id, serial) do update set retail_sold_at = coalesce(item_code_states.retail_sold_at, excluded.retail_sold_at)`,
    [batchId, serial, at],
  );
}

/** Rules for scratch-PIN guessing: after this many wrong PINs in a row a code is locked … */
export const PIN_MAX_FAILURES = 5;
/** … for this many minutes. */
export const PIN_LOCK_MINUTES = 15;

/** Outcome of one PIN attempt on a genuine code. */
export type PinAttempt =
  | { kind: 'locked'; until: Date }
  | { kind: 'wrong'; attemptsRemaining: number }
  | { kind: 'ok'; first: boolean; count: number; firstVerifiedAt: string };

/**
 * Applies one PIN attempt under the code's row lock: `check` says whether the PIN is right
 * (computed by the caller in constant time). Wrong PINs count towards a temporary lock.
 */
export async function attemptPin(db: Db, batchId: string, serial: string, check: () => boolean, now = new Date()): Promise<PinAttempt> {
  return db.transaction(async (tx) => {
    const state = await lockCodeState(tx, batchId, serial);
    if (state.pin_locked_until && new Date(state.pin_locked_until) > now) return { kind: 'locked', until: new Date(state.pin_locked_until) };
    if (!check()) {
      const failures = state.pin_failures + 1;
      const lock = failures >= PIN_MAX_FAILURES;
      await tx.query('update item_code_states set pin_failures = $3, pin_locked_until = $4 where batch_id = $1 and serial = $2', [
        batchId,
        serial,
        lock ? 0 : failures,
        lock ? new Date(now.getTime() + PIN_LOCK_MINUTES * 60_000) : null,
      ]);
      return { kind: 'wrong', attemptsRemaining: lock ? 0 : PIN_MAX_FAILURES - failures };
    }
    const { rows } = await tx.query<CodeState>(
      `update item_code_states set verify_count = verify_count + 1, first_verified_at = coalesce(first_verified_at, $3), pin_failures = 0, pin_locked_until = null
       where batch_id = $1 and serial = $2 returning *`,
      [batchId, serial, now],
    );
    const row = rows[0]!;
    return { kind: 'ok', first: row.verify_count === 1, count: row.verify_count, firstVerifiedAt: iso(row.first_verified_at!) };
  });
}
