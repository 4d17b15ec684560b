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

/** Validates a capture body against the EPCIS 2.0 JSON Schema; a 400 names every problem by JSON pointer. */
export function checkDocument(doc: unknown): Unwrapped {
  const result = validateEpcisDocument(doc);
  if (!result.valid) {
    const listed = result.errors.slice(0, MAX_LISTED_PROBLEMS).map((e) => `${e.pointer || '(document)'}: ${e.message.replace(/\.?$/, '.')}`);
    const more = result.errors.length > MAX_LISTED_PROBLEMS ? ` … and ${result.errors.length - MAX_LISTED_PROBLEMS} more` : '';
    throw new HttpError(
      'invalid_request_error',
      'epcis_document_invalid',
      `The EPCIS document does not follow the EPCIS 2.0 JSON Schema (${result.errors.length} problem${result.errors.length > 1 ? 's' : ''}): ${listed.join(' ')}${more}`,
      { param: result.errors[0]!.pointer || 'body' },
    );
  }
  const d = doc as Json;
  const context = d['@context'] as JsonLdContext | undefined;
  if (d['type'] === 'EPCISDocument') return { events: ((d['epcisBody'] as Json)['eventList'] as unknown[]) ?? [], pointer: '/epcisBody/eventList', context, bare: false };
  if (d['type'] === 'EPCISQueryDocument') {
    const results = (d['epcisBody'] as Json)['queryResults'] as Json;
    return { events: (results['resultsBody'] as Json)['eventList'] as unknown[], pointer: '/epcisBody/queryResults/resultsBody/eventList', context, bare: false };
  }
  return { events: [doc], pointer: '', context: undefined, bare: true };
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
