/**
 * @module The few platform calls `<mashang-payment-code>` makes, with plain `fetch` so the
 * element stays small (no HTTP client, no schema library), and checks of every answer.
 */
import type { Order, PaymentCode } from '@mashang/sdk';

/** Why a call failed; `code` picks the localized message. */
export class WidgetApiError extends Error {
  override name = 'WidgetApiError';
  readonly code: 'not_found' | 'unauthorized' | 'network' | 'server' | 'invalid_answer' | 'conflict';
  readonly status: number | undefined;

  constructor(code: WidgetApiError['code'], message: string, status?: number) {
    super(message);
    this.code = code;
    this.status = status;
  }
}

const ORDER_STATUSES = new Set(['pending', 'paid', 'expired', 'cancelled']);

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

function isPayload(value: unknown): value is { url: string; emv: string } {
  return isRecord(value) && typeof value['url'] === 'string' && typeof value['emv'] === 'string';
}

function isTime(value: unknown): value is string {
  return typeof value === 'string' && !Number.isNaN(Date.parse(value));
}

/** The fields of an order this element relies on, checked; throws `invalid_answer` otherwise. */
export function asOrder(value: unknown): Order {
  const ok =
    isRecord(value) &&
    value['object'] === 'order' &&
    typeof value['id'] === 'string' &&
    typeof value['merchant_name'] === 'string' &&
    ORDER_STATUSES.has(value['status'] as string) &&
    Number.isSafeInteger(value['amount']) &&
    value['currency'] === 'CNY' &&
    isTime(value['expires_at']) &&
    (value['payload'] === null || isPayload(value['payload']));
  if (!ok) throw new WidgetApiError('invalid_answer', 'The platform answered with something that is not an order.');
  return value as unknown as Order;
}

/** The fields of a payment code this element relies on, checked. */
export function asPaymentCode(value: unknown): PaymentCode {
  const ok =
    isRecord(value) &&
    value['object'] === 'payment_code' &&
    typeof value['id'] === 'string' &&
    typeof value['merchant_name'] === 'string' &&
    (value['status'] === 'active' || value['status'] === 'disabled') &&
    Number.isSafeInteger(value['daily_limit_per_payer']) &&
    isPayload(value['payload']);
  if (!ok) throw new WidgetApiError('invalid_answer', 'The platform answered with something that is not a payment code.');
  return value as unknown as PaymentCode;
}

/**
 * Sends one request with a publishable key or client secret (or, without a key, to the host
 * page's own server with its cookies); parses JSON; maps failures.
 */
export async function call(url: string, key: string | undefined, init: { method?: 'GET' | 'POST'; body?: unknown; signal?: AbortSignal } = {}): Promise<unknown> {
  let response: Response;
  try {
    response = await fetch(url, {
      method: init.method ?? 'GET',
      credentials: key ? 'omit' : 'same-origin',
      headers: {
        ...(key ? { authorization: `Bearer ${key}` } : {}),
        accept: 'application/json',
        ...(init.body !== undefined ? { 'content-type': 'application/json', 'idempotency-key': crypto.randomUUID() } : {}),
      },
      ...(init.body !== undefined ? { body: JSON.stringify(init.body) } : {}),
      cache: 'no-store',
      ...(init.signal ? { signal: init.signal } : {}),
    });
  } catch (error) {
    if ((error as Error).name === 'AbortError') throw error;
    throw new WidgetApiError('network', (error as Error).message);
  }
  const body: unknown = await response.json().catch(() => undefined);
  if (response.ok) return body;
  const message = isRecord(body) && isRecord(body['error']) && typeof body['error']['message'] === 'string' ? body['error']['message'] : `HTTP ${response.status}`;
  const status = response.status;
  if (status === 404) throw new WidgetApiError('not_found', message, status);
  if (status === 401 || status === 403) throw new WidgetApiError('unauthorized', message, status);
  if (status === 409) throw new WidgetApiError('conflict', message, status);
  throw new WidgetApiError('server', message, status);
}

/** What the host's `order-url` answers: at least the new order's client secret. */
export function asHostOrder(value: unknown): { clientSecret: string; orderId: string; platformUrl: string | undefined } {
  const secret = isRecord(value) && typeof value['client_secret'] === 'string' ? value['client_secret'].trim() : '';
  const orderId = orderIdOf(secret);
  if (!orderId) throw new WidgetApiError('invalid_answer', 'The order-url answer has no order client_secret.');
  const platformUrl = isRecord(value) && typeof value['platform_url'] === 'string' ? value['platform_url'] : undefined;
  return { clientSecret: secret, orderId, platformUrl };
}

/** The order id a client secret belongs to (`ord_…_secret_…`). */
export function orderIdOf(clientSecret: string): string | undefined {
  return /^(ord_[0-9A-Z]{26})_secret_[0-9A-Za-z]+$/.exec(clientSecret)?.[1];
}
