/** @module Batches (批次) of a product: lots, recalls and the issuance of their item codes. */
import type { Transport, RequestOptions } from '../transport.js';
import { ListOf, type Page } from '../schemas/common.js';
import { Batch, BatchCreateParams, BatchId, BatchListParams, BatchRecallParams, CodeIssueParams, Job } from '../schemas/trace.js';
import { parseWith } from '../internal/parse.js';

const BatchList = ListOf(Batch);

/**
 * `client.batches` — lots of the merchant's products.
 * @category Resources
 */
export class Batches {
  readonly #t: Transport;
  /** @internal */
  constructor(transport: Transport) {
    this.#t = transport;
  }

  /**
   * Creates a batch. The lot number must fit GS1 AI (10) and GB/T 33993: ≤ 20 characters of
   * CSET 82 without `% & / < > ?`.
   * @example
   * const batch = await client.batches.create({ product: tea.id, lot: 'L20261122', production_date: '2026-11-22', expiry_date: '2028-11-21', quantity: 50_000 });
   */
  async create(params: BatchCreateParams, options?: RequestOptions): Promise<Batch> {
    const body = parseWith(BatchCreateParams, params, 'Invalid batches.create() params');
    return this.#t.request({ method: 'post', path: '/v1/batches', body, schema: Batch, options });
  }

  /** Retrieves a batch by id. */
  retrieve(id: string, options?: RequestOptions): Promise<Batch> {
    parseWith(BatchId, id, 'Invalid batches.retrieve() id');
    return this.#t.request({ method: 'get', path: `/v1/batches/${encodeURIComponent(id)}`, schema: Batch, options });
  }

  /** Lists batches, newest first, optionally of one product. */
  async list(params: BatchListParams = {}, options?: RequestOptions): Promise<Page<Batch>> {
    const query = parseWith(BatchListParams, params, 'Invalid batches.list() params');
    return this.#t.request({ method: 'get', path: '/v1/batches', query, schema: BatchList, options });
  }

  /**
   * Recalls a batch: every one of its codes shows `recalled` with the reason when scanned.
   * @example
   * await client.batches.recall(batch.id, { reason: '包装密封不良，请停止食用并联系门店退货' });
   */
  async recall(id: string, params: BatchRecallParams, options?: RequestOptions): Promise<Batch> {
    parseWith(BatchId, id, 'Invalid batches.recall() id');
    const body = parseWith(BatchRecallParams, params, 'Invalid batches.recall() params');
    return this.#t.request({ method: 'post', path: `/v1/batches/${encodeURIComponent(id)}/recall`, body, schema: Batch, options });
  }

  /**
   * Issues `count` item codes and answers the job that produces them; fetch the file with
   * `client.jobs.download(job.id)`.
   * @example
   * const job = await client.batches.issueCodes(batch.id, { count: 10_000, with_pin: true });
   * const csv = await client.jobs.download(job.id, { format: 'csv' });
   */
  async issueCodes(id: string, params: CodeIssueParams, options?: RequestOptions): Promise<Job> {
    parseWith(BatchId, id, 'Invalid batches.issueCodes() id');
    const body = parseWith(CodeIssueParams, params, 'Invalid batches.issueCodes() params');
    return this.#t.request({ method: 'post', path: `/v1/batches/${encodeURIComponent(id)}/codes`, body, schema: Job, options });
  }
}
