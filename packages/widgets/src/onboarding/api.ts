/** @module What `<mashang-onboarding>` asks of the platform, with only its client secret. */
import { Mashang, UploadedFile, errorFromResponse, type Application, type ApplicationParams, type FilePurpose } from '@mashang/sdk';

/** Upload progress, 0–1. */
export type Progress = (fraction: number) => void;

/** The application id inside a client secret (`app_…_secret_…`). */
export function applicationIdOf(clientSecret: string): string | undefined {
  return /^(app_[0-9A-Z]{26})_secret_[0-9A-Za-z]+$/.exec(clientSecret.trim())?.[1];
}

/**
 * Asks the merchant's server for a client secret (`session-url`): POST with the page's cookies,
 * answer `{ client_secret, platform_url? }`.
 */
export async function mintSession(url: string): Promise<{ secret: string; platformUrl: string | undefined }> {
  const response = await fetch(new URL(url, document.baseURI), { method: 'POST', credentials: 'same-origin', headers: { accept: 'application/json' } });
  if (!response.ok) throw new TypeError(`session endpoint answered HTTP ${response.status}`);
  const body = (await response.json()) as { client_secret?: unknown; platform_url?: unknown };
  if (typeof body.client_secret !== 'string') throw new TypeError('session endpoint answered without client_secret');
  return { secret: body.client_secret, platformUrl: typeof body.platform_url === 'string' ? body.platform_url : undefined };
}

/** One application, reached with its client secret. */
export class OnboardingApi {
  readonly applicationId: string;
  readonly #client: Mashang;
  readonly #secret: string;
  readonly #baseUrl: string;

  constructor(clientSecret: string, baseUrl: string, applicationId: string) {
    this.applicationId = applicationId;
    this.#secret = clientSecret.trim();
    this.#baseUrl = baseUrl.replace(/\/$/, '');
    this.#client = new Mashang({ apiKey: this.#secret, baseUrl: this.#baseUrl, maxRetries: 2 });
  }

  retrieve(): Promise<Application> {
    return this.#client.applications.retrieve(this.applicationId);
  }

  update(params: ApplicationParams): Promise<Application> {
    return this.#client.applications.update(this.applicationId, params);
  }

  submit(): Promise<Application> {
    return this.#client.applications.submit(this.applicationId);
  }

  /**
   * Uploads with XMLHttpRequest, the one browser API that reports upload progress.
   * Rejects with the platform's error (an `ApiError`) or a `TypeError` for network failures.
   */
  upload(file: Blob, name: string, purpose: FilePurpose, onProgress: Progress): Promise<UploadedFile> {
    return new Promise((resolve, reject) => {
      const xhr = new XMLHttpRequest();
      xhr.open('POST', `${this.#baseUrl}/v1/files`);
      xhr.setRequestHeader('authorization', `Bearer ${this.#secret}`);
      xhr.setRequestHeader('idempotency-key', crypto.randomUUID());
      xhr.upload.onprogress = (e) => {
        if (e.lengthComputable) onProgress(e.loaded / e.total);
      };
      xhr.onerror = () => reject(new TypeError('network error'));
      xhr.onload = () => {
        let body: unknown;
        try {
          body = JSON.parse(xhr.responseText);
        } catch {
          body = undefined;
        }
        if (xhr.status >= 200 && xhr.status < 300) {
          const parsed = UploadedFile.safeParse(body);
          if (parsed.success) resolve(parsed.data);
          else reject(new TypeError('unexpected answer'));
        } else {
          reject(errorFromResponse(xhr.status, body));
        }
      };
      const form = new FormData();
      form.set('purpose', purpose);
      form.set('file', file, name);
      xhr.send(form);
    });
  }
}
