/** @module Onboarding applications (入驻申请): drafts, submission and the operator's review. */
import type { Transport, RequestOptions } from '../transport.js';
import { ListOf, type Page } from '../schemas/common.js';
import {
  Application,
  ApplicationListParams,
  ApplicationParams,
  ApplicationRejectParams,
  ApplicationRequestChangesParams,
} from '../schemas/onboarding.js';
import { parseWith } from '../internal/parse.js';

const ApplicationList = ListOf(Application);
const path = (id: string) => `/v1/onboarding/applications/${encodeURIComponent(id)}`;

/**
 * `client.applications` — a merchant's onboarding application. ID and account numbers go in
 * once and come back masked. An ISV acts for a merchant with `client.forMerchant(id)`.
 * @category Resources
 */
export class Applications {
  readonly #t: Transport;
  /** @internal */
  constructor(transport: Transport) {
    this.#t = transport;
  }

  /**
   * Starts a draft for the merchant acted for; send what you know now, the rest later.
   * @example
   * const app = await client.forMerchant(merchant.id).applications.create({ subject_type: 'individual_business' });
   */
  async create(params: ApplicationParams = {}, options?: RequestOptions): Promise<Application> {
    const body = parseWith(ApplicationParams, params, 'Invalid applications.create() params');
    return this.#t.request({ method: 'post', path: '/v1/onboarding/applications', body, schema: Application, options });
  }

  /** Retrieves an application; `requirements` lists what is still missing or asked for. */
  retrieve(id: string, options?: RequestOptions): Promise<Application> {
    return this.#t.request({ method: 'get', path: path(id), schema: Application, options });
  }

  /**
   * Changes a draft (or an application sent back for changes). Nested objects merge; `null` clears a field.
   * @example
   * await client.applications.update(app.id, { legal_representative: { phone: '13912345678' } });
   */
  async update(id: string, params: ApplicationParams, options?: RequestOptions): Promise<Application> {
    const body = parseWith(ApplicationParams, params, 'Invalid applications.update() params');
    return this.#t.request({ method: 'post', path: path(id), body, schema: Application, options });
  }

  /** Submits for review. Fails with `application_incomplete` listing every problem when anything is missing. */
  submit(id: string, options?: RequestOptions): Promise<Application> {
    return this.#t.request({ method: 'post', path: `${path(id)}/submit`, schema: Application, options });
  }

  /** Lists applications, newest first, optionally by `status`. */
  async list(params: ApplicationListParams = {}, options?: RequestOptions): Promise<Page<Application>> {
    const query = parseWith(ApplicationListParams, params, 'Invalid applications.list() params');
    return this.#t.request({ method: 'get', path: '/v1/onboarding/applications', query, schema: ApplicationList, options });
  }

  /** Operator: approves; the merchant becomes active and `merchant.activated` is sent. */
  approve(id: string, options?: RequestOptions): Promise<Application> {
    return this.#t.request({ method: 'post', path: `${path(id)}/approve`, schema: Application, options });
  }

  /** Operator: rejects with reasons. */
  async reject(id: string, params: ApplicationRejectParams, options?: RequestOptions): Promise<Application> {
    const body = parseWith(ApplicationRejectParams, params, 'Invalid applications.reject() params');
    return this.#t.request({ method: 'post', path: `${path(id)}/reject`, body, schema: Application, options });
  }

  /**
   * Operator: sends the application back (`action_required`) with a request per field.
   * @example
   * await operator.applications.requestChanges(app.id, { requirements: [{ field: 'documents.store_front', message: '门头照看不清店名，请重新拍摄' }] });
   */
  async requestChanges(id: string, params: ApplicationRequestChangesParams, options?: RequestOptions): Promise<Application> {
    const body = parseWith(ApplicationRequestChangesParams, params, 'Invalid applications.requestChanges() params');
    return this.#t.request({ method: 'post', path: `${path(id)}/request_changes`, body, schema: Application, options });
  }
}
