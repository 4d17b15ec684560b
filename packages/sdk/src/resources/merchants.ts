/** @module Merchants: create, retrieve, list and update the merchants an ISV manages. */
import type { Transport, RequestOptions } from '../transport.js';
import { ListOf, ListParams, type Page } from '../schemas/common.js';
import { Merchant, MerchantCreateParams, MerchantUpdateParams } from '../schemas/merchant.js';
import { ApiKey, ApiKeyCreateParams } from '../schemas/key.js';
import { parseWith } from '../internal/parse.js';
import { paginate } from '../internal/paginate.js';

const MerchantList = ListOf(Merchant);

/**
 * `client.merchants` — the merchants (商户) under your ISV account.
 * @category Resources
 */
export class Merchants {
  readonly #t: Transport;
  /** @internal */
  constructor(transport: Transport) {
    this.#t = transport;
  }

  /**
   * Creates a merchant in `pending` status.
   * @example
   * const merchant = await client.merchants.create({ name: '湖州老王面馆', short_name: '老王面馆' });
   */
  async create(params: MerchantCreateParams, options?: RequestOptions): Promise<Merchant> {
    const body = parseWith(MerchantCreateParams, params, 'Invalid merchants.create() params');
    return this.#t.request({ method: 'post', path: '/v1/merchants', body, schema: Merchant, options });
  }

  /** Retrieves a merchant by id. */
  retrieve(id: string, options?: RequestOptions): Promise<Merchant> {
    return this.#t.request({ method: 'get', path: `/v1/merchants/${encodeURIComponent(id)}`, schema: Merchant, options });
  }

  /** Updates the given fields; `null` clears an optional field. */
  async update(id: string, params: MerchantUpdateParams, options?: RequestOptions): Promise<Merchant> {
    const body = parseWith(MerchantUpdateParams, params, 'Invalid merchants.update() params');
    return this.#t.request({ method: 'post', path: `/v1/merchants/${encodeURIComponent(id)}`, body, schema: Merchant, options });
  }

  /**
   * Lists merchants, newest first, one page at a time.
   * @example
   * const page = await client.merchants.list({ limit: 20 });
   * const next = page.has_more ? await client.merchants.list({ starting_after: page.data.at(-1)!.id }) : undefined;
   */
  async list(params: ListParams = {}, options?: RequestOptions): Promise<Page<Merchant>> {
    const query = parseWith(ListParams, params, 'Invalid merchants.list() params');
    return this.#t.request({ method: 'get', path: '/v1/merchants', query, schema: MerchantList, options });
  }

  /**
   * Iterates over every merchant, fetching pages as needed.
   * @example
   * for await (const merchant of client.merchants.all()) console.log(merchant.name);
   */
  all(params: Omit<ListParams, 'starting_after'>= {}, options?: RequestOptions): AsyncGenerator<Merchant> {
    return paginate((page) => this.list(page, options), params);
  }

  /**
   * Creates an API key for a merchant. A `publishable` key (`pk_…`) is what widgets use;
   * a `secret` key (`sk_…`) lets the merchant's own server call the API.
   * @example
   * const { secret } = await client.merchants.createKey('mch_…', { type: 'publishable' });
   */
  async createKey(merchantId: string, params: ApiKeyCreateParams, options?: RequestOptions): Promise<ApiKey> {
    const body = parseWith(ApiKeyCreateParams, params, 'Invalid merchants.createKey() params');
    return this.#t.request({ method: 'post', path: `/v1/merchants/${encodeURIComponent(merchantId)}/keys`, body, schema: ApiKey, options });
  }
}
