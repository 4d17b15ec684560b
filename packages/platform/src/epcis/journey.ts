/**
 * @module The journey of an item code for the public trace record: the merchant's EPCIS events
 * that name the item (its SGTIN), its batch (the LGTIN class) and the containers it was packed
 * into (through aggregation, while it was inside them), oldest first.
 */
import type { JourneyEvent, JourneySensorReading } from '@mashang/sdk';
import { GS1_DL_BASE } from '@mashang/sdk/epcis';
import type { Db } from '../db/index.js';
import { iso } from '../internal/time.js';
import { EVENT_COLUMNS, locationNames, type StoredEventRow } from '../store/epcis.js';
import { canonicalId } from './normalise.js';

type Json = Record<string, unknown>;

/** What to trace: a product's batch (GTIN + lot) or one item (GTIN [+ lot] + serial) of a merchant. */
export interface JourneyQuery {
  merchantId: string;
  gtin: string;
  lot?: string | null;
  serial?: string | null;
}

/** One step as the public trace record shows it (every optional field of {@link JourneyEvent} set). */
export type JourneyEntry = JourneyEvent & Required<Pick<JourneyEvent, 'action' | 'time_zone_offset' | 'via' | 'container' | 'sensors'>>;

/** How deep containers nest (item → case → pallet → …). */
const MAX_NESTING = 4;
/** Most steps a journey shows (a pallet can travel a lot). */
const MAX_STEPS = 200;
/** Most sensor readings per step. */
const MAX_READINGS = 12;

const list = (value: unknown): string[] => (Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string').map(canonicalId) : []);
const classes = (value: unknown): string[] =>
  Array.isArray(value) ? value.flatMap((q) => (typeof (q as Json | null)?.['epcClass'] === 'string' ? [canonicalId((q as Json)['epcClass'] as string)] : [])) : [];

async function eventsNaming(db: Db, merchantId: string, ids: string[]): Promise<StoredEventRow[]> {
  const { rows } = await db.query<StoredEventRow>(
    `select ${EVENT_COLUMNS} from epcis_events e
     where e.merchant_id = $1 and e.error_declared_at is null
       and e.seq in (select x.seq from epcis_event_epcs x where x.merchant_id = $1 and x.epc = any($2::text[]))
     order by e.event_time, e.seq limit ${MAX_STEPS * 5}`,
    [merchantId, ids],
  );
  return rows;
}

/** Is `child` (an EPC or a class) inside this aggregation's children, or does it name none (the whole content)? */
function concerns(body: Json, children: ReadonlySet<string>): boolean {
  const named = [...list(body['childEPCs']), ...classes(body['childQuantityList'])];
  return named.length === 0 || named.some((c) => children.has(c));
}

interface Window {
  container: string;
  /** What went into the container: the item and its batch, or the container one level down. */
  children: ReadonlySet<string>;
  from: number;
  to: number;
}

/** The journey of `query`, oldest first. */
export async function journeyFor(db: Db, query: JourneyQuery): Promise<JourneyEntry[]> {
  const gtin = query.gtin.padStart(14, '0');
  const item = query.serial ? canonicalId(`${GS1_DL_BASE}/01/${gtin}/21/${encodeURIComponent(query.serial)}`) : null;
  const batch = query.lot ? canonicalId(`${GS1_DL_BASE}/01/${gtin}/10/${encodeURIComponent(query.lot)}`) : null;
  const own = [item, batch].filter((v): v is string => v !== null);
  if (own.length === 0) return [];

  const steps = new Map<string, { row: StoredEventRow; via: JourneyEntry['via']; container: string | null }>();
  const direct = await eventsNaming(db, query.merchantId, own);
  for (const row of direct) {
    const named = new Set([...list(row.body['epcList']), ...list(row.body['childEPCs']), ...list(row.body['inputEPCList']), ...list(row.body['outputEPCList'])]);
    const via = item && (named.has(item) || canonicalIdOrNull(row.body['parentID']) === item) ? 'item' : 'batch';
    steps.set(row.seq, { row, via, container: null });
  }

  // Containers the item (or its batch, packed by quantity) went into, level by level.
  let level: Array<{ children: ReadonlySet<string>; rows: StoredEventRow[]; window: { from: number; to: number } }> = [
    { children: new Set(own), rows: direct, window: { from: -Infinity, to: Infinity } },
  ];
  const seen = new Set<string>(own);
  for (let depth = 0; depth < MAX_NESTING && level.length > 0; depth++) {
    const windows: Window[] = [];
    for (const { children, rows, window } of level) {
      for (const row of rows) {
        const b = row.body;
        const parent = canonicalIdOrNull(b['parentID']);
        if (row.type !== 'AggregationEvent' || !parent || seen.has(parent) || row.action === 'DELETE') continue;
        const time = row.event_time.getTime();
        if (time < window.from || time > window.to || !concerns(b, children)) continue;
        windows.push({ container: parent, children, from: time, to: window.to });
      }
    }
    if (windows.length === 0) break;
    for (const w of windows) seen.add(w.container);
    const containerRows = await eventsNaming(db, query.merchantId, [...new Set(windows.map((w) => w.container))]);
    const next: typeof level = [];
    for (const w of windows) {
      const { children } = w;
      const mine = containerRows.filter((r) => list(r.body['epcList']).includes(w.container) || list(r.body['childEPCs']).includes(w.container) || canonicalIdOrNull(r.body['parentID']) === w.container);
      // Taken out again: an aggregation DELETE of this container that concerns the item.
      const end = mine.find(
        (r) => r.type === 'AggregationEvent' && r.action === 'DELETE' && canonicalIdOrNull(r.body['parentID']) === w.container && r.event_time.getTime() >= w.from && concerns(r.body, children),
      );
      const to = Math.min(w.to, end ? end.event_time.getTime() : Infinity);
      const inside = mine.filter((r) => {
        const t = r.event_time.getTime();
        if (t < w.from || t > to) return false;
        // Other goods packed into the same case are not this item's story.
        return !(r.type === 'AggregationEvent' && canonicalIdOrNull(r.body['parentID']) === w.container && !concerns(r.body, children));
      });
      for (const row of inside) if (!steps.has(row.seq)) steps.set(row.seq, { row, via: 'container', container: w.container });
      next.push({ children: new Set([w.container]), rows: inside, window: { from: w.from, to } });
    }
    level = next;
  }

  const ordered = [...steps.values()]
    .sort((a, b) => a.row.event_time.getTime() - b.row.event_time.getTime() || Number(a.row.seq) - Number(b.row.seq))
    .slice(0, MAX_STEPS);
  const locations = ordered.map((s) => s.row.biz_location ?? s.row.read_point).filter((v): v is string => v !== null);
  const names = await locationNames(db, query.merchantId, [...new Set(locations)]);
  return ordered.map(({ row, via, container }) => {
    const location = row.biz_location ?? row.read_point;
    const offset = row.body['eventTimeZoneOffset'];
    return {
      id: row.event_id ?? row.hash_id,
      type: row.type,
      time: iso(row.event_time),
      biz_step: row.biz_step,
      disposition: row.disposition,
      location: location ? { id: location, name: names.get(location) ?? null } : null,
      action: row.action,
      time_zone_offset: typeof offset === 'string' ? offset : null,
      via,
      container,
      sensors: sensorReadings(row.body),
    };
  });
}

function canonicalIdOrNull(value: unknown): string | null {
  return typeof value === 'string' ? canonicalId(value) : null;
}

const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);
const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);

/** The sensor reports of an event, flattened. Measurement types lose their `gs1:` prefix. */
export function sensorReadings(body: Json): JourneySensorReading[] {
  const out: JourneySensorReading[] = [];
  const elements = Array.isArray(body['sensorElementList']) ? (body['sensorElementList'] as Json[]) : [];
  for (const element of elements) {
    const meta = (element?.['sensorMetadata'] ?? {}) as Json;
    for (const report of Array.isArray(element?.['sensorReport']) ? (element['sensorReport'] as Json[]) : []) {
      if (out.length >= MAX_READINGS) return out;
      const type = str(report['type']);
      out.push({
        type: type ? type.replace(/^(gs1:|https:\/\/gs1\.org\/voc\/)/, '') : null,
        value: num(report['value']),
        min_value: num(report['minValue']),
        max_value: num(report['maxValue']),
        mean_value: num(report['meanValue']),
        uom: str(report['uom']),
        time: str(report['time']) ?? str(meta['time']) ?? str(meta['startTime']),
        exception: str(report['exception']),
      });
    }
  }
  return out;
}
