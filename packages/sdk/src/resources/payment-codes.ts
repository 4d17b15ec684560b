/** @module Payment codes: static codes (静态收款码) for a merchant, store or till. */
import type { Transport, RequestOptions } from '../transport.js';
import { ListOf, type Page } from '../schemas/common.js';
import { PaymentCode, PaymentCodeCreateParams, PaymentCodeListParams, PaymentCodeUpdateParams } from '../schemas/payments.js';
import { parseWith } from '../internal/parse.js';
import { paginate } from '../internal/paginate.js';

const PaymentCodeList = ListOf(PaymentCode);

/**
 * `client.paymentCodes` — static payment codes of the merchant you act for. The consumer scans
 * the printed code and types the amount; each payment arrives as an order of type `static`.
 * @category Resources
 */
export class PaymentCodes {
  readonly #t: Transport;
  /** @internal */
  constructor(transport: Transport) {
    this.#t = transport;
  }

  /**
   * Creates a static code. Its `payload.url` (aggregated code) and `payload.emv` (EMVCo
   * merchant-presented) are ready to print.
   * @example
   * const code = await client.forMerchant('mch_…').paymentCodes.create({
   *   merchant_name_latin: 'MASHANG NOODLES', merchant_city_latin: 'HUZHOU', merchant_city: '湖州',
   *   store_label: 'WUXING-01', description: '一楼收银台',
   * });
   */
  async create(params: PaymentCodeCreateParams = {}, options?: RequestOptions): Promise<PaymentCode> {
    const body = parseWith(PaymentCodeCreateParams, params, 'Invalid paymentCodes.create() params');
    return this.#t.request({ method: 'post', path: '/v1/payment-codes', body, schema: PaymentCode, options });
  }

  /** Retrieves a code (also with the merchant's publishable key). */
  retrieve(id: string, options?: RequestOptions): Promise<PaymentCode> {
    return this.#t.request({ method: 'get', path: `/v1/payment-codes/${encodeURIComponent(id)}`, schema: PaymentCode, options });
  }

  /**
   * Updates labels or status; `null` clears a label.
   * @example
   * await client.paymentCodes.update('pc_…', { status: 'disabled' }); // the printed card was lost
   */
  async update(id: string, params: PaymentCodeUpdateParams, options?: RequestOptions): Promise<PaymentCode> {
    const body = parseWith(PaymentCodeUpdateParams, params, 'Invalid paymentCodes.update() params');
    return this.#t.request({ method: 'post', path: `/v1/payment-codes/${encodeURIComponent(id)}`, body, schema: PaymentCode, options });
  }

  /** Lists codes, newest first, one page at a time. */
  async list(params: PaymentCodeListParams = {}, options?: RequestOptions): Promise<Page<PaymentCode>> {
    const query = parseWith(PaymentCodeListParams, params, 'Invalid paymentCodes.list() params');
    return this.#t.request({ method: 'get', path: '/v1/payment-codes', query, schema: PaymentCodeList, options });
  }

  /** Iterates over every code, fetching pages as needed. */
  all(params: Omit<PaymentCodeListParams, 'starting_after'>= {}, options?: RequestOptions): AsyncGenerator<PaymentCode> {
    return paginate((page) => this.list(page, options), params);
  }
}
