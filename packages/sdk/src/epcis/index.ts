/** @module epcis — EPCIS 2.0 events: builders, CBV 2.0 vocabularies, EPC helpers, event hash ID, validation, capture outbox. */

// The builders, hash and outbox core load neither Ajv nor Node modules. validateEpcisDocument
// sits in its own module (its schema is compiled on first use) so bundles that never call it
// drop it, and fileOutboxStore loads its node:fs implementation only when first used.
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
