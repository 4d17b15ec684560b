/** @module The `Mashang` client. */
import { ConfigurationError } from './errors/transport-errors.js';
import { isBrowserPage } from './internal/env.js';
import { Transport, type Hooks } from './transport.js';
import { Merchants } from './resources/merchants.js';
import { PaymentCodes } from './resources/payment-codes.js';
import { Orders } from './resources/orders.js';
import { CreditCodes, CreditRatings } from './resources/credit-codes.js';
import { Events, WebhookEndpoints } from './resources/webhook-endpoints.js';
import { Applications } from './resources/applications.js';
import { Files } from './resources/files.js';
import { OnboardingSessions } from './resources/onboarding-sessions.js';
import { Products } from './resources/products.js';
import { Batches } from './resources/batches.js';
import { Jobs } from './resources/jobs.js';
import { Trace } from './resources/trace.js';
import { Epcis } from './resources/epcis.js';
import { Health } from './schemas/key.js';
import type { RequestOptions } from './transport.js';

/** Options of {@link Mashang}. @category Client */
export interface MashangOptions {
  /**
   * `sk_…` (server), `pk_…` (browser, public reads) or a client secret.
   * @example 'sk_4fX…'
   */
  apiKey?: string;
  /**
   * Platform origin.
   * @default 'http://127.0.0.1:8080'
   */
  baseUrl?: string;
  /**
   * Per-attempt timeout in milliseconds.
   * @default 30000
   */
  timeout?: number;
  /**
   * Retries for network errors, 408, idempotency-lock 409, 429 and 5xx, with exponential backoff and jitter.
   * @default 2
   */
  maxRetries?: number;
  /** A `fetch` implementation, e.g. to add a proxy or to test. @default globalThis.fetch */
  fetch?: typeof globalThis.fetch;
  /** Request/answer observers. */
  hooks?: Hooks;
  /**
   * Allow a secret key in a web page. Anyone who opens the page can read it, so this is
   * only for local experiments.
   * @default false
   */
  dangerouslyAllowBrowser?: boolean;
  /** Act for this merchant (sends `Mashang-Merchant`). Prefer {@link Mashang.forMerchant}. */
  merchant?: string;
}

/** The SDK's version, sent in `User-Agent` where the runtime allows it. */
export const VERSION = '0.1.0';

/**
 * Client for the Mashang platform API.
 *
 * @example
 * import { Mashang } from '@mashang/sdk';
 * const client = new Mashang({ apiKey: process.env.MASHANG_SECRET_KEY, baseUrl: 'http://127.0.0.1:8080' });
 * const merchant = await client.merchants.create({ name: '湖州老王面馆' });
 * @category Client
 */
export class Mashang {
  /** Merchants under your ISV account. */
  readonly merchants: Merchants;
  /** Static payment codes (静态收款码) of the merchant you act for. */
  readonly paymentCodes: PaymentCodes;
  /** Dynamic orders (动态收款码) and their live status. */
  readonly orders: Orders;
  /** Signed credit codes (信用码) of the merchant. */
  readonly creditCodes: CreditCodes;
  /** Merchants' credit grades and their history. */
  readonly creditRatings: CreditRatings;
  /** Where the platform sends events, with their delivery log. */
  readonly webhookEndpoints: WebhookEndpoints;
  /** Events that happened to your merchants. */
  readonly events: Events;
  /** Onboarding applications (入驻申请) and their review. */
  readonly applications: Applications;
  /** Onboarding documents. */
  readonly files: Files;
  /** Client secrets for `<mashang-onboarding>`. */
  readonly onboardingSessions: OnboardingSessions;
  /** Products (商品) by GTIN, for item codes (一物一码). */
  readonly products: Products;
  /** Batches (批次): lots, recalls, code issuance. */
  readonly batches: Batches;
  /** Code-issuance jobs and their downloads. */
  readonly jobs: Jobs;
  /** Public trace records, scratch-PIN checks and scan reports. */
  readonly trace: Trace;
  /** EPCIS 2.0 journey events: capture, capture jobs, queries. */
  readonly epcis: Epcis;
  /** @internal */
  readonly transport: Transport;
  readonly #options: MashangOptions;

  constructor(options: MashangOptions = {}) {
    const apiKey = options.apiKey;
    if (apiKey?.startsWith('sk_') && isBrowserPage() && !options.dangerouslyAllowBrowser) {
      throw new ConfigurationError(
        'A secret key (sk_…) was given to the SDK in a web page, where anyone can read it. ' +
          'Use a publishable key (pk_…) or a client secret minted by your server; ' +
          'pass `dangerouslyAllowBrowser: true` only for local experiments.',
      );
    }
    const maxRetries = options.maxRetries ?? 2;
    if (!Number.isInteger(maxRetries) || maxRetries < 0) {
      throw new ConfigurationError(`maxRetries must be a non-negative integer, got ${String(options.maxRetries)}`);
    }
    this.#options = options;
    this.transport = new Transport({
      apiKey,
      baseUrl: options.baseUrl ?? 'http://127.0.0.1:8080',
      timeout: options.timeout ?? 30_000,
      maxRetries,
      fetch: options.fetch,
      hooks: options.hooks ?? {},
      merchant: options.merchant,
      userAgent: `mashang-sdk/${VERSION}`,
    });
    this.merchants = new Merchants(this.transport);
    this.paymentCodes = new PaymentCodes(this.transport);
    this.orders = new Orders(this.transport);
    this.creditCodes = new CreditCodes(this.transport);
    this.creditRatings = new CreditRatings(this.transport);
    this.webhookEndpoints = new WebhookEndpoints(this.transport);
    this.events = new Events(this.transport);
    this.applications = new Applications(this.transport);
    this.files = new Files(this.transport);
    this.onboardingSessions = new OnboardingSessions(this.transport);
    this.products = new Products(this.transport);
    this.batches = new Batches(this.transport);
    this.jobs = new Jobs(this.transport);
    this.trace = new Trace(this.transport);
    this.epcis = new Epcis(this.transport);
  }

  /**
   * A client that acts for one of your merchants (the `Mashang-Merchant` header),
   * sharing this client's key and options.
   * @example
   * const shop = client.forMerchant('mch_01HV…');
   */
  forMerchant(merchantId: string): Mashang {
    if (!/^mch_[0-9a-zA-Z]+$/.test(merchantId)) {
      throw new ConfigurationError(`forMerchant() needs a merchant id like 'mch_…', got '${merchantId}'`);
    }
    return new Mashang({ ...this.#options, merchant: merchantId });
  }

  /** `GET /healthz`: is the platform up, and on which storage. */
  health(options?: RequestOptions): Promise<Health> {
    return this.transport.request({ method: 'get', path: '/healthz', schema: Health, options });
  }
}
