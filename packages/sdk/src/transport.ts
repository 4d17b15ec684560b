/** @module HTTP transport on ky: auth, idempotency keys, retries, timeouts and error mapping. */
import ky, { HTTPError, TimeoutError as KyTimeoutError, type KyInstance } from 'ky';
import type * as z from 'zod/mini';
import { errorFromResponse } from './errors/from-response.js';
import { ConnectionError, TimeoutError } from './errors/transport-errors.js';
import { isMashangError } from './errors/mashang-error.js';
import { randomKey } from './internal/env.js';
import { parseWith } from './internal/parse.js';

/** State passed to {@link Hooks.beforeRequest}. @category Client */
export interface BeforeRequestState {
  request: Request;
  /** 0 for the first attempt, then 1, 2, … */
  retryCount: number;
}

/** State passed to {@link Hooks.afterResponse}. @category Client */
export interface AfterResponseState {
  request: Request;
  response: Response;
  retryCount: number;
}

/**
 * Observe requests and answers, e.g. for logging or metrics. Each hook takes one state
 * object, so new fields never break existing hooks.
 * @category Client
 */
export interface Hooks {
  beforeRequest?: ((state: BeforeRequestState) => void | Promise<void>)[];
  afterResponse?: ((state: AfterResponseState) => void | Promise<void>)[];
}

/** Per-request options accepted by every resource method. @category Client */
export interface RequestOptions {
  /** Cancels the request (and its retries). */
  signal?: AbortSignal;
  /** Per-attempt timeout in ms; overrides the client's. */
  timeout?: number;
  /** Override the automatic `Idempotency-Key` of a POST, e.g. to tie it to your own order id. */
  idempotencyKey?: string;
  /** Override the client's retry limit for this call. */
  maxRetries?: number;
}

/** @internal */
export interface TransportOptions {
  apiKey: string | undefined;
  baseUrl: string;
  timeout: number;
  maxRetries: number;
  fetch: typeof globalThis.fetch | undefined;
  hooks: Hooks;
  merchant: string | undefined;
  userAgent: string;
}

/** @internal */
export interface Call<S extends z.ZodMiniType> {
  method: 'get' | 'post' | 'patch' | 'delete';
  path: string;
  schema: S;
  body?: unknown;
  query?: Record<string, string | number | boolean | undefined>;
  options?: RequestOptions | undefined;
}

const RETRY_STATUSES = [408, 409, 429, 500, 502, 503, 504];

/**
 * Sends requests for the client. One instance per `Mashang` client (and per `forMerchant`).
 * @internal
 */
export class Transport {
  readonly options: TransportOptions;
  readonly #ky: KyInstance;

  constructor(options: TransportOptions) {
    this.options = options;
    const hooks = options.hooks;
    this.#ky = ky.create({
      baseUrl: options.baseUrl.replace(/\/?$/, '/'),
      timeout: options.timeout,
      ...(options.fetch ? { fetch: options.fetch } : {}),
      retry: {
        limit: options.maxRetries,
        methods: ['get', 'post', 'patch', 'delete', 'put'],
        statusCodes: RETRY_STATUSES,
        afterStatusCodes: [429, 503],
        backoffLimit: 8_000,
        retryOnTimeout: true,
        jitter: true,
        shouldRetry: ({ error }) => {
          if (error instanceof HTTPError && error.response.status === 409) {
            // Only a concurrent use of the same idempotency key is worth retrying;
            // other conflicts (a key reused with another body, a state conflict) are final.
            return error.response.headers.get('mashang-should-retry') === 'true';
          }
          return undefined;
        },
      },
      hooks: {
        beforeRequest: [
          async ({ request, retryCount }) => {
            for (const hook of hooks.beforeRequest ?? []) await hook({ request, retryCount });
          },
        ],
        // ky runs beforeRequest for the first attempt only; retries are announced here.
        beforeRetry: [
          async ({ request, retryCount }) => {
            for (const hook of hooks.beforeRequest ?? []) await hook({ request, retryCount });
          },
        ],
        afterResponse: [
          async ({ request, response, retryCount }) => {
            for (const hook of hooks.afterResponse ?? []) await hook({ request, response, retryCount });
          },
        ],
      },
    });
  }

  /** Sends one call and parses the answer with its schema. */
  async request<S extends z.ZodMiniType>(call: Call<S>): Promise<z.infer<S>> {
    const { options } = this;
    const headers: Record<string, string> = { accept: 'application/json' };
    if (options.apiKey) headers['authorization'] = `Bearer ${options.apiKey}`;
    if (options.merchant) headers['mashang-merchant'] = options.merchant;
    if (call.method === 'post') headers['idempotency-key'] = call.options?.idempotencyKey ?? randomKey();
    const searchParams: Record<string, string> = {};
    for (const [k, v] of Object.entries(call.query ?? {})) if (v !== undefined) searchParams[k] = String(v);
    try {
      const response = await this.#ky(call.path.replace(/^\//, ''), {
        method: call.method,
        headers,
        searchParams,
        ...(call.body !== undefined ? { json: call.body } : {}),
        ...(call.options?.signal ? { signal: call.options.signal } : {}),
        ...(call.options?.timeout !== undefined ? { timeout: call.options.timeout } : {}),
        ...(call.options?.maxRetries !== undefined ? { retry: { limit: call.options.maxRetries } } : {}),
      });
      const json: unknown = await response.json();
      return parseWith(call.schema, json, `Unexpected answer from ${call.method.toUpperCase()} ${call.path}`);
    } catch (error) {
      throw toMashangError(error, call);
    }
  }
}

function toMashangError(error: unknown, call: Call<z.ZodMiniType>): unknown {
  if (isMashangError(error)) return error;
  if (error instanceof HTTPError) return errorFromResponse(error.response.status, error.data, error.response.headers);
  if (error instanceof KyTimeoutError) {
    return new TimeoutError(`${call.method.toUpperCase()} ${call.path} got no answer in time; raise \`timeout\` or check the platform`, { cause: error });
  }
  if (error instanceof Error && error.name === 'AbortError') return error;
  return new ConnectionError(
    `Could not reach the platform for ${call.method.toUpperCase()} ${call.path}: ${error instanceof Error ? error.message : String(error)}`,
    { cause: error },
  );
}
