/** @module Onboarding (入驻): applications, their review by the operator, and sessions for the widget. */
import {
  Application,
  ApplicationId,
  ApplicationListParams,
  ApplicationParams,
  ApplicationRejectParams,
  ApplicationRequestChangesParams,
  DOCUMENT_PURPOSE,
  ListOf,
  OnboardingSession,
  OnboardingSessionCreateParams,
  type DocumentType,
  type Requirement,
} from '@mashang/sdk';
import * as z from 'zod/mini';
import type { Platform, Principal } from '../context.js';
import type { Db } from '../db/index.js';
import { HttpError, invalid, notFound } from '../errors.js';
import { dataCipher } from '../internal/crypto.js';
import { approve, present, reject, requestChanges, submit } from '../onboarding/service.js';
import { startSandboxReviewer } from '../onboarding/sandbox.js';
import type { router } from '../route.js';
import { mintClientSecret } from '../store/client-secrets.js';
import { filesByIds } from '../store/files.js';
import {
  applyPatch,
  findApplication,
  insertApplication,
  isEditable,
  listApplications,
  openApplicationOf,
  saveApplicationPatch,
  type ApplicationRow,
  type ApplicationScope,
} from '../store/onboarding.js';

const IdParams = z.object({ id: ApplicationId });
const TAG = 'Onboarding';

/** Which applications `principal` may see. A client secret sees its own application only. */
function scopeFor(principal: Principal | null, merchantId: string | undefined, id?: string): ApplicationScope {
  if (!principal) throw new HttpError('authentication_error', 'api_key_missing', 'No API key given.');
  switch (principal.kind) {
    case 'operator':
      return { isvId: null, merchantId: merchantId ?? null };
    case 'client_secret':
      if (id === undefined || principal.objectId !== id) throw notFound('application', id ?? '');
      return { isvId: null, merchantId: principal.merchantId };
    case 'publishable':
      throw new HttpError('permission_error', 'forbidden', 'Applications hold personal data: use a secret key on your server, or an onboarding client secret in the widget.');
    default:
      return { isvId: principal.isvId, merchantId: merchantId ?? null };
  }
}

async function load(db: Db, id: string, scope: ApplicationScope, lock = false): Promise<ApplicationRow> {
  return (await findApplication(db, id, scope, lock)) ?? Promise.reject(notFound('application', id));
}

/** Documents may only point at this merchant's files of the right purpose. */
async function checkDocuments(db: Db, merchantId: string, applicationId: string | null, documents: ApplicationParams['documents']): Promise<void> {
  const entries = Object.entries(documents ?? {}).filter((e): e is [string, string] => typeof e[1] === 'string');
  const files = await filesByIds(db, entries.map(([, id]) => id));
  for (const [type, id] of entries) {
    const file = files.get(id);
    if (!file || file.merchant_id !== merchantId || (file.application !== null && file.application !== applicationId)) {
      throw invalid(`documents.${type}`, 'resource_missing', `documents.${type}: no such file '${id}' for this application; upload it with POST /v1/files first`);
    }
    const purpose = DOCUMENT_PURPOSE[type as DocumentType];
    if (file.purpose !== purpose) {
      throw invalid(`documents.${type}`, 'file_purpose_mismatch', `documents.${type}: file '${id}' was uploaded with purpose '${file.purpose}'; ${type} needs purpose '${purpose}'`);
    }
  }
}

function reviewNotes(notes: { field?: string | undefined; code?: string | undefined; message: string }[], fallback: string): Requirement[] {
  return notes.map((n) => ({ field: n.field ?? 'application', code: n.code ?? fallback, message: n.message }));
}

/** Onboarding routes; in the sandbox, also the auto-reviewer. */
export function onboardingRoutes(route: ReturnType<typeof router>, platform: Platform): void {
  const { db } = platform;
  if (platform.config.sandbox) platform.onClose(startSandboxReviewer(platform));

  route(
    {
      method: 'post',
      path: '/v1/onboarding/applications',
      summary: 'Start an application',
      description: 'A draft for the merchant acted for; send any fields now or later. A merchant has one open application at a time.',
      tag: TAG,
      auth: 'merchant',
      body: ApplicationParams,
      response: Application,
      status: 201,
    },
    async ({ body, merchantId }) =>
      db.transaction(async (tx) => {
        const merchant = merchantId!;
        const open = await openApplicationOf(tx, merchant);
        if (open) {
          throw new HttpError('conflict', 'application_exists', `Merchant ${merchant} already has application ${open.id} (${open.status}); update that one instead.`);
        }
        await checkDocuments(tx, merchant, null, body.documents);
        const row = await insertApplication(tx, merchant, applyPatch(undefined, body, await dataCipher(platform, platform.config)));
        return present(platform, tx, row);
      }),
  );

  route(
    { method: 'get', path: '/v1/onboarding/applications', summary: 'List applications, newest first', tag: TAG, auth: ['isv', 'merchant'], query: ApplicationListParams, response: ListOf(Application) },
    async ({ query, principal, merchantId }) => {
      const limit = query.limit ?? 10;
      const rows = await listApplications(db, scopeFor(principal, merchantId), limit, query.starting_after, query.status);
      const data = [];
      for (const row of rows.slice(0, limit)) data.push(await present(platform, db, row));
      return { object: 'list' as const, data, has_more: rows.length > limit };
    },
  );

  route(
    { method: 'get', path: '/v1/onboarding/applications/{id}', summary: 'Retrieve an application', tag: TAG, auth: ['isv', 'merchant', 'client_secret'], params: IdParams, response: Application },
    async ({ params, principal, merchantId }) => present(platform, db, await load(db, params.id, scopeFor(principal, merchantId, params.id))),
  );

  route(
    {
      method: 'post',
      path: '/v1/onboarding/applications/{id}',
      summary: 'Update a draft',
      description: 'Nested objects merge field by field and `null` clears a field. Allowed while `draft` or `action_required`; changing a field clears the reviewer\'s request on it.',
      tag: TAG,
      auth: ['isv', 'merchant', 'client_secret'],
      params: IdParams,
      body: ApplicationParams,
      response: Application,
    },
    async ({ params, body, principal, merchantId }) => {
      if (principal?.kind === 'client_secret' && body.metadata !== undefined) {
        throw new HttpError('permission_error', 'forbidden', 'metadata is set by your server with a secret key, not by the widget.', { param: 'metadata' });
      }
      return db.transaction(async (tx) => {
        const row = await load(tx, params.id, scopeFor(principal, merchantId, params.id), true);
        if (!isEditable(row.status)) {
          throw new HttpError('conflict', 'application_not_editable', `Application ${row.id} is ${row.status}; it can change again only if the reviewer asks for changes.`);
        }
        await checkDocuments(tx, row.merchant_id, row.id, body.documents);
        const patch = applyPatch(row, body, await dataCipher(platform, platform.config));
        const remaining = row.review_requirements.filter((r) => !patch.touched.includes(r.field));
        return present(platform, tx, await saveApplicationPatch(tx, row.id, patch, remaining));
      });
    },
  );

  route(
    {
      method: 'post',
      path: '/v1/onboarding/applications/{id}/submit',
      summary: 'Submit for review',
      description: 'Checks everything; when anything is missing or wrong, answers 400 `application_incomplete` listing every problem (also in `requirements`).',
      tag: TAG,
      auth: ['isv', 'merchant', 'client_secret'],
      params: IdParams,
      response: Application,
    },
    async ({ params, principal, merchantId }) =>
      db.transaction(async (tx) => present(platform, tx, await submit(platform, tx, await load(tx, params.id, scopeFor(principal, merchantId, params.id), true)))),
  );

  route(
    { method: 'post', path: '/v1/onboarding/applications/{id}/approve', summary: 'Approve (operator)', tag: TAG, auth: 'operator', params: IdParams, response: Application },
    async ({ params }) => db.transaction(async (tx) => present(platform, tx, await approve(platform, tx, await load(tx, params.id, { isvId: null, merchantId: null }, true)))),
  );

  route(
    { method: 'post', path: '/v1/onboarding/applications/{id}/reject', summary: 'Reject with reasons (operator)', tag: TAG, auth: 'operator', params: IdParams, body: ApplicationRejectParams, response: Application },
    async ({ params, body }) =>
      db.transaction(async (tx) =>
        present(platform, tx, await reject(platform, tx, await load(tx, params.id, { isvId: null, merchantId: null }, true), reviewNotes(body.reasons, 'rejected'))),
      ),
  );

  route(
    {
      method: 'post',
      path: '/v1/onboarding/applications/{id}/request_changes',
      summary: 'Send back for changes to named fields (operator)',
      tag: TAG,
      auth: 'operator',
      params: IdParams,
      body: ApplicationRequestChangesParams,
      response: Application,
    },
    async ({ params, body }) =>
      db.transaction(async (tx) =>
        present(
          platform,
          tx,
          await requestChanges(platform, tx, await load(tx, params.id, { isvId: null, merchantId: null }, true), reviewNotes(body.requirements, 'changes_requested')),
        ),
      ),
  );

  route(
    {
      method: 'post',
      path: '/v1/onboarding/sessions',
      summary: 'Mint a client secret for <mashang-onboarding>',
      description: 'For one application of the merchant acted for (its open application, or a new draft, when none is named). Call it from your server; give only `client_secret` to the page.',
      tag: TAG,
      auth: 'merchant',
      body: OnboardingSessionCreateParams,
      response: OnboardingSession,
      status: 201,
    },
    async ({ body, merchantId }) =>
      db.transaction(async (tx) => {
        const merchant = merchantId!;
        let application: ApplicationRow | undefined;
        if (body.application) {
          application = await findApplication(tx, body.application, { isvId: null, merchantId: merchant });
          if (!application) throw notFound('application', body.application, 'application');
        } else {
          application = (await openApplicationOf(tx, merchant)) ?? (await insertApplication(tx, merchant, applyPatch(undefined, {}, await dataCipher(platform, platform.config))));
        }
        const secret = await mintClientSecret(tx, application.id, merchant, body.expires_in ?? 3600);
        return { object: 'onboarding_session' as const, application: application.id, ...secret };
      }),
  );
}
