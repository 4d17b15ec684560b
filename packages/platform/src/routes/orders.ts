/** @module Dynamic orders: create, retrieve, list, cancel, and live status (SSE). */
import { ListOf, Order, OrderCreateParams, OrderExtendParams, OrderId, OrderListParams } from '@mashang/sdk';
import * as z from 'zod/mini';
import type { Platform, Principal } from '../context.js';
import { HttpError, notFound } from '../errors.js';
import { principalForKey } from '../middleware/authenticate.js';
import { orderEvents } from '../payments/sse.js';
import type { Payments } from '../payments/service.js';
import type { router } from '../route.js';
import { findOrder, listOrders } from '../store/orders.js';

const IdParams = z.object({ id: OrderId });
const EventsQuery = z.strictObject({
  client_secret: z.optional(z.string().check(z.minLength(1, 'must not be empty'))),
});

/** Whether `principal` (acting for `merchantId`) may read order `id` of `owner`. */
function mayRead(principal: Principal | null, merchantId: string | undefined, id: string, owner: string): boolean {
  if (!principal) return false;
  if (principal.kind === 'client_secret') return principal.objectId === id;
  if (principal.kind === 'publishable') return false;
  return merchantId === owner;
}

export function orderRoutes(route: ReturnType<typeof router>, platform: Platform, payments: Payments): void {
  const { db } = platform;

  route(
    {
      method: 'post',
      path: '/v1/orders',
      summary: 'Create a dynamic order (动态收款码)',
      description:
        'Returns the order with both payload formats (aggregated URL and EMV) and a `client_secret` for `<mashang-payment-code>`. ' +
        'The order expires after `expires_in` seconds (default 900) unless paid or cancelled.',
      tag: 'Payment codes',
      auth: 'merchant',
      body: OrderCreateParams,
      response: Order,
      status: 201,
    },
    async ({ body, merchantId }) => payments.createOrder(merchantId!, body),
  );

  route(
    { method: 'get', path: '/v1/orders', summary: 'List orders, newest first', tag: 'Payment codes', auth: 'merchant', query: OrderListParams, response: ListOf(Order) },
    async ({ query, merchantId }) => {
      await payments.expire();
      const page = await listOrders(db, merchantId!, { ...query, limit: query.limit ?? 10 });
      return { ...page, data: page.data.map((row) => payments.toOrder(row)) };
    },
  );

  route(
    {
      method: 'get',
      path: '/v1/orders/{id}',
      summary: 'Retrieve an order',
      description: 'With a secret key, or with the order\'s client secret (what a widget polls with).',
      tag: 'Payment codes',
      auth: ['merchant', 'client_secret'],
      params: IdParams,
      response: Order,
    },
    async ({ params, principal, merchantId }) => {
      const order = await payments.retrieve(params.id);
      if (!order || !mayRead(principal, merchantId, params.id, order.merchant_id)) throw notFound('order', params.id);
      return order;
    },
  );

  route(
    {
      method: 'post',
      path: '/v1/orders/{id}/cancel',
      summary: 'Cancel a pending order',
      description: 'A paid or expired order cannot be cancelled (409 `order_not_pending`). Cancelling a cancelled order returns it unchanged.',
      tag: 'Payment codes',
      auth: 'merchant',
      params: IdParams,
      response: Order,
    },
    async ({ params, merchantId }) => payments.cancel(params.id, merchantId!),
  );

  route(
    {
      method: 'post',
      path: '/v1/orders/{id}/extend',
      summary: 'Give a pending order more time',
      description:
        'Sets the expiry to `now + seconds` (default 300), at most one hour after creation. Also with the order\'s client secret, so ' +
        '`<mashang-payment-code>` can offer "more time" (elder mode: no silent time-outs). 409 `order_not_pending` once paid, expired or cancelled.',
      tag: 'Payment codes',
      auth: ['merchant', 'client_secret'],
      params: IdParams,
      body: OrderExtendParams,
      response: Order,
    },
    async ({ params, body, principal, merchantId }) => {
      const row = await findOrder(db, params.id);
      if (!row || !mayRead(principal, merchantId, params.id, row.merchant_id)) throw notFound('order', params.id);
      return payments.extend(params.id, body?.seconds ?? 300);
    },
  );

  route(
    {
      method: 'get',
      path: '/v1/orders/{id}/events',
      summary: 'Follow an order\'s status (Server-Sent Events)',
      description:
        'An `order` event with the order at once and after every change; the stream ends after `paid`, `expired` or `cancelled`. ' +
        'Authorise with `Authorization: Bearer <secret key or client secret>`, or with the `client_secret` query parameter: ' +
        'browsers\' `EventSource` cannot send headers, so this route (and only this one) accepts the order\'s client secret in the URL. ' +
        'Query strings are never logged.',
      tag: 'Payment codes',
      auth: 'public',
      params: IdParams,
      query: EventsQuery,
      produces: 'text/event-stream',
    },
    async ({ c, params, query, principal, merchantId }) => {
      let who = principal;
      if (query.client_secret !== undefined) {
        if (principal) throw new HttpError('invalid_request_error', 'credentials_duplicated', 'Send either an Authorization header or the client_secret query parameter, not both.', { param: 'client_secret' });
        who = await principalForKey(db, query.client_secret).catch((error: unknown) => {
          if (error instanceof HttpError) throw new HttpError(error.type, error.code, error.message, { param: 'client_secret', headers: error.headers });
          throw error;
        });
        if (who.kind !== 'client_secret') {
          throw new HttpError('invalid_request_error', 'client_secret_invalid', 'client_secret: only an order\'s client secret may be sent in the URL; send API keys in the Authorization header.', {
            param: 'client_secret',
          });
        }
      }
      if (!who) throw new HttpError('authentication_error', 'api_key_missing', 'Authorise with the order\'s client secret (`?client_secret=…`) or an `Authorization: Bearer` header.', { headers: { 'WWW-Authenticate': 'Bearer' } });
      const row = await findOrder(db, params.id);
      if (!row || !mayRead(who, who === principal ? merchantId : undefined, params.id, row.merchant_id)) throw notFound('order', params.id);
      return orderEvents(c, payments, params.id);
    },
  );
}
