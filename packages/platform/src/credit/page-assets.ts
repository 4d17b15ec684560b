/** @module Static assets of the `/c/…` verification page: its stylesheet and offline service worker. */

/** Stylesheet of the verification page (the element styles itself; this lays out the page). */
export const pageCss = `html { background: #f5f6f8; color: #1d2129; }
body { margin: 0; font-family: system-ui, -apple-system, 'PingFang SC', 'Noto Sans CJK SC', 'Microsoft YaHei', sans-serif; line-height: 1.5; }
main { max-width: 28rem; margin: 0 auto; padding: 16px; }
h1 { font-size: 1.25rem; margin: 8px 0 16px; }
h1 span { display: block; font-size: 0.875rem; font-weight: normal; color: #4e5969; }
mashang-credit-code { display: block; }
mashang-credit-code:not(:defined) { padding: 16px; background: #fff; border: 1px solid #c9cdd4; border-radius: 10px; }
.state { font-weight: bold; }
.state-verified { color: #0a7a3d; }
.state-expired, .state-invalid { color: #9a5b00; }
.state-revoked { color: #c2261d; }
.note { font-size: 0.875rem; color: #4e5969; }
`;

/** Appended to the page script: registers {@link serviceWorker} so a later scan opens offline too. */
export const registerServiceWorker = `if ('serviceWorker' in navigator) navigator.serviceWorker.register('/c/sw.js', { scope: '/c/' }).catch(() => {});\n`;

/**
 * The service worker of `/c/`: keeps the page's script and stylesheet, and when a `/c/<jws>`
 * navigation fails (no network) answers with the page built here, so the element verifies the
 * code from the keys and status list it cached in localStorage. Online, the network wins.
 */
export const serviceWorker = `// Offline support for the credit-code verification page. Served by the platform at /c/sw.js.
const CACHE = 'mashang-credit-page-v1';
const ASSETS = ['/assets/credit-page.js', '/assets/credit-page.css'];

self.addEventListener('install', (event) => {
  event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll(ASSETS)).then(() => self.skipWaiting()));
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches.keys()
      .then((names) => Promise.all(names.filter((n) => n.startsWith('mashang-credit-page-') && n !== CACHE).map((n) => caches.delete(n))))
      .then(() => self.clients.claim()),
  );
});

function offlinePage(token) {
  const safe = /^[A-Za-z0-9_.-]{1,4096}$/.test(token) ? token : '';
  return '<!doctype html><html lang="zh-CN"><head><meta charset="utf-8">' +
    '<meta name="viewport" content="width=device-width, initial-scale=1">' +
    '<title>信用码验证 · Credit code verification</title>' +
    '<link rel="icon" href="data:,"><link rel="stylesheet" href="/assets/credit-page.css">' +
    '<script type="module" src="/assets/credit-page.js"></script></head><body><main>' +
    '<h1>信用码验证 <span lang="en">Credit code verification</span></h1>' +
    '<mashang-credit-code layout="full" offline-cache platform-url="' + self.location.origin + '" token="' + safe + '"></mashang-credit-code>' +
    '<p class="note">离线：使用本机缓存的密钥验证。<span lang="en">Offline: verified with the keys cached on this device.</span></p>' +
    '</main></body></html>';
}

self.addEventListener('fetch', (event) => {
  const url = new URL(event.request.url);
  if (url.origin !== self.location.origin || event.request.method !== 'GET') return;
  if (ASSETS.includes(url.pathname)) {
    event.respondWith(
      fetch(event.request)
        .then((response) => {
          if (response.ok) { const copy = response.clone(); caches.open(CACHE).then((cache) => cache.put(event.request, copy)); }
          return response;
        })
        .catch(() => caches.match(event.request).then((hit) => hit || Response.error())),
    );
    return;
  }
  if (event.request.mode === 'navigate' && url.pathname.startsWith('/c/')) {
    let token = '';
    try { token = decodeURIComponent(url.pathname.slice(3)); } catch {}
    event.respondWith(
      fetch(event.request).catch(() => new Response(offlinePage(token), { headers: { 'content-type': 'text/html; charset=utf-8' } })),
    );
  }
});
`;
