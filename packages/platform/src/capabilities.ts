/** @module The list of capabilities the platform mounts, in order. Add one line per capability. */
import type { Capability } from './app.js';
import { coreRoutes } from './routes/core.js';
import { merchantRoutes } from './routes/merchants.js';
import { assetRoutes } from './routes/assets.js';
import { paymentRoutes } from './payments/index.js';
import { creditRoutes } from './routes/credit.js';
import { webhookRoutes } from './routes/webhooks.js';
import { fileRoutes } from './routes/files.js';
import { onboardingRoutes } from './routes/onboarding.js';
import { traceRoutes } from './routes/trace.js';
import { epcisRoutes } from './routes/epcis.js';

export const CAPABILITIES: Capability[] = [
  coreRoutes,
  merchantRoutes,
  assetRoutes,
  paymentRoutes,
  creditRoutes,
  webhookRoutes,
  fileRoutes,
  onboardingRoutes,
  traceRoutes,
  epcisRoutes,
];
