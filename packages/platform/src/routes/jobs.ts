/** @module Jobs: progress of a code issuance and the streaming download of its codes. */
import { Job, JobDownloadParams, JobId } from '@mashang/sdk';
import * as z from 'zod/mini';
import type { Platform } from '../context.js';
import { notFound } from '../errors.js';
import { dataCipher } from '../internal/crypto.js';
import type { router } from '../route.js';
import { batchSecret, findBatchRow } from '../store/batches.js';
import { findJob, jobInterrupted, jobProgress, jobStarted, jobSucceeded } from '../store/jobs.js';
import { ISSUE_MEDIA, issueChunks, serialUriPrefix, type IssueFormat } from '../trace/issue.js';
import { batchKey } from '../trace/serial.js';

const IdParams = z.object({ id: JobId });

/** How often a running download writes its progress, ms. */
const PROGRESS_EVERY_MS = 250;

export function jobRoutes(route: ReturnType<typeof router>, platform: Platform): void {
  const { db } = platform;

  route(
    { method: 'get', path: '/v1/jobs/{id}', summary: 'Retrieve a job and its progress', tag: 'Item codes', auth: 'merchant', params: IdParams, response: Job },
    async ({ params, merchantId }) => (await findJob(db, params.id, merchantId!)) ?? Promise.reject(notFound('job', params.id)),
  );

  route(
    {
      method: 'get',
      path: '/v1/jobs/{id}/download',
      summary: 'Download the codes of an issuance job',
      description:
        'Streams one line per code: CSV `serial,uri[,pin]` with a header line, or NDJSON `{"serial","uri"[,"pin"]}`. ' +
        'The job shows `running` with its progress while the download streams and `succeeded` when it completed. ' +
        'Downloading again yields the same codes. The answer contains scratch PINs when the job has `with_pin`: keep the file safe.',
      tag: 'Item codes',
      auth: 'merchant',
      params: IdParams,
      query: JobDownloadParams,
      produces: 'text/csv',
    },
    async ({ params, query, merchantId }) => {
      const job = await findJob(db, params.id, merchantId!);
      if (!job) throw notFound('job', params.id);
      const batch = await findBatchRow(db, job.batch_id, null);
      if (!batch) throw notFound('batch', job.batch_id);
      const format: IssueFormat = query.format ?? 'csv';
      // Decrypted once for the whole download; every code is then one MAC under this key.
      const key = batchKey(await batchSecret(db, await dataCipher(platform, platform.config), batch));
      const chunks = issueChunks({
        key,
        start: job.start_index,
        count: job.count,
        withPin: job.with_pin,
        uriPrefix: serialUriPrefix(platform.publicUrl(), batch.gtin, batch.lot),
        format,
      });
      await jobStarted(db, job.id);
      let done = 0;
      let savedAt = Date.now();
      let finished = false;
      const body = new ReadableStream<Uint8Array>(
        {
          async pull(controller) {
            try {
              const next = chunks.next();
              if (next.done) {
                finished = true;
                await jobSucceeded(db, job.id);
                controller.close();
                return;
              }
              controller.enqueue(next.value.bytes);
              done += next.value.codes;
              if (Date.now() - savedAt >= PROGRESS_EVERY_MS) {
                savedAt = Date.now();
                await jobProgress(db, job.id, done);
              }
            } catch (error) {
              finished = true;
              const message = error instanceof Error ? error.message : String(error);
              platform.log({ level: 'error', msg: 'code issuance failed', job_id: job.id, error: message });
              await jobInterrupted(db, job.id, done, `the server failed after ${done} codes; download again`, true).catch(() => {});
              controller.error(error);
            }
          },
          async cancel() {
            if (finished) return;
            finished = true;
            await jobInterrupted(db, job.id, done, `the download was interrupted after ${done} of ${job.count} codes; download again for the full file`, false).catch(() => {});
          },
        },
        { highWaterMark: 1 },
      );
      return new Response(body, {
        headers: {
          'content-type': ISSUE_MEDIA[format].type,
          'content-disposition': `attachment; filename="${job.id}.${ISSUE_MEDIA[format].ext}"`,
          'cache-control': 'no-store',
          'x-content-type-options': 'nosniff',
        },
      });
    },
  );
}
