/** @module The zod/mini schemas of the platform API; the server validates with the same ones. */
export * from './common.js';
export * from './merchant.js';
export * from './key.js';
export * from './onboarding.js';
export * from './credit.js';
export * from './payments.js';
export * from './trace.js';
export * from './epcis.js';
export * from './webhooks.js';
