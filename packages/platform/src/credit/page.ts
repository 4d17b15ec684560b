/** @module The consumer verification page `/c/<jws>` and the assets it loads. */
import type { Hono } from 'hono';
import { verifyCreditCode, type VerifyCreditCodeResult } from '@mashang/sdk/credential';
import * as z from 'zod/mini';
import type { AppEnv } from '../context.js';
import type { router } from '../route.js';
import { pageCss, registerServiceWorker, serviceWorker } from './page-assets.js';
import type { CreditService } from './service.js';
import { loadWidgetsBundle } from '../routes/assets.js';

/** Longest path segment accepted as a token; longer ones are answered with the "malformed" page. */
const MAX_TOKEN = 4096;

const TokenParams = z.object({ token: z.string().check(z.maxLength(MAX_TOKEN + 1024)) });

/**
 * A strict policy: scripts and styles only from this origin, nothing inline, no frames. The
 * element's styles are constructable stylesheets, which CSP does not block.
 */
const CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "worker-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

const GRADE_TEXT: Record<string, { zh: string; en: string }> = {
  A: { zh: '诚信优秀', en: 'Excellent' },
  B: { zh: '诚信良好', en: 'Good' },
  C: { zh: '需要关注', en: 'Fair' },
  D: { zh: '诚信较差', en: 'Poor' },
};

const STATE_TEXT: Record<string, { zh: string; en: string }> = {
  verified: { zh: '已验证', en: 'Verified' },
  expired: { zh: '已过期', en: 'Expired' },
  revoked: { zh: '已撤销', en: 'Revoked' },
  invalid: { zh: '无效的信用码', en: 'Invalid credit code' },
};

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch]!);
}

function stateOf(result: VerifyCreditCodeResult): keyof typeof STATE_TEXT {
  if (result.valid) return 'verified';
  if (result.reason === 'expired' || result.reason === 'revoked') return result.reason;
  return 'invalid';
}

/**
 * The server's own verdict, shown inside the element as light-DOM content: what a browser
 * without JavaScript (or before the element loads) sees. The element replaces it with its
 * own rendering, which verifies again in the browser.
 */
function fallback(result: VerifyCreditCodeResult): string {
  const state = stateOf(result);
  const lines = [`<p class="state state-${state}">${STATE_TEXT[state]!.zh} · ${STATE_TEXT[state]!.en}</p>`];
  const credit = result.claims?.credit;
  if (credit) {
    const grade = GRADE_TEXT[credit.grade]!;
    lines.push(
      `<p class="grade">${escapeHtml(credit.grade)} 级 · ${grade.zh} · Grade ${escapeHtml(credit.grade)} (${grade.en})</p>`,
      `<p>${escapeHtml(credit.name)}</p>`,
      `<p>统一社会信用代码 USCC: ${escapeHtml(credit.uscc)}</p>`,
      `<p>有效期至 Valid until: ${new Date(result.claims!.exp * 1000).toISOString().slice(0, 10)}</p>`,
    );
  }
  return lines.join('\n      ');
}

/** The HTML of `/c/<token>`: the `<mashang-credit-code>` element in full layout. */
export function verificationPage(token: string, platformUrl: string, result: VerifyCreditCodeResult): string {
  return `<!doctype html>
<html lang="zh-CN">
  <head>
    <meta charset="utf-8">
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <meta name="referrer" content="no-referrer">
    <title>信用码验证 · Credit code verification</title>
    <link rel="icon" href="data:,">
    <link rel="stylesheet" href="/assets/credit-page.css">
    <script type="module" src="/assets/credit-page.js"></script>
  </head>
  <body>
    <main>
      <h1>信用码验证 <span lang="en">Credit code verification</span></h1>
      <mashang-credit-code layout="full" offline-cache platform-url="${escapeHtml(platformUrl)}" token="${escapeHtml(token)}">
      ${fallback(result)}
      </mashang-credit-code>
      <p class="note">此页面在您的设备上离线验证签名；联网时同时检查撤销状态。<span lang="en">This page verifies the signature on your device, offline if need be, and checks revocation when online.</span></p>
    </main>
  </body>
</html>
`;
}

/** `/c/{token}`, `/assets/credit-page.js`, `/assets/credit-page.css`, `/c/sw.js`. */
export async function creditPageRoutes(route: ReturnType<typeof router>, credit: CreditService, _app: Hono<AppEnv>): Promise<void> {
  // Before `/c/{token}`, which would otherwise match it.
  route(
    {
      method: 'get',
      path: '/c/sw.js',
      summary: 'Service worker that keeps the verification page usable offline',
      tag: 'Credit codes',
      auth: 'public',
      produces: 'text/javascript',
    },
    async () =>
      new Response(serviceWorker, {
        headers: { 'content-type': 'text/javascript; charset=utf-8', 'cache-control': 'no-cache', 'service-worker-allowed': '/' },
      }),
  );

  route(
    {
      method: 'get',
      path: '/c/{token}',
      summary: 'Verification page for a scanned credit code (信用码)',
      description: 'What a phone camera opens. The page verifies the credential in the browser (offline, from cached keys) and shows grade, name, USCC, validity and state.',
      tag: 'Credit codes',
      auth: 'public',
      params: TokenParams,
      produces: 'text/html',
    },
    async ({ params }) => {
      const base = credit.platform.publicUrl();
      const token = params.token.length <= MAX_TOKEN ? params.token : '';
      const result = await verifyCreditCode(token, {
        jwks: await credit.jwks(),
        statusList: (url) => (url.startsWith(`${base}/credit/status/`) ? credit.statusListToken(Number(url.slice(base.length + '/credit/status/'.length))) : undefined),
      });
      return new Response(verificationPage(token, base, result), {
        status: 200,
        headers: { 'content-type': 'text/html; charset=utf-8', 'content-security-policy': CSP, 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' },
      });
    },
  );

  route(
    {
      method: 'get',
      path: '/assets/credit-page.js',
      summary: 'Script of the verification page: the widgets bundle (which defines <mashang-credit-code>) and the offline service worker registration',
      tag: 'Credit codes',
      auth: 'public',
      produces: 'text/javascript',
    },
    async () =>
      new Response(`${(await loadWidgetsBundle()).js}\n${registerServiceWorker}`, {
        headers: { 'content-type': 'text/javascript; charset=utf-8', 'cache-control': 'public, max-age=300', 'x-content-type-options': 'nosniff' },
      }),
  );

  route(
    { method: 'get', path: '/assets/credit-page.css', summary: 'Stylesheet of the verification page', tag: 'Credit codes', auth: 'public', produces: 'text/css' },
    async () => new Response(pageCss, { headers: { 'content-type': 'text/css; charset=utf-8', 'cache-control': 'public, max-age=300' } }),
  );

}
