/** @module epcis/outbox-file — the Node outbox store: an fsync'd append-only NDJSON journal plus an ack log. */
// The SDK compiles without Node globals (it targets browsers too); this module is Node-only and
// is loaded lazily by fileOutboxStore(), never by the browser-facing modules.
/// <reference types="node" />

import { constants } from 'node:fs';
import { mkdir, open, readFile, readdir, rename, unlink, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { EpcisError } from './errors.js';
import type { OutboxRecord, OutboxStore } from './outbox.js';

/**
 * Options of the file store.
 * @category EPCIS
 */
export interface FileOutboxStoreOptions {
  /**
   * Rewrite the journal without acknowledged records once this many have accumulated (and they
   * outnumber the pending ones), so the files do not grow forever.
   * @default 1000
   */
  compactAfter?: number;
}

const JOURNAL = 'journal.ndjson';
const ACKS = 'acks.ndjson';
const LOCK = 'LOCK';

interface JournalLine extends OutboxRecord {
  seq: number;
}

function storeError(action: string, directory: string, cause: unknown): EpcisError {
  const reason = cause instanceof Error ? cause.message : String(cause);
  return new EpcisError('outbox_store', `Could not ${action} the EPCIS outbox in ${directory}: ${reason}`, { cause });
}

/**
 * Complete lines of an append-only file. A line without its final newline was being written
 * when the process died; it was never acknowledged to anyone, so it is cut off.
 */
async function readLines(path: string): Promise<{ lines: string[]; validLength: number; size: number }> {
  let text: Buffer;
  try {
    text = await readFile(path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { lines: [], validLength: 0, size: 0 };
    throw err;
  }
  const end = text.lastIndexOf(0x0a) + 1;
  const lines = text.subarray(0, end).toString('utf8').split('\n').filter((l) => l !== '');
  return { lines, validLength: end, size: text.length };
}

/** Makes a created, renamed or removed directory entry durable (not possible on Windows; skipped there). */
async function syncDirectory(directory: string): Promise<void> {
  let handle: FileHandle | undefined;
  try {
    handle = await open(directory, constants.O_RDONLY);
    await handle.sync();
  } catch {
    // Windows cannot open directories; NTFS journals the metadata itself.
  } finally {
    await handle?.close();
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Takes the folder's lock file, replacing it if the process that wrote it is gone. */
async function lock(directory: string): Promise<void> {
  const path = join(directory, LOCK);
  for (let attempt = 0; attempt < 2; attempt += 1) {
    try {
      const handle = await open(path, 'wx');
      await handle.writeFile(String(process.pid));
      await handle.sync();
      await handle.close();
      await syncDirectory(directory);
      return;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const owner = Number((await readFile(path, 'utf8').catch(() => '')).trim());
      if (Number.isInteger(owner) && owner > 0 && alive(owner)) {
        const who = owner === process.pid ? 'this process (open it once and share the store)' : `process ${owner}`;
        throw new EpcisError('outbox_store', `The EPCIS outbox in ${directory} is already in use by ${who}; one process at a time may use a folder.`);
      }
      await unlink(path).catch(() => undefined);
    }
  }
  throw new EpcisError('outbox_store', `Could not lock the EPCIS outbox in ${directory}; another process took it at the same moment.`);
}

/** Opens (creating if needed) the file store in `directory`; used by `fileOutboxStore`. */
export async function openFileOutboxStore(directory: string, options: FileOutboxStoreOptions = {}): Promise<OutboxStore> {
  if (typeof directory !== 'string' || directory === '') {
    throw new EpcisError('bad_input', 'fileOutboxStore(directory) needs the path of a folder to keep the outbox in.');
  }
  const compactAfter = options.compactAfter ?? 1000;
  try {
    await mkdir(directory, { recursive: true });
  } catch (err) {
    throw storeError('create', directory, err);
  }
  await lock(directory);

  const journalPath = join(directory, JOURNAL);
  const acksPath = join(directory, ACKS);
  const pending = new Map<number, JournalLine>();
  const seqOf = new Map<string, number>();
  let lastSeq = 0;
  let ackedInJournal = 0;
  let journal: FileHandle;
  let acks: FileHandle;
  let journalSize = 0;
  let acksSize = 0;

  async function openAppend(path: string, validLength: number, size: number): Promise<FileHandle> {
    const handle = await open(path, 'a+');
    if (size > validLength) {
      await handle.truncate(validLength);
      await handle.sync();
    }
    return handle;
  }

  try {
    for (const name of await readdir(directory)) if (name.endsWith('.tmp')) await unlink(join(directory, name));
    const j = await readLines(journalPath);
    const a = await readLines(acksPath);
    for (const [n, line] of j.lines.entries()) {
      let rec: JournalLine;
      try {
        rec = JSON.parse(line) as JournalLine;
      } catch {
        throw new EpcisError('outbox_store', `Line ${n + 1} of ${journalPath} is not valid JSON; the file was damaged outside the outbox. Move it aside to start afresh.`);
      }
      lastSeq = Math.max(lastSeq, rec.seq);
      pending.set(rec.seq, rec);
    }
    for (const line of a.lines) {
      for (const seq of (JSON.parse(line) as { ack: number[] }).ack) {
        lastSeq = Math.max(lastSeq, seq);
        if (pending.delete(seq)) ackedInJournal += 1;
      }
    }
    for (const rec of pending.values()) seqOf.set(rec.id, rec.seq);
    journal = await openAppend(journalPath, j.validLength, j.size);
    acks = await openAppend(acksPath, a.validLength, a.size);
    journalSize = j.validLength;
    acksSize = a.validLength;
    if (j.size === 0 || a.size === 0) await syncDirectory(directory);
  } catch (err) {
    await unlink(join(directory, LOCK)).catch(() => undefined);
    throw err instanceof EpcisError ? err : storeError('open', directory, err);
  }

  /** Appends text and fsyncs; on failure cuts the file back so no partial line stays behind. */
  async function appendDurably(handle: FileHandle, text: string, size: number): Promise<number> {
    const bytes = Buffer.from(text, 'utf8');
    try {
      await handle.write(bytes, 0, bytes.length, null);
      await handle.sync();
      return size + bytes.length;
    } catch (err) {
      await handle.truncate(size).catch(() => undefined);
      throw storeError('write', directory, err);
    }
  }

  /** Writes `name.tmp` durably and renames it over `name`; returns a fresh append handle. */
  async function replaceFile(name: string, text: string): Promise<FileHandle> {
    const tmp = join(directory, `${name}.tmp`);
    const handle = await open(tmp, 'w');
    try {
      await handle.writeFile(text);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(tmp, join(directory, name));
    renamed = true;
    await syncDirectory(directory);
    return open(join(directory, name), 'a+');
  }

  /**
   * Rewrites the journal with the pending records only, then empties the ack log. Safe to
   * interrupt anywhere: until the ack log is emptied, its entries name only records the new
   * journal no longer holds.
   */
  async function compact(): Promise<void> {
    const text = [...pending.values()].map((r) => `${JSON.stringify(r)}\n`).join('');
    const oldJournal = journal;
    journal = await replaceFile(JOURNAL, text);
    journalSize = Buffer.byteLength(text);
    await oldJournal.close();
    const oldAcks = acks;
    acks = await replaceFile(ACKS, '');
    acksSize = 0;
    ackedInJournal = 0;
    await oldAcks.close();
  }

  /** Set once a failure leaves the open handles pointing at replaced files. */
  let broken: EpcisError | undefined;
  let renamed = false;

  let queue: Promise<unknown> = Promise.resolve();
  let closed = false;
  function exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const result = queue.then(() => {
      if (closed) throw new EpcisError('outbox_store', `The EPCIS outbox in ${directory} is closed; open it again with fileOutboxStore().`);
      if (broken) throw broken;
      return fn();
    });
    queue = result.catch(() => undefined);
    return result;
  }

  return {
    append: (records) =>
      exclusive(async () => {
        const fresh: JournalLine[] = [];
        const ids = new Set<string>();
        for (const r of records) {
          if (seqOf.has(r.id) || ids.has(r.id)) continue;
          ids.add(r.id);
          fresh.push(r.context === undefined ? { seq: ++lastSeq, id: r.id, event: r.event } : { seq: ++lastSeq, id: r.id, event: r.event, context: r.context });
        }
        if (fresh.length === 0) return;
        journalSize = await appendDurably(journal, fresh.map((r) => `${JSON.stringify(r)}\n`).join(''), journalSize);
        for (const r of fresh) {
          pending.set(r.seq, r);
          seqOf.set(r.id, r.seq);
        }
      }),
    pending: (limit) =>
      exclusive(async () => {
        const out: OutboxRecord[] = [];
        for (const { id, event, context } of pending.values()) {
          if (out.length >= limit) break;
          out.push(context === undefined ? { id, event } : { id, event, context });
        }
        return out;
      }),
    ack: (ids) =>
      exclusive(async () => {
        const seqs = [...new Set(ids)].map((id) => seqOf.get(id)).filter((s): s is number => s !== undefined);
        if (seqs.length === 0) return;
        acksSize = await appendDurably(acks, `${JSON.stringify({ ack: seqs })}\n`, acksSize);
        for (const seq of seqs) {
          seqOf.delete(pending.get(seq)!.id);
          pending.delete(seq);
        }
        ackedInJournal += seqs.length;
        if (ackedInJournal >= compactAfter && ackedInJournal >= pending.size) {
          renamed = false;
          try {
            await compact();
          } catch (err) {
            // Before a rename nothing changed and compaction is retried after the next ack; after
            // one, appends could reach a replaced file, so the store refuses further work.
            if (renamed) broken = storeError('compact (reopen the outbox to recover)', directory, err);
          }
        }
      }),
    size: () => exclusive(async () => pending.size),
    close: () =>
      exclusive(async () => {
        closed = true;
        await journal.close();
        await acks.close();
        await unlink(join(directory, LOCK)).catch(() => undefined);
      }),
  };
}
