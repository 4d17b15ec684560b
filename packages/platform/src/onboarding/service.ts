/** @module The onboarding workflow: requirements, submission and the review decisions, each with its events. */
import type { Application, ApplicationStatus, Requirement } from '@mashang/sdk';
import type { Platform } from '../context.js';
import type { Db } from '../db/index.js';
import { HttpError } from '../errors.js';
import { dataCipher } from '../internal/crypto.js';
import { filesByIds } from '../store/files.js';
import { findMerchant, setMerchantStatus, updateMerchant } from '../store/merchants.js';
import {
  ACCOUNT_NUMBER_CONTEXT,
  ID_NUMBER_CONTEXT,
  isEditable,
  setApplicationStatus,
  toApplication,
  usccTakenElsewhere,
  type ApplicationRow,
} from '../store/onboarding.js';
import { emitEvent } from '../webhooks/events.js';
import { draftRequirements } from './requirements.js';

/** The problems with a draft (validation) plus the reviewer's open requests. Empty once submitted. */
export async function requirementsOf(platform: Platform, db: Db, row: ApplicationRow): Promise<Requirement[]> {
  if (!isEditable(row.status)) return [];
  const cipher = await dataCipher(platform, platform.config);
  const fileIds = Object.values(row.data.documents).filter((id): id is string => typeof id === 'string');
  const problems = draftRequirements(row, {
    idNumber: row.id_number_enc ? cipher.decrypt(row.id_number_enc, ID_NUMBER_CONTEXT) : null,
    accountNumber: row.account_number_enc ? cipher.decrypt(row.account_number_enc, ACCOUNT_NUMBER_CONTEXT) : null,
    files: await filesByIds(db, fileIds),
    usccTaken: row.uscc ? await usccTakenElsewhere(db, row.uscc, row.merchant_id) : false,
    now: new Date(),
  });
  return [...row.review_requirements, ...problems];
}

/** The application as the API shows it. */
export async function present(platform: Platform, db: Db, row: ApplicationRow): Promise<Application> {
  return toApplication(row, await requirementsOf(platform, db, row));
}

async function announce(platform: Platform, db: Db, row: ApplicationRow, previous: ApplicationStatus): Promise<void> {
  await emitEvent(
    platform,
    { type: 'onboarding.application.updated', merchantId: row.merchant_id, data: { object: await present(platform, db, row), previous_status: previous } },
    db,
  );
}

function listProblems(problems: Requirement[]): string {
  return problems.map((p) => `${p.field}: ${p.message}`).join(' ');
}

/** How long each sandbox review step takes. `MASHANG_SANDBOX_REVIEW_DELAY_MS`, default 2000. */
export function sandboxReviewDelayMs(env: Record<string, string | undefined> = process.env): number {
  const raw = env['MASHANG_SANDBOX_REVIEW_DELAY_MS'];
  if (raw === undefined || raw === '') return 2000;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0) throw new Error(`MASHANG_SANDBOX_REVIEW_DELAY_MS must be a non-negative integer, got '${raw}'`);
  return n;
}

/**
 * Submits a locked, editable application: every problem is reported at once (400, and in
 * `requirements`), otherwise it becomes `submitted` and, in the sandbox, is queued for auto-review.
 */
export async function submit(platform: Platform, tx: Db, row: ApplicationRow): Promise<ApplicationRow> {
  if (!isEditable(row.status)) {
    throw new HttpError('conflict', 'application_not_editable', `Application ${row.id} is ${row.status}; only a draft or an application with requested changes can be submitted.`);
  }
  const problems = await requirementsOf(platform, tx, row);
  if (problems.length > 0) {
    throw new HttpError(
      'invalid_request_error',
      'application_incomplete',
      `The application cannot be submitted yet (${problems.length} problem${problems.length === 1 ? '' : 's'}): ${listProblems(problems)} ` +
        'The full list is in the application\'s `requirements`.',
      { param: problems[0]!.field },
    );
  }
  const due = platform.config.sandbox ? new Date(Date.now() + sandboxReviewDelayMs()) : null;
  let updated: ApplicationRow;
  try {
    updated = await setApplicationStatus(tx, row.id, 'submitted', { reviewRequirements: [], rejectionReasons: [], reviewDueAt: due, submitted: true });
  } catch (error) {
    // Two merchants submitting one USCC at the same moment: the unique index decides.
    if ((error as { code?: string }).code === '23505') {
      throw new HttpError('conflict', 'uscc_taken', 'business.uscc: this USCC was just submitted by another merchant; one licence onboards one merchant.', { param: 'business.uscc' });
    }
    throw error;
  }
  await announce(platform, tx, updated, row.status);
  return updated;
}

function assertReviewable(row: ApplicationRow): void {
  if (row.status !== 'submitted' && row.status !== 'in_review') {
    throw new HttpError('conflict', 'application_not_in_review', `Application ${row.id} is ${row.status}; only submitted applications are reviewed.`);
  }
}

/** submitted → in_review. */
export async function startReview(platform: Platform, tx: Db, row: ApplicationRow, reviewDueAt: Date | null): Promise<ApplicationRow> {
  assertReviewable(row);
  if (row.status === 'in_review') return row;
  const updated = await setApplicationStatus(tx, row.id, 'in_review', { reviewDueAt });
  await announce(platform, tx, updated, row.status);
  return updated;
}

/** Approves: the merchant becomes active under the registered name and USCC, and `merchant.activated` goes out. */
export async function approve(platform: Platform, tx: Db, row: ApplicationRow): Promise<ApplicationRow> {
  assertReviewable(row);
  const updated = await setApplicationStatus(tx, row.id, 'approved', { reviewDueAt: null, decided: true });
  const { business } = row.data;
  await setMerchantStatus(tx, row.merchant_id, 'active', {
    ...(business.uscc ? { uscc: business.uscc } : {}),
    ...(business.registered_name ? { name: business.registered_name } : {}),
  });
  if (business.short_name) await updateMerchant(tx, row.merchant_id, null, { short_name: business.short_name });
  await announce(platform, tx, updated, row.status);
  const merchant = await findMerchant(tx, row.merchant_id, null);
  await emitEvent(platform, { type: 'merchant.activated', merchantId: row.merchant_id, data: { object: merchant, application: row.id } }, tx);
  return updated;
}

/** Rejects with reasons; the merchant may start a new application. */
export async function reject(platform: Platform, tx: Db, row: ApplicationRow, reasons: Requirement[]): Promise<ApplicationRow> {
  assertReviewable(row);
  const updated = await setApplicationStatus(tx, row.id, 'rejected', { rejectionReasons: reasons, reviewDueAt: null, decided: true });
  await announce(platform, tx, updated, row.status);
  return updated;
}

/** Sends the application back with per-field requests; the applicant fixes those fields and resubmits. */
export async function requestChanges(platform: Platform, tx: Db, row: ApplicationRow, requirements: Requirement[]): Promise<ApplicationRow> {
  assertReviewable(row);
  const updated = await setApplicationStatus(tx, row.id, 'action_required', { reviewRequirements: requirements, reviewDueAt: null });
  await announce(platform, tx, updated, row.status);
  return updated;
}
