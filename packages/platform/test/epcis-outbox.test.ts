/**
 * @module Fault test of the capture outbox against the real platform: a till process flushing
 * 10 000 queued events to POST /epcis/capture is killed at random moments and restarted; when
 * the queue is finally empty the platform holds exactly the 10 000 events, each once.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { hashId } from '../src/epcis/capture.js';
import { testEvent } from './epcis-outbox-worker.js';
import { startTestPlatform, type TestPlatform } from './helpers.js';

const COUNT = 10_000;
const worker = fileURLToPath(new URL('./epcis-outbox-worker.ts', import.meta.url));

let p: TestPlatform;
let dir: string;

function run(args: string[]) {
  const child = spawn(process.execPath, ['--conditions=@mashang/source', '--import', 'tsx', worker, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let onFlushing: (() => void) | undefined;
  const flushing = new Promise<void>((resolve) => (onFlushing = resolve));
  child.stdout!.on('data', (d: Buffer) => {
    out += d.toString();
    if (out.includes('flushing')) onFlushing!();
  });
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const done = new Promise<{ code: number | null; signal: NodeJS.Signals | null; out: string }>((resolve) => child.on('close', (code, signal) => resolve({ code, signal, out })));
  return { child, done, flushing };
}

async function stored(): Promise<{ events: number; ids: number; distinct: number }> {
  const { rows } = await p.platform.db.query<{ events: string; ids: string; distinct: string }>(
    `select (select count(*) from epcis_events where merchant_id = $1)::text as events,
            (select count(*) from epcis_event_epcs where merchant_id = $1)::text as ids,
            (select count(distinct hash_id) from epcis_events where merchant_id = $1)::text as distinct`,
    [p.keys.merchant.id],
  );
  return { events: Number(rows[0]!.events), ids: Number(rows[0]!.ids), distinct: Number(rows[0]!.distinct) };
}

before(async () => {
  p = await startTestPlatform();
  dir = mkdtempSync(join(tmpdir(), 'mashang-epcis-outbox-'));
});
after(async () => {
  await p.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('capture outbox under kills', () => {
  it(`should end with exactly ${COUNT} events stored after kills at random points of the flush`, { timeout: 600_000 }, async (t) => {
    const fill = await run(['fill', dir, String(COUNT)]).done;
    assert.equal(fill.code, 0, fill.out);
    assert.deepEqual(JSON.parse(fill.out), { size: COUNT });

    // Each round kills the till once the platform holds a random number more events (so the kill
    // lands mid-flush whatever the speed of the storage), plus a random few milliseconds: between
    // two batches, during a request, or while the outbox writes its acknowledgements.
    const seenMidway: number[] = [];
    let kills = 0;
    for (let round = 0; round < 6; round++) {
      const { child, done, flushing } = run(['flush', dir, p.url, p.keys.merchant.secretKey]);
      let exited = false;
      const finished = done.then((r) => ((exited = true), r));
      await Promise.race([flushing, finished]);
      const target = (await stored()).events + 100 + Math.floor(Math.random() * 1500);
      while (!exited && (await stored()).events < target) await new Promise((r) => setTimeout(r, 5));
      if (!exited) setTimeout(() => child.kill('SIGKILL'), Math.random() * 40);
      const result = await finished;
      if (result.signal === 'SIGKILL') {
        kills++;
        seenMidway.push((await stored()).events);
      } else {
        assert.equal(result.code, 0, result.out);
        break; // the flush finished before the kill
      }
    }
    const started = performance.now();
    const last = await run(['flush', dir, p.url, p.keys.merchant.secretKey]).done;
    t.diagnostic(`the last flush took ${Math.round(performance.now() - started)} ms, start-up included`);
    assert.equal(last.code, 0, last.out);
    const summary = JSON.parse(last.out.trim().split('\n').at(-1)!) as { sent: number; remaining: number };
    assert.equal(summary.remaining, 0);
    t.diagnostic(`${kills} kills; events stored at each kill: ${seenMidway.join(', ')}; last flush sent ${summary.sent}`);
    assert.ok(kills >= 3, `only ${kills} kills happened`);
    assert.ok(
      seenMidway.some((n) => n > 0 && n < COUNT),
      `no kill landed in the middle of the flush (${seenMidway.join(', ')})`,
    );

    assert.deepEqual(await stored(), { events: COUNT, ids: COUNT, distinct: COUNT });
    const expected = Array.from({ length: COUNT }, (_, i) => hashId(testEvent(i), undefined)).sort();
    const { rows } = await p.platform.db.query<{ hash_id: string }>('select hash_id from epcis_events where merchant_id = $1 order by hash_id', [p.keys.merchant.id]);
    assert.deepEqual(
      rows.map((r) => r.hash_id),
      expected,
    );
    // Every capture job the till's batches produced succeeded; replays only found duplicates.
    const { rows: jobs } = await p.platform.db.query<{ failed: string; duplicates: string }>(
      "select count(*) filter (where not success)::text as failed, coalesce(sum(duplicate_count), 0)::text as duplicates from epcis_captures where merchant_id = $1",
      [p.keys.merchant.id],
    );
    assert.equal(jobs[0]!.failed, '0');
    t.diagnostic(`${jobs[0]!.duplicates} events were sent again after a kill and stored once`);
  });
});
