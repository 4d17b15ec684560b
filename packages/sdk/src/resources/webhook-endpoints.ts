/** @module Webhook endpoints with their delivery log, and the events they carry. */
import type { Transport, RequestOptions } from '../transport.js';
import { Deleted, ListOf, ListParams, type Page } from '../schemas/common.js';
import {
  Event,
  EventListParams,
  WebhookDelivery,
  WebhookDeliveryListParams,
  WebhookEndpoint,
  WebhookEndpointCreateParams,
  WebhookEndpointUpdateParams,
  WebhookSecretRotateParams,
} from '../schemas/webhooks.js';
import { parseWith } from '../internal/parse.js';

const EndpointList = ListOf(WebhookEndpoint);
const DeliveryList = ListOf(WebhookDelivery);
const EventList = ListOf(Event);

const path = (id: string) => `/v1/webhook_endpoints/${encodeURIComponent(id)}`;

/**
 * `client.webhookEndpoints` — where the platform sends events, signed with `Mashang-Signature`.
 * Verify them with `webhooks.verify()`.
 * @category Resources
 */
export class WebhookEndpoints {
  readonly #t: Transport;
  /** @internal */
  constructor(transport: Transport) {
    this.#t = transport;
  }

  /**
   * Registers an endpoint. With an ISV key it receives every merchant's events; with
   * `client.forMerchant(id)` (or a merchant key) only that merchant's. Store `secret`: it is shown once.
   * @example
   * const endpoint = await client.webhookEndpoints.create({ url: 'https://pos.example.cn/mashang', enabled_events: ['order.paid', 'merchant.activated'] });
   * saveSecret(endpoint.secret!);
   */
  async create(params: WebhookEndpointCreateParams, options?: RequestOptions): Promise<WebhookEndpoint> {
    const body = parseWith(WebhookEndpointCreateParams, params, 'Invalid webhookEndpoints.create() params');
    return this.#t.request({ method: 'post', path: '/v1/webhook_endpoints', body, schema: WebhookEndpoint, options });
  }

  retrieve(id: string, options?: RequestOptions): Promise<WebhookEndpoint> {
    return this.#t.request({ method: 'get', path: path(id), schema: WebhookEndpoint, options });
  }

  /** Changes the URL, the subscribed events, the description or the status (`disabled` pauses deliveries). */
  async update(id: string, params: WebhookEndpointUpdateParams, options?: RequestOptions): Promise<WebhookEndpoint> {
    const body = parseWith(WebhookEndpointUpdateParams, params, 'Invalid webhookEndpoints.update() params');
    return this.#t.request({ method: 'post', path: path(id), body, schema: WebhookEndpoint, options });
  }

  /** Deletes the endpoint and its delivery log. */
  del(id: string, options?: RequestOptions): Promise<Deleted> {
    return this.#t.request({ method: 'delete', path: path(id), schema: Deleted, options });
  }

  async list(params: ListParams = {}, options?: RequestOptions): Promise<Page<WebhookEndpoint>> {
    const query = parseWith(ListParams, params, 'Invalid webhookEndpoints.list() params');
    return this.#t.request({ method: 'get', path: '/v1/webhook_endpoints', query, schema: EndpointList, options });
  }

  /**
   * Issues a new secret; the old one keeps signing beside it for `expires_in` seconds (default a day),
   * so you can deploy the new secret without missing a delivery.
   */
  async rotateSecret(id: string, params: WebhookSecretRotateParams = {}, options?: RequestOptions): Promise<WebhookEndpoint> {
    const body = parseWith(WebhookSecretRotateParams, params, 'Invalid webhookEndpoints.rotateSecret() params');
    return this.#t.request({ method: 'post', path: `${path(id)}/rotate_secret`, body, schema: WebhookEndpoint, options });
  }

  /** The delivery log of an endpoint, newest first, each delivery with its attempts. */
  async listDeliveries(id: string, params: WebhookDeliveryListParams = {}, options?: RequestOptions): Promise<Page<WebhookDelivery>> {
    const query = parseWith(WebhookDeliveryListParams, params, 'Invalid webhookEndpoints.listDeliveries() params');
    return this.#t.request({ method: 'get', path: `${path(id)}/deliveries`, query, schema: DeliveryList, options });
  }

  retrieveDelivery(deliveryId: string, options?: RequestOptions): Promise<WebhookDelivery> {
    return this.#t.request({ method: 'get', path: `/v1/webhook_deliveries/${encodeURIComponent(deliveryId)}`, schema: WebhookDelivery, options });
  }

  /** Sends a delivery again now and answers with the delivery, including this attempt. */
  redeliver(deliveryId: string, options?: RequestOptions): Promise<WebhookDelivery> {
    return this.#t.request({ method: 'post', path: `/v1/webhook_deliveries/${encodeURIComponent(deliveryId)}/redeliver`, schema: WebhookDelivery, options });
  }
}

/**
 * `client.events` — everything that happened to your merchants, as sent to webhooks.
 * @category Resources
 */
export class Events {
  readonly #t: Transport;
  /** @internal */
  constructor(transport: Transport) {
    this.#t = transport;
  }

  retrieve(id: string, options?: RequestOptions): Promise<Event> {
    return this.#t.request({ method: 'get', path: `/v1/events/${encodeURIComponent(id)}`, schema: Event, options });
  }

  /**
   * Newest first; filter by `type`.
   * @example
   * const { data } = await client.events.list({ type: 'merchant.activated', limit: 20 });
   */
  async list(params: EventListParams = {}, options?: RequestOptions): Promise<Page<Event>> {
    const query = parseWith(EventListParams, params, 'Invalid events.list() params');
    return this.#t.request({ method: 'get', path: '/v1/events', query, schema: EventList, options });
  }
}
