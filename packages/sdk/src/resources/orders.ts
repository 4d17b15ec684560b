/** @module Orders: dynamic payment codes (动态收款码) and their live status. */
import type { Transport, RequestOptions } from '../transport.js';
import { ListOf, type Page } from '../schemas/common.js';
import { Order, OrderCreateParams, OrderExtendParams, OrderListParams } from '../schemas/payments.js';
import { parseWith } from '../internal/parse.js';
import { paginate } from '../internal/paginate.js';
import { MashangError } from '../errors/mashang-error.js';
import { isApiError } from '../errors/api-error.js';
import { errorFromResponse } from '../errors/from-response.js';

const OrderList = ListOf(Order);

/**
 * Thrown by {@link Orders.waitForPaid} when the order ended without being paid.
 * @category Errors
 */
export class OrderNotPaidError extends MashangError {
  override name = 'OrderNotPaidError';
  /** `order_expired` or `order_cancelled`. */
  readonly code: 'order_expired' | 'order_cancelled';
  /** The order in its final state. */
  readonly order: Order;

  constructor(order: Order) {
    const expired = order.status === 'expired';
    super(
      expired
        ? `Order ${order.id} expired at ${order.expires_at} without being paid; create a new order for the customer.`
        : `Order ${order.id} was cancelled at ${order.cancelled_at ?? 'an unknown time'} without being paid.`,
    );
    this.code = expired ? 'order_expired' : 'order_cancelled';
    this.order = order;
  }
}

/** Options of {@link Orders.watch} and {@link Orders.waitForPaid}. @category Resources */
export interface WatchOptions {
  /** Stops watching; the call rejects with the signal's reason. */
  signal?: AbortSignal;
  /**
   * Poll interval in ms once Server-Sent Events have failed 3 times in a row (a proxy that
   * buffers streams, say). Retries back off from 500 ms up to this value.
   * @default 5000
   */
  pollInterval?: number;
}

/** One Server-Sent Event. */
interface SseEvent {
  event: string;
  data: string;
}

/** Splits a `text/event-stream` body into events (WHATWG HTML §9.2 parsing, minus `id`/`retry`). */
async function* sseEvents(body: ReadableStream<Uint8Array>): AsyncGenerator<SseEvent> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  let event = '';
  let data: string[] = [];
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      buffer += decoder.decode(value, { stream: true });
      let newline: RegExpExecArray | null;
      while ((newline = /\r\n|\r|\n/.exec(buffer))) {
        // A lone \r at the end may be the first half of \r\n: wait for more.
        if (newline[0] === '\r' && newline.index === buffer.length - 1) break;
        const line = buffer.slice(0, newline.index);
        buffer = buffer.slice(newline.index + newline[0].length);
        if (line === '') {
          if (data.length > 0) yield { event: event || 'message', data: data.join('\n') };
          event = '';
          data = [];
          continue;
        }
        if (line.startsWith(':')) continue;
        const colon = line.indexOf(':');
        const field = colon === -1 ? line : line.slice(0, colon);
        const value = colon === -1 ? '' : line.slice(colon + 1).replace(/^ /, '');
        if (field === 'event') event = value;
        else if (field === 'data') data.push(value);
      }
    }
  } finally {
    reader.releaseLock();
    await body.cancel().catch(() => {});
  }
}

function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal!.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** Errors that watching again will not fix: bad key, unknown order, no permission. */
function isFinal(error: unknown): boolean {
  return isApiError(error) && error.status >= 400 && error.status < 500 && error.status !== 408 && error.status !== 429;
}

/**
 * `client.orders` — dynamic orders: create one at the till with the amount, show its code,
 * and learn when it is paid.
 * @category Resources
 */
export class Orders {
  readonly #t: Transport;
  /** @internal */
  constructor(transport: Transport) {
    this.#t = transport;
  }

  /**
   * Creates a pending order. Show `payload.url` or `payload.emv` as a QR code, or hand
   * `id` + `client_secret` to `<mashang-payment-code>`.
   * @example
   * const order = await client.orders.create({ amount: 2600, currency: 'CNY', description: '两碗牛肉面', reference: 'T3-0042' });
   */
  async create(params: OrderCreateParams, options?: RequestOptions): Promise<Order> {
    const body = parseWith(OrderCreateParams, params, 'Invalid orders.create() params');
    return this.#t.request({ method: 'post', path: '/v1/orders', body, schema: Order, options });
  }

  /** Retrieves an order (with a secret key, or with the order's client secret). */
  retrieve(id: string, options?: RequestOptions): Promise<Order> {
    return this.#t.request({ method: 'get', path: `/v1/orders/${encodeURIComponent(id)}`, schema: Order, options });
  }

  /**
   * Lists orders, newest first, with filters.
   * @example
   * const paidToday = await client.orders.list({ status: 'paid', created_gte: '2026-11-22T00:00:00+08:00' });
   */
  async list(params: OrderListParams = {}, options?: RequestOptions): Promise<Page<Order>> {
    const query = parseWith(OrderListParams, params, 'Invalid orders.list() params');
    return this.#t.request({ method: 'get', path: '/v1/orders', query, schema: OrderList, options });
  }

  /** Iterates over every order matching the filters, fetching pages as needed. */
  all(params: Omit<OrderListParams, 'starting_after'>= {}, options?: RequestOptions): AsyncGenerator<Order> {
    return paginate((page) => this.list(page, options), params);
  }

  /** Cancels a pending order. A paid or expired order answers 409 `order_not_pending`. */
  cancel(id: string, options?: RequestOptions): Promise<Order> {
    return this.#t.request({ method: 'post', path: `/v1/orders/${encodeURIComponent(id)}/cancel`, body: {}, schema: Order, options });
  }

  /**
   * Gives a pending order more time: its expiry becomes `now + seconds` (default 300), at most
   * one hour after it was created. Works with the order's client secret too.
   * @example
   * await client.orders.extend(order.id, { seconds: 600 });
   */
  async extend(id: string, params: OrderExtendParams = {}, options?: RequestOptions): Promise<Order> {
    const body = parseWith(OrderExtendParams, params, 'Invalid orders.extend() params');
    return this.#t.request({ method: 'post', path: `/v1/orders/${encodeURIComponent(id)}/extend`, body, schema: Order, options });
  }

  /**
   * Follows an order: yields its state now and after every change, and returns after it is
   * paid, expired or cancelled. Uses Server-Sent Events (`GET /v1/orders/{id}/events`, over
   * `fetch`, in browsers and Node), reconnecting after drops; after 3 failed connections in a
   * row it polls instead, backing off up to `pollInterval`.
   * @example
   * for await (const order of client.orders.watch(id)) console.log(order.status);
   */
  async *watch(id: string, options: WatchOptions = {}): AsyncGenerator<Order> {
    const { signal } = options;
    const pollInterval = options.pollInterval ?? 5_000;
    let seen = '';
    let failures = 0;
    const fresh = (order: Order) => {
      const key = `${order.status}|${order.updated}|${order.last_payment_error?.at ?? ''}`;
      if (key === seen) return false;
      seen = key;
      return true;
    };
    for (;;) {
      signal?.throwIfAborted();
      try {
        if (failures < 3) {
          for await (const order of this.#stream(id, signal)) {
            failures = 0;
            if (fresh(order)) yield order;
            if (order.status !== 'pending') return;
          }
        } else {
          const order = await this.retrieve(id, signal ? { signal } : {});
          if (fresh(order)) yield order;
          if (order.status !== 'pending') return;
        }
      } catch (error) {
        if (signal?.aborted) throw signal.reason;
        if (isFinal(error)) throw error;
        failures++;
      }
      await sleep(Math.min(pollInterval, 500 * 2 ** Math.min(failures, 6)), signal);
    }
  }

  /**
   * Resolves with the order once it is paid; rejects with {@link OrderNotPaidError} when it
   * expires or is cancelled first, or with the signal's reason when aborted.
   * @example
   * const order = await client.orders.create({ amount: 1250, currency: 'CNY' });
   * showQr(order.payload!.url);
   * const paid = await client.orders.waitForPaid(order.id, { signal: AbortSignal.timeout(15 * 60_000) });
   */
  async waitForPaid(id: string, options: WatchOptions = {}): Promise<Order> {
    for await (const order of this.watch(id, options)) {
      if (order.status === 'paid') return order;
      if (order.status === 'expired' || order.status === 'cancelled') throw new OrderNotPaidError(order);
    }
    throw new MashangError(`Watching order ${id} ended without a final state.`);
  }

  /** One SSE connection: yields every `order` event until the stream ends. */
  async *#stream(id: string, signal: AbortSignal | undefined): AsyncGenerator<Order> {
    const { baseUrl, apiKey, merchant, fetch: customFetch } = this.#t.options;
    const url = `${baseUrl.replace(/\/$/, '')}/v1/orders/${encodeURIComponent(id)}/events`;
    const headers: Record<string, string> = { accept: 'text/event-stream' };
    if (apiKey) headers['authorization'] = `Bearer ${apiKey}`;
    if (merchant) headers['mashang-merchant'] = merchant;
    const init: RequestInit = { headers, cache: 'no-store', ...(signal ? { signal } : {}) };
    const response = await (customFetch ? customFetch(url, init) : fetch(url, init));
    if (!response.ok || !response.body) {
      const body: unknown = await response.json().catch(() => undefined);
      throw errorFromResponse(response.status, body, response.headers);
    }
    for await (const event of sseEvents(response.body)) {
      if (event.event !== 'order') continue;
      yield parseWith(Order, JSON.parse(event.data), `Unexpected order event for ${id}`);
    }
  }
}
