/** @module Credit codes (信用码): issue and revoke signed credentials, publish keys and status lists. */
import { CreditCode, CreditCodeCreateParams, CreditCodeId, CreditCodeListParams, CreditCodeRevokeParams, ListOf, PublicJwks } from '@mashang/sdk';
import type { Hono } from 'hono';
import * as z from 'zod/mini';
import type { AppEnv, Platform } from '../context.js';
import { Keyring, keySourceFor } from '../credit/keyring.js';
import { creditPageRoutes } from '../credit/page.js';
import { CreditService, STATUS_LIST_MAX_AGE } from '../credit/service.js';
import { notFound } from '../errors.js';
import { findCode, listCodes } from '../store/credit.js';
import type { router } from '../route.js';
import { ratingRoutes } from './ratings.js';

const IdParams = z.object({ id: CreditCodeId });
const ListNumber = z.object({
  list: z.string().check(z.regex(/^[1-9]\d{0,8}$/, 'must be a status list number (1, 2, …)')),
});

/** Lets pages on any origin (widgets, third-party verifiers) fetch public verification material. */
const PUBLIC_CORS = { 'access-control-allow-origin': '*', 'access-control-expose-headers': 'Cache-Control, Date' };

/** The credit-code capability: ratings, credentials, `/.well-known/jwks.json`, status lists and the `/c/…` page. */
export async function creditRoutes(route: ReturnType<typeof router>, platform: Platform, app: Hono<AppEnv>): Promise<void> {
  const credit = new CreditService(platform, new Keyring(keySourceFor(platform.config)));
  const { db } = platform;

  // Onboarding approves a merchant → the documented default grade (sandbox), so its 信用码 is live.
  platform.bus.on('merchant.activated', async (payload) => {
    const id = [payload['merchant_id'], payload['merchantId'], payload['merchant'], payload['id']].find((v): v is string => typeof v === 'string' && v.startsWith('mch_'));
    if (id) await credit.ensureDefaultRating(id);
  });

  ratingRoutes(route, credit);

  route(
    {
      method: 'post',
      path: '/v1/credit-codes',
      summary: 'Issue a credit code (信用码) for the merchant',
      description:
        'Signs a credential (compact JWS, EdDSA/Ed25519) over the merchant\'s registered name, USCC and current grade, valid for `expires_in_days` ' +
        '(at most until the grade\'s `valid_until`). `url` is what the QR encodes.',
      tag: 'Credit codes',
      auth: 'merchant',
      body: CreditCodeCreateParams,
      response: CreditCode,
      status: 201,
    },
    async ({ body, merchantId }) => credit.issue(merchantId!, body?.expires_in_days),
  );

  route(
    {
      method: 'get',
      path: '/v1/credit-codes/current',
      summary: 'The merchant\'s credit code for display',
      description: 'The newest valid credential with more than a day to run, or a freshly issued one. Widgets call this with a publishable key.',
      tag: 'Credit codes',
      auth: ['merchant', 'publishable'],
      response: CreditCode,
    },
    async ({ merchantId }) => credit.current(merchantId!),
  );

  route(
    { method: 'get', path: '/v1/credit-codes', summary: 'List the merchant\'s credit codes, newest first', tag: 'Credit codes', auth: 'merchant', query: CreditCodeListParams, response: ListOf(CreditCode) },
    async ({ query, merchantId }) => listCodes(db, merchantId!, query.limit ?? 10, query.starting_after, credit.links),
  );

  route(
    { method: 'get', path: '/v1/credit-codes/{id}', summary: 'Retrieve a credit code', tag: 'Credit codes', auth: ['operator', 'merchant', 'publishable'], params: IdParams, response: CreditCode },
    async ({ params, principal, merchantId }) => {
      const scope = principal?.kind === 'operator' && !merchantId ? null : merchantId!;
      return (await findCode(db, params.id, scope, credit.links)) ?? Promise.reject(notFound('credit code', params.id));
    },
  );

  route(
    {
      method: 'post',
      path: '/v1/credit-codes/{id}/revoke',
      summary: 'Revoke a credit code (operator)',
      description: 'Sets the credential\'s bit in its status list; verifiers see it within one minute. Revocation is permanent.',
      tag: 'Credit codes',
      auth: 'operator',
      params: IdParams,
      body: CreditCodeRevokeParams,
      response: CreditCode,
    },
    async ({ params, body }) => credit.revoke(params.id, body.reason),
  );

  route(
    {
      method: 'get',
      path: '/.well-known/jwks.json',
      summary: 'Public keys that verify credit codes and status lists',
      description: 'The current signing key first, then retired keys whose credentials may not have expired yet.',
      tag: 'Credit codes',
      auth: 'public',
      response: PublicJwks,
    },
    async () => {
      const body = JSON.stringify(await credit.jwks());
      return new Response(body, { headers: { 'content-type': 'application/jwk-set+json', 'cache-control': 'public, max-age=300', ...PUBLIC_CORS } });
    },
  );

  route(
    {
      method: 'get',
      path: '/credit/status/{list}',
      summary: 'A signed revocation status list (W3C Bitstring Status List style)',
      description: `A compact JWS (typ \`mashang-status-list+jwt\`) whose \`statusList.encodedList\` is the GZIP-compressed bitstring; a set bit means revoked. Cacheable for ${STATUS_LIST_MAX_AGE} s.`,
      tag: 'Credit codes',
      auth: 'public',
      params: ListNumber,
      produces: 'application/jwt',
    },
    async ({ params }) => {
      const token = await credit.statusListToken(Number(params.list));
      if (!token) throw notFound('status list', params.list, 'list');
      return new Response(token, { headers: { 'content-type': 'application/jwt', 'cache-control': `public, max-age=${STATUS_LIST_MAX_AGE}`, ...PUBLIC_CORS } });
    },
  );

  await creditPageRoutes(route, credit, app);
}
