/**
 * The example shop's server side, mounted beside the platform by `npm start`: serves the shop
 * pages, the widgets' CDN file, and the few endpoints a real shop's server would have
 * (they hold the merchant's secret key; the browser never sees it).
 */
import { serveStatic } from '@hono/node-server/serve-static';
import { Mashang } from '@mashang/sdk';
import type { Capability, SandboxKeys } from '@mashang/platform';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { mountCheckout } from './checkout-server.js';
import { mountOnboardingSession } from './onboarding-server.js';
import { mountProductDemo } from './product-server.js';

const here = dirname(fileURLToPath(import.meta.url));
const widgetsDist = join(here, '../../packages/widgets/dist');

/** Options of {@link shopCapability}. */
export interface ShopOptions {
  keys: SandboxKeys;
}

/** Mounts `/shop/*` (pages + the shop's API) and `/cdn/*` (widget bundles) on the platform app. */
export function shopCapability({ keys }: ShopOptions): Capability {
  return (_route, platform, app) => {
    // The shop's server talks to the platform like any merchant server: with the merchant's
    // secret key for its own orders and products, and as its ISV to onboard new merchants.
    const merchantClient = () => new Mashang({ apiKey: keys.merchant.secretKey, baseUrl: platform.publicUrl() });
    const isvClient = () => new Mashang({ apiKey: keys.isv.secretKey, baseUrl: platform.publicUrl() });
    const platformUrl = () => platform.publicUrl();
    mountCheckout(app, merchantClient, { platformUrl });
    mountOnboardingSession(app, isvClient, { platformUrl });
    mountProductDemo(app, merchantClient);

    app.get('/', (c) => c.redirect('/shop/'));
    app.get('/shop/config.json', (c) =>
      c.json({
        platformUrl: platform.publicUrl(),
        merchantId: keys.merchant.id,
        publishableKey: keys.merchant.publishableKey,
      }),
    );
    app.use('/cdn/*', serveStatic({ root: relative(process.cwd(), widgetsDist), rewriteRequestPath: (p) => p.replace(/^\/cdn/, '') }));
    app.use('/shop/*', serveStatic({ root: relative(process.cwd(), here), rewriteRequestPath: (p) => p.replace(/^\/shop/, '') }));
  };
}
