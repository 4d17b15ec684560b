/** @module Products (商品) registered by GTIN, the first step of item codes (一物一码). */
import type { Transport, RequestOptions } from '../transport.js';
import { ListOf, ListParams, type Page } from '../schemas/common.js';
import { Product, ProductCreateParams, ProductId, ProductUpdateParams } from '../schemas/trace.js';
import { parseWith } from '../internal/parse.js';
import { paginate } from '../internal/paginate.js';

const ProductList = ListOf(Product);

/**
 * `client.products` — the products of the merchant you act for, one per GTIN.
 * @category Resources
 */
export class Products {
  readonly #t: Transport;
  /** @internal */
  constructor(transport: Transport) {
    this.#t = transport;
  }

  /**
   * Registers a product. The GTIN's check digit is verified; it is stored as 14 digits.
   * @example
   * const tea = await client.products.create({ gtin: '6901234567892', name: '安吉白茶 明前特级', origin: '浙江省湖州市安吉县' });
   */
  async create(params: ProductCreateParams, options?: RequestOptions): Promise<Product> {
    const body = parseWith(ProductCreateParams, params, 'Invalid products.create() params');
    return this.#t.request({ method: 'post', path: '/v1/products', body, schema: Product, options });
  }

  /** Retrieves a product by id. */
  retrieve(id: string, options?: RequestOptions): Promise<Product> {
    parseWith(ProductId, id, 'Invalid products.retrieve() id');
    return this.#t.request({ method: 'get', path: `/v1/products/${encodeURIComponent(id)}`, schema: Product, options });
  }

  /** Updates the given fields; `null` clears an optional one. The GTIN cannot change. */
  async update(id: string, params: ProductUpdateParams, options?: RequestOptions): Promise<Product> {
    parseWith(ProductId, id, 'Invalid products.update() id');
    const body = parseWith(ProductUpdateParams, params, 'Invalid products.update() params');
    return this.#t.request({ method: 'post', path: `/v1/products/${encodeURIComponent(id)}`, body, schema: Product, options });
  }

  /** Lists products, newest first, one page at a time. */
  async list(params: ListParams = {}, options?: RequestOptions): Promise<Page<Product>> {
    const query = parseWith(ListParams, params, 'Invalid products.list() params');
    return this.#t.request({ method: 'get', path: '/v1/products', query, schema: ProductList, options });
  }

  /**
   * Iterates over every product, fetching pages as needed.
   * @example
   * for await (const product of client.products.all()) console.log(product.gtin, product.name);
   */
  all(params: Omit<ListParams, 'starting_after'>= {}, options?: RequestOptions): AsyncGenerator<Product> {
    return paginate((page) => this.list(page, options), params);
  }
}
