/**
 * @module Capture: an EPCIS 2.0 document (or query document, or one event) is validated against
 * the official JSON Schema, each event gets its CBV 2.0 hash ID, and the events the merchant does
 * not have yet are stored in one transaction together with the capture job.
 */
import * as crypto from 'node:crypto';
import type { EpcisCaptureErrorBehaviour, EpcisCaptureJob, EpcisCaptureProblem } from '@mashang/sdk';
import { EPCIS_CAPTURE_LIMIT } from '@mashang/sdk';
import { EPCIS_CONTEXT, eventPreHashString, isEpcisError, validateEpcisDocument, type JsonLdContext } from '@mashang/sdk/epcis';
import type { Db } from '../db/index.js';
import { HttpError } from '../errors.js';
import { newId } from '../internal/ids.js';
import { canonicalId, cbvWord } from './normalise.js';
import { findEventIds, insertCaptureJob, insertEvents, markErrorDeclared, upsertLocations, type EventRow, type LocationRow } from '../store/epcis.js';

type Json = Record<string, unknown>;

/** Where a document keeps its events, and the JSON pointer of that list. */
interface Unwrapped {
  events: unknown[];
  pointer: string;
  context: JsonLdContext | undefined;
  /** A bare event is its own document. */
  bare: boolean;
}

/** Most problems quoted in a 400 message (all of them are counted). */
const MAX_LISTED_PROBLEMS = 20;
/** Longest EPC, class, parentID or eventID accepted (they are indexed). */
const MAX_ID_LENGTH = 1024;

interface Problem {
  pointer: string;
  message: string;
}

function documentInvalid(problems: Problem[], what: string): HttpError {
  const listed = problems.slice(0, MAX_LISTED_PROBLEMS).map((e) => `${e.pointer || '(document)'}: ${e.message.replace(/\.?$/, '.')}`);
  const more = problems.length > MAX_LISTED_PROBLEMS ? ` … and ${problems.length - MAX_LISTED_PROBLEMS} more` : '';
  return new HttpError(
    'invalid_request_error',
    'epcis_document_invalid',
    `${what} (${problems.length} problem${problems.length > 1 ? 's' : ''}): ${listed.join(' ')}${more}`,
    { param: problems[0]!.pointer || 'body' },
  );
}

/** A NUL, or half of a UTF-16 surrogate pair: valid in JSON escapes, impossible to store as text. */
const UNSTORABLE = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
const escapePointer = (key: string): string => key.replace(/~/g, '~0').replace(/\//g, '~1');

function unstorable(node: unknown, pointer: string, out: Problem[]): void {
  if (out.length > MAX_LISTED_PROBLEMS) return;
  if (typeof node === 'string') {
    if (UNSTORABLE.test(node)) out.push({ pointer, message: 'holds a NUL character or an unpaired UTF-16 surrogate (\\u0000, \\ud800…), which cannot be stored; remove it' });
  } else if (Array.isArray(node)) {
    node.forEach((v, i) => unstorable(v, `${pointer}/${i}`, out));
  } else if (typeof node === 'object' && node !== null) {
    for (const [k, v] of Object.entries(node)) {
      if (UNSTORABLE.test(k)) out.push({ pointer: `${pointer}/${escapePointer(k)}`, message: 'has a property name with a NUL character or an unpaired UTF-16 surrogate; rename it' });
      unstorable(v, `${pointer}/${escapePointer(k)}`, out);
    }
  }
}

/**
 * Validates a capture body against the EPCIS 2.0 JSON Schema, then for what the schema lets
 * through but storage cannot hold (year 0000, NUL characters, broken surrogates); a 400 names
 * every problem by JSON pointer. `escapes: false` (the raw body had no `\u` escape) skips the
 * string scan, which only escapes can fail.
 */
export function checkDocument(doc: unknown, options: { escapes?: boolean } = {}): Unwrapped {
  const result = validateEpcisDocument(doc);
  if (!result.valid) throw documentInvalid(result.errors, 'The EPCIS document does not follow the EPCIS 2.0 JSON Schema');
  const d = doc as Json;
  const context = d['@context'] as JsonLdContext | undefined;
  let unwrapped: Unwrapped;
  if (d['type'] === 'EPCISDocument') {
    unwrapped = { events: ((d['epcisBody'] as Json)['eventList'] as unknown[]) ?? [], pointer: '/epcisBody/eventList', context, bare: false };
  } else if (d['type'] === 'EPCISQueryDocument') {
    const results = (d['epcisBody'] as Json)['queryResults'] as Json;
    unwrapped = { events: (results['resultsBody'] as Json)['eventList'] as unknown[], pointer: '/epcisBody/queryResults/resultsBody/eventList', context, bare: false };
  } else {
    unwrapped = { events: [doc], pointer: '', context: undefined, bare: true };
  }
  const problems: Problem[] = [];
  unwrapped.events.forEach((raw, i) => {
    const e = raw as Json;
    const at = unwrapped.bare ? '' : `${unwrapped.pointer}/${i}`;
    // The schema's date-time allows year 0000, which no calendar (and no database) has.
    if (typeof e['eventTime'] === 'string' && e['eventTime'].startsWith('0000')) problems.push({ pointer: `${at}/eventTime`, message: 'year 0000 does not exist; give the real date' });
    // Identifiers are indexed, and an index entry holds about 2 700 bytes at most.
    const ids: Array<[string, unknown]> = [['eventID', e['eventID']], ['parentID', e['parentID']]];
    for (const list of ['epcList', 'childEPCs', 'inputEPCList', 'outputEPCList']) {
      if (Array.isArray(e[list])) (e[list] as unknown[]).forEach((v, k) => ids.push([`${list}/${k}`, v]));
    }
    for (const list of ['quantityList', 'childQuantityList', 'inputQuantityList', 'outputQuantityList']) {
      if (Array.isArray(e[list])) (e[list] as Json[]).forEach((q, k) => ids.push([`${list}/${k}/epcClass`, q?.['epcClass']]));
    }
    for (const [where, value] of ids) {
      if (typeof value === 'string' && value.length > MAX_ID_LENGTH) {
        problems.push({ pointer: `${at}/${where}`, message: `is ${value.length} characters long; identifiers may have at most ${MAX_ID_LENGTH}` });
      }
    }
    const declared = (e['errorDeclaration'] as Json | undefined)?.['declarationTime'];
    if (typeof declared === 'string' && declared.startsWith('0000')) problems.push({ pointer: `${at}/errorDeclaration/declarationTime`, message: 'year 0000 does not exist; give the real date' });
  });
  if (options.escapes !== false) unstorable(doc, '', problems);
  if (problems.length > 0) {
    problems.sort((a, b) => a.pointer.localeCompare(b.pointer, 'en', { numeric: true }));
    throw documentInvalid(problems, 'The EPCIS document holds values that cannot be stored');
  }
  return unwrapped;
}

/** One-shot SHA-256 (`crypto.hash`, Node ≥ 20.12) saves a Hash object per event; older Nodes use createHash. */
const sha256hex: (text: string) => string =
  typeof (crypto as { hash?: unknown }).hash === 'function'
    ? (text) => (crypto as unknown as { hash(algorithm: string, data: string, encoding: 'hex'): string }).hash('sha256', text, 'hex')
    : (text) => crypto.createHash('sha256').update(text, 'utf8').digest('hex');

/** The event's hash ID, computed as `eventHashId` does but synchronously. */
export function hashId(event: unknown, context: JsonLdContext | undefined): string {
  return `ni:///sha-256;${sha256hex(eventPreHashString(event, context))}?ver=CBV2.0`;
}

function contextEntries(context: JsonLdContext | undefined): Array<string | Record<string, unknown>> {
  if (context === undefined) return [];
  return Array.isArray(context) ? [...(context as Array<string | Record<string, unknown>>)] : [context as string | Record<string, unknown>];
}

/** The document's context entries beyond the standard EPCIS one (extension prefixes). */
function extraContext(context: JsonLdContext | undefined): Array<string | Record<string, unknown>> {
  return contextEntries(context).filter((c) => !(typeof c === 'string' && /\/epcis-context\.jsonld$/.test(c)));
}

const strings = (value: unknown): string[] => (Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : []);
const classes = (value: unknown): string[] =>
  Array.isArray(value) ? value.map((q) => (q as Json | null)?.['epcClass']).filter((v): v is string => typeof v === 'string') : [];

/** Every identifier an event names, with its role, canonicalised. */
export function eventIds(e: Json): Array<[epc: string, role: string]> {
  const out: Array<[string, string]> = [];
  const add = (values: string[], role: string) => {
    for (const v of values) out.push([canonicalId(v), role]);
  };
  add(strings(e['epcList']), 'epc');
  add(strings(e['childEPCs']), 'epc');
  if (typeof e['parentID'] === 'string') add([e['parentID']], 'parent');
  add(strings(e['inputEPCList']), 'in');
  add(strings(e['outputEPCList']), 'out');
  add(classes(e['quantityList']), 'class');
  add(classes(e['childQuantityList']), 'class');
  add(classes(e['inputQuantityList']), 'in_class');
  add(classes(e['outputQuantityList']), 'out_class');
  // The same identifier twice in one role would only duplicate index rows.
  const seen = new Set<string>();
  return out.filter(([epc, role]) => {
    const key = `${role} ${epc}`;
    return seen.has(key) ? false : (seen.add(key), true);
  });
}

const locationOf = (value: unknown): string | null => {
  const id = (value as Json | null | undefined)?.['id'];
  return typeof id === 'string' ? canonicalId(id) : null;
};

/** One event ready to store, or the problem that keeps it out. */
interface Prepared {
  index: number;
  row?: EventRow;
  problem?: EpcisCaptureProblem;
}

function problem(pointer: string, detail: string, type = 'epcisException:ValidationException'): EpcisCaptureProblem {
  return { type, title: type === 'epcisException:ValidationException' ? 'Invalid event' : 'Event conflicts with a stored one', status: type === 'epcisException:ValidationException' ? 400 : 409, detail, instance: pointer };
}

function prepare(events: unknown[], unwrapped: Unwrapped): Prepared[] {
  const extras = extraContext(unwrapped.context);
  return events.map((raw, index): Prepared => {
    const pointer = `${unwrapped.pointer}${unwrapped.bare ? '' : `/${index}`}` || '/';
    const e = raw as Json;
    try {
      const hash = hashId(e, unwrapped.context);
      const { recordTime: _recordTime, ...rest } = e;
      const body: Json = { ...rest, eventID: typeof e['eventID'] === 'string' ? e['eventID'] : hash };
      if (extras.length > 0 && !unwrapped.bare) {
        const own = contextEntries(e['@context'] as JsonLdContext | undefined);
        const seen = new Set<string>();
        body['@context'] = [...extras, ...own].filter((c) => {
          const key = JSON.stringify(c);
          return seen.has(key) ? false : (seen.add(key), true);
        });
      }
      const declaration = (e['errorDeclaration'] as Json | undefined)?.['declarationTime'];
      const row: EventRow = {
        hashId: hash,
        eventId: typeof e['eventID'] === 'string' && e['eventID'] !== hash ? e['eventID'] : null,
        type: String(e['type']),
        action: typeof e['action'] === 'string' ? e['action'] : null,
        eventTime: String(e['eventTime']),
        bizStep: typeof e['bizStep'] === 'string' ? cbvWord(e['bizStep'], 'BizStep') : null,
        disposition: typeof e['disposition'] === 'string' ? cbvWord(e['disposition'], 'Disp') : null,
        readPoint: locationOf(e['readPoint']),
        bizLocation: locationOf(e['bizLocation']),
        errorDeclaredAt: typeof declaration === 'string' ? declaration : null,
        body,
        epcs: eventIds(e),
      };
      return { index, row };
    } catch (error) {
      if (isEpcisError(error)) return { index, problem: problem(pointer, error.message) };
      throw error;
    }
  });
}

/** Location names from `epcisHeader.epcisMasterData` (read points and business locations). */
export function masterDataLocations(doc: unknown): LocationRow[] {
  const header = (doc as Json | null)?.['epcisHeader'] as Json | undefined;
  const list = ((header?.['epcisMasterData'] as Json | undefined)?.['vocabularyList'] ?? []) as Json[];
  const out: LocationRow[] = [];
  for (const vocabulary of Array.isArray(list) ? list : []) {
    const type = String(vocabulary?.['type'] ?? '');
    if (!/(BusinessLocation|ReadPoint)$/.test(type)) continue;
    for (const element of (vocabulary['vocabularyElementList'] ?? []) as Json[]) {
      if (typeof element?.['id'] !== 'string') continue;
      const attributes: Record<string, unknown> = {};
      let name: string | null = null;
      for (const a of (element['attributes'] ?? []) as Json[]) {
        if (typeof a?.['id'] !== 'string') continue;
        attributes[a['id']] = a['attribute'] ?? null;
        if (/(^|[#:/])name$/.test(a['id']) && typeof a['attribute'] === 'string') name = a['attribute'];
      }
      out.push({ id: canonicalId(element['id']), name, attributes });
    }
  }
  return out;
}

/** What a finished capture reports besides its job: the events it stored (for bus notifications). */
export interface CaptureOutcome {
  job: EpcisCaptureJob;
  stored: EventRow[];
}

/** Checks the count limit before any work. */
export function checkLimit(unwrapped: Unwrapped): void {
  if (unwrapped.events.length > EPCIS_CAPTURE_LIMIT) {
    throw new HttpError(
      'invalid_request_error',
      'capture_limit_exceeded',
      `The document holds ${unwrapped.events.length} events; one capture takes at most ${EPCIS_CAPTURE_LIMIT} (GS1-EPCIS-Capture-Limit). Split it into several captures.`,
      { status: 413, param: unwrapped.pointer || 'body', headers: { 'GS1-EPCIS-Capture-Limit': String(EPCIS_CAPTURE_LIMIT) } },
    );
  }
}

const UNIQUE_VIOLATION = '23505';

/**
 * Stores a validated document's events for `merchantId` and records the capture job, in one
 * transaction. Events whose hash ID the merchant already has count as duplicates (an error
 * declaration for one of them is recorded on it); an eventID already used by another event is an
 * error. With `rollback` any error stores no event; with `proceed` the others are stored.
 */
export async function capture(db: Db, merchantId: string, doc: unknown, behaviour: EpcisCaptureErrorBehaviour, unwrapped = checkDocument(doc)): Promise<CaptureOutcome> {
  checkLimit(unwrapped);
  const prepared = prepare(unwrapped.events, unwrapped);
  const locations = masterDataLocations(doc);
  const id = newId('job');
  const createdAt = new Date();
  for (let attempt = 0; ; attempt++) {
    try {
      return await db.transaction((tx) => store(tx, merchantId, id, createdAt, behaviour, unwrapped, prepared, locations));
    } catch (error) {
      // A concurrent capture took the same eventID first: the second look sees it.
      if (attempt === 0 && (error as { code?: string }).code === UNIQUE_VIOLATION) continue;
      throw error;
    }
  }
}

async function store(
  tx: Db,
  merchantId: string,
  id: string,
  createdAt: Date,
  behaviour: EpcisCaptureErrorBehaviour,
  unwrapped: Unwrapped,
  prepared: Prepared[],
  locations: LocationRow[],
): Promise<CaptureOutcome> {
  const problems: EpcisCaptureProblem[] = prepared.flatMap((p) => (p.problem ? [p.problem] : []));
  const pointerOf = (index: number) => `${unwrapped.pointer}${unwrapped.bare ? '' : `/${index}`}` || '/';
  const candidates = prepared.filter((p) => p.row);
  // Dedup by hash ID happens in the insert itself; only capturer-chosen eventIDs need a look first.
  const owners = await findEventIds(tx, merchantId, [...new Set(candidates.flatMap((p) => (p.row!.eventId ? [p.row!.eventId] : [])))]);
  const fresh = new Map<string, EventRow>();
  const declared: EventRow[] = [];
  let duplicates = 0;
  for (const p of candidates) {
    const row = p.row!;
    if (fresh.has(row.hashId)) {
      duplicates++;
      if (row.errorDeclaredAt) declared.push(row);
      continue;
    }
    if (row.eventId) {
      const owner = owners.get(row.eventId);
      if (owner && owner !== row.hashId) {
        problems.push(
          problem(
            pointerOf(p.index),
            `eventID '${row.eventId}' already names another event (hash ID ${owner}); give each event its own eventID, or leave it out and the hash ID is used.`,
            'epcisException:CaptureConflictException',
          ),
        );
        continue;
      }
      owners.set(row.eventId, row.hashId);
    }
    fresh.set(row.hashId, row);
  }
  problems.sort((a, b) => (a.instance ?? '').localeCompare(b.instance ?? '', 'en', { numeric: true }));
  const success = problems.length === 0;
  const write = success || behaviour === 'proceed';
  let stored: EventRow[] = [];
  if (write) {
    stored = await insertEvents(tx, merchantId, id, [...fresh.values()]);
    const inserted = new Set(stored);
    // The rest were there already: captures are idempotent.
    duplicates += fresh.size - stored.length;
    // An error declaration for a stored event marks it, once.
    for (const row of [...[...fresh.values()].filter((r) => !inserted.has(r)), ...declared]) {
      if (row.errorDeclaredAt) await markErrorDeclared(tx, merchantId, row.hashId, row.errorDeclaredAt, row.body['errorDeclaration']);
    }
    await upsertLocations(tx, merchantId, locations);
  }
  const job: EpcisCaptureJob = {
    captureID: id,
    createdAt: createdAt.toISOString(),
    finishedAt: new Date().toISOString(),
    running: false,
    success,
    captureErrorBehaviour: behaviour,
    errors: problems,
    eventCount: unwrapped.events.length,
    capturedCount: stored.length,
    duplicateCount: write ? duplicates : 0,
  };
  await insertCaptureJob(tx, merchantId, job);
  return { job, stored };
}

/** The event as answered: the stored body with `recordTime`, and the standard context for a lone event. */
export function answerEvent(body: Json, recordTime: Date | string, alone: boolean): Json {
  const out: Json = { ...body, recordTime: new Date(recordTime).toISOString() };
  if (!alone) return out;
  const { '@context': context, ...rest } = out;
  const own = contextEntries(context as JsonLdContext | undefined);
  return { '@context': [EPCIS_CONTEXT, ...own.filter((c) => c !== EPCIS_CONTEXT)], ...rest };
}
