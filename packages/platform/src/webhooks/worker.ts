/** @module The delivery worker: publishes events on the bus and POSTs them to endpoints, with retries. */
import { webhooks } from '@mashang/sdk';
import type { Platform } from '../context.js';
import { dataCipher } from '../internal/crypto.js';
import { claimDueDeliveries, claimUnpublishedEvents, makeDeliveryDue, recordAttempt, signingSecrets, type ClaimedDelivery } from '../store/webhooks.js';
import { backoffMs, type WebhookSettings } from './settings.js';

const BATCH = 20;
const EXCERPT_CHARS = 500;
const USER_AGENT = 'Mashang-Webhooks/1.0 (+https://github.com/mashang/mashang/blob/main/docs/webhooks.md)';

/** Result of one HTTP attempt. */
export interface AttemptOutcome {
  ok: boolean;
  status: number | null;
  error: string | null;
}

/**
 * Drains due work whenever kicked and every `pollMs`. One drain runs at a time; a kick during a
 * drain schedules another, so nothing waits a whole poll interval after an emit.
 */
export class DeliveryWorker {
  readonly settings: WebhookSettings;
  readonly #platform: Platform;
  readonly #inflight = new AbortController();
  #timer: ReturnType<typeof setInterval> | undefined;
  #running: Promise<void> | undefined;
  #again = false;
  #stopped = false;

  constructor(platform: Platform, settings: WebhookSettings) {
    this.#platform = platform;
    this.settings = settings;
  }

  start(): void {
    this.#timer = setInterval(() => this.kick(), this.settings.pollMs);
    this.#timer.unref?.();
  }

  /** Looks for work now. */
  kick(): void {
    if (this.#stopped) return;
    if (this.#running) {
      this.#again = true;
      return;
    }
    this.#running = this.#drain().finally(() => {
      this.#running = undefined;
      if (this.#again) {
        this.#again = false;
        this.kick();
      }
    });
  }

  /** Waits until the current drain (if any) finished. Tests use it to settle. */
  async idle(): Promise<void> {
    while (this.#running) await this.#running;
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    if (this.#timer) clearInterval(this.#timer);
    this.#inflight.abort();
    await this.idle();
  }

  async #drain(): Promise<void> {
    try {
      for (;;) {
        const events = await claimUnpublishedEvents(this.#platform.db, BATCH);
        for (const event of events) await this.#platform.bus.emit(event.type, event as unknown as Record<string, unknown>);
        if (events.length < BATCH) break;
      }
      for (;;) {
        if (this.#stopped) return;
        const due = await claimDueDeliveries(this.#platform.db, BATCH, this.settings.timeoutMs + 30_000);
        await Promise.all(due.map((delivery) => this.#deliver(delivery, false)));
        if (due.length < BATCH) break;
      }
    } catch (error) {
      if (this.#stopped) return;
      this.#platform.log({ level: 'error', msg: 'webhook worker failed', error: error instanceof Error ? error.message : String(error) });
    }
  }

  /**
   * Sends one delivery immediately, whatever its status (manual redelivery). A failure does not
   * schedule automatic retries for a delivery that had already failed for good.
   */
  async redeliver(id: string, wasFailed: boolean): Promise<AttemptOutcome | undefined> {
    await makeDeliveryDue(this.#platform.db, id);
    const [delivery] = await claimDueDeliveries(this.#platform.db, 1, this.settings.timeoutMs + 30_000, id);
    if (!delivery) return undefined;
    return this.#deliver(delivery, wasFailed);
  }

  async #deliver(delivery: ClaimedDelivery, noRetry: boolean): Promise<AttemptOutcome> {
    const { platform, settings } = { platform: this.#platform, settings: this.settings };
    const body = JSON.stringify(delivery.event);
    const started = performance.now();
    let outcome: AttemptOutcome;
    let excerpt: string | null = null;
    try {
      const cipher = await dataCipher(platform, platform.config);
      const header = await webhooks.signatureHeader(body, signingSecrets(cipher, delivery.secrets), Math.floor(Date.now() / 1000));
      const response = await fetch(delivery.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json; charset=utf-8',
          'user-agent': USER_AGENT,
          'mashang-signature': header,
          'mashang-event-id': delivery.event.id,
          'mashang-event-type': delivery.event.type,
          'mashang-delivery-attempt': String(delivery.attempt),
        },
        body,
        redirect: 'manual',
        signal: AbortSignal.any([AbortSignal.timeout(settings.timeoutMs), this.#inflight.signal]),
      });
      excerpt = await readExcerpt(response);
      const ok = response.status >= 200 && response.status < 300;
      outcome = { ok, status: response.status, error: ok ? null : `receiver answered HTTP ${response.status}` };
    } catch (error) {
      outcome = { ok: false, status: null, error: describeFetchError(error, settings.timeoutMs) };
    }
    const durationMs = Math.round(performance.now() - started);
    const retry = !outcome.ok && !noRetry && delivery.attempt < settings.maxAttempts;
    const retryAt = retry ? new Date(Date.now() + backoffMs(settings, delivery.attempt)) : null;
    if (this.#stopped && outcome.status === null) return outcome; // shutting down: the lease makes it due again later
    await recordAttempt(platform.db, delivery, { ...outcome, durationMs, excerpt, retryAt });
    platform.log({
      level: outcome.ok ? 'info' : 'warn',
      msg: 'webhook delivery',
      delivery: delivery.id,
      event: delivery.event.id,
      type: delivery.event.type,
      endpoint: delivery.endpointId,
      attempt: delivery.attempt,
      status: outcome.status,
      ...(outcome.ok ? {} : { error: outcome.error, next_attempt: retryAt?.toISOString() ?? null }),
      ms: durationMs,
    });
    return outcome;
  }
}

async function readExcerpt(response: Response): Promise<string | null> {
  if (!response.body) return null;
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let text = '';
  try {
    while (text.length < EXCERPT_CHARS) {
      const { done, value } = await reader.read();
      if (done) break;
      text += decoder.decode(value, { stream: true });
    }
  } finally {
    await reader.cancel().catch(() => {});
  }
  return text ? text.slice(0, EXCERPT_CHARS) : null;
}

function describeFetchError(error: unknown, timeoutMs: number): string {
  if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')) return `no answer within ${timeoutMs} ms`;
  const cause = error instanceof Error && error.cause instanceof Error ? error.cause : undefined;
  const code = (cause as NodeJS.ErrnoException | undefined)?.code;
  if (code) return `could not connect (${code})`;
  return `could not connect (${error instanceof Error ? error.message : String(error)})`;
}
