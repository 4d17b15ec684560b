/** @module Merchants and their API keys. */
import { ApiKey, ApiKeyCreateParams, ListOf, ListParams, Merchant, MerchantCreateParams, MerchantId, MerchantUpdateParams } from '@mashang/sdk';
import * as z from 'zod/mini';
import type { Platform, Principal } from '../context.js';
import { HttpError, notFound } from '../errors.js';
import { createKey } from '../store/accounts.js';
import { findMerchant, insertMerchant, listMerchants, updateMerchant } from '../store/merchants.js';
import type { router } from '../route.js';

const IdParams = z.object({ id: MerchantId });

/** The ISV whose merchants `principal` may see; null for the operator (all). */
function visibleIsv(principal: Principal | null): string | null {
  if (!principal || principal.kind === 'operator') return null;
  if (principal.kind === 'client_secret') throw new HttpError('permission_error', 'forbidden', 'A client secret cannot manage merchants.');
  return principal.isvId;
}

/** Checks a merchant key only touches its own merchant. */
function assertOwnMerchant(principal: Principal | null, id: string): void {
  if ((principal?.kind === 'merchant' || principal?.kind === 'publishable') && principal.merchantId !== id) throw notFound('merchant', id);
}

export function merchantRoutes(route: ReturnType<typeof router>, platform: Platform): void {
  const { db } = platform;

  route(
    { method: 'post', path: '/v1/merchants', summary: 'Create a merchant', tag: 'Merchants', auth: 'isv', body: MerchantCreateParams, response: Merchant, status: 201 },
    async ({ body, principal }) => {
      if (principal?.kind !== 'isv') throw new HttpError('permission_error', 'isv_required', 'Merchants are created by an ISV secret key (the operator creates ISVs).');
      return insertMerchant(db, principal.isvId, body);
    },
  );

  route(
    { method: 'get', path: '/v1/merchants', summary: 'List merchants, newest first', tag: 'Merchants', auth: 'isv', query: ListParams, response: ListOf(Merchant) },
    async ({ query, principal }) => listMerchants(db, visibleIsv(principal), query.limit ?? 10, query.starting_after),
  );

  route(
    { method: 'get', path: '/v1/merchants/{id}', summary: 'Retrieve a merchant', tag: 'Merchants', auth: ['isv', 'merchant', 'publishable'], params: IdParams, response: Merchant },
    async ({ params, principal }) => {
      assertOwnMerchant(principal, params.id);
      return (await findMerchant(db, params.id, visibleIsv(principal))) ?? Promise.reject(notFound('merchant', params.id));
    },
  );

  route(
    { method: 'post', path: '/v1/merchants/{id}', summary: 'Update a merchant', tag: 'Merchants', auth: ['isv', 'merchant'], params: IdParams, body: MerchantUpdateParams, response: Merchant },
    async ({ params, body, principal }) => {
      assertOwnMerchant(principal, params.id);
      if (principal?.kind === 'publishable') throw new HttpError('permission_error', 'forbidden', 'A publishable key cannot change a merchant.');
      return (await updateMerchant(db, params.id, visibleIsv(principal), body)) ?? Promise.reject(notFound('merchant', params.id));
    },
  );

  route(
    {
      method: 'post',
      path: '/v1/merchants/{id}/keys',
      summary: 'Create an API key for a merchant',
      description: 'A publishable key (`pk_…`) for widgets, or a secret key (`sk_…`) for the merchant\'s own server. The full key is in this answer only.',
      tag: 'Merchants',
      auth: ['isv', 'merchant'],
      params: IdParams,
      body: ApiKeyCreateParams,
      response: ApiKey,
      status: 201,
    },
    async ({ params, body, principal }) => {
      assertOwnMerchant(principal, params.id);
      if (principal?.kind === 'publishable') throw new HttpError('permission_error', 'forbidden', 'A publishable key cannot create keys.');
      const merchant = await findMerchant(db, params.id, visibleIsv(principal));
      if (!merchant) throw notFound('merchant', params.id);
      return createKey(db, body.type, { isvId: merchant.isv_id, merchantId: merchant.id });
    },
  );
}
