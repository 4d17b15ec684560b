/** @module File uploads for onboarding documents: multipart in, type sniffed, never public. */
import { createHash } from 'node:crypto';
import { FileId, FilePurpose, MAX_FILE_BYTES, UploadedFile } from '@mashang/sdk';
import * as z from 'zod/mini';
import type { Platform, Principal } from '../context.js';
import { HttpError, invalid, notFound } from '../errors.js';
import { describeContent, sniffDocumentType } from '../onboarding/sniff.js';
import type { router } from '../route.js';
import { fileContent, findFile, insertFile, type FileScope } from '../store/files.js';

const IdParams = z.object({ id: FileId });
const TAG = 'Files';
const FIELDS = new Set(['file', 'purpose']);

/** What `principal` may see; client secrets see the uploads of their application only. */
export function fileScope(principal: Principal | null, merchantId: string | undefined): FileScope {
  if (!principal) throw new HttpError('authentication_error', 'api_key_missing', 'No API key given.');
  if (principal.kind === 'client_secret') {
    if (!principal.objectId.startsWith('app_')) throw new HttpError('permission_error', 'forbidden', 'This client secret is not for an onboarding application.');
    return { isvId: null, merchantId: principal.merchantId, applicationId: principal.objectId };
  }
  if (principal.kind === 'publishable') throw new HttpError('permission_error', 'forbidden', 'Files are private: use a secret key or an onboarding client secret.');
  if (principal.kind === 'operator') return { isvId: null, merchantId: merchantId ?? null, applicationId: null };
  return { isvId: principal.isvId, merchantId: merchantId ?? null, applicationId: null };
}

function cleanFilename(name: string): string | null {
  const base = name.split(/[\\/]/).pop() ?? '';
  const cleaned = base.replace(/[\u0000-\u001f\u007f]/g, '').trim().slice(0, 200);
  return cleaned || null;
}

async function parseMultipart(raw: Uint8Array, contentType: string): Promise<FormData> {
  if (!/^multipart\/form-data\b/i.test(contentType)) {
    throw new HttpError('invalid_request_error', 'content_type_unsupported', `Send the upload as multipart/form-data with the fields 'file' and 'purpose' (got '${contentType || 'none'}').`, {
      status: 415,
    });
  }
  try {
    return await new Request('http://upload.invalid/', { method: 'POST', headers: { 'content-type': contentType }, body: new Uint8Array(raw) }).formData();
  } catch {
    throw invalid(undefined, 'body_invalid_multipart', 'The body is not valid multipart/form-data; let your HTTP client build it (FormData) rather than writing it by hand.');
  }
}

/** `POST /v1/files`, `GET /v1/files/{id}`, `GET /v1/files/{id}/contents`. */
export function fileRoutes(route: ReturnType<typeof router>, platform: Platform): void {
  const { db } = platform;

  route(
    {
      method: 'post',
      path: '/v1/files',
      summary: 'Upload a document',
      description:
        `multipart/form-data with \`file\` (a JPEG, PNG or PDF of at most ${MAX_FILE_BYTES} bytes; the type is detected from the content) ` +
        `and \`purpose\` (${FilePurpose.options.join(', ')}). With an onboarding client secret the file belongs to that application.`,
      tag: TAG,
      auth: ['merchant', 'client_secret'],
      consumes: 'multipart/form-data',
      response: UploadedFile,
      status: 201,
      bodyLimit: MAX_FILE_BYTES + 256 * 1024,
    },
    async ({ c, raw, principal, merchantId }) => {
      const scope = fileScope(principal, merchantId);
      if (!scope.merchantId) throw new HttpError('permission_error', 'merchant_required', 'Files belong to a merchant: send `Mashang-Merchant: mch_…`.');
      if (scope.applicationId) {
        const { rows } = await db.query<{ status: string }>('select status from applications where id = $1', [scope.applicationId]);
        const status = rows[0]?.status;
        if (!status) throw notFound('application', scope.applicationId);
        if (status !== 'draft' && status !== 'action_required') {
          throw new HttpError('conflict', 'application_locked', `Application ${scope.applicationId} is ${status}; documents can be added while it is a draft or when the reviewer asks for changes.`);
        }
      }
      const form = await parseMultipart(raw ?? new Uint8Array(), c.req.header('content-type') ?? '');
      for (const key of form.keys()) {
        if (!FIELDS.has(key)) throw invalid(key, 'parameter_unknown', `${key}: unknown field; send only 'file' and 'purpose'`);
      }
      const purposeValue = form.get('purpose');
      if (purposeValue === null) throw invalid('purpose', 'parameter_missing', `purpose: is required (one of ${FilePurpose.options.join(', ')})`);
      const purpose = FilePurpose.safeParse(purposeValue);
      if (!purpose.success) throw invalid('purpose', 'parameter_invalid', `purpose: must be one of ${FilePurpose.options.join(', ')}`);
      const file = form.get('file');
      if (file === null) throw invalid('file', 'parameter_missing', 'file: is required (the document, as a file part of the form)');
      if (typeof file === 'string') throw invalid('file', 'parameter_invalid_type', 'file: must be a file part (with a filename), not a text field');
      const content = new Uint8Array(await file.arrayBuffer());
      if (content.byteLength === 0) throw invalid('file', 'file_empty', 'file: is empty (0 bytes); choose the document again');
      if (content.byteLength > MAX_FILE_BYTES) {
        throw new HttpError('invalid_request_error', 'file_too_large', `file: is ${(content.byteLength / 1048576).toFixed(1)} MB; documents may be at most 5 MB — take the photo at a lower resolution or compress the PDF`, {
          param: 'file',
          status: 413,
        });
      }
      const mimeType = sniffDocumentType(content);
      if (!mimeType) {
        throw invalid('file', 'file_type_unsupported', `file: is ${describeContent(content)}; upload a JPEG or PNG photo, or a PDF scan (the type is read from the content, not the name)`);
      }
      return insertFile(db, {
        merchantId: scope.merchantId,
        applicationId: scope.applicationId,
        purpose: purpose.data,
        mimeType,
        sha256: createHash('sha256').update(content).digest('hex'),
        filename: cleanFilename(file.name),
        content,
      });
    },
  );

  route(
    { method: 'get', path: '/v1/files/{id}', summary: 'Retrieve a file\'s description', tag: TAG, auth: ['isv', 'merchant', 'client_secret'], params: IdParams, response: UploadedFile },
    async ({ params, principal, merchantId }) => (await findFile(db, params.id, fileScope(principal, merchantId))) ?? Promise.reject(notFound('file', params.id)),
  );

  route(
    {
      method: 'get',
      path: '/v1/files/{id}/contents',
      summary: 'Download a file',
      description: 'For the reviewer, the owning merchant and its ISV, and the application that uploaded it. Sent as an attachment that is never cached.',
      tag: TAG,
      auth: ['isv', 'merchant', 'client_secret'],
      params: IdParams,
      produces: 'application/octet-stream',
    },
    async ({ params, principal, merchantId }) => {
      const found = await fileContent(db, params.id, fileScope(principal, merchantId));
      if (!found) throw notFound('file', params.id);
      return new Response(new Uint8Array(found.content), {
        headers: {
          'content-type': found.file.mime_type,
          'content-length': String(found.content.byteLength),
          'content-disposition': `attachment; filename="${found.file.id}${{ 'image/jpeg': '.jpg', 'image/png': '.png', 'application/pdf': '.pdf' }[found.file.mime_type] ?? ''}"`,
          'cache-control': 'private, no-store',
          'x-content-type-options': 'nosniff',
          'content-security-policy': "default-src 'none'",
        },
      });
    },
  );
}
