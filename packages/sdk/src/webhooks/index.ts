/**
 * @module Verifying webhooks from the platform, and generating test headers for your own tests.
 *
 * Verification needs the **raw** request body, exactly as received: a parsed-and-reserialised
 * object has different bytes and will not match.
 */
import { Event } from '../schemas/webhooks.js';
import { WebhookSignatureError } from './errors.js';
import { computeSignature, constantTimeEqual, parseSignatureHeader, signatureHeader } from './signature.js';

export { WebhookSignatureError, type WebhookSignatureErrorCode } from './errors.js';
export { computeSignature, signatureHeader } from './signature.js';

/** Options of `webhooks.verify()`. @category Webhooks */
export interface VerifyOptions {
  /**
   * Largest accepted difference between the signature's timestamp and now, in seconds.
   * Older signatures are refused as replays.
   * @default 300
   */
  tolerance?: number;
  /** The current time in Unix seconds, for tests. @default Math.floor(Date.now() / 1000) */
  now?: number;
}

/** Options of `webhooks.generateTestHeader()`. @category Webhooks */
export interface GenerateTestHeaderOptions {
  /** The raw body you will send (a JSON string of an event). */
  payload: string | Uint8Array;
  /** The endpoint's signing secret (`whsec_…`). */
  secret: string;
  /** Unix seconds. @default now */
  timestamp?: number;
}

const DEFAULT_TOLERANCE = 300;

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? `a parsed object (${Object.prototype.toString.call(value)})` : typeof value;
}

/**
 * Checks a webhook's `Mashang-Signature` against its raw body and returns the event.
 *
 * @param rawBody - the body exactly as received: a string, or the bytes (`Buffer`, `Uint8Array`)
 * @param header - the `Mashang-Signature` header value
 * @param secret - the endpoint's signing secret; during your own rotation you may pass several
 * @throws {@link WebhookSignatureError} when anything does not check out
 * @example
 * // Hono
 * app.post('/webhooks', async (c) => {
 *   const event = await webhooks.verify(await c.req.text(), c.req.header('mashang-signature'), process.env.MASHANG_WEBHOOK_SECRET!);
 *   if (await alreadyHandled(event.id)) return c.body(null, 200); // deliveries are at-least-once
 *   …
 * });
 * @category Webhooks
 */
export async function verify(
  rawBody: string | Uint8Array,
  header: string | null | undefined,
  secret: string | readonly string[],
  options: VerifyOptions = {},
): Promise<Event> {
  if (typeof rawBody !== 'string' && !(rawBody instanceof Uint8Array)) {
    throw new WebhookSignatureError(
      'raw_body_required',
      `webhooks.verify() needs the raw request body (a string or bytes), but got ${describe(rawBody)}. ` +
        'Read the body before any JSON parser touches it, e.g. `await c.req.text()` in Hono, ' +
        "`express.raw({ type: 'application/json' })` in Express, or `await request.text()` with fetch.",
    );
  }
  if (header === undefined || header === null || header.trim() === '') {
    throw new WebhookSignatureError('header_missing', 'No Mashang-Signature header: this request did not come from the platform (or a proxy dropped the header).');
  }
  const secrets = (typeof secret === 'string' ? [secret] : [...secret]).filter((s) => typeof s === 'string' && s !== '');
  if (secrets.length === 0) {
    throw new WebhookSignatureError('secret_missing', "No signing secret given: pass the endpoint's secret (whsec_…) shown when you created it.");
  }
  const parsed = parseSignatureHeader(header);
  if (!parsed) {
    throw new WebhookSignatureError('header_malformed', "Mashang-Signature must look like 't=<unix seconds>,v1=<64 hex characters>'.");
  }
  const tolerance = options.tolerance ?? DEFAULT_TOLERANCE;
  const now = options.now ?? Math.floor(Date.now() / 1000);
  if (Math.abs(now - parsed.timestamp) > tolerance) {
    throw new WebhookSignatureError(
      'timestamp_outside_tolerance',
      `The signature's timestamp (${parsed.timestamp}) is ${Math.abs(now - parsed.timestamp)} s from now, beyond the ${tolerance} s tolerance: ` +
        'a replayed or delayed request. Check your server clock if this happens for fresh deliveries.',
    );
  }
  let matched = false;
  for (const s of secrets) {
    const expected = await computeSignature(rawBody, s, parsed.timestamp);
    // Compare with every signature so timing does not reveal which one matched.
    for (const candidate of parsed.signatures) if (constantTimeEqual(expected, candidate)) matched = true;
  }
  if (!matched) {
    throw new WebhookSignatureError(
      'signature_mismatch',
      'No v1 signature matches this body and secret. Use the raw body exactly as received and the secret of this endpoint.',
    );
  }
  let json: unknown;
  try {
    json = JSON.parse(typeof rawBody === 'string' ? rawBody : new TextDecoder().decode(rawBody));
  } catch {
    throw new WebhookSignatureError('payload_invalid', 'The signed body is not JSON.');
  }
  const event = Event.safeParse(json);
  if (!event.success) throw new WebhookSignatureError('payload_invalid', 'The signed body is not a Mashang event ({ id, object: "event", type, created, data }).');
  return event.data;
}

/**
 * A valid `Mashang-Signature` for `payload`, to test your webhook handler without the platform.
 * @example
 * const payload = JSON.stringify({ id: 'evt_test', object: 'event', type: 'merchant.activated', created: new Date().toISOString(), merchant_id: null, data: {} });
 * const header = await webhooks.generateTestHeader({ payload, secret: 'whsec_test' });
 * @category Webhooks
 */
export function generateTestHeader(options: GenerateTestHeaderOptions): Promise<string> {
  return signatureHeader(options.payload, [options.secret], options.timestamp ?? Math.floor(Date.now() / 1000));
}

/**
 * `webhooks.verify()` and `webhooks.generateTestHeader()` (plus the signing primitives) as one namespace.
 * @category Webhooks
 */
export const webhooks = { verify, generateTestHeader, computeSignature, signatureHeader } as const;
