/** @module epcis/prehash — the canonical pre-hash string of the CBV 2.0 EPCIS Event Hash ID. */

import {
  canonicalTimestamp,
  canonicalValue,
  expandKey,
  prefixMap,
  sorted,
  type PrefixMap,
} from './canonical.js';
import { EpcisError, show } from './errors.js';
import type { JsonLdContext } from './types.js';
import {
  BIZ_STEPS,
  BIZ_TRANSACTION_TYPES,
  CBV_BASE,
  COMPONENTS,
  DISPOSITIONS,
  GS1_VOC_BASE,
  MEASUREMENT_TYPES,
  SENSOR_ALERT_TYPES,
  SOURCE_DEST_TYPES,
} from './vocab.js';

type Json = Record<string, unknown>;

/** How a bare word in a vocabulary-typed field becomes a URI. */
interface Vocab {
  readonly base: string;
  readonly words: ReadonlySet<string>;
}
const vocab = (base: string, words: readonly string[]): Vocab => ({ base, words: new Set(words) });
const BIZ_STEP = vocab(`${CBV_BASE}BizStep-`, BIZ_STEPS);
const DISPOSITION = vocab(`${CBV_BASE}Disp-`, DISPOSITIONS);
const BTT = vocab(`${CBV_BASE}BTT-`, BIZ_TRANSACTION_TYPES);
const SDT = vocab(`${CBV_BASE}SDT-`, SOURCE_DEST_TYPES);
const COMPONENT = vocab(`${CBV_BASE}Comp-`, COMPONENTS);
const MEASUREMENT = vocab(GS1_VOC_BASE, MEASUREMENT_TYPES);
const ALERT = vocab(GS1_VOC_BASE, SENSOR_ALERT_TYPES);

/** A field of a standard structure, in canonical order, and how its value is read. */
type FieldKind = 'value' | 'time' | Vocab;
type FieldSpec = readonly [name: string, kind: FieldKind];

const SENSOR_METADATA: readonly FieldSpec[] = [
  ['time', 'time'], ['startTime', 'time'], ['endTime', 'time'], ['deviceID', 'value'],
  ['deviceMetadata', 'value'], ['rawData', 'value'], ['dataProcessingMethod', 'value'], ['bizRules', 'value'],
];
const SENSOR_REPORT: readonly FieldSpec[] = [
  ['type', MEASUREMENT], ['exception', ALERT], ['deviceID', 'value'], ['deviceMetadata', 'value'],
  ['rawData', 'value'], ['dataProcessingMethod', 'value'], ['time', 'time'], ['microorganism', 'value'],
  ['chemicalSubstance', 'value'], ['value', 'value'], ['component', COMPONENT], ['stringValue', 'value'],
  ['booleanValue', 'value'], ['hexBinaryValue', 'value'], ['uriValue', 'value'], ['minValue', 'value'],
  ['maxValue', 'value'], ['meanValue', 'value'], ['sDev', 'value'], ['percRank', 'value'],
  ['percValue', 'value'], ['uom', 'value'], ['coordinateReferenceSystem', 'value'],
];
const QUANTITY: readonly FieldSpec[] = [['epcClass', 'value'], ['quantity', 'value'], ['uom', 'value']];
const LOCATION: readonly FieldSpec[] = [['id', 'value']];

/** Properties that never enter the hash: they describe the record, not the event. */
const NOT_HASHED = new Set(['type', 'recordTime', 'eventID', 'errorDeclaration', '@context', 'comment']);
const RDFS_COMMENT = '{http://www.w3.org/2000/01/rdf-schema#}comment';

/** An unrecognised non-namespaced property inside a standard structure, kept with its path. */
interface Leftover {
  readonly path: readonly string[];
  readonly entry: string;
}

/** Per-event state: prefixes in scope and leftovers found on the way. */
class Writer {
  readonly leftovers: Leftover[] = [];
  constructor(readonly prefixes: PrefixMap) {}

  scalar(value: unknown, kind: FieldKind): string {
    if (kind === 'time' && typeof value === 'string') return canonicalTimestamp(value) ?? value.trim();
    if (typeof kind === 'object' && typeof value === 'string' && kind.words.has(value.trim())) {
      return kind.base + value.trim();
    }
    return canonicalValue(value, this.prefixes);
  }

  /** `name=value`, or `name` alone when the value is empty. */
  pair(name: string, value: unknown, kind: FieldKind = 'value'): string {
    const text = this.scalar(value, kind);
    return text === '' ? name : `${name}=${text}`;
  }

  /** Every value of a field that may be a single value or a list, as sorted `name=value` pairs. */
  pairs(name: string, value: unknown, kind: FieldKind = 'value'): string {
    const list = Array.isArray(value) ? value : value === undefined || value === null ? [] : [value];
    return sorted(list.map((v) => this.pair(name, v, kind))).join('');
  }

  /** A user extension or other free-form property: `{ns}name=value`, nested values sorted. */
  generic(key: string, value: unknown): string[] {
    if (Array.isArray(value)) return value.flatMap((v) => this.generic(key, v));
    if (typeof value === 'object' && value !== null) {
      const children = Object.entries(value as Json)
        .filter(([k, v]) => v !== undefined && !this.ignored(k))
        .flatMap(([k, v]) => this.generic(expandKey(k, this.prefixes), v));
      return [key + sorted(children).join('')];
    }
    if (value === null || value === undefined) return [key];
    return [this.pair(key, value)];
  }

  ignored(key: string): boolean {
    return key === '@context' || key === 'comment' || expandKey(key, this.prefixes) === RDFS_COMMENT;
  }

  /**
   * A standard structure: its fields in canonical order, then its namespaced extensions sorted.
   * Other unknown properties are remembered as leftovers under `path`.
   */
  struct(name: string, obj: unknown, fields: readonly FieldSpec[], path: readonly string[], nested?: (o: Json) => string): string {
    if (typeof obj !== 'object' || obj === null || Array.isArray(obj)) return this.pair(name, obj);
    const o = obj as Json;
    const known = new Set(fields.map(([f]) => f));
    let out = name;
    for (const [field, kind] of fields) {
      if (o[field] !== undefined) out += this.pairs(field, o[field], kind);
    }
    if (nested) out += nested(o);
    const extensions: string[] = [];
    for (const [k, v] of Object.entries(o)) {
      if (v === undefined || known.has(k) || this.ignored(k) || (nested && (k === 'sensorMetadata' || k === 'sensorReport'))) continue;
      if (k.includes(':')) extensions.push(...this.generic(expandKey(k, this.prefixes), v));
      else this.leftovers.push(...this.generic(k, v).map((entry) => ({ path: [...path, name], entry })));
    }
    return out + sorted(extensions).join('');
  }

  epcList(name: string, value: unknown): string {
    if (!Array.isArray(value) || value.length === 0) return '';
    return name + this.pairs('epc', value);
  }

  quantityList(name: string, value: unknown): string {
    if (!Array.isArray(value) || value.length === 0) return '';
    return name + sorted(value.map((q, i) => this.struct('quantityElement', q, QUANTITY, [name, `#${i}`]))).join('');
  }

  /** `bizTransactionList`, `sourceList`, `destinationList`: type first, then the identifier. */
  typedList(name: string, value: unknown, idKey: string, typeVocab: Vocab): string {
    if (!Array.isArray(value) || value.length === 0) return '';
    const fields: FieldSpec[] = [['type', typeVocab], [idKey, 'value']];
    return name + sorted(value.map((e, i) => this.struct('', e, fields, [name, `#${i}`]))).join('');
  }

  sensorElementList(value: unknown): string {
    if (!Array.isArray(value) || value.length === 0) return '';
    const elements = value.map((element, i) => {
      const path = ['sensorElementList', `#${i}`];
      return this.struct('sensorElement', element, [], path, (o) => {
        const inner = [...path, 'sensorElement'];
        const meta = o['sensorMetadata'] === undefined ? '' : this.struct('sensorMetadata', o['sensorMetadata'], SENSOR_METADATA, inner);
        const reports = Array.isArray(o['sensorReport']) ? o['sensorReport'] : o['sensorReport'] === undefined ? [] : [o['sensorReport']];
        return meta + sorted(reports.map((r, j) => this.struct('sensorReport', r, SENSOR_REPORT, [...inner, `#${j}`]))).join('');
      });
    });
    return 'sensorElementList' + sorted(elements).join('');
  }

  /** Leftovers regrouped under their paths (list indexes keep siblings apart, then vanish). */
  leftoverEntries(): string[] {
    type Node = { name: string; children: Map<string, Node>; entries: string[] };
    const root: Node = { name: '', children: new Map(), entries: [] };
    for (const { path, entry } of this.leftovers) {
      let node = root;
      for (const step of path) {
        let child = node.children.get(step);
        if (!child) node.children.set(step, (child = { name: step.startsWith('#') ? '' : step, children: new Map(), entries: [] }));
        node = child;
      }
      node.entries.push(entry);
    }
    const render = (node: Node): string[] => {
      const inner = [...node.entries, ...[...node.children.values()].flatMap(render)];
      return node.name === '' ? inner : [node.name + sorted(inner).join('')];
    };
    return render(root);
  }
}

/**
 * Options of {@link eventPreHashString} and {@link eventHashId}.
 * @category EPCIS
 */
export interface EventHashOptions {
  /**
   * Top-level properties to leave out of the hash, e.g. fields a repository adds on capture
   * (`['example:captureID']`). Names compare after prefix expansion.
   * @default []
   */
  ignoreFields?: readonly string[];
}

/**
 * The canonical pre-hash string of an EPCIS 2.0 JSON-LD event (CBV 2.0 §"EPCIS Event Hash ID"):
 * the input of {@link eventHashId}. Useful to see why two events hash differently.
 *
 * Properties are written in the canonical order — eventType, eventTime, eventTimeZoneOffset,
 * certificationInfo, epcList, parentID, inputEPCList, childEPCs, the quantity lists,
 * outputEPCList, action, transformationID, bizStep, disposition, persistentDisposition,
 * readPoint, bizLocation, sensorElementList — followed by bizTransactionList, sourceList,
 * destinationList, ilmd and user extensions sorted together, which is where the published
 * test vectors place them.
 *
 * @param context The enclosing document's `@context` (the event's own `@context` is read too).
 * @example
 * ```ts
 * eventPreHashString({
 *   type: 'ObjectEvent', action: 'OBSERVE', bizStep: 'shipping',
 *   eventTime: '2024-05-01T08:00:00+08:00', eventTimeZoneOffset: '+08:00',
 *   epcList: ['urn:epc:id:sgtin:0614141.107346.2017'],
 * });
 * // 'eventType=ObjectEventeventTime=2024-05-01T00:00:00.000ZeventTimeZoneOffset=+08:00epcListepc=https://id.gs1.org/01/10614141073464/21/2017action=OBSERVEbizStep=https://ref.gs1.org/cbv/BizStep-shipping'
 * ```
 * @category EPCIS
 */
export function eventPreHashString(event: unknown, context?: JsonLdContext, options: EventHashOptions = {}): string {
  if (typeof event !== 'object' || event === null || Array.isArray(event)) {
    throw new EpcisError('bad_input', `Expected an EPCIS event object, got ${show(Array.isArray(event) ? 'an array' : typeof event)}.`);
  }
  const e = event as Json;
  if (typeof e['type'] !== 'string' || e['type'] === '') {
    throw new EpcisError('bad_event', 'The event has no "type"; set it to ObjectEvent, AggregationEvent, TransactionEvent, TransformationEvent or AssociationEvent.');
  }
  if (typeof e['eventTime'] !== 'string') {
    throw new EpcisError('bad_event', 'The event has no "eventTime"; every EPCIS event needs one, e.g. "2024-05-01T08:00:00.000+08:00".');
  }
  const w = new Writer(prefixMap(context, e['@context'] as JsonLdContext | undefined));
  const ignore = new Set((options.ignoreFields ?? []).map((f) => expandKey(f, w.prefixes)));
  let out = `eventType=${e['type']}`;
  out += w.pair('eventTime', e['eventTime'], 'time');
  if (e['eventTimeZoneOffset'] !== undefined) out += w.pair('eventTimeZoneOffset', e['eventTimeZoneOffset']);
  out += w.pairs('certificationInfo', e['certificationInfo']);
  out += w.epcList('epcList', e['epcList']);
  if (e['parentID'] !== undefined) out += w.pair('parentID', e['parentID']);
  out += w.epcList('inputEPCList', e['inputEPCList']);
  out += w.epcList('childEPCs', e['childEPCs']);
  out += w.quantityList('quantityList', e['quantityList']);
  out += w.quantityList('childQuantityList', e['childQuantityList']);
  out += w.quantityList('inputQuantityList', e['inputQuantityList']);
  out += w.epcList('outputEPCList', e['outputEPCList']);
  out += w.quantityList('outputQuantityList', e['outputQuantityList']);
  if (e['action'] !== undefined) out += w.pair('action', e['action']);
  if (e['transformationID'] !== undefined) out += w.pair('transformationID', e['transformationID']);
  if (e['bizStep'] !== undefined) out += w.pair('bizStep', e['bizStep'], BIZ_STEP);
  if (e['disposition'] !== undefined) out += w.pair('disposition', e['disposition'], DISPOSITION);
  if (e['persistentDisposition'] !== undefined) {
    const pd = e['persistentDisposition'] as Json;
    const body = w.pairs('set', pd['set'], DISPOSITION) + w.pairs('unset', pd['unset'], DISPOSITION);
    if (body !== '') out += `persistentDisposition${body}`;
  }
  if (e['readPoint'] !== undefined) out += w.struct('readPoint', e['readPoint'], LOCATION, []);
  if (e['bizLocation'] !== undefined) out += w.struct('bizLocation', e['bizLocation'], LOCATION, []);
  out += w.sensorElementList(e['sensorElementList']);

  const rest: string[] = [];
  const push = (s: string): void => void (s !== '' && rest.push(s));
  push(w.typedList('bizTransactionList', e['bizTransactionList'], 'bizTransaction', BTT));
  push(w.typedList('sourceList', e['sourceList'], 'source', SDT));
  push(w.typedList('destinationList', e['destinationList'], 'destination', SDT));
  if (e['ilmd'] !== undefined) rest.push(...w.generic('ilmd', e['ilmd']));
  for (const [key, value] of Object.entries(e)) {
    // `undefined` is skipped everywhere: it disappears when the event is serialised as JSON.
    if (value === undefined || HANDLED.has(key) || NOT_HASHED.has(key) || w.ignored(key)) continue;
    const expanded = expandKey(key, w.prefixes);
    if (ignore.has(expanded) || ignore.has(key)) continue;
    rest.push(...w.generic(expanded, value));
  }
  rest.push(...w.leftoverEntries());
  return out + sorted(rest).join('');
}

const HANDLED = new Set([
  'eventTime', 'eventTimeZoneOffset', 'certificationInfo', 'epcList', 'parentID', 'inputEPCList',
  'childEPCs', 'quantityList', 'childQuantityList', 'inputQuantityList', 'outputEPCList',
  'outputQuantityList', 'action', 'transformationID', 'bizStep', 'disposition', 'persistentDisposition',
  'readPoint', 'bizLocation', 'sensorElementList', 'bizTransactionList', 'sourceList', 'destinationList', 'ilmd',
]);
