/** @module epcis/outbox — a durable capture outbox: persist events first, send them when the network allows. */

import { epcisDocument } from './builders.js';
import { EpcisError, show } from './errors.js';
import { eventHashId } from './hash.js';
import type { FileOutboxStoreOptions } from './outbox-file.js';
import type { EpcisDocument, EpcisEvent, JsonLdContext } from './types.js';

/**
 * One stored event: its CBV 2.0 hash ID, the event (with `eventID` set) and the JSON-LD context
 * entries its extensions need.
 * @category EPCIS
 */
export interface OutboxRecord {
  id: string;
  event: EpcisEvent;
  context?: JsonLdContext;
}

/**
 * Where an outbox keeps events until the platform has them. Implementations must make
 * `append` and `ack` durable before their promises resolve, and must survive the process
 * being killed at any point: an appended record is either fully there or (if `append` never
 * resolved) absent, and an acknowledged one never comes back.
 *
 * Built in: {@link fileOutboxStore} (Node) and {@link indexedDbOutboxStore} (browsers).
 * @category EPCIS
 */
export interface OutboxStore {
  /** Stores records after those already pending; a record whose `id` is pending already is skipped. */
  append(records: readonly OutboxRecord[]): Promise<void>;
  /** The oldest pending records, in the order they were appended, at most `limit`. */
  pending(limit: number): Promise<OutboxRecord[]>;
  /** Removes these records for good (they reached the platform, or were discarded). */
  ack(ids: readonly string[]): Promise<void>;
  /** How many records are pending. */
  size(): Promise<number>;
  /** Releases files, locks or connections. */
  close(): Promise<void>;
}

/**
 * What `send` receives besides the document.
 * @category EPCIS
 */
export interface OutboxSendState {
  /** Hash IDs of the events in the document, in document order. */
  eventIds: string[];
  /** Aborts with the `signal` given to `flush`. */
  signal: AbortSignal | undefined;
}

/**
 * Options of {@link createOutbox}.
 * @category EPCIS
 */
export interface OutboxOptions {
  store: OutboxStore;
  /**
   * Delivers one EPCIS capture document, e.g. `POST /epcis/capture`. Resolve once the platform
   * has accepted it; throw (or reject) to keep the batch for the next `flush`. A batch may be
   * sent again after a crash, so the receiver must deduplicate by event hash ID (the platform does).
   */
  send: (document: EpcisDocument, state: OutboxSendState) => Promise<unknown>;
  /**
   * Context for the events' extension prefixes (`{ mashang: 'https://…/' }`), used for the hash
   * ID and copied into every document.
   * @default undefined
   */
  context?: JsonLdContext;
}

/**
 * Options of {@link Outbox.flush}.
 * @category EPCIS
 */
export interface FlushOptions {
  /** Events per capture document. @default 100 */
  batchSize?: number;
  /** Stops between batches (and is handed to `send`). */
  signal?: AbortSignal;
}

/**
 * A durable capture outbox; see {@link createOutbox}.
 * @category EPCIS
 */
export interface Outbox {
  /**
   * Computes each event's hash ID, sets `eventID` to it when the event has none, and stores the
   * events durably before resolving with their hash IDs. Events already pending are not stored twice.
   */
  add(eventOrEvents: EpcisEvent | readonly EpcisEvent[]): Promise<string[]>;
  /**
   * Sends pending events in batches, oldest first, removing each batch once `send` resolves.
   * Stops at the first failing batch and rejects with its error (the batch stays pending).
   * Concurrent calls share one run.
   */
  flush(options?: FlushOptions): Promise<{ sent: number; remaining: number }>;
  /** Number of events waiting to be sent. */
  size(): Promise<number>;
  /** The oldest pending records, e.g. to show an operator what is stuck. @default limit 100 */
  pending(limit?: number): Promise<OutboxRecord[]>;
  /** Drops pending events without sending them (a batch the platform rejects for good, say). */
  discard(ids: readonly string[]): Promise<void>;
  close(): Promise<void>;
}

function contextList(context: JsonLdContext | undefined): Array<string | Record<string, unknown>> {
  return context === undefined ? [] : Array.isArray(context) ? [...context] : [context as string | Record<string, unknown>];
}

/** The union of the batch's contexts, each distinct entry once, in first-seen order. */
function mergedContext(records: readonly OutboxRecord[]): JsonLdContext {
  const seen = new Map<string, string | Record<string, unknown>>();
  for (const r of records) for (const entry of contextList(r.context)) seen.set(JSON.stringify(entry), entry);
  return [...seen.values()];
}

function abortError(signal: AbortSignal): unknown {
  return signal.reason ?? new DOMException('The flush was aborted.', 'AbortError');
}

/**
 * A capture outbox for shops, tills and warehouses with unreliable networks: `add` writes events
 * to a durable store at once (the scan is never lost, even if the app is killed a moment later);
 * `flush` sends them as EPCIS documents whenever the network is back. Delivery is at least once;
 * each event's CBV 2.0 hash ID lets the platform drop replays.
 *
 * @example
 * ```ts
 * import { createOutbox, fileOutboxStore, objectEvent, epcisDocument } from '@mashang/sdk/epcis';
 *
 * const outbox = createOutbox({
 *   store: fileOutboxStore('./data/epcis-outbox'),   // indexedDbOutboxStore('epcis') in a browser
 *   send: async (document, { signal }) => {
 *     const res = await fetch(`${platform}/epcis/capture`, {
 *       method: 'POST', body: JSON.stringify(document), signal,
 *       headers: { 'content-type': 'application/ld+json', authorization: `Bearer ${secretKey}` },
 *     });
 *     if (!res.ok) throw new Error(`capture failed: ${res.status}`);
 *   },
 * });
 * await outbox.add(objectEvent({ action: 'OBSERVE', bizStep: 'receiving', epcList: [code] }));
 * await outbox.flush({ batchSize: 50 });
 * ```
 * @category EPCIS
 */
export function createOutbox(options: OutboxOptions): Outbox {
  const { store, send, context } = options ?? ({} as OutboxOptions);
  if (typeof store?.append !== 'function' || typeof send !== 'function') {
    throw new EpcisError('bad_input', 'createOutbox({ store, send }) needs an OutboxStore (fileOutboxStore or indexedDbOutboxStore) and a send(document) function.');
  }
  let running: Promise<{ sent: number; remaining: number }> | undefined;

  async function add(eventOrEvents: EpcisEvent | readonly EpcisEvent[]): Promise<string[]> {
    const events: readonly EpcisEvent[] = Array.isArray(eventOrEvents) ? eventOrEvents : [eventOrEvents as EpcisEvent];
    const records: OutboxRecord[] = [];
    for (const [i, event] of events.entries()) {
      if (typeof event !== 'object' || event === null) {
        throw new EpcisError('bad_input', `outbox.add: item ${i} is not an EPCIS event object (got ${show(event)}).`);
      }
      const id = await eventHashId(event, context);
      const stored = { ...event, eventID: event.eventID ?? id } as EpcisEvent;
      records.push(context === undefined ? { id, event: stored } : { id, event: stored, context });
    }
    if (records.length > 0) await store.append(records);
    return records.map((r) => r.id);
  }

  async function run(batchSize: number, signal: AbortSignal | undefined): Promise<{ sent: number; remaining: number }> {
    let sent = 0;
    for (;;) {
      if (signal?.aborted) throw abortError(signal);
      const batch = await store.pending(batchSize);
      if (batch.length === 0) break;
      const document = epcisDocument(batch.map((r) => r.event), { context: mergedContext(batch) });
      const eventIds = batch.map((r) => r.id);
      await send(document, { eventIds, signal });
      await store.ack(eventIds);
      sent += batch.length;
    }
    return { sent, remaining: await store.size() };
  }

  function flush(flushOptions: FlushOptions = {}): Promise<{ sent: number; remaining: number }> {
    const batchSize = flushOptions.batchSize ?? 100;
    if (!Number.isInteger(batchSize) || batchSize < 1) {
      return Promise.reject(new EpcisError('bad_input', `batchSize must be a positive integer, got ${show(batchSize)}.`));
    }
    running ??= run(batchSize, flushOptions.signal).finally(() => {
      running = undefined;
    });
    return running;
  }

  return {
    add,
    flush,
    size: () => store.size(),
    pending: (limit = 100) => store.pending(limit),
    discard: (ids) => store.ack(ids),
    close: () => store.close(),
  };
}

/**
 * The Node file store (append-only NDJSON journal + acknowledgement log, fsync'd), loaded on
 * first use so that browser bundles never include `node:fs`. See `outbox-file.ts`.
 *
 * Layout: `journal.ndjson` (one line per added event), `acks.ndjson` (sent events), `LOCK`.
 * Every write is fsync'd before its promise resolves; a line torn by a crash is cut off on the
 * next open; the journal is rewritten without sent events from time to time (`compactAfter`).
 *
 * @param directory Folder for the journal, created if missing. One process at a time may use it.
 * @example
 * ```ts
 * const outbox = createOutbox({ store: fileOutboxStore('/var/lib/pos/epcis-outbox'), send });
 * ```
 * @category EPCIS
 */
export function fileOutboxStore(directory: string, options?: FileOutboxStoreOptions): OutboxStore {
  // A computed specifier keeps bundlers from following this import into node:fs.
  const specifier = './outbox-file.js';
  const opened: Promise<OutboxStore> = import(/* webpackIgnore: true */ /* @vite-ignore */ specifier).then(
    (m: typeof import('./outbox-file.js')) => m.openFileOutboxStore(directory, options),
    (err: unknown) => {
      throw new EpcisError(
        'outbox_store',
        `fileOutboxStore needs Node.js with the SDK's outbox-file.js next to outbox.js (in a browser use indexedDbOutboxStore()): ${err instanceof Error ? err.message : String(err)}`,
        { cause: err },
      );
    },
  );
  opened.catch(() => undefined); // reported by the first call that uses the store
  return {
    append: async (records) => (await opened).append(records),
    pending: async (limit) => (await opened).pending(limit),
    ack: async (ids) => (await opened).ack(ids),
    size: async () => (await opened).size(),
    close: async () => (await opened).close(),
  };
}
