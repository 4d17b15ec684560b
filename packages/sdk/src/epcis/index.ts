/**
 * @module EPCIS 2.0 traceability events: typed builders, CBV 2.0 vocabularies with zh-CN/en labels,
 * EPC and Digital Link helpers, the CBV 2.0 Event Hash ID, JSON Schema validation and a durable
 * capture outbox.
 *
 * The builders, hash and outbox core do not load Ajv or any Node module. `validateEpcisDocument`
 * lives in its own module (compiled lazily on first use) and `fileOutboxStore` loads `node:fs`
 * only when it is first used, so browser bundles that do not call them leave them out.
 * @packageDocumentation
 */
export * from './vocab.js';
export * from './labels.js';
export * from './types.js';
export { EpcisError, isEpcisError, type EpcisErrorCode } from './errors.js';
export {
  GS1_DL_BASE,
  gs1CheckDigit,
  sgtinDigitalLink,
  lgtinClass,
  gtinClass,
  sglnDigitalLink,
  ssccDigitalLink,
  sgtinEpcUri,
} from './epc.js';
export { canonicalDigitalLink } from './normalise.js';
export { eventPreHashString, type EventHashOptions } from './prehash.js';
export { eventHashId, documentEventHashIds, type EventHashAlgorithm, type EventHashIdOptions } from './hash.js';
export {
  objectEvent,
  aggregationEvent,
  transactionEvent,
  transformationEvent,
  associationEvent,
  epcisDocument,
  EPCIS_CONTEXT,
  type EventInit,
  type EpcisDocumentOptions,
} from './builders.js';
export { validateEpcisDocument, type EpcisValidationIssue, type EpcisValidationResult } from './validate.js';
export {
  createOutbox,
  fileOutboxStore,
  type Outbox,
  type OutboxOptions,
  type OutboxRecord,
  type OutboxStore,
  type OutboxSendState,
  type FlushOptions,
} from './outbox.js';
export type { FileOutboxStoreOptions } from './outbox-file.js';
export { indexedDbOutboxStore } from './outbox-idb.js';
