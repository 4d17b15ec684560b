// EPCIS capture and query: capture throughput (events/s) through POST /epcis/capture into PGlite
// and into PostgreSQL, and MATCH_epc query latency (p50/p99) through GET /epcis/events with
// 1 000 000 stored events. Targets: ≥ 5 000 events/s into PGlite, ≥ 20 000 into PostgreSQL,
// p99 ≤ 20 ms.
//
//   node --conditions=@mashang/source --import tsx bench/epcis.mjs [options]
//
//   --pglite-events=N     events captured into PGlite (default 50000)
//   --postgres-events=N   events captured into PostgreSQL before the query run (default 1000000)
//   --pglite-query        also measure MATCH_epc latency on PGlite, with the PGlite events stored
//   --doc-size=N          events per capture document (default 1000)
//   --concurrency=N       capture requests in flight for PostgreSQL (default 2)
//   --queries=N           MATCH_epc queries timed per store (default 2000)
//   --skip-postgres       PGlite only
//
// Each event is an ObjectEvent (OBSERVE) naming one serialised item (SGTIN), with a read point,
// business location, business step and disposition — what a till or warehouse scanner sends.
// The documents are serialised before the clock starts; what is timed is the platform: HTTP,
// JSON parsing, validation against the EPCIS 2.0 JSON Schema, CBV 2.0 hash IDs and storage.
// Wall-clock numbers depend on what else runs on the machine, so the CPU time the platform (and
// PostgreSQL) used is printed too, with the load average.
import { readFileSync, readdirSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { startPgCluster } from '../scripts/pg-cluster.mjs';

const args = Object.fromEntries(
  process.argv.slice(2).map((arg) => {
    const [key, value = 'true'] = arg.replace(/^--/, '').split('=');
    return [key, value];
  }),
);
const PGLITE_EVENTS = Number(args['pglite-events'] ?? 50_000);
const POSTGRES_EVENTS = Number(args['postgres-events'] ?? 1_000_000);
const DOC_SIZE = Number(args['doc-size'] ?? 1000);
const CONCURRENCY = Number(args['concurrency'] ?? 2);
const QUERIES = Number(args['queries'] ?? 2000);
const TARGETS = { pglite: 5_000, postgres: 20_000, p99: 20 };

const { loadConfig, startPlatform, seedSandbox } = await import('@mashang/platform');
const { gs1CheckDigit } = await import('@mashang/sdk/epcis');

const withCheck = (body) => body + gs1CheckDigit(body);
const GTINS = Array.from({ length: 10 }, (_, i) => withCheck(`0690123456${String(70 + i).padStart(3, '0')}`));
const GLNS = Array.from({ length: 10 }, (_, i) => withCheck(`69012340${String(i).padStart(4, '0')}`));
const STEPS = [
  ['commissioning', 'active'],
  ['inspecting', 'conformant'],
  ['shipping', 'in_transit'],
  ['receiving', 'in_progress'],
  ['retail_selling', 'retail_sold'],
];
const T0 = Date.UTC(2026, 0, 1);

/** The EPC of event `i` (one serialised item per event). */
const epcOf = (i) => `https://id.gs1.org/01/${GTINS[i % GTINS.length]}/21/B${i.toString(36).toUpperCase()}`;

function event(i) {
  const [bizStep, disposition] = STEPS[i % STEPS.length];
  const place = `https://id.gs1.org/414/${GLNS[(i >> 3) % GLNS.length]}`;
  const t = new Date(T0 + i * 997).toISOString().replace('Z', '+00:00');
  return {
    type: 'ObjectEvent',
    eventTime: t,
    eventTimeZoneOffset: '+00:00',
    epcList: [epcOf(i)],
    action: 'OBSERVE',
    bizStep,
    disposition,
    readPoint: { id: place },
    bizLocation: { id: place },
  };
}

function documentBody(from, count) {
  const events = [];
  for (let i = from; i < from + count; i++) events.push(event(i));
  return JSON.stringify({
    '@context': ['https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld'],
    type: 'EPCISDocument',
    schemaVersion: '2.0',
    creationDate: new Date().toISOString(),
    epcisBody: { eventList: events },
  });
}

/** CPU seconds used so far by the PostgreSQL server processes (postmaster and its children). */
function postgresCpu(dataDir) {
  if (!dataDir) return 0;
  let ticks = 0;
  const procs = readdirSync('/proc').filter((d) => /^\d+$/.test(d));
  const postmaster = procs.find((pid) => {
    try {
      return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(dataDir);
    } catch {
      return false;
    }
  });
  if (!postmaster) return 0;
  for (const pid of procs) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (pid === postmaster || fields[1] === postmaster) ticks += Number(fields[11]) + Number(fields[12]);
    } catch {
      // gone meanwhile
    }
  }
  return ticks / 100;
}

async function platformOn(databaseUrl) {
  const running = await startPlatform(loadConfig({}, { port: 0, host: '127.0.0.1', memory: !databaseUrl, databaseUrl, rateLimit: 0, log: () => {} }));
  const keys = await seedSandbox(running.platform.db);
  return { running, key: keys.merchant.secretKey, merchantId: keys.merchant.id };
}

/** Captures events [from, to) in documents of DOC_SIZE, `concurrency` requests at a time. */
async function captureRange({ running, key }, from, to, concurrency, dataDir, progress) {
  const bodies = [];
  for (let i = from; i < to; i += DOC_SIZE) bodies.push(documentBody(i, Math.min(DOC_SIZE, to - i)));
  const cpu0 = process.cpuUsage();
  const pg0 = postgresCpu(dataDir);
  const started = performance.now();
  let next = 0;
  let done = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < bodies.length) {
        const body = bodies[next++];
        const res = await fetch(`${running.url}/epcis/capture`, { method: 'POST', body, headers: { authorization: `Bearer ${key}`, 'content-type': 'application/ld+json' } });
        const job = await res.json();
        if (res.status !== 202 || !job.success || job.capturedCount !== JSON.parse(body).epcisBody.eventList.length) {
          throw new Error(`capture failed (${res.status}): ${JSON.stringify(job).slice(0, 300)}`);
        }
        done += job.capturedCount;
        progress?.(done);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpu0);
  const nodeCpu = (cpu.user + cpu.system) / 1e6;
  return { events: to - from, seconds, perSecond: (to - from) / seconds, nodeCpu, pgCpu: postgresCpu(dataDir) - pg0 };
}

function percentile(sorted, p) {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

/** MATCH_epc latency over HTTP for random stored EPCs, after a warm-up. */
async function queryLatency({ running, key }, stored) {
  const once = async (i) => {
    const t = performance.now();
    const res = await fetch(`${running.url}/epcis/events?MATCH_epc=${encodeURIComponent(epcOf(i))}`, { headers: { authorization: `Bearer ${key}` } });
    const doc = await res.json();
    const ms = performance.now() - t;
    const events = doc.epcisBody?.queryResults?.resultsBody?.eventList;
    if (res.status !== 200 || events?.length !== 1 || events[0].epcList[0] !== epcOf(i)) throw new Error(`query for event ${i} answered ${res.status} ${JSON.stringify(doc).slice(0, 200)}`);
    return ms;
  };
  const pick = () => Math.floor(Math.random() * stored);
  for (let i = 0; i < 200; i++) await once(pick());
  const times = [];
  for (let i = 0; i < QUERIES; i++) times.push(await once(pick()));
  times.sort((a, b) => a - b);
  return { queries: QUERIES, p50: percentile(times, 50), p99: percentile(times, 99), max: times.at(-1) };
}

async function plan(db, merchantId) {
  try {
    const { rows } = await db.query(
      `explain select e.seq from epcis_events e where e.merchant_id = $1 and e.seq in (select x.seq from epcis_event_epcs x where x.merchant_id = $1 and x.role = any($2::text[]) and (x.epc = any($3::text[]))) order by e.seq asc limit 31`,
      [merchantId, ['epc'], [epcOf(42)]],
    );
    return rows.map((r) => r['QUERY PLAN']).join('\n      ');
  } catch (error) {
    return `(no plan: ${error.message})`;
  }
}

const fmt = (n) => Math.round(n).toLocaleString('en-US');
const verdict = (ok) => (ok ? 'meets target' : 'BELOW TARGET');
const lines = [];
const out = (line = '') => {
  lines.push(line);
  console.log(line);
};

out(`EPCIS capture and MATCH_epc query (${cpus().length} CPUs, Node ${process.version}, load average at start ${loadavg().map((l) => l.toFixed(1)).join(' ')})`);
out(`  documents of ${DOC_SIZE} ObjectEvents through POST /epcis/capture over HTTP on 127.0.0.1`);
const results = {};

// PGlite: embedded, one connection; one request at a time.
{
  const p = await platformOn(undefined);
  try {
    await captureRange(p, 0, Math.min(2 * DOC_SIZE, PGLITE_EVENTS), 1); // warm-up: schema compile, JIT
    const r = await captureRange(p, 2 * DOC_SIZE, 2 * DOC_SIZE + PGLITE_EVENTS, 1);
    results.pglite = r;
    out(
      `  PGlite (in memory)      ${fmt(r.events)} events in ${r.seconds.toFixed(1)} s: ${fmt(r.perSecond)} events/s  ` +
        `[platform CPU ${r.nodeCpu.toFixed(1)} s → ${fmt(r.events / r.nodeCpu)} events per CPU-second]  target ${fmt(TARGETS.pglite)}: ${verdict(r.perSecond >= TARGETS.pglite)}`,
    );
    if (args['pglite-query']) {
      const q = await queryLatency(p, 2 * DOC_SIZE + PGLITE_EVENTS);
      results.pgliteQuery = q;
      out(`  PGlite MATCH_epc with ${fmt(2 * DOC_SIZE + PGLITE_EVENTS)} events: p50 ${q.p50.toFixed(2)} ms, p99 ${q.p99.toFixed(2)} ms (max ${q.max.toFixed(1)} ms, ${q.queries} queries)`);
    }
  } finally {
    await p.running.close();
  }
}

if (!args['skip-postgres']) {
  const cluster = await startPgCluster({ quiet: true, settings: { shared_buffers: '512MB', synchronous_commit: 'off', max_wal_size: '4GB' } });
  try {
    const p = await platformOn(cluster.url);
    try {
      out(`  PostgreSQL ${cluster.version} (throwaway cluster, fsync off, synchronous_commit off), ${CONCURRENCY} capture requests in flight`);
      await captureRange(p, 0, 2 * DOC_SIZE, CONCURRENCY, cluster.data);
      const first = Math.min(100_000, POSTGRES_EVENTS);
      const r = await captureRange(p, 2 * DOC_SIZE, 2 * DOC_SIZE + first, CONCURRENCY, cluster.data);
      results.postgres = r;
      out(
        `  PostgreSQL              ${fmt(r.events)} events in ${r.seconds.toFixed(1)} s: ${fmt(r.perSecond)} events/s  ` +
          `[CPU: platform ${r.nodeCpu.toFixed(1)} s, PostgreSQL ${r.pgCpu.toFixed(1)} s]  target ${fmt(TARGETS.postgres)}: ${verdict(r.perSecond >= TARGETS.postgres)}`,
      );
      let stored = 2 * DOC_SIZE + first;
      if (POSTGRES_EVENTS > first) {
        const t = performance.now();
        let shown = 0;
        const fill = await captureRange(p, stored, POSTGRES_EVENTS, CONCURRENCY, cluster.data, (done) => {
          if (done - shown >= 100_000) {
            shown = done;
            process.stderr.write(`    … ${fmt(stored + done)} events stored (${((performance.now() - t) / 1000).toFixed(0)} s)\n`);
          }
        });
        stored = POSTGRES_EVENTS;
        out(`  filled to ${fmt(stored)} events through the same capture path: ${fmt(fill.perSecond)} events/s over ${fmt(fill.events)} events`);
      }
      await p.running.platform.db.query('analyze');
      const q = await queryLatency(p, stored);
      results.postgresQuery = { ...q, stored };
      out(
        `  MATCH_epc over HTTP with ${fmt(stored)} events stored: p50 ${q.p50.toFixed(2)} ms, p99 ${q.p99.toFixed(2)} ms (max ${q.max.toFixed(1)} ms, ${q.queries} random EPCs)  ` +
          `target p99 ${TARGETS.p99} ms: ${verdict(q.p99 <= TARGETS.p99)}`,
      );
      out(`    plan: ${await plan(p.running.platform.db, p.merchantId)}`);
    } finally {
      await p.running.close();
    }
  } finally {
    cluster.stop();
  }
}
out(`  load average at the end ${loadavg().map((l) => l.toFixed(1)).join(' ')}`);
if (args.json) console.log(JSON.stringify(results, null, 2));
