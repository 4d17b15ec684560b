/** @module The sandbox wallet at `/p/<token>`: the page a phone opens after scanning a code, standing in for a payment app. */
import { WalletPayResult } from '@mashang/sdk';
import { yuanToFen } from '@mashang/sdk/emvqr';
import type { Context } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';
import * as z from 'zod/mini';
import type { AppEnv, Platform } from '../context.js';
import { HttpError, invalid } from '../errors.js';
import { randomToken } from '../internal/ids.js';
import type { PayResult, Payments } from '../payments/service.js';
import { orderPage, staticPage, unknownPage, WALLET_CSP, type WalletContext } from '../payments/wallet-page.js';
import type { router } from '../route.js';
import { findOrderByToken } from '../store/orders.js';
import { findPaymentCodeByToken, toPaymentCode } from '../store/payment-codes.js';

const TokenParams = z.object({ token: z.string().check(z.regex(/^[0-9A-Za-z]{16,40}$/, 'must be the code from a payment URL')) });
const PAYER = /^[A-Za-z0-9_-]{1,64}$/;
const ATTEMPT = /^[A-Za-z0-9]{10,64}$/;
const COOKIE = 'mashang_payer';

function wantsJson(c: Context<AppEnv>): boolean {
  return /application\/json/i.test(c.req.header('accept') ?? '') && !/text\/html/i.test(c.req.header('accept') ?? '');
}

function html(c: Context<AppEnv>, body: string, status = 200): Response {
  c.header('Content-Security-Policy', WALLET_CSP);
  c.header('Cache-Control', 'no-store');
  c.header('Referrer-Policy', 'no-referrer');
  c.header('X-Content-Type-Options', 'nosniff');
  return c.html(body, status as 200);
}

/** The payer remembered in a cookie, minted on first visit. */
function payerCookie(c: Context<AppEnv>): string {
  const existing = getCookie(c, COOKIE);
  if (existing && PAYER.test(existing)) return existing;
  const payer = `payer_${randomToken(12)}`;
  setCookie(c, COOKIE, payer, { path: '/p', httpOnly: true, sameSite: 'Lax', maxAge: 365 * 86_400 });
  return payer;
}

/** Fields of a wallet form: urlencoded (the page) or JSON (tests, scripts). */
function readForm(c: Context<AppEnv>, raw: Uint8Array | undefined): Record<string, string> {
  const text = new TextDecoder().decode(raw ?? new Uint8Array());
  const type = c.req.header('content-type') ?? '';
  if (/json/i.test(type)) {
    let parsed: unknown;
    try {
      parsed = text ? JSON.parse(text) : {};
    } catch (error) {
      throw invalid(undefined, 'body_invalid_json', `The body is not valid JSON: ${(error as Error).message}`);
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw invalid(undefined, 'body_invalid', 'Send a JSON object with payer, attempt and (for static codes) amount.');
    return Object.fromEntries(Object.entries(parsed).map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v)]));
  }
  return Object.fromEntries(new URLSearchParams(text));
}

export function walletRoutes(route: ReturnType<typeof router>, platform: Platform, payments: Payments): void {
  const { db } = platform;

  route(
    {
      method: 'get',
      path: '/p/{token}',
      summary: 'Wallet page of a code or order (aggregated URL)',
      description: 'What the aggregated URL in a payment QR opens. In the sandbox it is a wallet that pays the code; otherwise it tells the consumer to use a payment app.',
      tag: 'Wallet',
      auth: 'public',
      params: TokenParams,
      produces: 'text/html',
    },
    async ({ c, params }) => {
      const ctx: WalletContext = { payer: payerCookie(c), attempt: randomToken(24), sandbox: platform.config.sandbox };
      const order = await findOrderByToken(db, params.token);
      if (order) return html(c, orderPage((await payments.retrieve(order.id))!, ctx));
      const code = await findPaymentCodeByToken(db, params.token);
      if (code) return html(c, staticPage(toPaymentCode(code, payments.view), ctx));
      return html(c, unknownPage(), 404);
    },
  );

  route(
    {
      method: 'post',
      path: '/p/{token}',
      summary: 'Pay a code or order from the sandbox wallet',
      description:
        'Form fields (urlencoded or JSON): `payer`, `attempt` (a form sent twice pays once) and, for static codes, `amount` in yuan (`"12.50"`). ' +
        'Answers HTML, or `WalletPayResult` JSON with `Accept: application/json`: 200 when paid, 402 when refused (expired order, daily limit, decline).',
      tag: 'Wallet',
      auth: 'public',
      params: TokenParams,
      consumes: 'application/x-www-form-urlencoded',
      produces: 'text/html',
    },
    async ({ c, params, raw }) => {
      if (!platform.config.sandbox) throw new HttpError('permission_error', 'sandbox_only', 'The wallet pays codes only in the sandbox; use a real payment app.');
      const json = wantsJson(c);
      const form = readForm(c, raw);
      const payer = form['payer'] || getCookie(c, COOKIE) || '';
      const attempt = form['attempt'] || null;
      const order = await findOrderByToken(db, params.token);
      const code = order ? undefined : await findPaymentCodeByToken(db, params.token);
      if (!order && !code) {
        if (json) throw new HttpError('not_found', 'resource_missing', `No code or order with token '${params.token}'.`, { param: 'token' });
        return html(c, unknownPage(), 404);
      }
      const ctx: WalletContext = { payer: PAYER.test(payer) ? payer : payerCookie(c), attempt: randomToken(24), sandbox: true, typedAmount: form['amount'] };
      const badInput = (param: string, code_: string, message: string) => {
        if (json) throw invalid(param, code_, message);
        ctx.result = { ok: false, code: code_, message };
        return html(c, order ? orderPage(payments.toOrder(order), ctx) : staticPage(toPaymentCode(code!, payments.view), ctx), 400);
      };
      if (!PAYER.test(payer)) return badInput('payer', 'payer_invalid', 'payer: 1–64 letters, digits, "_" or "-" identifying the test payer.');
      if (attempt !== null && !ATTEMPT.test(attempt)) return badInput('attempt', 'attempt_invalid', 'attempt: 10–64 letters or digits (the form provides one).');

      let result: PayResult;
      if (order) {
        result = await payments.payOrder(params.token, payer, attempt);
      } else {
        let amount: number;
        try {
          amount = yuanToFen(form['amount'] ?? '');
        } catch (error) {
          return badInput('amount', 'amount_invalid', `amount: ${(error as Error).message}`);
        }
        if (amount < 1) return badInput('amount', 'amount_invalid', 'amount: must be at least ¥0.01');
        result = await payments.payStatic(params.token, amount, payer, attempt);
      }
      const status = result.outcome === 'paid' ? 200 : 402;
      if (json) {
        const body: WalletPayResult =
          result.outcome === 'paid'
            ? { outcome: 'paid', message: 'Paid.', order: result.order }
            : { outcome: 'refused', code: result.code, message: result.message, ...(result.order ? { order: result.order } : {}) };
        return c.json(body, status as 200);
      }
      ctx.result = result.outcome === 'paid' ? { ok: true, message: `支付成功 · Paid to ${result.order.merchant_name}` } : { ok: false, code: result.code, message: result.message };
      if (order) return html(c, orderPage(result.order ?? (await payments.retrieve(order.id))!, ctx), status);
      return html(c, staticPage(toPaymentCode(code!, payments.view), ctx, result.outcome === 'paid' ? result.order : undefined), status);
    },
  );
}
