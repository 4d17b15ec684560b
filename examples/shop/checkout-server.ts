/**
 * The server side of the shop's checkout page: `POST /shop/api/orders` turns a cart into a
 * platform order and answers the order's client secret, which `<mashang-payment-code order-url=…>`
 * uses to show the code and follow its status. It runs on your server with your secret key; the
 * price comes from your own menu, never from the browser.
 */
import { randomBytes } from 'node:crypto';
import type { Hono } from 'hono';
import type { Mashang } from '@mashang/sdk';

/** One dish: its name (shown to the payer) and price in 分. */
export interface MenuItem {
  name: string;
  price: number;
}

/** The example shop's menu. */
export const MENU: Readonly<Record<string, MenuItem>> = {
  'beef-noodles': { name: '招牌牛肉面', price: 1800 },
  'scallion-noodles': { name: '葱油拌面', price: 1200 },
  egg: { name: '卤蛋', price: 250 },
  'soy-milk': { name: '豆浆', price: 400 },
};

/** Options of {@link mountCheckout}. */
export interface CheckoutOptions {
  /** Where to mount the endpoint. @default '/shop/api/orders' */
  path?: string;
  /** The platform origin to tell the widget. @default not sent (the page sets `platform-url`) */
  platformUrl?: string | (() => string);
  /** Seconds until an unpaid order expires. @default 900 */
  expiresIn?: number;
  menu?: Readonly<Record<string, MenuItem>>;
}

type Problem = { param: string; code: string; message: string };

/** Checks `{ items: [{ sku, qty }] }` against the menu; returns the lines or the first problem. */
export function readCart(body: unknown, menu: Readonly<Record<string, MenuItem>> = MENU): { lines: { sku: string; qty: number; item: MenuItem }[] } | Problem {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return { param: 'items', code: 'cart_invalid', message: 'Send a JSON object { "items": [{ "sku", "qty" }] }.' };
  const unknown = Object.keys(body).find((k) => k !== 'items');
  if (unknown) return { param: unknown, code: 'parameter_unknown', message: `${unknown}: unknown field; prices come from the shop's menu, so only items are sent` };
  const items = (body as { items?: unknown }).items;
  if (!Array.isArray(items) || items.length === 0 || items.length > 20) return { param: 'items', code: 'cart_invalid', message: 'items: list 1 to 20 dishes' };
  const lines = [];
  for (const [i, entry] of items.entries()) {
    const { sku, qty } = (entry ?? {}) as { sku?: unknown; qty?: unknown };
    const item = typeof sku === 'string' && Object.hasOwn(menu, sku) ? menu[sku]! : undefined;
    if (!item) return { param: `items.${i}.sku`, code: 'sku_unknown', message: `items.${i}.sku: ${JSON.stringify(sku)} is not on the menu (${Object.keys(menu).join(', ')})` };
    if (!Number.isInteger(qty) || (qty as number) < 1 || (qty as number) > 20) return { param: `items.${i}.qty`, code: 'qty_invalid', message: `items.${i}.qty: must be a whole number from 1 to 20` };
    lines.push({ sku: sku as string, qty: qty as number, item });
  }
  return { lines };
}

/**
 * Mounts `POST <path>` on `app`: validates the cart, prices it from the menu, creates the order
 * with `merchant` (the merchant's secret-key client, or a function returning it) and answers
 * `{ order, client_secret, amount, expires_at, platform_url? }`.
 *
 * @example
 * const merchant = new Mashang({ apiKey: process.env.MASHANG_SECRET_KEY, baseUrl: 'https://pay.example.cn' });
 * mountCheckout(app, merchant, { platformUrl: 'https://pay.example.cn' });
 */
export function mountCheckout(app: Hono<any>, merchant: Mashang | (() => Mashang), options: CheckoutOptions = {}): void {
  const path = options.path ?? '/shop/api/orders';
  const menu = options.menu ?? MENU;
  app.post(path, async (c) => {
    c.header('cache-control', 'no-store');
    const body: unknown = await c.req.json().catch(() => undefined);
    const cart = readCart(body, menu);
    if (!('lines' in cart)) return c.json({ error: { type: 'invalid_request_error', ...cart } }, 400);
    const amount = cart.lines.reduce((sum, line) => sum + line.item.price * line.qty, 0);
    const description = cart.lines.map((line) => `${line.item.name} ×${line.qty}`).join('，').slice(0, 140);
    const client = typeof merchant === 'function' ? merchant() : merchant;
    const order = await client.orders.create({
      amount,
      currency: 'CNY',
      description,
      reference: `WEB-${randomBytes(5).toString('hex').toUpperCase()}`,
      expires_in: options.expiresIn ?? 900,
      metadata: { source: 'shop-checkout', cart: cart.lines.map((l) => `${l.sku}:${l.qty}`).join(',').slice(0, 500) },
    });
    const platformUrl = typeof options.platformUrl === 'function' ? options.platformUrl() : options.platformUrl;
    return c.json({
      order: order.id,
      client_secret: order.client_secret,
      amount: order.amount,
      expires_at: order.expires_at,
      ...(platformUrl ? { platform_url: platformUrl } : {}),
    });
  });
}
