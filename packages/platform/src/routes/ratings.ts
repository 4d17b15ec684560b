/** @module Credit ratings (信用评级): the operator records grades; history is kept. */
import { CreditRating, CreditRatingCreateParams, CreditRatingId, CreditRatingListParams, ListOf } from '@mashang/sdk';
import * as z from 'zod/mini';
import type { CreditService } from '../credit/service.js';
import type { Principal } from '../context.js';
import { HttpError, notFound } from '../errors.js';
import { findRating, listRatings } from '../store/ratings.js';
import type { router } from '../route.js';

const IdParams = z.object({ id: CreditRatingId });

/** Which ratings a caller may read: the operator all, an ISV its merchants', a merchant key its own. */
function scopeOf(principal: Principal | null, merchantId: string | undefined): { isvId: string | null; merchantId: string | null } {
  if (!principal || principal.kind === 'client_secret') throw new HttpError('permission_error', 'forbidden', 'Credit ratings are read with a secret key.');
  if (principal.kind === 'operator') return { isvId: null, merchantId: merchantId ?? null };
  if (principal.kind === 'merchant' || principal.kind === 'publishable') return { isvId: principal.isvId, merchantId: principal.merchantId };
  return { isvId: principal.isvId, merchantId: merchantId ?? null };
}

/** `POST /v1/credit-ratings`, `GET /v1/credit-ratings`, `GET /v1/credit-ratings/{id}`. */
export function ratingRoutes(route: ReturnType<typeof router>, credit: CreditService): void {
  const { db } = credit;

  route(
    {
      method: 'post',
      path: '/v1/credit-ratings',
      summary: 'Record a merchant\'s credit grade (operator)',
      description:
        'Records grade A–D with its documented basis and last valid day; it becomes the merchant\'s current rating and the history is kept. ' +
        'A changed grade revokes the merchant\'s outstanding credit codes (the status list shows it at once) and issues a new one.',
      tag: 'Credit codes',
      auth: 'operator',
      body: CreditRatingCreateParams,
      response: CreditRating,
      status: 201,
    },
    async ({ body, principal }) => credit.recordRating(body, principal?.keyId),
  );

  route(
    {
      method: 'get',
      path: '/v1/credit-ratings',
      summary: 'List credit ratings, newest first (the rating history)',
      tag: 'Credit codes',
      auth: ['isv', 'merchant'],
      query: CreditRatingListParams,
      response: ListOf(CreditRating),
    },
    async ({ query, principal, merchantId }) => {
      const scope = scopeOf(principal, merchantId);
      if (query.merchant && scope.merchantId && query.merchant !== scope.merchantId) throw notFound('merchant', query.merchant, 'merchant');
      return listRatings(db, { merchantId: query.merchant ?? scope.merchantId ?? undefined, isvId: scope.isvId }, query.limit ?? 10, query.starting_after);
    },
  );

  route(
    { method: 'get', path: '/v1/credit-ratings/{id}', summary: 'Retrieve a credit rating', tag: 'Credit codes', auth: ['isv', 'merchant'], params: IdParams, response: CreditRating },
    async ({ params, principal, merchantId }) => {
      const rating = await findRating(db, params.id, scopeOf(principal, merchantId));
      if (!rating) throw notFound('credit rating', params.id);
      return rating;
    },
  );
}
