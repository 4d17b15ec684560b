/** @module Files: onboarding documents uploaded as multipart and never served publicly. */
import type { Transport, RequestOptions } from '../transport.js';
import { errorFromResponse } from '../errors/from-response.js';
import { ConnectionError, TimeoutError, ValidationError } from '../errors/transport-errors.js';
import { randomKey } from '../internal/env.js';
import { parseWith } from '../internal/parse.js';
import { FilePurpose, MAX_FILE_BYTES, UploadedFile } from '../schemas/onboarding.js';

/** Arguments of {@link Files.create}. @category Resources */
export interface FileCreateParams {
  /** The document: a `Blob`/`File` (browser, Node), or bytes. A JPEG, PNG or PDF of at most 5 MB. */
  file: Blob | Uint8Array | ArrayBuffer;
  /** What it is for; each document type of an application needs its purpose. */
  purpose: FilePurpose;
  /** A name to keep with it. @default the File's name, else 'upload' */
  filename?: string;
}

const RETRY_STATUSES = new Set([408, 429, 500, 502, 503, 504]);

/**
 * `client.files` — upload onboarding documents. The platform reads the type from the content.
 * @category Resources
 */
export class Files {
  readonly #t: Transport;
  /** @internal */
  constructor(transport: Transport) {
    this.#t = transport;
  }

  /**
   * Uploads a document.
   * @example
   * const licence = await client.forMerchant(id).files.create({ file: await readFile('licence.jpg'), purpose: 'business_license', filename: 'licence.jpg' });
   * await client.forMerchant(id).applications.update(appId, { documents: { business_license: licence.id } });
   */
  async create(params: FileCreateParams, options?: RequestOptions): Promise<UploadedFile> {
    parseWith(FilePurpose, params.purpose, 'Invalid files.create() purpose');
    const blob = params.file instanceof Blob ? params.file : new Blob([params.file as BlobPart]);
    if (blob.size === 0) throw new ValidationError('Invalid files.create() params', [{ path: 'file', message: 'is empty (0 bytes)' }]);
    if (blob.size > MAX_FILE_BYTES) {
      throw new ValidationError('Invalid files.create() params', [{ path: 'file', message: `is ${blob.size} bytes; the limit is ${MAX_FILE_BYTES} (5 MB)` }]);
    }
    const filename = params.filename ?? (typeof File !== 'undefined' && params.file instanceof File ? params.file.name : 'upload');
    const json = await this.#send('/v1/files', options, () => {
      const form = new FormData();
      form.set('purpose', params.purpose);
      form.set('file', blob, filename);
      return { method: 'POST', body: form };
    });
    return parseWith(UploadedFile, json, 'Unexpected answer from POST /v1/files');
  }

  /** A file's description (type, size, purpose). */
  retrieve(id: string, options?: RequestOptions): Promise<UploadedFile> {
    return this.#t.request({ method: 'get', path: `/v1/files/${encodeURIComponent(id)}`, schema: UploadedFile, options });
  }

  /** The file's bytes (for the owning merchant, its ISV and the operator). */
  async contents(id: string, options?: RequestOptions): Promise<Uint8Array> {
    const response = await this.#fetch(`/v1/files/${encodeURIComponent(id)}/contents`, options, () => ({ method: 'GET' }));
    return new Uint8Array(await response.arrayBuffer());
  }

  async #send(path: string, options: RequestOptions | undefined, init: () => RequestInit): Promise<unknown> {
    const response = await this.#fetch(path, options, init);
    return response.json();
  }

  /** One request with the client's auth, retries (same Idempotency-Key) and error mapping. */
  async #fetch(path: string, options: RequestOptions | undefined, init: () => RequestInit): Promise<Response> {
    const o = this.#t.options;
    const fetcher = o.fetch ?? globalThis.fetch;
    const maxRetries = options?.maxRetries ?? o.maxRetries;
    const idempotencyKey = options?.idempotencyKey ?? randomKey();
    for (let attempt = 0; ; attempt++) {
      const request = init();
      const headers = new Headers({ accept: 'application/json' });
      if (o.apiKey) headers.set('authorization', `Bearer ${o.apiKey}`);
      if (o.merchant) headers.set('mashang-merchant', o.merchant);
      if (request.method === 'POST') headers.set('idempotency-key', idempotencyKey);
      const timeout = AbortSignal.timeout(options?.timeout ?? o.timeout);
      const signal = options?.signal ? AbortSignal.any([options.signal, timeout]) : timeout;
      let response: Response;
      try {
        response = await fetcher(`${o.baseUrl.replace(/\/$/, '')}${path}`, { ...request, headers, signal });
      } catch (error) {
        if (options?.signal?.aborted) throw error;
        if (attempt < maxRetries) {
          await delay(attempt);
          continue;
        }
        if (timeout.aborted) throw new TimeoutError(`${request.method} ${path} got no answer in time; raise \`timeout\` or check the platform`, { cause: error });
        throw new ConnectionError(`Could not reach the platform for ${request.method} ${path}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
      }
      if (response.ok) return response;
      if (RETRY_STATUSES.has(response.status) && attempt < maxRetries) {
        await response.body?.cancel();
        await delay(attempt, response.headers.get('retry-after'));
        continue;
      }
      let body: unknown;
      try {
        body = await response.json();
      } catch {
        body = undefined;
      }
      throw errorFromResponse(response.status, body, response.headers);
    }
  }
}

function delay(attempt: number, retryAfter?: string | null): Promise<void> {
  const seconds = Number(retryAfter);
  const ms = Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : Math.min(8000, 300 * 2 ** attempt) * (0.5 + Math.random() / 2);
  return new Promise((resolve) => setTimeout(resolve, ms));
}
