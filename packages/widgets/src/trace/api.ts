/**
 * @module The two platform calls `<mashang-trace>` makes, with plain `fetch` so the element
 * stays small, and checks of every answer.
 */
import type { PinVerification, TraceRecord } from '@mashang/sdk';

/** Why a call failed; `code` picks the localized message. */
export class TraceApiError extends Error {
  override name = 'TraceApiError';
  readonly code: 'invalid_uri' | 'network' | 'server' | 'invalid_answer' | 'rate_limited';
  readonly status: number | undefined;
  /** Seconds to wait, for `rate_limited`. */
  readonly retryAfter: number | undefined;

  constructor(code: TraceApiError['code'], message: string, options: { status?: number; retryAfter?: number } = {}) {
    super(message);
    this.code = code;
    this.status = options.status;
    this.retryAfter = options.retryAfter;
  }
}

const STATUSES = new Set(['genuine', 'unknown_code', 'recalled', 'expired']);
const LEVELS = new Set(['product', 'batch', 'item']);

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

/** The fields of a trace record this element relies on, checked. */
export function asTraceRecord(value: unknown): TraceRecord {
  const ok =
    isRecord(value) &&
    value['object'] === 'trace_record' &&
    typeof value['uri'] === 'string' &&
    STATUSES.has(value['status'] as string) &&
    LEVELS.has(value['level'] as string) &&
    Array.isArray(value['anomalies']) &&
    Array.isArray(value['journey']) &&
    (value['product'] === null || (isRecord(value['product']) && typeof value['product']['name'] === 'string' && Array.isArray(value['product']['images'])));
  if (!ok) throw new TraceApiError('invalid_answer', 'The platform answered with something that is not a trace record.');
  return value as unknown as TraceRecord;
}

function asVerification(value: unknown): PinVerification {
  if (!isRecord(value) || value['object'] !== 'pin_verification' || typeof value['valid'] !== 'boolean') {
    throw new TraceApiError('invalid_answer', 'The platform answered with something that is not a PIN verification.');
  }
  return value as unknown as PinVerification;
}

/**
 * Where to ask about `uri`: the platform at `platformUrl` (default: the code's own host, which
 * is the platform for codes it issued), at the path from the primary key on.
 */
export function recordUrl(uri: string, platformUrl: string | undefined): URL {
  let code: URL;
  try {
    code = new URL(uri);
  } catch {
    throw new TraceApiError('invalid_uri', `'${uri}' is not a URL`);
  }
  if (code.protocol !== 'https:' && code.protocol !== 'http:') throw new TraceApiError('invalid_uri', `'${uri}' is not an http(s) URL`);
  const key = code.pathname.search(/\/01\/[0-9]+(\/|$)/);
  if (key === -1) throw new TraceApiError('invalid_uri', `'${uri}' has no /01/<GTIN> part`);
  const base = platformUrl ? new URL(platformUrl) : code;
  return new URL(`${code.pathname.slice(key)}${code.search}`, base.origin);
}

async function send(url: URL | string, init: RequestInit): Promise<unknown> {
  let response: Response;
  try {
    response = await fetch(url, { ...init, cache: 'no-store', credentials: 'omit' });
  } catch (error) {
    if ((error as Error).name === 'AbortError') throw error;
    throw new TraceApiError('network', (error as Error).message);
  }
  const text = await response.text();
  let body: unknown;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    body = undefined;
  }
  if (response.ok) return body;
  const error = isRecord(body) && isRecord(body['error']) ? body['error'] : {};
  const message = typeof error['message'] === 'string' ? error['message'] : `HTTP ${response.status}`;
  if (response.status === 400) throw new TraceApiError('invalid_uri', message, { status: 400 });
  if (response.status === 429) {
    throw new TraceApiError('rate_limited', message, { status: 429, retryAfter: Number(response.headers.get('retry-after')) || 60 });
  }
  throw new TraceApiError('server', message, { status: response.status });
}

/** The public record of a code (reading it does not count as a scan). */
export async function fetchRecord(uri: string, platformUrl: string | undefined, signal?: AbortSignal): Promise<TraceRecord> {
  const body = await send(recordUrl(uri, platformUrl), { headers: { accept: 'application/json' }, ...(signal ? { signal } : {}) });
  return asTraceRecord(body);
}

/** Checks a scratch-off PIN. */
export async function verifyPin(uri: string, pin: string, platformUrl: string | undefined): Promise<PinVerification> {
  const origin = recordUrl(uri, platformUrl).origin;
  const body = await send(`${origin}/v1/trace/verify`, {
    method: 'POST',
    headers: { accept: 'application/json', 'content-type': 'application/json', 'idempotency-key': crypto.randomUUID() },
    body: JSON.stringify({ uri, pin }),
  });
  return asVerification(body);
}
