/** @module Tests of the EPCIS capture outbox and its Node file store, including SIGKILL crash recovery. */

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { appendFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import {
  createOutbox,
  eventHashId,
  fileOutboxStore,
  isEpcisError,
  objectEvent,
  sgtinDigitalLink,
  validateEpcisDocument,
  type EpcisDocument,
  type EpcisEvent,
  type OutboxRecord,
  type OutboxStore,
} from '@mashang/sdk/epcis';

const here = dirname(fileURLToPath(import.meta.url));
const root = mkdtempSync(join(tmpdir(), 'mashang-outbox-'));
after(() => rmSync(root, { recursive: true, force: true }));
let dirs = 0;
const freshDir = (): string => join(root, `case-${++dirs}`);

const event = (serial: number, extra: Record<string, unknown> = {}): EpcisEvent =>
  objectEvent({
    action: 'OBSERVE',
    bizStep: 'shipping',
    epcList: [sgtinDigitalLink('06901234567892', String(serial))],
    eventTime: new Date(Date.UTC(2024, 0, 1, 0, 0, serial)),
    eventTimeZoneOffset: '+08:00',
    ...extra,
  });

/** A store that only keeps things in memory, to test the outbox logic on its own. */
function memoryStore(): OutboxStore & { records: OutboxRecord[] } {
  const records: OutboxRecord[] = [];
  return {
    records,
    append: async (rs) => {
      for (const r of rs) if (!records.some((x) => x.id === r.id)) records.push(r);
    },
    pending: async (limit) => records.slice(0, limit),
    ack: async (ids) => {
      for (const id of ids) {
        const i = records.findIndex((r) => r.id === id);
        if (i >= 0) records.splice(i, 1);
      }
    },
    size: async () => records.length,
    close: async () => undefined,
  };
}

describe('createOutbox', () => {
  it('should set eventID to the hash ID when absent and keep an existing one', async () => {
    const store = memoryStore();
    const outbox = createOutbox({ store, send: async () => undefined });
    const own = { ...event(2), eventID: 'urn:uuid:6f0b6a55-3c5e-4a52-8bd1-0d1e8b0c1e2a' };
    const ids = await outbox.add([event(1), own]);
    assert.deepEqual(ids, [await eventHashId(event(1)), await eventHashId(own)]);
    assert.equal(store.records[0]!.event.eventID, ids[0]);
    assert.equal(store.records[1]!.event.eventID, own.eventID);
    assert.equal(await outbox.size(), 2);
  });

  it('should not store an event twice while it is pending', async () => {
    const outbox = createOutbox({ store: memoryStore(), send: async () => undefined });
    await outbox.add(event(1));
    await outbox.add([event(1), { ...event(1), eventTime: '2024-01-01T08:00:01+08:00' } as EpcisEvent]);
    assert.equal(await outbox.size(), 1);
  });

  it('should send valid documents in batches and remove what was sent', async () => {
    const documents: EpcisDocument[] = [];
    const context = [{ mashang: 'https://mashang.example/epcis/' }];
    const outbox = createOutbox({ store: memoryStore(), context, send: async (doc) => void documents.push(doc) });
    await outbox.add(Array.from({ length: 7 }, (_, i) => event(i, { 'mashang:till': 'T1' })));
    assert.deepEqual(await outbox.flush({ batchSize: 3 }), { sent: 7, remaining: 0 });
    assert.deepEqual(documents.map((d) => d.epcisBody.eventList.length), [3, 3, 1]);
    for (const doc of documents) {
      assert.deepEqual(validateEpcisDocument(doc), { valid: true });
      assert.deepEqual(doc['@context'], ['https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld', ...context]);
    }
  });

  it('should keep a batch whose send fails and send it again next time', async () => {
    let fail = true;
    const sent: string[] = [];
    const outbox = createOutbox({
      store: memoryStore(),
      send: async (_doc, { eventIds }) => {
        if (fail) throw new Error('network down');
        sent.push(...eventIds);
      },
    });
    const ids = await outbox.add([event(1), event(2)]);
    await assert.rejects(outbox.flush(), /network down/);
    assert.equal(await outbox.size(), 2);
    fail = false;
    assert.deepEqual(await outbox.flush(), { sent: 2, remaining: 0 });
    assert.deepEqual(sent, ids);
  });

  it('should stop between batches when aborted, share concurrent flushes, and discard on request', async () => {
    const controller = new AbortController();
    let calls = 0;
    const outbox = createOutbox({
      store: memoryStore(),
      send: async () => {
        calls += 1;
        controller.abort(new Error('shop closing'));
      },
    });
    await outbox.add([event(1), event(2), event(3)]);
    await assert.rejects(outbox.flush({ batchSize: 1, signal: controller.signal }), /shop closing/);
    assert.equal(calls, 1);
    assert.equal(await outbox.size(), 2);
    const [a, b] = [outbox.flush({ batchSize: 1 }), outbox.flush({ batchSize: 1 })];
    assert.equal(a, b);
    await a;
    assert.equal(calls, 3);
    await outbox.add(event(9));
    await outbox.discard((await outbox.pending()).map((r) => r.id));
    assert.equal(await outbox.size(), 0);
  });

  it('should reject bad arguments with messages that say what to pass', async () => {
    assert.throws(() => createOutbox({} as never), (e: unknown) => isEpcisError(e) && /store, send/.test(e.message));
    const outbox = createOutbox({ store: memoryStore(), send: async () => undefined });
    await assert.rejects(outbox.flush({ batchSize: 0 }), /positive integer/);
    await assert.rejects(outbox.add([null as never]), /not an EPCIS event/);
  });
});

describe('fileOutboxStore', () => {
  it('should have the record on disk when add resolves, and find it after reopening', async () => {
    const dir = freshDir();
    const a = createOutbox({ store: fileOutboxStore(dir), send: async () => undefined });
    const [id] = await a.add(event(1));
    assert.match(readFileSync(join(dir, 'journal.ndjson'), 'utf8'), new RegExp(id!.replace(/[?.*+]/g, '\\$&')));
    await a.close();
    const b = createOutbox({ store: fileOutboxStore(dir), send: async () => undefined });
    assert.deepEqual((await b.pending()).map((r) => r.id), [id]);
    assert.deepEqual(await b.flush(), { sent: 1, remaining: 0 });
    await b.close();
    const c = createOutbox({ store: fileOutboxStore(dir), send: async () => undefined });
    assert.equal(await c.size(), 0);
    await c.close();
  });

  it('should cut off a line torn by a crash and keep appending cleanly', async () => {
    const dir = freshDir();
    const a = createOutbox({ store: fileOutboxStore(dir), send: async () => undefined });
    await a.add(event(1));
    await a.close();
    appendFileSync(join(dir, 'journal.ndjson'), '{"seq":2,"id":"ni:///sha-256;12');
    appendFileSync(join(dir, 'acks.ndjson'), '{"ack":[1');
    const b = createOutbox({ store: fileOutboxStore(dir), send: async () => undefined });
    assert.equal(await b.size(), 1);
    await b.add(event(2));
    await b.close();
    const lines = readFileSync(join(dir, 'journal.ndjson'), 'utf8').split('\n');
    assert.equal(lines.length, 3);
    assert.ok(lines.slice(0, 2).every((l) => JSON.parse(l).seq > 0));
    assert.equal(readFileSync(join(dir, 'acks.ndjson'), 'utf8'), '');
  });

  it('should refuse a second user of the same folder but take over a dead process lock', async () => {
    const dir = freshDir();
    const store = fileOutboxStore(dir);
    await store.size();
    await assert.rejects(fileOutboxStore(dir).size(), (e: unknown) => isEpcisError(e) && e.code === 'outbox_store' && /already in use by this process/.test(e.message));
    await store.close();
    writeFileSync(join(dir, 'LOCK'), '999999999');
    const again = fileOutboxStore(dir);
    assert.equal(await again.size(), 0);
    await again.close();
  });

  it('should report a journal damaged in the middle instead of losing events silently', async () => {
    const dir = freshDir();
    const a = fileOutboxStore(dir);
    await a.append([{ id: 'x', event: event(1) }]);
    await a.close();
    writeFileSync(join(dir, 'journal.ndjson'), `garbage\n${readFileSync(join(dir, 'journal.ndjson'), 'utf8')}`);
    await assert.rejects(fileOutboxStore(dir).size(), /Line 1 of .*journal\.ndjson is not valid JSON.*Move it aside/);
    assert.equal(existsSync(join(dir, 'LOCK')), false);
  });

  it('should compact the journal without losing pending events', async () => {
    const dir = freshDir();
    const outbox = createOutbox({ store: fileOutboxStore(dir, { compactAfter: 3 }), send: async () => undefined });
    const ids = await outbox.add(Array.from({ length: 10 }, (_, i) => event(i)));
    await outbox.flush({ batchSize: 4 });
    await outbox.add(event(20));
    await outbox.close();
    const lines = readFileSync(join(dir, 'journal.ndjson'), 'utf8').trim().split('\n');
    assert.ok(lines.length < 11, `journal has ${lines.length} lines`);
    const reopened = createOutbox({ store: fileOutboxStore(dir), send: async () => undefined });
    assert.deepEqual((await reopened.pending()).map((r) => r.id), [await eventHashId(event(20))]);
    assert.ok(!ids.includes((await reopened.pending())[0]!.id));
    await reopened.close();
  });
});

describe('fileOutboxStore under SIGKILL', () => {
  const worker = join(here, 'fixtures', 'epcis', 'outbox-worker.ts');
  const run = (dir: string, args: string[]) =>
    spawn(process.execPath, ['--conditions=@mashang/source', '--import', 'tsx', worker, dir, ...args], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
  const ids = (dir: string, name: string): string[] =>
    existsSync(join(dir, name))
      ? readFileSync(join(dir, name), 'utf8').split('\n').filter((l) => /^ni:\/\/\/sha-256;[0-9a-f]{64}\?ver=CBV2\.0$/.test(l))
      : [];

  it('should deliver every added event at least once across random kills during add and flush', { timeout: 120_000 }, async (t) => {
    const dir = freshDir();
    mkdirSync(dir, { recursive: true });
    const rounds = 12;
    for (let round = 0; round < rounds; round += 1) {
      const child = run(dir, ['work', String(round * 100_000)]);
      // Half the kills come at a random moment after start-up (possibly while the store is
      // recovering), half a random time into the add/flush loop.
      const ready = new Promise<void>((resolve) => child.stdout!.once('data', () => resolve()));
      if (round % 2 === 0) await ready;
      await new Promise((resolve) => setTimeout(resolve, 20 + Math.random() * 400));
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGKILL');
      await exited;
    }
    const drain = run(dir, ['drain']);
    let out = '';
    drain.stdout!.on('data', (chunk: Buffer) => (out += chunk.toString()));
    const code = await new Promise((resolve) => drain.once('exit', resolve));
    assert.equal(code, 0);
    assert.equal(JSON.parse(out).size, 0);

    const attempted = new Set(ids(dir, 'attempted.log'));
    const added = new Set(ids(dir, 'added.log'));
    const deliveries = ids(dir, 'delivered.log');
    const delivered = new Set(deliveries);
    assert.ok(added.size > 20, `only ${added.size} events were added before the kills`);
    const lost = [...added].filter((id) => !delivered.has(id));
    assert.deepEqual(lost, [], 'every event whose add() resolved was delivered');
    const unknown = [...delivered].filter((id) => !attempted.has(id));
    assert.deepEqual(unknown, [], 'nothing was delivered that was never added');
    // Events delivered without a confirmed add() were in flight when a kill came: at most one
    // batch (≤ 5 events) per kill.
    const inFlight = [...delivered].filter((id) => !added.has(id));
    assert.ok(inFlight.length <= rounds * 5, `${inFlight.length} in-flight events delivered`);
    t.diagnostic(`${rounds} kills: ${added.size} added, ${delivered.size} delivered (${deliveries.length - delivered.size} replays), ${inFlight.length} in flight at a kill`);
  });
});
