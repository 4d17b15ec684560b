/**
 * @module The GS1 resolver on the platform host: `GET /01/{gtin}[/22/…][/10/{lot}][/21/{serial}]`
 * answers the consumer page, the public trace record (JSON) or a GS1 linkset, by content
 * negotiation. Only the page counts as a consumer scan.
 */
import { TraceRecord } from '@mashang/sdk';
import { isDigitalLinkError, parseDigitalLink, type DigitalLink } from '@mashang/sdk/digital-link';
import type { Context, Hono } from 'hono';
import type { AppEnv, Platform } from '../context.js';
import { HttpError, invalid } from '../errors.js';
import { dataCipher } from '../internal/crypto.js';
import type { router } from '../route.js';
import { recordScan, type CodeState } from '../store/codes.js';
import { linkHeader, linkset } from '../trace/linkset.js';
import { negotiate } from '../trace/negotiate.js';
import { PAGE_CSP, pageLang, tracePage, tracePageCss, tracePageScript } from '../trace/page.js';
import { buildRecord } from '../trace/record.js';
import { resolveDigitalLink, type Resolution } from '../trace/resolve.js';
import { loadWidgetsBundle } from './assets.js';

/** The Digital Link forms registered (and documented) one by one; `/01/*` catches the rest (`/22/`, `/235/`). */
const FORMS = ['/01/{gtin}', '/01/{gtin}/10/{lot}', '/01/{gtin}/21/{serial}', '/01/{gtin}/10/{lot}/21/{serial}'];

const CORS = { 'access-control-allow-origin': '*', 'access-control-expose-headers': 'Link, Request-Id' };

/** A record for a code that is not a valid Digital Link at all. */
function unreadableRecord(url: string): TraceRecord {
  return {
    object: 'trace_record',
    uri: url,
    canonical_uri: null,
    level: 'product',
    status: 'unknown_code',
    product: null,
    batch: null,
    item: null,
    merchant: null,
    scans: null,
    verifications: null,
    anomalies: [],
    journey: [],
  };
}

export function resolverRoutes(route: ReturnType<typeof router>, platform: Platform, app: Hono<AppEnv>): void {
  const { db } = platform;

  async function resolve(c: Context<AppEnv>): Promise<Response> {
    const url = new URL(c.req.url);
    const linkType = url.searchParams.get('linkType') ?? undefined;
    const representation = negotiate(c.req.header('accept'), linkType);
    if (!representation) {
      throw new HttpError('invalid_request_error', 'not_acceptable', 'This resolver answers text/html, application/json and application/linkset+json; adjust the Accept header.', {
        status: 406,
      });
    }
    const raw = `${platform.publicUrl()}${url.pathname}${url.search}`;
    let dl: DigitalLink;
    try {
      dl = parseDigitalLink(raw, { permitZeroSuppressedGtin: true });
    } catch (error) {
      if (!isDigitalLinkError(error)) throw error;
      if (representation !== 'html') throw invalid('uri', 'digital_link_invalid', `This address is not a valid GS1 Digital Link: ${error.message}`);
      return page(c, unreadableRecord(raw));
    }
    // The resolver's own parameter is not part of the code.
    if ('linkType' in dl.extensions) {
      const { linkType: _drop, ...rest } = dl.extensions;
      dl = { ...dl, extensions: rest };
    }
    const resolution = await resolveDigitalLink(db, await dataCipher(platform, platform.config), dl);
    let state: CodeState | undefined;
    if (representation === 'html' && c.req.method === 'GET' && isItem(resolution)) {
      state = await recordScan(db, resolution.batch!.id, resolution.serial!, { channel: 'page' });
    }
    const record = await buildRecord(platform, dl, resolution, state);
    const headers = { ...CORS, vary: 'Accept', link: linkHeader(record), 'cache-control': 'no-store' };
    if (representation === 'json') return c.json(record, 200, headers);
    if (representation === 'linkset') {
      return new Response(JSON.stringify(linkset(record, platform.publicUrl())), { headers: { ...headers, 'content-type': 'application/linkset+json' } });
    }
    return page(c, record, headers);
  }

  function isItem(resolution: Resolution): boolean {
    return resolution.known && resolution.level === 'item' && resolution.batch !== null;
  }

  function page(c: Context<AppEnv>, record: TraceRecord, headers: Record<string, string> = {}): Response {
    const lang = pageLang(c.req.header('accept-language'));
    return new Response(tracePage(record, lang), {
      status: record.status === 'unknown_code' ? 404 : 200,
      headers: {
        ...headers,
        vary: 'Accept, Accept-Language',
        'content-type': 'text/html; charset=utf-8',
        'cache-control': 'no-store',
        'content-security-policy': PAGE_CSP,
        'x-content-type-options': 'nosniff',
        'referrer-policy': 'no-referrer',
      },
    });
  }

  // Error answers too: a widget on a shop's own origin must be able to read why a code failed.
  app.use('/01/*', async (c, next) => {
    await next();
    for (const [name, value] of Object.entries(CORS)) c.res.headers.set(name, value);
  });

  route(
    { method: 'get', path: '/assets/trace-page.js', summary: 'Script of the item-code consumer page (the widgets bundle and the page glue)', tag: 'Item codes', auth: 'public', produces: 'text/javascript' },
    async () => {
      // The page's glue after the widgets bundle (which defines <mashang-trace>), one request.
      const bundle = await loadWidgetsBundle();
      return new Response(`${bundle.js}\n${tracePageScript}`, {
        headers: { 'content-type': 'text/javascript; charset=utf-8', 'cache-control': 'public, max-age=300', 'x-content-type-options': 'nosniff' },
      });
    },
  );

  route(
    { method: 'get', path: '/assets/trace-page.css', summary: 'Stylesheet of the item-code consumer page', tag: 'Item codes', auth: 'public', produces: 'text/css' },
    async () => new Response(tracePageCss, { headers: { 'content-type': 'text/css; charset=utf-8', 'cache-control': 'public, max-age=300' } }),
  );

  for (const path of FORMS) {
    route(
      {
        method: 'get',
        path,
        summary: 'Resolve an item code (GS1 Digital Link)',
        description:
          'Content negotiation: a browser gets the consumer page (and the scan is counted); `Accept: application/json` the public trace record; ' +
          '`Accept: application/linkset+json` (or `?linkType=all`) the GS1 linkset. Unknown and forged codes answer `status: unknown_code`.',
        tag: 'Item codes',
        auth: 'public',
        produces: 'text/html',
        response: TraceRecord,
      },
      async ({ c }) => resolve(c),
    );
  }
  app.get('/01/*', (c) => resolve(c));
}
