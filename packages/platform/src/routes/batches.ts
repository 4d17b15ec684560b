/** @module Batches: create and list lots, recall them, and issue their item codes. */
import { Batch, BatchCreateParams, BatchId, BatchListParams, BatchRecallParams, CodeIssueParams, Job, ListOf } from '@mashang/sdk';
import * as z from 'zod/mini';
import type { Platform } from '../context.js';
import { notFound } from '../errors.js';
import { dataCipher } from '../internal/crypto.js';
import type { router } from '../route.js';
import { findBatchRow, insertBatch, listBatches, recallBatch, reserveCodes, toBatch } from '../store/batches.js';
import { insertIssuanceJob } from '../store/jobs.js';
import { MAX_INDEX } from '../trace/serial.js';

const IdParams = z.object({ id: BatchId });

/** Bus event after a recall commits: `{ batch_id, merchant_id, gtin, lot, reason }`. */
export const BATCH_RECALLED = 'batch.recalled';

export function batchRoutes(route: ReturnType<typeof router>, platform: Platform): void {
  const { db } = platform;

  route(
    {
      method: 'post',
      path: '/v1/batches',
      summary: 'Create a batch (lot) of a product',
      description: 'The lot number (AI 10) uses GS1 CSET 82 without `% & / < > ?` (GB/T 33993), at most 20 characters, unique per product.',
      tag: 'Item codes',
      auth: 'merchant',
      body: BatchCreateParams,
      response: Batch,
      status: 201,
    },
    async ({ body, merchantId }) => insertBatch(db, await dataCipher(platform, platform.config), merchantId!, body),
  );

  route(
    { method: 'get', path: '/v1/batches', summary: 'List batches, newest first', tag: 'Item codes', auth: 'merchant', query: BatchListParams, response: ListOf(Batch) },
    async ({ query, merchantId }) => listBatches(db, merchantId!, { limit: query.limit ?? 10, startingAfter: query.starting_after, product: query.product }),
  );

  route(
    { method: 'get', path: '/v1/batches/{id}', summary: 'Retrieve a batch', tag: 'Item codes', auth: 'merchant', params: IdParams, response: Batch },
    async ({ params, merchantId }) => {
      const row = await findBatchRow(db, params.id, merchantId!);
      if (!row) throw notFound('batch', params.id);
      return toBatch(row);
    },
  );

  route(
    {
      method: 'post',
      path: '/v1/batches/{id}/recall',
      summary: 'Recall a batch',
      description:
        'Marks every code of the batch recalled at once: consumers who scan any of its codes see the recall and its reason. ' +
        'The merchant (or its ISV) recalls with `Mashang-Merchant`; the operator may recall any batch. No further codes can be issued.',
      tag: 'Item codes',
      auth: ['merchant', 'operator'],
      params: IdParams,
      body: BatchRecallParams,
      response: Batch,
    },
    async ({ params, body, merchantId, principal }) => {
      const scope = principal?.kind === 'operator' && !merchantId ? null : merchantId!;
      const batch = await recallBatch(db, params.id, scope, body.reason);
      await platform.bus.emit(BATCH_RECALLED, { batch_id: batch.id, merchant_id: batch.merchant_id, gtin: batch.gtin, lot: batch.lot, reason: body.reason });
      return batch;
    },
  );

  route(
    {
      method: 'post',
      path: '/v1/batches/{id}/codes',
      summary: 'Issue item codes for a batch',
      description:
        'Reserves `count` serials of the batch and answers a job. Download the codes (serial, Digital Link URI, optional scratch PIN) ' +
        'as CSV or NDJSON from `GET /v1/jobs/{id}/download`; they are computed while the download streams, and nothing per code is stored.',
      tag: 'Item codes',
      auth: 'merchant',
      params: IdParams,
      body: CodeIssueParams,
      response: Job,
      status: 202,
    },
    async ({ params, body, merchantId }) =>
      db.transaction(async (tx) => {
        const { start } = await reserveCodes(tx, params.id, merchantId!, body.count, MAX_INDEX);
        return insertIssuanceJob(tx, merchantId!, params.id, start, body.count, body.with_pin ?? false);
      }),
  );

}
