/** @module epcis/builders — typed builders for the five EPCIS 2.0 event types and the capture document. */

import { EpcisError, show } from './errors.js';
import { checkDateTime, eventTimes, formatDateTime } from './time.js';
import type {
  AggregationEvent,
  AssociationEvent,
  EpcisDocument,
  EpcisEvent,
  JsonLdContext,
  ObjectEvent,
  TransactionEvent,
  TransformationEvent,
} from './types.js';
import { BIZ_STEPS, DISPOSITIONS, isBizStep, isDisposition } from './vocab.js';

/**
 * What a builder takes: the event without `type`, and with `eventTime` optional — a `Date`
 * (default: now) or an RFC 3339 string — and `eventTimeZoneOffset` optional (default: the
 * string's own offset, or the runtime time zone's offset for a `Date`).
 * @category EPCIS
 */
export type EventInit<E extends EpcisEvent> = Omit<E, 'type' | 'eventTime' | 'eventTimeZoneOffset'> & {
  eventTime?: Date | string;
  eventTimeZoneOffset?: string;
};

/** The URL of the standard EPCIS 2.0 JSON-LD context. */
export const EPCIS_CONTEXT = 'https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld';

/** Property order of the built object: what a person reading the JSON expects first. */
const ORDER = [
  'type', 'eventTime', 'eventTimeZoneOffset', 'eventID', 'recordTime', 'certificationInfo', 'errorDeclaration',
  'epcList', 'parentID', 'childEPCs', 'inputEPCList', 'inputQuantityList', 'outputEPCList',
  'outputQuantityList', 'quantityList', 'childQuantityList', 'action', 'transformationID', 'bizStep',
  'disposition', 'persistentDisposition', 'readPoint', 'bizLocation', 'bizTransactionList', 'sourceList',
  'destinationList', 'sensorElementList', 'ilmd',
];

const nonEmpty = (v: unknown): boolean => Array.isArray(v) && v.length > 0;

function checkVocab(field: string, value: unknown, known: (v: unknown) => boolean, examples: readonly string[]): void {
  if (value === undefined || known(value)) return;
  if (typeof value === 'string' && /^[a-z][a-z0-9+.-]*:\S+$/i.test(value) && !value.startsWith('urn:epcglobal:cbv:')) return;
  throw new EpcisError(
    'bad_event',
    `${field} ${show(value)} is neither a CBV 2.0 word (such as ${examples.map((e) => `"${e}"`).join(', ')}) nor a full URI for a company-specific value.`,
  );
}

function build<E extends EpcisEvent>(type: E['type'], init: EventInit<E>): E {
  if (typeof init !== 'object' || init === null) {
    throw new EpcisError('bad_input', `${type}(init) needs an object with the event fields, got ${show(init)}.`);
  }
  const { eventTime, eventTimeZoneOffset, ...rest } = init as EventInit<EpcisEvent> & Record<string, unknown>;
  const fields: Record<string, unknown> = { type, ...eventTimes(eventTime, eventTimeZoneOffset), ...rest };
  if (fields['recordTime'] !== undefined) checkDateTime(fields['recordTime'], 'recordTime');
  checkVocab('bizStep', fields['bizStep'], isBizStep, [BIZ_STEPS[30], BIZ_STEPS[23], BIZ_STEPS[4]]);
  checkVocab('disposition', fields['disposition'], isDisposition, [DISPOSITIONS[9], DISPOSITIONS[8], DISPOSITIONS[14]]);
  if (type !== 'TransformationEvent' && !['ADD', 'OBSERVE', 'DELETE'].includes(fields['action'] as string)) {
    throw new EpcisError('bad_event', `${type} needs action "ADD", "OBSERVE" or "DELETE", got ${show(fields['action'])}.`);
  }
  const out: Record<string, unknown> = {};
  for (const key of ORDER) if (fields[key] !== undefined) out[key] = fields[key];
  for (const [key, value] of Object.entries(fields)) if (!(key in out) && value !== undefined) out[key] = value;
  return out as E;
}

/**
 * An ObjectEvent: something happened to objects — commissioning (赋码), inspection (质检),
 * shipping (出库), retail sale (零售) … Give `epcList` (serialised items) and/or `quantityList`
 * (quantities of a class or lot).
 *
 * @example
 * ```ts
 * const event = objectEvent({
 *   action: 'ADD',
 *   bizStep: 'commissioning',
 *   disposition: 'active',
 *   epcList: [sgtinDigitalLink('06901234567892', 'A1B2')],
 *   readPoint: { id: sglnDigitalLink('6901234000009') },
 *   eventTime: new Date(),            // default; eventTimeZoneOffset from the runtime's zone
 * });
 * ```
 * @category EPCIS
 */
export function objectEvent(init: EventInit<ObjectEvent>): ObjectEvent {
  const e = build<ObjectEvent>('ObjectEvent', init);
  const sensors = nonEmpty(e.sensorElementList) && e.readPoint !== undefined;
  if (e.epcList === undefined && !nonEmpty(e.quantityList) && !sensors) {
    throw new EpcisError('bad_event', 'An ObjectEvent needs epcList or quantityList (or sensorElementList together with readPoint) to say which objects it is about.');
  }
  if (e.ilmd !== undefined && e.action !== 'ADD') {
    throw new EpcisError('bad_event', `ilmd (lot/instance master data) is only allowed with action "ADD", not ${show(e.action)}.`);
  }
  return e;
}

/**
 * An AggregationEvent: objects were packed into (ADD, 装箱) or unpacked from (DELETE, 拆箱) a
 * parent such as a case or pallet (`parentID`, usually an SSCC).
 *
 * @example
 * ```ts
 * aggregationEvent({
 *   action: 'ADD', bizStep: 'packing', disposition: 'in_progress',
 *   parentID: ssccDigitalLink('069012345000000011'),
 *   childEPCs: [sgtinDigitalLink('06901234567892', '1'), sgtinDigitalLink('06901234567892', '2')],
 * });
 * ```
 * @category EPCIS
 */
export function aggregationEvent(init: EventInit<AggregationEvent>): AggregationEvent {
  const e = build<AggregationEvent>('AggregationEvent', init);
  if (e.action !== 'OBSERVE' && e.parentID === undefined) {
    throw new EpcisError('bad_event', `An AggregationEvent with action ${show(e.action)} needs parentID (the case or pallet).`);
  }
  if (e.action !== 'DELETE' && !nonEmpty(e.childEPCs) && !nonEmpty(e.childQuantityList)) {
    throw new EpcisError('bad_event', 'An AggregationEvent needs childEPCs or childQuantityList (only DELETE may omit them, meaning "unpack everything").');
  }
  return e;
}

/**
 * A TransactionEvent: objects were tied to (ADD) or released from (DELETE) business
 * transactions such as a purchase order or despatch advice (`bizTransactionList`).
 *
 * @example
 * ```ts
 * transactionEvent({
 *   action: 'ADD', bizStep: 'shipping',
 *   bizTransactionList: [{ type: 'po', bizTransaction: 'urn:epcglobal:cbv:bt:6901234000009:PO-1' }],
 *   epcList: [ssccDigitalLink('069012345000000011')],
 * });
 * ```
 * @category EPCIS
 */
export function transactionEvent(init: EventInit<TransactionEvent>): TransactionEvent {
  const e = build<TransactionEvent>('TransactionEvent', init);
  if (!nonEmpty(e.bizTransactionList)) {
    throw new EpcisError('bad_event', 'A TransactionEvent needs a non-empty bizTransactionList.');
  }
  if (e.action !== 'DELETE' && e.epcList === undefined && !nonEmpty(e.quantityList)) {
    throw new EpcisError('bad_event', 'A TransactionEvent needs epcList or quantityList (only DELETE may omit them).');
  }
  return e;
}

/**
 * A TransformationEvent: inputs were consumed to make outputs (加工: milling, mixing,
 * repacking into new products). It has no `action`.
 *
 * @example
 * ```ts
 * transformationEvent({
 *   bizStep: 'commissioning',
 *   inputQuantityList: [{ epcClass: lgtinClass('06901234567892', 'RAW-7'), quantity: 25, uom: 'KGM' }],
 *   outputEPCList: [sgtinDigitalLink('06901234567885', 'X1')],
 * });
 * ```
 * @category EPCIS
 */
export function transformationEvent(init: EventInit<TransformationEvent>): TransformationEvent {
  if (typeof init === 'object' && init !== null && 'action' in init) {
    throw new EpcisError('bad_event', 'A TransformationEvent has no action; remove it.');
  }
  const e = build<TransformationEvent>('TransformationEvent', init);
  const lists = [e.inputEPCList, e.inputQuantityList, e.outputEPCList, e.outputQuantityList];
  if (!lists.some(nonEmpty)) {
    throw new EpcisError('bad_event', 'A TransformationEvent needs at least one non-empty inputEPCList, inputQuantityList, outputEPCList or outputQuantityList.');
  }
  return e;
}

/**
 * An AssociationEvent: objects were attached to (ADD) or removed from (DELETE) a physical
 * parent that is not a container, e.g. sensors fitted to a pallet or machine.
 *
 * @example
 * ```ts
 * associationEvent({
 *   action: 'ADD', bizStep: 'installing',
 *   parentID: 'https://id.gs1.org/8004/6901234ABC1',
 *   childEPCs: ['https://id.gs1.org/8004/6901234SENSOR7'],
 * });
 * ```
 * @category EPCIS
 */
export function associationEvent(init: EventInit<AssociationEvent>): AssociationEvent {
  const e = build<AssociationEvent>('AssociationEvent', init);
  if (typeof e.parentID !== 'string' || e.parentID === '') {
    throw new EpcisError('bad_event', 'An AssociationEvent needs parentID (the object the children are associated with).');
  }
  if (e.action !== 'DELETE' && !nonEmpty(e.childEPCs) && !nonEmpty(e.childQuantityList)) {
    throw new EpcisError('bad_event', 'An AssociationEvent needs childEPCs or childQuantityList (only DELETE may omit them).');
  }
  return e;
}

/**
 * Options of {@link epcisDocument}.
 * @category EPCIS
 */
export interface EpcisDocumentOptions {
  /**
   * Extra JSON-LD context entries, typically the prefixes of your extensions
   * (`{ mashang: 'https://mashang.example/epcis/' }`). The standard EPCIS context always comes first.
   * @default []
   */
  context?: JsonLdContext;
  /** @default new Date() */
  creationDate?: Date | string;
}

/**
 * Wraps events in an EPCIS 2.0 capture document (`POST /epcis/capture` body).
 *
 * @example
 * ```ts
 * const doc = epcisDocument([event], { context: [{ mashang: 'https://mashang.example/epcis/' }] });
 * ```
 * @category EPCIS
 */
export function epcisDocument(events: readonly EpcisEvent[], options: EpcisDocumentOptions = {}): EpcisDocument {
  if (!Array.isArray(events)) {
    throw new EpcisError('bad_input', `epcisDocument(events) needs an array of events, got ${show(events)}.`);
  }
  const extra = options.context === undefined ? [] : Array.isArray(options.context) ? options.context : [options.context];
  const context = [EPCIS_CONTEXT, ...extra.filter((c) => c !== EPCIS_CONTEXT)];
  const created = options.creationDate ?? new Date();
  const creationDate = typeof created === 'string' ? checkDateTime(created, 'creationDate') : formatDateTime(created, 0);
  return {
    '@context': context as JsonLdContext,
    type: 'EPCISDocument',
    schemaVersion: '2.0',
    creationDate,
    epcisBody: { eventList: [...events] },
  };
}
