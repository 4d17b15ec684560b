/**
 * @module `emitEvent`: how any capability tells the outside world (webhooks) and the other
 * capabilities (`platform.bus`) that something happened.
 */
import type { Platform } from '../context.js';
import type { Db } from '../db/index.js';
import { insertEvent } from '../store/webhooks.js';
import type { DeliveryWorker } from './worker.js';

const workers = new WeakMap<Platform, DeliveryWorker>();

/** @internal Called by the webhooks capability when it starts its worker. */
export function registerWorker(platform: Platform, worker: DeliveryWorker): void {
  workers.set(platform, worker);
}

/** The platform's delivery worker, once the webhooks capability is mounted. */
export function workerOf(platform: Platform): DeliveryWorker | undefined {
  return workers.get(platform);
}

/** What happened. */
export interface EventInput {
  /** Dotted type, e.g. `order.paid`. Receivers subscribe to it, to its family (`order.*`) or to `*`. */
  type: string;
  /** The merchant it is about; its endpoints and its ISV's receive it. Null for platform-wide events. */
  merchantId: string | null;
  /** The ISV; looked up from the merchant when omitted. */
  isvId?: string | null;
  /**
   * The payload, by convention `{ object: <the resource as the API shows it> }`.
   * Never put unmasked personal data here: it is stored and sent as is.
   */
  data: Record<string, unknown>;
}

/**
 * Records an event `evt_…` and queues its delivery to every matching endpoint of the merchant and
 * of its ISV. Delivery is at-least-once with exponential backoff; the event is also published on
 * `platform.bus` under its type, with the event object (`{ id, object, type, created, merchant_id, data }`)
 * as payload.
 *
 * Pass `tx` to make the event part of your transaction: if it rolls back, no event exists and
 * nothing is sent. Publication and delivery start once the event is committed. Inside a
 * transaction, always pass it: without `tx` this opens its own, which on PGlite (one connection)
 * would wait for yours forever.
 *
 * @example
 * await platform.db.transaction(async (tx) => {
 *   await markPaid(tx, order.id);
 *   await emitEvent(platform, { type: 'order.paid', merchantId: order.merchant_id, data: { object: order } }, tx);
 * });
 */
export async function emitEvent(platform: Platform, event: EventInput, tx?: Db): Promise<{ id: string }> {
  if (!/^[a-z][a-z_]*(\.[a-z][a-z_]*)+$/.test(event.type)) {
    throw new Error(`emitEvent: type must be dotted lower-case words like 'order.paid', got '${event.type}'`);
  }
  const run = async (db: Db) => {
    let isvId = event.isvId ?? null;
    if (isvId === null && event.merchantId) {
      const { rows } = await db.query<{ isv_id: string }>('select isv_id from merchants where id = $1', [event.merchantId]);
      isvId = rows[0]?.isv_id ?? null;
    }
    return insertEvent(db, { type: event.type, isvId, merchantId: event.merchantId, data: event.data });
  };
  const worker = workers.get(platform);
  if (tx) {
    const { id } = await run(tx);
    // The caller's transaction has not committed yet; look again shortly (the poll is the backstop).
    if (worker) {
      const timer = setTimeout(() => worker.kick(), 10);
      timer.unref?.();
    }
    return { id };
  }
  const { id } = await platform.db.transaction(run);
  worker?.kick();
  return { id };
}
