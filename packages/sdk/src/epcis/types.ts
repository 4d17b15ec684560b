/** @module epcis/types — EPCIS 2.0 JSON-LD event and document shapes. */

import type {
  BizStep,
  BizTransactionType,
  Component,
  Disposition,
  ErrorReason,
  MeasurementType,
  SourceDestType,
} from './vocab.js';

/** A CBV bare word, or any absolute URI for a value outside the standard vocabulary. */
type VocabOr<T extends string> = T | (string & {});

/**
 * The EPCIS 2.0 event types.
 * @category EPCIS
 */
export type EpcisEventType =
  | 'ObjectEvent'
  | 'AggregationEvent'
  | 'TransactionEvent'
  | 'TransformationEvent'
  | 'AssociationEvent';

/** @category EPCIS */
export type EpcisAction = 'ADD' | 'OBSERVE' | 'DELETE';

/**
 * A JSON-LD `@context`: a URL, a map of prefixes (`{ "example": "https://ns.example.com/epcis/" }`)
 * or a list of either.
 * @category EPCIS
 */
export type JsonLdContext = string | Record<string, unknown> | ReadonlyArray<string | Record<string, unknown>>;

/**
 * A user extension: any property whose name carries a namespace prefix declared in the
 * `@context` (`"example:batchNote": "…"`).
 * @category EPCIS
 */
export type EpcisExtensions = { [key: `${string}:${string}`]: unknown };

/** @category EPCIS */
export interface QuantityElement {
  /** EPC class: an LGTIN class URI, a GTIN Digital Link, … */
  epcClass: string;
  quantity?: number;
  /** UN/ECE Rec. 20 unit code, e.g. `KGM`, `LTR`. Omit for a count of items. */
  uom?: string;
}

/** @category EPCIS */
export interface BizTransaction {
  type?: VocabOr<BizTransactionType>;
  bizTransaction: string;
}

/** @category EPCIS */
export interface SourceEntry {
  type: VocabOr<SourceDestType>;
  source: string;
}

/** @category EPCIS */
export interface DestinationEntry {
  type: VocabOr<SourceDestType>;
  destination: string;
}

/** A read point or business location (`{ id }` plus extensions). @category EPCIS */
export type EpcisLocation = { id: string } & EpcisExtensions;

/** @category EPCIS */
export interface PersistentDisposition {
  set?: VocabOr<Disposition>[];
  unset?: VocabOr<Disposition>[];
}

/** @category EPCIS */
export type SensorMetadata = {
  time?: string;
  startTime?: string;
  endTime?: string;
  deviceID?: string;
  deviceMetadata?: string;
  rawData?: string;
  dataProcessingMethod?: string;
  bizRules?: string;
} & EpcisExtensions;

/** @category EPCIS */
export type SensorReport = {
  type?: VocabOr<MeasurementType>;
  exception?: 'ALARM_CONDITION' | 'ERROR_CONDITION' | (string & {});
  deviceID?: string;
  deviceMetadata?: string;
  rawData?: string;
  dataProcessingMethod?: string;
  time?: string;
  microorganism?: string;
  chemicalSubstance?: string;
  value?: number;
  component?: VocabOr<Component>;
  stringValue?: string;
  booleanValue?: boolean;
  hexBinaryValue?: string;
  uriValue?: string;
  minValue?: number;
  maxValue?: number;
  meanValue?: number;
  sDev?: number;
  percRank?: number;
  percValue?: number;
  uom?: string;
  coordinateReferenceSystem?: string;
} & EpcisExtensions;

/** @category EPCIS */
export type SensorElement = {
  sensorMetadata?: SensorMetadata;
  sensorReport: SensorReport[];
} & EpcisExtensions;

/** @category EPCIS */
export interface ErrorDeclaration {
  declarationTime: string;
  reason?: VocabOr<ErrorReason>;
  correctiveEventIDs?: string[];
  [key: `${string}:${string}`]: unknown;
}

/**
 * Fields every EPCIS event may carry.
 * @category EPCIS
 */
export type EpcisEventBase = {
  '@context'?: JsonLdContext;
  eventTime: string;
  eventTimeZoneOffset: string;
  recordTime?: string;
  eventID?: string;
  certificationInfo?: string | string[];
  errorDeclaration?: ErrorDeclaration;
  bizStep?: VocabOr<BizStep>;
  disposition?: VocabOr<Disposition>;
  readPoint?: EpcisLocation;
  bizLocation?: EpcisLocation;
  bizTransactionList?: BizTransaction[];
  sourceList?: SourceEntry[];
  destinationList?: DestinationEntry[];
  sensorElementList?: SensorElement[];
} & EpcisExtensions;

/** @category EPCIS */
export type ObjectEvent = EpcisEventBase & {
  type: 'ObjectEvent';
  action: EpcisAction;
  epcList?: string[];
  quantityList?: QuantityElement[];
  persistentDisposition?: PersistentDisposition;
  /** Instance/lot master data; only with `action: 'ADD'`. Keys must be namespaced. */
  ilmd?: Record<string, unknown>;
};

/** @category EPCIS */
export type AggregationEvent = EpcisEventBase & {
  type: 'AggregationEvent';
  action: EpcisAction;
  parentID?: string;
  childEPCs?: string[];
  childQuantityList?: QuantityElement[];
};

/** @category EPCIS */
export type TransactionEvent = EpcisEventBase & {
  type: 'TransactionEvent';
  action: EpcisAction;
  bizTransactionList: BizTransaction[];
  parentID?: string;
  epcList?: string[];
  quantityList?: QuantityElement[];
};

/** @category EPCIS */
export type TransformationEvent = EpcisEventBase & {
  type: 'TransformationEvent';
  inputEPCList?: string[];
  inputQuantityList?: QuantityElement[];
  outputEPCList?: string[];
  outputQuantityList?: QuantityElement[];
  transformationID?: string;
  persistentDisposition?: PersistentDisposition;
  ilmd?: Record<string, unknown>;
};

/** @category EPCIS */
export type AssociationEvent = EpcisEventBase & {
  type: 'AssociationEvent';
  action: EpcisAction;
  parentID: string;
  childEPCs?: string[];
  childQuantityList?: QuantityElement[];
};

/**
 * Any of the five EPCIS 2.0 event types.
 * @category EPCIS
 */
export type EpcisEvent = ObjectEvent | AggregationEvent | TransactionEvent | TransformationEvent | AssociationEvent;

/**
 * An EPCIS 2.0 capture document.
 * @category EPCIS
 */
export interface EpcisDocument {
  '@context': JsonLdContext;
  type: 'EPCISDocument';
  schemaVersion: '2.0';
  creationDate: string;
  id?: string;
  instanceIdentifier?: string;
  sender?: string;
  receiver?: string;
  epcisHeader?: Record<string, unknown>;
  epcisBody: { eventList: EpcisEvent[] };
}
