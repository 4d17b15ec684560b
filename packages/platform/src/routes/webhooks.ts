/** @module Webhook endpoints, their delivery log and manual redelivery, and the events list. */
import {
  Deleted,
  Event,
  EventId,
  EventListParams,
  ListOf,
  ListParams,
  WebhookDelivery,
  WebhookDeliveryId,
  WebhookDeliveryListParams,
  WebhookEndpoint,
  WebhookEndpointCreateParams,
  WebhookEndpointId,
  WebhookEndpointUpdateParams,
  WebhookSecretRotateParams,
} from '@mashang/sdk';
import * as z from 'zod/mini';
import type { Platform, Principal } from '../context.js';
import { HttpError, invalid, notFound } from '../errors.js';
import { dataCipher } from '../internal/crypto.js';
import type { router } from '../route.js';
import {
  deleteEndpoint,
  findDelivery,
  findEndpoint,
  findEvent,
  insertEndpoint,
  listDeliveries,
  listEndpoints,
  listEvents,
  rotateEndpointSecret,
  updateEndpoint,
  type Scope,
} from '../store/webhooks.js';
import { registerWorker } from '../webhooks/events.js';
import { webhookSettings } from '../webhooks/settings.js';
import { webhookUrlProblem } from '../webhooks/url-policy.js';
import { DeliveryWorker } from '../webhooks/worker.js';

const EndpointParams = z.object({ id: WebhookEndpointId });
const DeliveryParams = z.object({ id: WebhookDeliveryId });
const EventParams = z.object({ id: EventId });
const TAG = 'Webhooks';

/** What the caller may see: see {@link Scope}. */
function scopeOf(principal: Principal | null, merchantId: string | undefined): Scope {
  if (!principal || principal.kind === 'client_secret' || principal.kind === 'publishable') {
    throw new HttpError('permission_error', 'secret_key_required', 'Webhooks are managed with a secret key (sk_…) on your server.');
  }
  if (principal.kind === 'operator') return { isvId: null, merchantId: merchantId ?? null };
  return { isvId: principal.isvId, merchantId: merchantId ?? null };
}

/** In production, endpoints must be public https URLs; the sandbox also accepts local http receivers. */
function checkUrl(platform: Platform, url: string | undefined): void {
  const problem = url === undefined ? undefined : webhookUrlProblem(url, platform.config.sandbox);
  if (problem) throw invalid('url', 'url_not_allowed', `url: ${problem}`);
}

/** Webhook routes, and the delivery worker (stopped with the platform). */
export function webhookRoutes(route: ReturnType<typeof router>, platform: Platform): void {
  const { db } = platform;
  const worker = new DeliveryWorker(platform, webhookSettings());
  registerWorker(platform, worker);
  worker.start();
  platform.onClose(() => worker.stop());

  route(
    {
      method: 'post',
      path: '/v1/webhook_endpoints',
      summary: 'Register a webhook endpoint',
      description:
        'With an ISV key the endpoint receives the events of every merchant of the ISV; acting for a merchant it receives that merchant\'s. ' +
        'The answer carries the signing secret (`whsec_…`) once.',
      tag: TAG,
      auth: ['isv', 'merchant'],
      body: WebhookEndpointCreateParams,
      response: WebhookEndpoint,
      status: 201,
    },
    async ({ body, principal, merchantId }) => {
      const scope = scopeOf(principal, merchantId);
      checkUrl(platform, body.url);
      let isvId = scope.isvId;
      if (scope.merchantId) {
        const { rows } = await db.query<{ isv_id: string }>('select isv_id from merchants where id = $1', [scope.merchantId]);
        isvId = rows[0]!.isv_id;
      }
      if (!isvId) {
        throw new HttpError('permission_error', 'merchant_required', 'The operator registers endpoints for a merchant: send `Mashang-Merchant: mch_…`.');
      }
      return insertEndpoint(db, await dataCipher(platform, platform.config), { isvId, merchantId: scope.merchantId }, body);
    },
  );

  route(
    { method: 'get', path: '/v1/webhook_endpoints', summary: 'List webhook endpoints', tag: TAG, auth: ['isv', 'merchant'], query: ListParams, response: ListOf(WebhookEndpoint) },
    async ({ query, principal, merchantId }) => listEndpoints(db, scopeOf(principal, merchantId), query.limit ?? 10, query.starting_after),
  );

  route(
    { method: 'get', path: '/v1/webhook_endpoints/{id}', summary: 'Retrieve a webhook endpoint', tag: TAG, auth: ['isv', 'merchant'], params: EndpointParams, response: WebhookEndpoint },
    async ({ params, principal, merchantId }) =>
      (await findEndpoint(db, params.id, scopeOf(principal, merchantId))) ?? Promise.reject(notFound('webhook endpoint', params.id)),
  );

  route(
    {
      method: 'post',
      path: '/v1/webhook_endpoints/{id}',
      summary: 'Update a webhook endpoint',
      tag: TAG,
      auth: ['isv', 'merchant'],
      params: EndpointParams,
      body: WebhookEndpointUpdateParams,
      response: WebhookEndpoint,
    },
    async ({ params, body, principal, merchantId }) => {
      checkUrl(platform, body.url);
      return (await updateEndpoint(db, params.id, scopeOf(principal, merchantId), body)) ?? Promise.reject(notFound('webhook endpoint', params.id));
    },
  );

  route(
    { method: 'delete', path: '/v1/webhook_endpoints/{id}', summary: 'Delete a webhook endpoint and its delivery log', tag: TAG, auth: ['isv', 'merchant'], params: EndpointParams, response: Deleted },
    async ({ params, principal, merchantId }) => {
      if (!(await deleteEndpoint(db, params.id, scopeOf(principal, merchantId)))) throw notFound('webhook endpoint', params.id);
      return { id: params.id, object: 'webhook_endpoint', deleted: true as const };
    },
  );

  route(
    {
      method: 'post',
      path: '/v1/webhook_endpoints/{id}/rotate_secret',
      summary: 'Rotate the signing secret',
      description: 'The answer carries the new secret. Until `expires_in` seconds pass, deliveries carry two `v1=` signatures: one per secret.',
      tag: TAG,
      auth: ['isv', 'merchant'],
      params: EndpointParams,
      body: WebhookSecretRotateParams,
      response: WebhookEndpoint,
    },
    async ({ params, body, principal, merchantId }) =>
      (await rotateEndpointSecret(db, await dataCipher(platform, platform.config), params.id, scopeOf(principal, merchantId), body?.expires_in ?? 86_400)) ??
      Promise.reject(notFound('webhook endpoint', params.id)),
  );

  route(
    {
      method: 'get',
      path: '/v1/webhook_endpoints/{id}/deliveries',
      summary: 'The delivery log of an endpoint, newest first',
      tag: TAG,
      auth: ['isv', 'merchant'],
      params: EndpointParams,
      query: WebhookDeliveryListParams,
      response: ListOf(WebhookDelivery),
    },
    async ({ params, query, principal, merchantId }) => {
      if (!(await findEndpoint(db, params.id, scopeOf(principal, merchantId)))) throw notFound('webhook endpoint', params.id);
      return listDeliveries(db, params.id, { limit: query.limit ?? 10, startingAfter: query.starting_after, status: query.status, eventId: query.event });
    },
  );

  route(
    { method: 'get', path: '/v1/webhook_deliveries/{id}', summary: 'Retrieve a delivery with its attempts', tag: TAG, auth: ['isv', 'merchant'], params: DeliveryParams, response: WebhookDelivery },
    async ({ params, principal, merchantId }) =>
      (await findDelivery(db, params.id, scopeOf(principal, merchantId))) ?? Promise.reject(notFound('webhook delivery', params.id)),
  );

  route(
    {
      method: 'post',
      path: '/v1/webhook_deliveries/{id}/redeliver',
      summary: 'Send a delivery again now',
      description:
        'Makes one attempt immediately, whatever the delivery\'s status, and answers with the delivery including that attempt. ' +
        'The event keeps its id, so receivers that dedupe by id handle it once.',
      tag: TAG,
      auth: ['isv', 'merchant'],
      params: DeliveryParams,
      response: WebhookDelivery,
    },
    async ({ params, principal, merchantId }) => {
      const scope = scopeOf(principal, merchantId);
      const delivery = await findDelivery(db, params.id, scope);
      if (!delivery) throw notFound('webhook delivery', params.id);
      const endpoint = await findEndpoint(db, delivery.endpoint, scope);
      if (endpoint?.status !== 'enabled') {
        throw new HttpError('conflict', 'endpoint_disabled', `Endpoint '${delivery.endpoint}' is disabled; enable it (status: 'enabled') before redelivering.`);
      }
      await worker.redeliver(delivery.id, delivery.status === 'failed');
      return (await findDelivery(db, params.id, scope))!;
    },
  );

  route(
    { method: 'get', path: '/v1/events', summary: 'List events, newest first', tag: TAG, auth: ['isv', 'merchant'], query: EventListParams, response: ListOf(Event) },
    async ({ query, principal, merchantId }) => listEvents(db, scopeOf(principal, merchantId), query.limit ?? 10, query.starting_after, query.type),
  );

  route(
    { method: 'get', path: '/v1/events/{id}', summary: 'Retrieve an event', tag: TAG, auth: ['isv', 'merchant'], params: EventParams, response: Event },
    async ({ params, principal, merchantId }) => (await findEvent(db, params.id, scopeOf(principal, merchantId))) ?? Promise.reject(notFound('event', params.id)),
  );
}
