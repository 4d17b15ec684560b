/** @module Credit codes (信用码) and the credit ratings (信用评级) behind them. */
import type { Transport, RequestOptions } from '../transport.js';
import { ListOf, type Page } from '../schemas/common.js';
import {
  CreditCode,
  CreditCodeCreateParams,
  CreditCodeId,
  CreditCodeListParams,
  CreditCodeRevokeParams,
  CreditRating,
  CreditRatingCreateParams,
  CreditRatingId,
  CreditRatingListParams,
  PublicJwks,
} from '../schemas/credit.js';
import { parseWith } from '../internal/parse.js';

const CreditCodeList = ListOf(CreditCode);
const CreditRatingList = ListOf(CreditRating);

/**
 * `client.creditCodes` — signed, offline-verifiable credit codes. Issue with a merchant's secret
 * key (or an ISV key with `forMerchant`); verify anywhere with `verifyCreditCode` from
 * `@mashang/sdk/credential`, which needs no HTTP client.
 * @category Resources
 */
export class CreditCodes {
  readonly #t: Transport;
  /** @internal */
  constructor(transport: Transport) {
    this.#t = transport;
  }

  /**
   * Issues a credential over the merchant's registered name, USCC and current grade.
   * @example
   * const code = await client.forMerchant('mch_…').creditCodes.issue({ expires_in_days: 30 });
   * renderQr(code.url); // https://<platform>/c/<jws>
   */
  async issue(params: CreditCodeCreateParams = {}, options?: RequestOptions): Promise<CreditCode> {
    const body = parseWith(CreditCodeCreateParams, params, 'Invalid creditCodes.issue() params');
    return this.#t.request({ method: 'post', path: '/v1/credit-codes', body, schema: CreditCode, options });
  }

  /** Retrieves one credit code by id (`cc_…`), with its current `status`. */
  async retrieve(id: string, options?: RequestOptions): Promise<CreditCode> {
    const checked = parseWith(CreditCodeId, id, 'Invalid creditCodes.retrieve() id');
    return this.#t.request({ method: 'get', path: `/v1/credit-codes/${encodeURIComponent(checked)}`, schema: CreditCode, options });
  }

  /**
   * The merchant's credit code for display: the newest valid one with more than a day to run,
   * or a freshly issued one. Works with a publishable key.
   */
  current(options?: RequestOptions): Promise<CreditCode> {
    return this.#t.request({ method: 'get', path: '/v1/credit-codes/current', schema: CreditCode, options });
  }

  /** The merchant's credit codes, newest first. */
  async list(params: CreditCodeListParams = {}, options?: RequestOptions): Promise<Page<CreditCode>> {
    const query = parseWith(CreditCodeListParams, params, 'Invalid creditCodes.list() params');
    return this.#t.request({ method: 'get', path: '/v1/credit-codes', query, schema: CreditCodeList, options });
  }

  /**
   * Revokes a credit code (operator key). Verifiers see it in the status list within a minute.
   * @example
   * await operator.creditCodes.revoke('cc_…', { reason: 'issued_in_error' });
   */
  async revoke(id: string, params: CreditCodeRevokeParams, options?: RequestOptions): Promise<CreditCode> {
    const checked = parseWith(CreditCodeId, id, 'Invalid creditCodes.revoke() id');
    const body = parseWith(CreditCodeRevokeParams, params, 'Invalid creditCodes.revoke() params');
    return this.#t.request({ method: 'post', path: `/v1/credit-codes/${encodeURIComponent(checked)}/revoke`, body, schema: CreditCode, options });
  }

  /** The platform's public keys (`/.well-known/jwks.json`), parsed. For offline use prefer `fetchJwks` from `@mashang/sdk/credential`, which caches. */
  jwks(options?: RequestOptions): Promise<PublicJwks> {
    return this.#t.request({ method: 'get', path: '/.well-known/jwks.json', schema: PublicJwks, options });
  }
}

/**
 * `client.creditRatings` — merchants' credit grades. The operator records them; ISVs and
 * merchants read their own history.
 * @category Resources
 */
export class CreditRatings {
  readonly #t: Transport;
  /** @internal */
  constructor(transport: Transport) {
    this.#t = transport;
  }

  /**
   * Records a grade (operator key). A changed grade revokes the merchant's outstanding credit
   * codes and issues a new one.
   * @example
   * await operator.creditRatings.create({ merchant: 'mch_…', grade: 'A', basis: ['licence_verified', 'no_adverse_records'], valid_until: '2027-06-30' });
   */
  async create(params: CreditRatingCreateParams, options?: RequestOptions): Promise<CreditRating> {
    const body = parseWith(CreditRatingCreateParams, params, 'Invalid creditRatings.create() params');
    return this.#t.request({ method: 'post', path: '/v1/credit-ratings', body, schema: CreditRating, options });
  }

  /** Retrieves one rating (`crt_…`). */
  async retrieve(id: string, options?: RequestOptions): Promise<CreditRating> {
    const checked = parseWith(CreditRatingId, id, 'Invalid creditRatings.retrieve() id');
    return this.#t.request({ method: 'get', path: `/v1/credit-ratings/${encodeURIComponent(checked)}`, schema: CreditRating, options });
  }

  /**
   * Rating history, newest first; the first with `current: true` is in force.
   * @example
   * const { data } = await client.creditRatings.list({ merchant: 'mch_…' });
   */
  async list(params: CreditRatingListParams = {}, options?: RequestOptions): Promise<Page<CreditRating>> {
    const query = parseWith(CreditRatingListParams, params, 'Invalid creditRatings.list() params');
    return this.#t.request({ method: 'get', path: '/v1/credit-ratings', query, schema: CreditRatingList, options });
  }
}
