/** @module Public trace lookups: the record behind a scanned code, scratch-PIN checks and scan reports. */
import type { Transport, RequestOptions } from '../transport.js';
import { parseDigitalLink } from '../digital-link/parse.js';
import { PinVerification, PinVerifyParams, ScanCreateParams, TraceRecord } from '../schemas/trace.js';
import { parseWith } from '../internal/parse.js';

/**
 * `client.trace` — what a consumer's scan shows. Needs no key: works with a publishable key or none.
 * @category Resources
 */
export class Trace {
  readonly #t: Transport;
  /** @internal */
  constructor(transport: Transport) {
    this.#t = transport;
  }

  /**
   * The public record of a code (product, batch, merchant, status, scan statistics, anomalies,
   * journey). Any host's Digital Link for a GTIN this platform knows resolves; reading does not
   * count as a consumer scan (use {@link Trace.recordScan} for that).
   * @throws {DigitalLinkError} before sending, when `uri` is not a GS1 Digital Link.
   * @example
   * const record = await client.trace.lookup('https://trace.example.cn/01/06901234567892/10/L1/21/2222225X4T9QK7MZ');
   * if (record.status === 'recalled') alert(record.batch?.recall?.reason);
   */
  lookup(uri: string, options?: RequestOptions): Promise<TraceRecord> {
    const dl = parseDigitalLink(uri, { permitZeroSuppressedGtin: true });
    const url = new URL(uri);
    const query: Record<string, string> = {};
    for (const [name, value] of url.searchParams) query[name] = value;
    // The platform resolves at its root: drop the host and any path stem before the key.
    const stem = new URL(dl.base).pathname.replace(/\/$/, '');
    return this.#t.request({ method: 'get', path: url.pathname.slice(stem.length), query, schema: TraceRecord, options });
  }

  /**
   * Checks a scratch-off PIN. Answers whether it is right and, if so, whether this is the code's
   * first check or how many there were and when the first was.
   * @example
   * const r = await client.trace.verifyPin({ uri, pin: '1234 5678 9012' });
   * if (r.valid && !r.first_verification) warn(`已验证 ${r.verification_count} 次，首次于 ${r.first_verified_at}`);
   */
  async verifyPin(params: PinVerifyParams, options?: RequestOptions): Promise<PinVerification> {
    const body = parseWith(PinVerifyParams, params, 'Invalid trace.verifyPin() params');
    return this.#t.request({ method: 'post', path: '/v1/trace/verify', body, schema: PinVerification, options });
  }

  /**
   * Reports a consumer scan from an app (optionally with the phone's WGS-84 position, stored
   * rounded to about 1 km) and answers the record after counting it.
   * @example
   * const record = await client.trace.recordScan({ uri, location: { lat: 30.89, lng: 120.09 } });
   */
  async recordScan(params: ScanCreateParams, options?: RequestOptions): Promise<TraceRecord> {
    const body = parseWith(ScanCreateParams, params, 'Invalid trace.recordScan() params');
    return this.#t.request({ method: 'post', path: '/v1/trace/scans', body, schema: TraceRecord, options });
  }
}
