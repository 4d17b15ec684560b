/**
 * @module Live order status for `<mashang-payment-code>`: Server-Sent Events, and polling that
 * backs off when events cannot get through (a proxy that buffers, a web-view without
 * `EventSource`, repeated connection failures).
 */
import type { Order } from '@mashang/sdk';
import { asOrder } from './api.js';

/** Options of {@link LiveStatus}. */
export interface LiveStatusOptions {
  /** `…/v1/orders/{id}/events?client_secret=…` (EventSource cannot send headers). */
  eventsUrl: string;
  /** Reads the order once (polling). */
  poll: () => Promise<Order>;
  /** Every state seen, in order; the watcher stops itself after a final one. */
  onOrder: (order: Order) => void;
  /** A poll failed; polling goes on, slower. */
  onError: (error: unknown) => void;
  /** First poll delay, ms. @default 1000 */
  pollMin?: number;
  /** Longest poll delay, ms. @default 15000 */
  pollMax?: number;
}

/** How a {@link LiveStatus} is getting updates right now. */
export type LiveMode = 'idle' | 'events' | 'polling';

const SSE_FAILURES_BEFORE_POLLING = 3;

/** Follows one order until it is paid, expired or cancelled, or until {@link LiveStatus.stop}. */
export class LiveStatus {
  mode: LiveMode = 'idle';
  readonly #options: LiveStatusOptions;
  #source: EventSource | undefined;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #failures = 0;
  #delay: number;
  #last = '';
  #stopped = false;
  readonly #online = () => this.#connect();

  constructor(options: LiveStatusOptions) {
    this.#options = options;
    this.#delay = options.pollMin ?? 1_000;
  }

  start(): void {
    this.#stopped = false;
    globalThis.addEventListener?.('online', this.#online);
    this.#connect();
  }

  stop(): void {
    this.#stopped = true;
    globalThis.removeEventListener?.('online', this.#online);
    this.#closeSource();
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = undefined;
    this.mode = 'idle';
  }

  /** Checks now (e.g. when the countdown reaches zero), without waiting for the next poll. */
  async check(): Promise<void> {
    try {
      this.#deliver(await this.#options.poll());
    } catch (error) {
      this.#options.onError(error);
    }
  }

  #connect(): void {
    if (this.#stopped) return;
    if (typeof EventSource === 'undefined') return this.#startPolling();
    this.#closeSource();
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#failures = 0;
    this.mode = 'events';
    const source = new EventSource(this.#options.eventsUrl);
    this.#source = source;
    source.addEventListener('order', (event) => {
      this.#failures = 0;
      try {
        this.#deliver(asOrder(JSON.parse((event as MessageEvent<string>).data)));
      } catch (error) {
        this.#options.onError(error);
      }
    });
    source.onerror = () => {
      if (this.#stopped || source !== this.#source) return;
      // CLOSED: the server refused the stream (401/404, not text/event-stream); CONNECTING: a drop,
      // which EventSource retries by itself, up to a point.
      this.#failures++;
      if (source.readyState === EventSource.CLOSED || this.#failures >= SSE_FAILURES_BEFORE_POLLING) this.#startPolling();
    };
  }

  #startPolling(): void {
    this.#closeSource();
    if (this.#stopped) return;
    this.mode = 'polling';
    this.#schedule();
  }

  #schedule(): void {
    if (this.#stopped) return;
    this.#timer = setTimeout(async () => {
      const before = this.#last;
      await this.check();
      // Back off while nothing changes (or the platform cannot be reached); start over on change.
      const max = this.#options.pollMax ?? 15_000;
      this.#delay = this.#last !== before ? (this.#options.pollMin ?? 1_000) : Math.min(max, this.#delay * 2);
      if (this.mode === 'polling') this.#schedule();
    }, this.#delay);
  }

  /** Current poll delay, ms (for tests and diagnostics). */
  get pollDelay(): number {
    return this.#delay;
  }

  #deliver(order: Order): void {
    if (this.#stopped) return;
    const key = `${order.status}|${order.updated}|${order.expires_at}`;
    if (key === this.#last) return;
    this.#last = key;
    this.#options.onOrder(order);
    if (order.status !== 'pending') this.stop();
  }

  #closeSource(): void {
    if (!this.#source) return;
    this.#source.onerror = null;
    this.#source.close();
    this.#source = undefined;
  }
}
