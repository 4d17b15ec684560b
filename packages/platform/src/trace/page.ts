/**
 * @module The consumer page of a scanned item code: `<mashang-trace>` with the server's verdict
 * inside it as plain HTML, for browsers without JavaScript and for the moment before the
 * element loads.
 */
import type { TraceRecord } from '@mashang/sdk';

/** Scripts and styles only from this origin, nothing inline, no frames; product images from anywhere over https. */
export const PAGE_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' https: data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

type Lang = 'zh-CN' | 'en';

const TEXT = {
  'zh-CN': {
    title: '产品溯源',
    genuine: '正品：此码由品牌方发放',
    genuineClass: '已登记的商品',
    unknown_code: '未知的码：平台未发放过此码，谨防假冒',
    recalled: '已召回：请停止使用此批次产品',
    expired: '已过保质期',
    scans: (n: number, first: string | null) => (n > 0 ? `已被查询 ${n} 次，首次查询于 ${first}` : '首次查询'),
    lot: '批次',
    origin: '产地',
    merchant: '生产/销售商',
    noscript: '启用 JavaScript 可核验刮开码并查看流通记录。',
    elder: '大字模式',
    otherLang: 'English',
  },
  en: {
    title: 'Product trace',
    genuine: 'Genuine: this code was issued by the brand',
    genuineClass: 'Registered product',
    unknown_code: 'Unknown code: the platform never issued it; beware of counterfeits',
    recalled: 'Recalled: stop using products of this batch',
    expired: 'Past its expiry date',
    scans: (n: number, first: string | null) => (n > 0 ? `Checked ${n} times, first on ${first}` : 'First check'),
    lot: 'Lot',
    origin: 'Origin',
    merchant: 'Producer / seller',
    noscript: 'Enable JavaScript to check the scratch PIN and see the journey.',
    elder: 'Large text',
    otherLang: '中文',
  },
} as const;

const ICON: Record<TraceRecord['status'], string> = { genuine: '✔', unknown_code: '✖', recalled: '⚠', expired: '⚠' };

/** Picks zh-CN unless the browser prefers English. */
export function pageLang(acceptLanguage: string | undefined): Lang {
  const first = acceptLanguage?.split(',')[0]?.trim().toLowerCase() ?? '';
  return first.startsWith('en') ? 'en' : 'zh-CN';
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch]!);
}

/** `2026-11-22 16:30` in China Standard Time. */
function chinaTime(isoTime: string): string {
  return new Date(new Date(isoTime).getTime() + 8 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ');
}

function fallback(record: TraceRecord, lang: Lang): string {
  const t = TEXT[lang];
  const verdict = record.status === 'genuine' ? (record.level === 'item' ? t.genuine : t.genuineClass) : t[record.status];
  const lines = [`<p class="status status-${record.status}" role="status"><span aria-hidden="true">${ICON[record.status]}</span> ${escapeHtml(verdict)}</p>`];
  if (record.product) {
    lines.push(`<h2>${escapeHtml(record.product.name)}</h2>`);
    if (record.product.origin) lines.push(`<p>${t.origin}: ${escapeHtml(record.product.origin)}</p>`);
  }
  if (record.batch) {
    lines.push(`<p>${t.lot}: ${escapeHtml(record.batch.lot)}</p>`);
    if (record.batch.recall) lines.push(`<p class="recall">${escapeHtml(record.batch.recall.reason)}</p>`);
  }
  if (record.merchant) lines.push(`<p>${t.merchant}: ${escapeHtml(record.merchant.name)}</p>`);
  if (record.scans) lines.push(`<p class="scans">${escapeHtml(t.scans(record.scans.count, record.scans.first_scan_at && chinaTime(record.scans.first_scan_at)))}</p>`);
  return lines.join('\n        ');
}

/** The HTML of the resolver page. The element reads the code from the page address. */
export function tracePage(record: TraceRecord, lang: Lang): string {
  const t = TEXT[lang];
  const title = record.product ? `${record.product.name} · ${t.title}` : t.title;
  return `<!doctype html>
<html lang="${lang}">
  <head>
    <meta charset="utf-8">
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <meta name="referrer" content="no-referrer">
    <title>${escapeHtml(title)}</title>
    <link rel="stylesheet" href="/assets/trace-page.css">
    <script type="module" src="/assets/trace-page.js"></script>
  </head>
  <body>
    <header>
      <button type="button" id="elder-toggle" aria-pressed="false" data-zh="${TEXT['zh-CN'].elder}" data-en="${TEXT.en.elder}">${t.elder}</button>
      <button type="button" id="lang-toggle" lang="${lang === 'en' ? 'zh-CN' : 'en'}">${t.otherLang}</button>
    </header>
    <main>
      <mashang-trace>
        ${fallback(record, lang)}
        <noscript><p>${t.noscript}</p></noscript>
      </mashang-trace>
    </main>
  </body>
</html>
`;
}

/** Stylesheet of the page (the element styles itself; this lays out the page and the fallback). */
export const tracePageCss = `html { background: #f5f6f8; color: #1d2129; }
body { margin: 0; font-family: system-ui, -apple-system, 'PingFang SC', 'Noto Sans CJK SC', 'Microsoft YaHei', sans-serif; line-height: 1.5; }
main { max-width: 30rem; margin: 0 auto; padding: 12px; }
header { max-width: 30rem; margin: 0 auto; padding: 8px 12px 0; display: flex; justify-content: flex-end; gap: 8px; }
header button { font: inherit; font-size: 15px; min-height: 44px; padding: 0 14px; border-radius: 10px; border: 1px solid #c9cdd4; background: #fff; color: #1d2129; cursor: pointer; }
header button[aria-pressed='true'] { background: #004c99; border-color: #004c99; color: #fff; }
header button:focus-visible { outline: 3px solid #0b6bcb; outline-offset: 2px; }
html[data-mashang-mode='elder'] header button { font-size: 24px; min-height: 60px; }
mashang-trace { display: block; }
mashang-trace:not(:defined) { padding: 16px; background: #fff; border: 1px solid #c9cdd4; border-radius: 10px; }
.status { font-weight: bold; padding: 8px 12px; border-radius: 8px; border: 2px solid currentColor; }
.status-genuine { color: #0a7a3d; }
.status-unknown_code, .status-recalled { color: #b42318; }
.status-expired { color: #8a5300; }
.recall { color: #b42318; }
`;

/**
 * Appended to the page's script: the large-text (适老化) switch, remembered on the device, and
 * the language switch; the element follows `<html lang>` and `data-mashang-mode`.
 */
export const tracePageScript = `(() => {
  const root = document.documentElement;
  const elder = document.getElementById('elder-toggle');
  const lang = document.getElementById('lang-toggle');
  try { if (localStorage.getItem('mashang-mode') === 'elder') root.dataset.mashangMode = 'elder'; } catch {}
  const sync = () => {
    const zh = !root.lang.toLowerCase().startsWith('en');
    if (elder) {
      elder.setAttribute('aria-pressed', String(root.dataset.mashangMode === 'elder'));
      elder.textContent = zh ? elder.dataset.zh : elder.dataset.en;
    }
    if (lang) {
      lang.textContent = zh ? 'English' : '中文';
      lang.setAttribute('lang', zh ? 'en' : 'zh-CN');
    }
  };
  elder?.addEventListener('click', () => {
    const on = root.dataset.mashangMode !== 'elder';
    if (on) root.dataset.mashangMode = 'elder';
    else delete root.dataset.mashangMode;
    try { localStorage.setItem('mashang-mode', on ? 'elder' : 'standard'); } catch {}
    sync();
  });
  lang?.addEventListener('click', () => {
    root.lang = root.lang.toLowerCase().startsWith('en') ? 'zh-CN' : 'en';
    sync();
  });
  sync();
})();
`;
