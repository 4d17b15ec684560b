/**
 * @module The item-code capability (一物一码): products, batches, issuance jobs, the public PIN
 * check and scan report, and the GS1 resolver with its consumer page.
 */
import { PinVerification, PinVerifyParams, ScanCreateParams, TraceRecord } from '@mashang/sdk';
import { parseDigitalLink, isDigitalLinkError, type DigitalLink } from '@mashang/sdk/digital-link';
import type { Context, Hono } from 'hono';
import type { AppEnv, Platform } from '../context.js';
import { HttpError, invalid } from '../errors.js';
import { dataCipher } from '../internal/crypto.js';
import type { router } from '../route.js';
import { attemptPin, recordRetailSale, recordScan, PIN_MAX_FAILURES } from '../store/codes.js';
import { indexHasPin } from '../store/jobs.js';
import { MinuteLimiter } from '../trace/limiter.js';
import { buildRecord } from '../trace/record.js';
import { resolveDigitalLink } from '../trace/resolve.js';
import { verifyPin } from '../trace/serial.js';
import { batchRoutes } from './batches.js';
import { jobRoutes } from './jobs.js';
import { productRoutes } from './products.js';
import { resolverRoutes } from './resolver.js';

/**
 * Bus event that marks an item sold to a consumer: `{ uri, at? }` (`at` RFC 3339, default now).
 * The EPCIS capability emits it for `retail_sold` events; scans long after it raise
 * `scanned_after_retail_sale`.
 */
export const RETAIL_SOLD = 'trace.retail_sold';

/** PIN checks allowed per client address per minute. */
const PIN_CHECKS_PER_MINUTE = 10;

/** Parses the `uri` of a request body; 400 naming `uri` when it is not a Digital Link. */
export function parseUri(uri: string): DigitalLink {
  try {
    return parseDigitalLink(uri, { permitZeroSuppressedGtin: true });
  } catch (error) {
    if (isDigitalLinkError(error)) throw invalid('uri', 'digital_link_invalid', `uri: not a valid GS1 Digital Link: ${error.message}`);
    throw error;
  }
}

/** The client address, as the rate limiter sees it. */
export function clientAddress(c: Context<AppEnv>): string {
  const forwarded = c.req.header('x-forwarded-for')?.split(',')[0]?.trim();
  const socket = (c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined)?.incoming?.socket?.remoteAddress;
  return forwarded || socket || 'local';
}

/** The capability: every route of item codes. */
export function traceRoutes(route: ReturnType<typeof router>, platform: Platform, app: Hono<AppEnv>): void {
  const { db } = platform;
  productRoutes(route, platform);
  batchRoutes(route, platform);
  jobRoutes(route, platform);
  const pinLimiter = new MinuteLimiter(PIN_CHECKS_PER_MINUTE);

  route(
    {
      method: 'post',
      path: '/v1/trace/verify',
      summary: 'Check the scratch-off PIN of an item code',
      description:
        'Public. Answers whether the PIN belongs to the code and, when it does, whether this is its first successful check or how many ' +
        `there were and when the first was. ${PIN_CHECKS_PER_MINUTE} checks per minute per client; ${PIN_MAX_FAILURES} wrong PINs in a row lock the code for a while (429).`,
      tag: 'Item codes',
      auth: 'public',
      body: PinVerifyParams,
      response: PinVerification,
    },
    async ({ body, c }) => {
      const wait = pinLimiter.take(clientAddress(c));
      if (wait > 0) {
        throw new HttpError('rate_limit_error', 'pin_rate_limited', `Too many PIN checks from this device; retry after ${wait} s.`, { headers: { 'Retry-After': String(wait) } });
      }
      const resolution = await resolveDigitalLink(db, await dataCipher(platform, platform.config), parseUri(body.uri));
      const answer = (reason: 'wrong_pin' | 'unknown_code' | 'no_pin', attemptsRemaining: number | null = null): PinVerification => ({
        object: 'pin_verification',
        valid: false,
        reason,
        first_verification: false,
        verification_count: 0,
        first_verified_at: null,
        attempts_remaining: attemptsRemaining,
      });
      if (!resolution.known || resolution.level !== 'item') return answer('unknown_code');
      const batch = resolution.batch!;
      const index = resolution.index!;
      if (!(await indexHasPin(db, batch.id, index))) return answer('no_pin');
      const key = resolution.key!;
      const result = await attemptPin(db, batch.id, resolution.serial!, () => verifyPin(key, index, body.pin));
      if (result.kind === 'locked') {
        const seconds = Math.max(1, Math.ceil((result.until.getTime() - Date.now()) / 1000));
        throw new HttpError('rate_limit_error', 'pin_locked', `Too many wrong PINs for this code; it is locked until ${result.until.toISOString()}.`, {
          headers: { 'Retry-After': String(seconds) },
        });
      }
      if (result.kind === 'wrong') return answer('wrong_pin', result.attemptsRemaining);
      return {
        object: 'pin_verification',
        valid: true,
        reason: null,
        first_verification: result.first,
        verification_count: result.count,
        first_verified_at: result.firstVerifiedAt,
        attempts_remaining: null,
      };
    },
  );

  route(
    {
      method: 'post',
      path: '/v1/trace/scans',
      summary: 'Report a consumer scan from an app',
      description:
        'Public. For scanning apps and mini-programs: counts a scan of the code (with the phone position, if given, for the travel-speed rule) ' +
        'and answers the trace record. The consumer page counts its own scans; reading the record as JSON does not count.',
      tag: 'Item codes',
      auth: 'public',
      body: ScanCreateParams,
      response: TraceRecord,
    },
    async ({ body }) => {
      const dl = parseUri(body.uri);
      const resolution = await resolveDigitalLink(db, await dataCipher(platform, platform.config), dl);
      const state =
        resolution.known && resolution.level === 'item'
          ? await recordScan(db, resolution.batch!.id, resolution.serial!, { channel: 'api', position: body.location })
          : undefined;
      return buildRecord(platform, dl, resolution, state);
    },
  );

  platform.bus.on(RETAIL_SOLD, async (payload) => {
    const uri = typeof payload['uri'] === 'string' ? payload['uri'] : '';
    const resolution = await resolveDigitalLink(db, await dataCipher(platform, platform.config), parseDigitalLink(uri, { permitZeroSuppressedGtin: true }));
    if (!resolution.known || resolution.level !== 'item') return;
    const at = typeof payload['at'] === 'string' ? new Date(payload['at']) : new Date();
    await recordRetailSale(db, resolution.batch!.id, resolution.serial!, Number.isNaN(at.getTime()) ? new Date() : at);
  });

  resolverRoutes(route, platform, app);
}
