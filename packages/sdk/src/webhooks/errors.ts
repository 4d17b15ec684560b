/** @module The error thrown when a webhook cannot be verified. */
import { MashangError } from '../errors/mashang-error.js';

/**
 * Why `webhooks.verify()` refused a webhook:
 * - `raw_body_required`: the body was given parsed (an object) instead of the raw string/bytes;
 * - `header_missing` / `header_malformed`: no usable `Mashang-Signature` header;
 * - `secret_missing`: no signing secret was given;
 * - `timestamp_outside_tolerance`: the signature is older (or newer) than the tolerance — a replay;
 * - `signature_mismatch`: no `v1` signature matches the body with the secret;
 * - `payload_invalid`: the signature is good but the body is not an event.
 * @category Webhooks
 */
export type WebhookSignatureErrorCode =
  | 'raw_body_required'
  | 'header_missing'
  | 'header_malformed'
  | 'secret_missing'
  | 'timestamp_outside_tolerance'
  | 'signature_mismatch'
  | 'payload_invalid';

/**
 * A webhook failed verification. Answer the request with 400 and do not act on it.
 * @category Webhooks
 */
export class WebhookSignatureError extends MashangError {
  override name = 'WebhookSignatureError';
  /** Stable reason code. */
  readonly code: WebhookSignatureErrorCode;

  constructor(code: WebhookSignatureErrorCode, message: string) {
    super(message);
    this.code = code;
  }
}
