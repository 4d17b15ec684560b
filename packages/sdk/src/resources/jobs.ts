/** @module Jobs: progress of a code issuance and the download of its codes. */
import type { Transport, RequestOptions } from '../transport.js';
import { errorFromResponse } from '../errors/from-response.js';
import { ConnectionError } from '../errors/transport-errors.js';
import { Job, JobDownloadParams, JobId } from '../schemas/trace.js';
import { parseWith } from '../internal/parse.js';

/** Options of {@link Jobs.download}. @category Resources */
export interface JobDownloadOptions {
  /**
   * `csv` (header `serial,uri[,pin]`) or `ndjson` (one JSON object per line).
   * @default 'csv'
   */
  format?: 'csv' | 'ndjson';
  /** Cancels the download. */
  signal?: AbortSignal;
}

/**
 * `client.jobs` — issuance jobs. A job's codes are computed while you download them, so the
 * job shows `running` with its progress during the download and `succeeded` after it.
 * @category Resources
 */
export class Jobs {
  readonly #t: Transport;
  /** @internal */
  constructor(transport: Transport) {
    this.#t = transport;
  }

  /** Retrieves a job and its progress. */
  retrieve(id: string, options?: RequestOptions): Promise<Job> {
    parseWith(JobId, id, 'Invalid jobs.retrieve() id');
    return this.#t.request({ method: 'get', path: `/v1/jobs/${encodeURIComponent(id)}`, schema: Job, options });
  }

  /**
   * Streams the job's codes. Read the stream at your own pace (the server computes codes as you
   * read), e.g. pipe it to a file. Downloading again yields the same codes. Not retried:
   * call it again if the connection drops.
   * @example
   * import { Readable } from 'node:stream';
   * import { createWriteStream } from 'node:fs';
   * const stream = await client.jobs.download(job.id, { format: 'csv' });
   * Readable.fromWeb(stream).pipe(createWriteStream('codes.csv'));
   */
  async download(id: string, options: JobDownloadOptions = {}): Promise<ReadableStream<Uint8Array>> {
    parseWith(JobId, id, 'Invalid jobs.download() id');
    const query = parseWith(JobDownloadParams, { ...(options.format ? { format: options.format } : {}) }, 'Invalid jobs.download() options');
    const { apiKey, baseUrl, merchant, fetch: customFetch } = this.#t.options;
    const url = new URL(`v1/jobs/${encodeURIComponent(id)}/download`, baseUrl.replace(/\/?$/, '/'));
    url.searchParams.set('format', query.format ?? 'csv');
    const headers: Record<string, string> = {};
    if (apiKey) headers['authorization'] = `Bearer ${apiKey}`;
    if (merchant) headers['mashang-merchant'] = merchant;
    let response: Response;
    try {
      response = await (customFetch ?? globalThis.fetch)(url, { headers, ...(options.signal ? { signal: options.signal } : {}) });
    } catch (error) {
      if (error instanceof Error && error.name === 'AbortError') throw error;
      throw new ConnectionError(`Could not reach the platform for GET /v1/jobs/${id}/download: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
    }
    if (!response.ok || !response.body) {
      const text = await response.text();
      let body: unknown = text;
      try {
        body = JSON.parse(text);
      } catch {
        // Not JSON: the error mapping reports the text.
      }
      throw errorFromResponse(response.status, body, response.headers);
    }
    return response.body;
  }
}
