/**
 * Typed client for the Mashang platform API.
 *
 * Offline codecs live in their own entry points so they tree-shake:
 * `@mashang/sdk/uscc`, `@mashang/sdk/emvqr`, `@mashang/sdk/digital-link`,
 * `@mashang/sdk/credential`, `@mashang/sdk/epcis`.
 * @packageDocumentation
 */
export { Mashang, VERSION, type MashangOptions } from './client.js';
export type { Hooks, BeforeRequestState, AfterResponseState, RequestOptions } from './transport.js';
export { Merchants } from './resources/merchants.js';
export { PaymentCodes } from './resources/payment-codes.js';
export { Orders, OrderNotPaidError, type WatchOptions } from './resources/orders.js';
export { CreditCodes, CreditRatings } from './resources/credit-codes.js';
export { WebhookEndpoints, Events } from './resources/webhook-endpoints.js';
export { Applications } from './resources/applications.js';
export { Files, type FileCreateParams } from './resources/files.js';
export { OnboardingSessions } from './resources/onboarding-sessions.js';
export { Products } from './resources/products.js';
export { Batches } from './resources/batches.js';
export { Jobs, type JobDownloadOptions } from './resources/jobs.js';
export { Trace } from './resources/trace.js';
export { Epcis, EpcisCaptureFailedError, captureSender, type EpcisEventsParams, type EpcisEventPage, type EpcisCaptureOptions } from './resources/epcis.js';
export { bizStepLabel, dispositionLabel, type EpcisLabelLocale } from './epcis/labels.js';
export * from './errors/index.js';
export { webhooks, WebhookSignatureError, type WebhookSignatureErrorCode, type VerifyOptions as WebhookVerifyOptions, type GenerateTestHeaderOptions } from './webhooks/index.js';
export * from './schemas/index.js';
