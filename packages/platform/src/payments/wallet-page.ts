/** @module HTML of the sandbox wallet page at `/p/<token>`: what a consumer's phone shows after scanning. */
import { createHash } from 'node:crypto';
import type { Order, PaymentCode } from '@mashang/sdk';
import { fenToAmountString } from '@mashang/sdk/emvqr';

const CSS = `
*{box-sizing:border-box}
body{margin:0;font:17px/1.5 system-ui,-apple-system,"PingFang SC","Noto Sans CJK SC","Microsoft YaHei",sans-serif;background:#f2f4f7;color:#1a1f2b}
main{max-width:26rem;margin:0 auto;padding:1.25rem}
header{font-size:.85rem;color:#4a5262;display:flex;flex-wrap:wrap;justify-content:space-between;gap:.25rem .75rem}
header span{white-space:nowrap}
.card{background:#fff;border-radius:12px;padding:1.25rem;margin-top:1rem;box-shadow:0 1px 3px rgba(0,0,0,.12)}
h1{font-size:1.25rem;margin:0}
.latin{color:#4a5262;font-size:.9rem;margin:0}
.amount{font-size:2.5rem;font-weight:700;margin:.75rem 0 .25rem;font-variant-numeric:tabular-nums}
.muted{color:#4a5262;font-size:.9rem}
label{display:block;font-weight:600;margin-top:1rem}
input{display:block;width:100%;font:inherit;font-size:1.5rem;padding:.6rem .75rem;margin-top:.35rem;border:2px solid #8a93a6;border-radius:8px}
input:focus{outline:3px solid #0b57d0;outline-offset:1px}
input.small{font-size:1rem}
button{display:block;width:100%;min-height:56px;margin-top:1.25rem;font:inherit;font-weight:700;font-size:1.15rem;color:#fff;background:#0a7a3d;border:0;border-radius:10px;cursor:pointer}
button:focus-visible{outline:3px solid #0b57d0;outline-offset:2px}
.status{font-weight:700;padding:.75rem 1rem;border-radius:8px;margin-top:1rem;border-left:6px solid}
.ok{background:#e6f4ea;border-color:#0a7a3d;color:#0a5a2d}
.bad{background:#fdecea;border-color:#b3261e;color:#8c1d18}
.info{background:#e8f0fe;border-color:#0b57d0;color:#0b3d91}
dl{display:grid;grid-template-columns:auto 1fr;gap:.25rem .75rem;font-size:.9rem;margin:1rem 0 0}
dt{color:#4a5262}dd{margin:0;word-break:break-all}
`;
const CSS_HASH = createHash('sha256').update(CSS).digest('base64');

/** The page's Content-Security-Policy: no script at all; the one style block is allowed by hash. */
export const WALLET_CSP = `default-src 'none'; style-src 'sha256-${CSS_HASH}'; form-action 'self'; base-uri 'none'; frame-ancestors 'self'`;

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
function esc(text: string | number): string {
  return String(text).replace(/[&<>"']/g, (ch) => ESCAPES[ch]!);
}

const BEIJING = new Intl.DateTimeFormat('zh-CN', { timeZone: 'Asia/Shanghai', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' });
/** `14:05:09 (北京时间 UTC+8)`: what the consumer's phone would show. */
function beijingTime(iso: string): string {
  return `${BEIJING.format(new Date(iso))} (北京时间 UTC+8)`;
}

function yuan(fen: number): string {
  return `¥${fenToAmountString(fen)}`;
}

function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1">
<meta name="robots" content="noindex">
<title>${esc(title)}</title>
<style>${CSS}</style>
</head>
<body>
<main>
<header><span>码上沙箱钱包 · Sandbox wallet</span><span>测试环境 · no real money</span></header>
${body}
</main>
</body>
</html>`;
}

/** What a wallet page shows besides the code or order. */
export interface WalletContext {
  /** The payer id remembered in a cookie (editable: sandbox test payers simulate declines). */
  payer: string;
  /** Random id of this rendering; a form sent twice pays once. */
  attempt: string;
  /** Sandbox on: show the pay form. Off: tell the consumer to use a payment app. */
  sandbox: boolean;
  /** Outcome of the submission this page answers, if any. */
  result?: { ok: boolean; code?: string; message: string } | undefined;
  /** The amount typed, to refill the form after a refusal. */
  typedAmount?: string | undefined;
}

function payerField(ctx: WalletContext): string {
  return `<label for="payer">测试付款人 Test payer</label>
<input class="small" id="payer" name="payer" value="${esc(ctx.payer)}" autocomplete="off" spellcheck="false" pattern="[A-Za-z0-9_\\-]{1,64}" required aria-describedby="payer-hint">
<p class="muted" id="payer-hint">payer_declined / payer_insufficient 模拟拒付 · simulate declines</p>
<input type="hidden" name="attempt" value="${esc(ctx.attempt)}">`;
}

function resultBox(result: WalletContext['result']): string {
  if (!result) return '';
  return `<p class="status ${result.ok ? 'ok' : 'bad'}" role="${result.ok ? 'status' : 'alert'}" data-outcome="${result.ok ? 'paid' : 'refused'}"${
    result.code ? ` data-code="${esc(result.code)}"` : ''
  }>${esc(result.message)}</p>`;
}

const STATUS_TEXT: Record<Order['status'], string> = {
  pending: '待支付 · Awaiting payment',
  paid: '已支付 · Paid',
  expired: '已过期 · Expired',
  cancelled: '已取消 · Cancelled',
};

/** The page for a dynamic order: confirm to pay. */
export function orderPage(order: Order, ctx: WalletContext): string {
  const payable = order.status === 'pending';
  const form =
    payable && ctx.sandbox && !ctx.result?.ok
      ? `<form method="post" data-testid="pay-form">
${payerField(ctx)}
<button type="submit" data-testid="pay">确认支付 ${esc(yuan(order.amount))} · Confirm</button>
</form>`
      : '';
  const state = ctx.result
    ? ''
    : `<p class="status ${order.status === 'paid' ? 'ok' : payable ? 'info' : 'bad'}" data-status="${order.status}">${esc(STATUS_TEXT[order.status])}${
        payable ? `<br><span class="muted">${esc(`有效期至 Valid until ${beijingTime(order.expires_at)}`)}</span>` : ''
      }</p>`;
  const notSandbox = ctx.sandbox ? '' : '<p class="status info">请用支付应用扫码 · Scan this code with your payment app.</p>';
  return page(
    `${order.merchant_name} ${yuan(order.amount)}`,
    `<section class="card" aria-labelledby="merchant">
<h1 id="merchant">${esc(order.merchant_name)}</h1>
${order.description ? `<p>${esc(order.description)}</p>` : ''}
<p class="amount" data-testid="amount">${esc(yuan(order.amount))}</p>
${state}${resultBox(ctx.result)}${notSandbox}${form}
<dl><dt>订单 Order</dt><dd>${esc(order.id)}</dd>${order.reference ? `<dt>单号 Bill</dt><dd>${esc(order.reference)}</dd>` : ''}${
      order.payment ? `<dt>交易 Transaction</dt><dd>${esc(order.payment.transaction_id)}</dd>` : ''
    }</dl>
</section>`,
  );
}

/** The page for a static code: type the amount, then pay. */
export function staticPage(code: PaymentCode, ctx: WalletContext, paid?: Order): string {
  const limit = `静态收款码单日每人限额 ${yuan(code.daily_limit_per_payer)} · Static codes: at most ${yuan(code.daily_limit_per_payer)} per payer per day`;
  const form =
    code.status === 'active' && ctx.sandbox && !paid
      ? `<form method="post" data-testid="pay-form">
<label for="amount">金额（元） Amount (¥)</label>
<input id="amount" name="amount" inputmode="decimal" autocomplete="off" pattern="[0-9]+(\\.[0-9]{1,2})?" required value="${esc(ctx.typedAmount ?? '')}" aria-describedby="limit">
${payerField(ctx)}
<button type="submit" data-testid="pay">支付 · Pay</button>
</form>`
      : '';
  const disabled = code.status === 'active' ? '' : '<p class="status bad" data-status="disabled">此收款码已停用 · This code is no longer in use.</p>';
  const notSandbox = ctx.sandbox ? '' : '<p class="status info">请用支付应用扫码 · Scan this code with your payment app.</p>';
  return page(
    code.merchant_name,
    `<section class="card" aria-labelledby="merchant">
<h1 id="merchant">${esc(code.merchant_name)}</h1>
<p class="latin">${esc(code.merchant_name_latin)}${code.description ? ` · ${esc(code.description)}` : ''}</p>
${paid ? `<p class="amount" data-testid="amount">${esc(yuan(paid.amount))}</p>` : ''}
${disabled}${resultBox(ctx.result)}${notSandbox}${form}
<p class="muted" id="limit">${esc(limit)}</p>
${paid?.payment ? `<dl><dt>交易 Transaction</dt><dd>${esc(paid.payment.transaction_id)}</dd><dt>订单 Order</dt><dd>${esc(paid.id)}</dd></dl>` : ''}
</section>`,
  );
}

/** The page for a token that matches nothing. */
export function unknownPage(): string {
  return page(
    '未找到 Not found',
    '<section class="card"><h1>未找到此收款码 · Code not found</h1><p class="muted">The code may have been mistyped or replaced. Ask the merchant for a current one.</p></section>',
  );
}
