/** @module epcis/outbox-idb — the browser outbox store, kept in IndexedDB. */

import { EpcisError } from './errors.js';
import type { OutboxRecord, OutboxStore } from './outbox.js';

const STORE = 'records';
const BY_ID = 'id';

interface Row extends OutboxRecord {
  seq?: number;
}

function failure(name: string, action: string, cause: unknown): EpcisError {
  const reason = cause instanceof Error || cause instanceof DOMException ? cause.message : String(cause);
  return new EpcisError('outbox_store', `Could not ${action} the EPCIS outbox in IndexedDB database "${name}": ${reason}`, { cause });
}

function done<T>(request: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

function committed(tx: IDBTransaction): Promise<void> {
  return new Promise((resolve, reject) => {
    tx.oncomplete = () => resolve();
    tx.onerror = () => reject(tx.error);
    tx.onabort = () => reject(tx.error ?? new DOMException('The transaction was aborted.', 'AbortError'));
  });
}

function openDatabase(name: string): Promise<IDBDatabase> {
  const idb = (globalThis as { indexedDB?: IDBFactory }).indexedDB;
  if (!idb) {
    return Promise.reject(new EpcisError('outbox_store', 'IndexedDB is not available here; in Node use fileOutboxStore(directory) instead.'));
  }
  return new Promise((resolve, reject) => {
    const request = idb.open(name, 1);
    request.onupgradeneeded = () => {
      // Auto-incremented keys keep records in the order they were added.
      const store = request.result.createObjectStore(STORE, { keyPath: 'seq', autoIncrement: true });
      store.createIndex(BY_ID, 'id', { unique: false });
    };
    request.onsuccess = () => {
      const db = request.result;
      // Another tab upgrading the schema: let it, this store reopens on its next use.
      db.onversionchange = () => db.close();
      resolve(db);
    };
    request.onerror = () => reject(failure(name, 'open', request.error));
    request.onblocked = () => reject(failure(name, 'open', 'another tab holds an older version open; close it and retry'));
  });
}

/**
 * An outbox store for browsers (shop pages, PWAs, WeChat/Alipay web-views), in IndexedDB.
 * Writes use `durability: 'strict'` where the browser supports it, so a record is on disk
 * before `add` resolves; several tabs may share one database.
 *
 * @param name IndexedDB database name. @default 'mashang-epcis-outbox'
 * @example
 * ```ts
 * const outbox = createOutbox({ store: indexedDbOutboxStore(), send });
 * window.addEventListener('online', () => void outbox.flush());
 * ```
 * @category EPCIS
 */
export function indexedDbOutboxStore(name = 'mashang-epcis-outbox'): OutboxStore {
  let db: Promise<IDBDatabase> | undefined;
  const database = (): Promise<IDBDatabase> => {
    db ??= openDatabase(name).catch((err: unknown) => {
      db = undefined;
      throw err;
    });
    return db;
  };

  async function transaction<T>(mode: IDBTransactionMode, action: string, work: (store: IDBObjectStore) => Promise<T>): Promise<T> {
    const handle = await database();
    try {
      const tx = handle.transaction(STORE, mode, { durability: 'strict' });
      const finished = committed(tx);
      let result: T;
      try {
        result = await work(tx.objectStore(STORE));
      } catch (err) {
        finished.catch(() => undefined);
        try {
          tx.abort();
        } catch {
          // already finished
        }
        throw err;
      }
      await finished;
      return result;
    } catch (err) {
      if (err instanceof DOMException && err.name === 'InvalidStateError') db = undefined; // closed by versionchange
      throw err instanceof EpcisError ? err : failure(name, action, err);
    }
  }

  return {
    append: (records) =>
      transaction('readwrite', 'write to', async (store) => {
        const seen = new Set<string>();
        const index = store.index(BY_ID);
        for (const r of records) {
          if (seen.has(r.id)) continue;
          seen.add(r.id);
          if ((await done(index.getKey(r.id))) !== undefined) continue;
          const row: Row = r.context === undefined ? { id: r.id, event: r.event } : { id: r.id, event: r.event, context: r.context };
          store.add(row);
        }
      }),
    pending: (limit) =>
      transaction('readonly', 'read', async (store) => {
        const rows = (await done(store.getAll(null, limit))) as Row[];
        return rows.map(({ id, event, context }) => (context === undefined ? { id, event } : { id, event, context }));
      }),
    ack: (ids) =>
      transaction('readwrite', 'write to', async (store) => {
        const index = store.index(BY_ID);
        for (const id of new Set(ids)) {
          for (const key of await done(index.getAllKeys(id))) store.delete(key);
        }
      }),
    size: () => transaction('readonly', 'read', (store) => done(store.count())),
    close: async () => {
      const open = db;
      db = undefined;
      if (open) (await open.catch(() => undefined))?.close();
    },
  };
}
