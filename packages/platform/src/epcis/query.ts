/**
 * @module The EPCIS 2.0 events query (`GET /epcis/events`): query parameters to SQL over the
 * merchant's events, keyset pagination with self-contained `nextPageToken`s.
 */
import { splitPipes, type EpcisEventsQuery } from '@mashang/sdk';
import type * as z from 'zod/mini';
import type { Db } from '../db/index.js';
import { HttpError, invalid } from '../errors.js';
import { EVENT_COLUMNS, type StoredEventRow } from '../store/epcis.js';
import { canonicalId, cbvWord, idMatcher } from './normalise.js';

type Query = z.output<typeof EpcisEventsQuery>;
/** The filters of a query: everything but the page size and token. */
type Filters = Omit<Query, 'perPage' | 'nextPageToken'>;

const MATCH: Readonly<Record<string, readonly string[]>> = {
  MATCH_epc: ['epc'],
  MATCH_parentID: ['parent'],
  MATCH_inputEPC: ['in'],
  MATCH_outputEPC: ['out'],
  MATCH_anyEPC: ['epc', 'parent', 'in', 'out'],
  MATCH_epcClass: ['class'],
  MATCH_inputEPCClass: ['in_class'],
  MATCH_outputEPCClass: ['out_class'],
  MATCH_anyEPCClass: ['class', 'in_class', 'out_class'],
};

/** Where the previous page stopped: the sort value (a timestamp as PostgreSQL printed it) and the record number. */
interface Cursor {
  v: 1;
  f: Filters;
  /** [sort value or null, seq] */
  k: [string | null, string];
}

function encodeToken(cursor: Cursor): string {
  return Buffer.from(JSON.stringify(cursor), 'utf8').toString('base64url');
}

function decodeToken(token: string): Cursor {
  try {
    const cursor = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as Cursor;
    if (cursor?.v === 1 && typeof cursor.f === 'object' && Array.isArray(cursor.k) && /^\d+$/.test(String(cursor.k[1]))) return cursor;
  } catch {
    // falls through to the error below
  }
  throw invalid('nextPageToken', 'next_page_token_invalid', 'nextPageToken: not a token this platform issued; start again without it and follow the `Link` header.');
}

function filtersOf(query: Query): Filters {
  const { perPage: _perPage, nextPageToken: _token, ...filters } = query;
  return Object.fromEntries(Object.entries(filters).filter(([, v]) => v !== undefined)) as Filters;
}

const sameFilters = (a: Filters, b: Filters): boolean => {
  const key = (f: Filters) => JSON.stringify(Object.entries(f).sort(([x], [y]) => (x < y ? -1 : 1)));
  return key(a) === key(b);
};

/** One page of events and the token of the next page. */
export interface EventsPage {
  rows: StoredEventRow[];
  nextPageToken: string | undefined;
}

/** Runs an events query for `merchantId`. */
export async function queryEvents(db: Db, merchantId: string, query: Query): Promise<EventsPage> {
  let filters = filtersOf(query);
  let after: Cursor['k'] | undefined;
  if (query.nextPageToken !== undefined) {
    const cursor = decodeToken(query.nextPageToken);
    // A token carries its query; other parameters may be repeated but not changed.
    if (Object.keys(filters).length > 0 && !sameFilters(filters, cursor.f)) {
      throw invalid('nextPageToken', 'next_page_token_mismatch', 'nextPageToken belongs to a query with other parameters; send it with the same parameters, or alone with perPage.');
    }
    filters = cursor.f;
    after = cursor.k;
  }
  const perPage = query.perPage ?? 30;
  const params: unknown[] = [merchantId];
  const p = (value: unknown): string => {
    params.push(value);
    return `$${params.length}`;
  };
  const where: string[] = ['e.merchant_id = $1'];
  const f = filters as Record<string, string | undefined>;
  const listOf = (name: string) => (f[name] === undefined ? undefined : splitPipes(f[name]!));

  const eq = (name: string, column: string, map: (v: string) => string = (v) => v) => {
    const values = listOf(name);
    if (values) where.push(`e.${column} = any(${p(values.map(map))}::text[])`);
  };
  eq('eventType', 'type');
  eq('EQ_action', 'action');
  eq('EQ_bizStep', 'biz_step', (v) => cbvWord(v, 'BizStep'));
  eq('EQ_disposition', 'disposition', (v) => cbvWord(v, 'Disp'));
  eq('EQ_readPoint', 'read_point', canonicalId);
  eq('EQ_bizLocation', 'biz_location', canonicalId);
  const ids = listOf('EQ_eventID');
  if (ids) {
    const ref = p(ids);
    where.push(`(e.hash_id = any(${ref}::text[]) or e.event_id = any(${ref}::text[]))`);
  }
  const time = (name: string, column: string, op: string) => {
    if (f[name] !== undefined) where.push(`e.${column} ${op} ${p(f[name])}::timestamptz`);
  };
  time('GE_eventTime', 'event_time', '>=');
  time('LT_eventTime', 'event_time', '<');
  time('GE_recordTime', 'record_time', '>=');
  time('LT_recordTime', 'record_time', '<');
  if (f['EXISTS_errorDeclaration'] !== undefined) where.push('e.error_declared_at is not null');
  for (const [name, roles] of Object.entries(MATCH)) {
    const values = listOf(name);
    if (!values) continue;
    const m = idMatcher(values, name);
    // Each alternative is an index scan on (merchant_id, epc); PostgreSQL ORs their bitmaps.
    const alternatives = [`x.epc = any(${p(m.exact)}::text[])`, ...m.ranges.map(([from, to]) => `(x.epc >= ${p(from)} and x.epc < ${p(to)})`)];
    where.push(
      `e.seq in (select x.seq from epcis_event_epcs x where x.merchant_id = $1 and x.role = any(${p(roles)}::text[]) and (${alternatives.join(' or ')}))`,
    );
  }

  const column = f['orderBy'] === 'eventTime' ? 'e.event_time' : f['orderBy'] === 'recordTime' ? 'e.record_time' : null;
  const desc = f['orderDirection'] === 'DESC';
  const cmp = desc ? '<' : '>';
  if (after) {
    if (column) {
      if (after[0] === null) throw invalid('nextPageToken', 'next_page_token_invalid', 'nextPageToken: not a token this platform issued.');
      where.push(`(${column}, e.seq) ${cmp} (${p(after[0])}::timestamptz, ${p(after[1])}::bigint)`);
    } else {
      where.push(`e.seq ${cmp} ${p(after[1])}::bigint`);
    }
  }
  const dir = desc ? 'desc' : 'asc';
  const order = column ? `${column} ${dir}, e.seq ${dir}` : `e.seq ${dir}`;
  const sql = `select ${EVENT_COLUMNS}${column ? `, ${column}::text as sort_key` : ''} from epcis_events e
     where ${where.join(' and ')} order by ${order} limit ${p(perPage + 1)}`;
  let rows: Array<StoredEventRow & { sort_key?: string }>;
  try {
    rows = (await db.query<StoredEventRow & { sort_key?: string }>(sql, params)).rows;
  } catch (error) {
    // A value the database cannot take (a time in year 0, say) passes the parameter checks.
    if ((error as { code?: string }).code?.startsWith('22')) {
      throw new HttpError('invalid_request_error', 'parameter_invalid', `A query parameter holds a value the platform cannot compare: ${(error as Error).message}`);
    }
    throw error;
  }
  const page = rows.slice(0, perPage);
  const last = page.at(-1);
  const nextPageToken = rows.length > perPage && last ? encodeToken({ v: 1, f: filters, k: [last.sort_key ?? null, String(last.seq)] }) : undefined;
  for (const row of page) delete row.sort_key;
  return { rows: page, nextPageToken };
}

