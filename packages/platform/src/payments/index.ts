/** @module The payment-code capability (收款码): static codes, dynamic orders, live status, sandbox wallet. */
import type { Hono } from 'hono';
import type { AppEnv, Platform } from '../context.js';
import type { router } from '../route.js';
import { orderRoutes } from '../routes/orders.js';
import { paymentCodeRoutes } from '../routes/payment-codes.js';
import { walletRoutes } from '../routes/wallet.js';
import { paymentLimits } from './config.js';
import { startExpiryWorker } from './expiry.js';
import { sandboxNetwork, type PaymentNetwork } from './network.js';
import { Payments } from './service.js';
import { endAllStreams } from './sse.js';

export { Payments } from './service.js';
export type { PaymentNetwork, ChargeRequest, ChargeResult } from './network.js';

const instances = new WeakMap<Platform, Payments>();

/** The payment service of a running platform (tests, examples). */
export function paymentsOf(platform: Platform): Payments | undefined {
  return instances.get(platform);
}

/** Options of {@link createPaymentsCapability}. */
export interface PaymentsOptions {
  /** The network that moves money. @default the sandbox network */
  network?: PaymentNetwork;
}

/** Builds the capability; {@link paymentRoutes} is the default one with the sandbox network. */
export function createPaymentsCapability(options: PaymentsOptions = {}) {
  return function paymentRoutes(route: ReturnType<typeof router>, platform: Platform, _app: Hono<AppEnv>): void {
    const payments = new Payments(platform, options.network ?? sandboxNetwork(), paymentLimits());
    instances.set(platform, payments);
    paymentCodeRoutes(route, platform, payments);
    orderRoutes(route, platform, payments);
    walletRoutes(route, platform, payments);
    const stopWorker = startExpiryWorker(platform, payments);
    platform.onClose(async () => {
      endAllStreams(payments);
      await stopWorker();
    });
  };
}

/** Static codes, orders, live status and the sandbox wallet, on the sandbox network. */
export const paymentRoutes = createPaymentsCapability();
