/** @module Static payment codes (静态收款码) per merchant, store or till. */
import { ListOf, PaymentCode, PaymentCodeCreateParams, PaymentCodeId, PaymentCodeListParams, PaymentCodeUpdateParams } from '@mashang/sdk';
import * as z from 'zod/mini';
import type { Platform } from '../context.js';
import { HttpError, notFound } from '../errors.js';
import type { Payments } from '../payments/service.js';
import type { router } from '../route.js';
import { findPaymentCode, insertPaymentCode, listPaymentCodes, toPaymentCode, updatePaymentCode } from '../store/payment-codes.js';

const IdParams = z.object({ id: PaymentCodeId });

export function paymentCodeRoutes(route: ReturnType<typeof router>, platform: Platform, payments: Payments): void {
  const { db } = platform;

  route(
    {
      method: 'post',
      path: '/v1/payment-codes',
      summary: 'Create a static payment code (静态收款码)',
      description:
        'One printed code for a merchant, store or till; the consumer types the amount. Both payload formats are returned. ' +
        'The first Latin name and city given become the merchant\'s defaults for EMV tags 59/60.',
      tag: 'Payment codes',
      auth: 'merchant',
      body: PaymentCodeCreateParams,
      response: PaymentCode,
      status: 201,
    },
    async ({ body, merchantId }) => {
      const { rows } = await db.query<{ status: string }>('select status from merchants where id = $1', [merchantId]);
      const status = rows[0]?.status;
      if (status !== 'active') {
        throw new HttpError('conflict', 'merchant_not_active', `Merchant '${merchantId}' is ${status ?? 'unknown'}; payment codes can be created once onboarding has approved it.`);
      }
      return toPaymentCode(await insertPaymentCode(db, merchantId!, body), payments.view);
    },
  );

  route(
    { method: 'get', path: '/v1/payment-codes', summary: 'List payment codes, newest first', tag: 'Payment codes', auth: 'merchant', query: PaymentCodeListParams, response: ListOf(PaymentCode) },
    async ({ query, merchantId }) => {
      const page = await listPaymentCodes(db, merchantId!, { ...query, limit: query.limit ?? 10 });
      return { ...page, data: page.data.map((row) => toPaymentCode(row, payments.view)) };
    },
  );

  route(
    {
      method: 'get',
      path: '/v1/payment-codes/{id}',
      summary: 'Retrieve a payment code',
      description: 'Also with the merchant\'s publishable key, which is what `<mashang-payment-code code=…>` uses.',
      tag: 'Payment codes',
      auth: ['merchant', 'publishable'],
      params: IdParams,
      response: PaymentCode,
    },
    async ({ params, merchantId }) => {
      const row = await findPaymentCode(db, params.id, merchantId);
      if (!row) throw notFound('payment code', params.id);
      return toPaymentCode(row, payments.view);
    },
  );

  route(
    {
      method: 'post',
      path: '/v1/payment-codes/{id}',
      summary: 'Update a payment code',
      description: 'Disable a code (`status: "disabled"`) to refuse further payments to it, e.g. when the printed card is lost.',
      tag: 'Payment codes',
      auth: 'merchant',
      params: IdParams,
      body: PaymentCodeUpdateParams,
      response: PaymentCode,
    },
    async ({ params, body, merchantId }) => {
      const row = await updatePaymentCode(db, params.id, merchantId!, body);
      if (!row) throw notFound('payment code', params.id);
      return toPaymentCode(row, payments.view);
    },
  );
}
