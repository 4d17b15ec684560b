/**
 * The server side of the shop's "join us" page: `POST /shop/api/onboarding-session` mints the
 * client secret that `<mashang-onboarding session-url=…>` needs. It runs on your server with your
 * secret key; the browser only ever sees the short-lived client secret.
 *
 * This example is an ISV's sign-up page: each new visitor gets a new (pending) merchant, remembered
 * in a signed, HttpOnly cookie so a reload resumes the same application. In your own site, tie the
 * merchant to your user account instead of a cookie.
 */
import { randomBytes } from 'node:crypto';
import type { Hono } from 'hono';
import { getSignedCookie, setSignedCookie } from 'hono/cookie';
import { NotFoundError, type Mashang } from '@mashang/sdk';

/** Options of {@link mountOnboardingSession}. */
export interface OnboardingSessionOptions {
  /**
   * Where to mount the endpoint.
   * @default '/shop/api/onboarding-session'
   */
  path?: string;
  /**
   * Key that signs the cookie remembering the visitor's merchant. Use a stable secret in
   * production, so sessions survive restarts.
   * @default random per process
   */
  cookieSecret?: string;
  /**
   * The platform origin to tell the widget (when the page does not set `base-url`).
   * @default the client's base URL is not exposed, so nothing is sent
   */
  platformUrl?: string | (() => string);
}

const COOKIE = 'mashang_onboarding_merchant';

/**
 * Mounts `POST <path>` on `app`: answers `{ client_secret, expires_at, platform_url? }` for the
 * visitor's merchant, creating the merchant on the first call. `isv` is your ISV client
 * (`sk_…` of the ISV), or a function returning it; it creates merchants and acts for them.
 *
 * @example
 * const isv = new Mashang({ apiKey: process.env.MASHANG_ISV_SECRET_KEY });
 * mountOnboardingSession(app, isv, { cookieSecret: process.env.COOKIE_SECRET });
 */
export function mountOnboardingSession(app: Hono<any>, isv: Mashang | (() => Mashang), options: OnboardingSessionOptions = {}): void {
  const path = options.path ?? '/shop/api/onboarding-session';
  const secret = options.cookieSecret ?? randomBytes(32).toString('hex');
  app.post(path, async (c) => {
    const client = typeof isv === 'function' ? isv() : isv;
    let merchantId = (await getSignedCookie(c, secret, COOKIE)) || undefined;
    let session;
    try {
      if (merchantId) session = await client.forMerchant(merchantId).onboardingSessions.create();
    } catch (error) {
      if (!(error instanceof NotFoundError)) throw error;
      merchantId = undefined; // the merchant is gone (a new sandbox): start afresh
    }
    if (!session) {
      const merchant = await client.merchants.create({ name: '新商户（入驻中）', metadata: { source: 'shop-onboarding-page' } });
      merchantId = merchant.id;
      session = await client.forMerchant(merchantId).onboardingSessions.create();
    }
    await setSignedCookie(c, COOKIE, merchantId!, secret, { httpOnly: true, sameSite: 'Strict', path: '/', maxAge: 30 * 24 * 3600 });
    const platformUrl = typeof options.platformUrl === 'function' ? options.platformUrl() : options.platformUrl;
    c.header('cache-control', 'no-store');
    return c.json({ client_secret: session.client_secret, expires_at: session.expires_at, ...(platformUrl ? { platform_url: platformUrl } : {}) });
  });
}
