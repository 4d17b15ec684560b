/** @module Onboarding applications (SQL). Identity and account numbers are stored encrypted, shown masked. */
import type { Application, ApplicationParams, ApplicationStatus, Requirement } from '@mashang/sdk';
import type { Db } from '../db/index.js';
import { maskAccountNumber, maskIdNumber, type FieldCipher } from '../internal/crypto.js';
import { newId } from '../internal/ids.js';
import { iso } from '../internal/time.js';

/** The non-secret part of an application, kept as JSON. */
export interface ApplicationData {
  business: Partial<Record<'uscc' | 'registered_name' | 'short_name' | 'latin_name' | 'registered_address' | 'mcc', string>> & {
    location?: NonNullable<Application['business']['location']>;
  };
  legal_representative: Partial<Record<'name' | 'id_type' | 'phone', string>>;
  settlement_account: Partial<Record<'account_type' | 'holder_name' | 'bank_name', string>>;
  documents: Partial<Record<string, string>>;
}

export interface ApplicationRow {
  id: string;
  merchant_id: string;
  status: ApplicationStatus;
  subject_type: Application['subject_type'];
  data: ApplicationData;
  uscc: string | null;
  id_number_enc: string | null;
  id_number_mask: string | null;
  account_number_enc: string | null;
  account_number_mask: string | null;
  review_requirements: Requirement[];
  rejection_reasons: Requirement[];
  metadata: Record<string, string>;
  review_due_at: Date | null;
  submitted_at: Date | null;
  decided_at: Date | null;
  created_at: Date;
  updated_at: Date;
}

const COLUMNS = `id, merchant_id, status, subject_type, data, uscc, id_number_enc, id_number_mask, account_number_enc, account_number_mask,
  review_requirements, rejection_reasons, metadata, review_due_at, submitted_at, decided_at, created_at, updated_at`;

/** AAD contexts: a ciphertext only decrypts in the column it was written to. */
export const ID_NUMBER_CONTEXT = 'application.legal_representative.id_number';
export const ACCOUNT_NUMBER_CONTEXT = 'application.settlement_account.account_number';

const EDITABLE: readonly ApplicationStatus[] = ['draft', 'action_required'];

/** True while the applicant may change the application. */
export function isEditable(status: ApplicationStatus): boolean {
  return EDITABLE.includes(status);
}

/** The application as the API shows it, with `requirements` computed by the caller. */
export function toApplication(row: ApplicationRow, requirements: Requirement[]): Application {
  const { business, legal_representative: rep, settlement_account: account, documents } = row.data;
  const documentsOut: Record<string, string> = {};
  for (const [type, id] of Object.entries(documents)) if (id) documentsOut[type] = id;
  return {
    id: row.id,
    object: 'application',
    merchant_id: row.merchant_id,
    status: row.status,
    subject_type: row.subject_type,
    business: {
      uscc: business.uscc ?? null,
      registered_name: business.registered_name ?? null,
      short_name: business.short_name ?? null,
      latin_name: business.latin_name ?? null,
      registered_address: business.registered_address ?? null,
      mcc: business.mcc ?? null,
      location: business.location ?? null,
    },
    legal_representative: {
      name: rep.name ?? null,
      id_type: (rep.id_type as Application['legal_representative']['id_type']) ?? null,
      id_number: row.id_number_mask,
      phone: rep.phone ?? null,
    },
    settlement_account: {
      account_type: (account.account_type as Application['settlement_account']['account_type']) ?? null,
      holder_name: account.holder_name ?? null,
      bank_name: account.bank_name ?? null,
      account_number: row.account_number_mask,
    },
    documents: documentsOut,
    requirements,
    rejection_reasons: row.rejection_reasons,
    metadata: row.metadata,
    submitted: iso(row.submitted_at),
    decided: iso(row.decided_at),
    created: iso(row.created_at),
    updated: iso(row.updated_at),
  };
}

function emptyData(): ApplicationData {
  return { business: {}, legal_representative: {}, settlement_account: {}, documents: {} };
}

function mergeSection<T extends Record<string, unknown>>(target: T, patch: Record<string, unknown> | undefined, skip: readonly string[] = []): string[] {
  const touched: string[] = [];
  if (!patch) return touched;
  for (const [key, value] of Object.entries(patch)) {
    if (value === undefined || skip.includes(key)) continue;
    if (value === null) delete (target as Record<string, unknown>)[key];
    else (target as Record<string, unknown>)[key] = value;
    touched.push(key);
  }
  return touched;
}

/** The columns a patch writes, and the fields (`business.uscc`, …) it touched. */
export interface AppliedPatch {
  subject_type: Application['subject_type'];
  data: ApplicationData;
  uscc: string | null;
  id_number_enc: string | null;
  id_number_mask: string | null;
  account_number_enc: string | null;
  account_number_mask: string | null;
  metadata: Record<string, string>;
  touched: string[];
}

/** Applies `params` to `row` (or to an empty application) in memory, encrypting the secrets. */
export function applyPatch(row: ApplicationRow | undefined, params: ApplicationParams, cipher: FieldCipher): AppliedPatch {
  const data: ApplicationData = row ? structuredClone(row.data) : emptyData();
  const out: AppliedPatch = {
    subject_type: row?.subject_type ?? null,
    data,
    uscc: row?.uscc ?? null,
    id_number_enc: row?.id_number_enc ?? null,
    id_number_mask: row?.id_number_mask ?? null,
    account_number_enc: row?.account_number_enc ?? null,
    account_number_mask: row?.account_number_mask ?? null,
    metadata: params.metadata ?? row?.metadata ?? {},
    touched: [],
  };
  if (params.subject_type !== undefined) {
    out.subject_type = params.subject_type;
    out.touched.push('subject_type');
  }
  out.touched.push(...mergeSection(data.business, params.business).map((k) => `business.${k}`));
  out.uscc = data.business.uscc ?? null;
  const rep = params.legal_representative;
  out.touched.push(...mergeSection(data.legal_representative, rep, ['id_number']).map((k) => `legal_representative.${k}`));
  if (rep?.id_number !== undefined) {
    out.id_number_enc = rep.id_number === null ? null : cipher.encrypt(rep.id_number, ID_NUMBER_CONTEXT);
    out.id_number_mask = rep.id_number === null ? null : maskIdNumber(rep.id_number);
    out.touched.push('legal_representative.id_number');
  }
  const account = params.settlement_account;
  out.touched.push(...mergeSection(data.settlement_account, account, ['account_number']).map((k) => `settlement_account.${k}`));
  if (account?.account_number !== undefined) {
    out.account_number_enc = account.account_number === null ? null : cipher.encrypt(account.account_number, ACCOUNT_NUMBER_CONTEXT);
    out.account_number_mask = account.account_number === null ? null : maskAccountNumber(account.account_number);
    out.touched.push('settlement_account.account_number');
  }
  out.touched.push(...mergeSection(data.documents, params.documents).map((k) => `documents.${k}`));
  return out;
}

/** The patch's column values, in the order insert and update both list them. */
function patchValues(patch: AppliedPatch): unknown[] {
  return [
    patch.subject_type,
    JSON.stringify(patch.data),
    patch.uscc,
    patch.id_number_enc,
    patch.id_number_mask,
    patch.account_number_enc,
    patch.account_number_mask,
    JSON.stringify(patch.metadata),
  ];
}

export async function insertApplication(db: Db, merchantId: string, patch: AppliedPatch): Promise<ApplicationRow> {
  const { rows } = await db.query<ApplicationRow>(
    `insert into applications (id, merchant_id, subject_type, data, uscc, id_number_enc, id_number_mask, account_number_enc, account_number_mask, metadata)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) returning ${COLUMNS}`,
    [newId('app'), merchantId, ...patchValues(patch)],
  );
  return rows[0]!;
}

export async function saveApplicationPatch(db: Db, id: string, patch: AppliedPatch, reviewRequirements: Requirement[]): Promise<ApplicationRow> {
  const { rows } = await db.query<ApplicationRow>(
    `update applications set subject_type = $2, data = $3, uscc = $4, id_number_enc = $5, id_number_mask = $6,
       account_number_enc = $7, account_number_mask = $8, metadata = $9, review_requirements = $10, updated_at = now()
     where id = $1 returning ${COLUMNS}`,
    [id, ...patchValues(patch), JSON.stringify(reviewRequirements)],
  );
  return rows[0]!;
}

/** Who sees which applications: the operator all, an ISV its merchants', a merchant its own. */
export interface ApplicationScope {
  isvId: string | null;
  merchantId: string | null;
}

/** One application, optionally locked `for update` inside a transaction. */
export async function findApplication(db: Db, id: string, scope: ApplicationScope, lock = false): Promise<ApplicationRow | undefined> {
  const { rows } = await db.query<ApplicationRow>(
    `select ${COLUMNS.replace(/(^|,\s*)(\w+)/g, '$1a.$2')} from applications a join merchants m on m.id = a.merchant_id
     where a.id = $1 and ($2::text is null or m.isv_id = $2) and ($3::text is null or a.merchant_id = $3)${lock ? ' for update of a' : ''}`,
    [id, scope.isvId, scope.merchantId],
  );
  return rows[0];
}

/** The merchant's application that is not rejected, if any (there is at most one). */
export async function openApplicationOf(db: Db, merchantId: string): Promise<ApplicationRow | undefined> {
  const { rows } = await db.query<ApplicationRow>(`select ${COLUMNS} from applications where merchant_id = $1 and status <> 'rejected'`, [merchantId]);
  return rows[0];
}

export async function listApplications(db: Db, scope: ApplicationScope, limit: number, startingAfter?: string, status?: ApplicationStatus): Promise<ApplicationRow[]> {
  const { rows } = await db.query<ApplicationRow>(
    `select ${COLUMNS.replace(/(^|,\s*)(\w+)/g, '$1a.$2')} from applications a join merchants m on m.id = a.merchant_id
     where ($1::text is null or m.isv_id = $1) and ($2::text is null or a.merchant_id = $2)
       and ($3::text is null or a.id < $3) and ($4::text is null or a.status = $4)
     order by a.id desc limit $5`,
    [scope.isvId, scope.merchantId, startingAfter ?? null, status ?? null, limit + 1],
  );
  return rows;
}

/** Moves an application to `status`, with the columns that go with it. */
export async function setApplicationStatus(
  db: Db,
  id: string,
  status: ApplicationStatus,
  fields: { reviewRequirements?: Requirement[]; rejectionReasons?: Requirement[]; reviewDueAt?: Date | null; submitted?: boolean; decided?: boolean } = {},
): Promise<ApplicationRow> {
  const { rows } = await db.query<ApplicationRow>(
    `update applications set status = $2,
       review_requirements = coalesce($3, review_requirements),
       rejection_reasons = coalesce($4, rejection_reasons),
       review_due_at = case when $5 then $6::timestamptz else review_due_at end,
       submitted_at = case when $7 then now() else submitted_at end,
       decided_at = case when $8 then now() else decided_at end,
       updated_at = now()
     where id = $1 returning ${COLUMNS}`,
    [
      id,
      status,
      fields.reviewRequirements ? JSON.stringify(fields.reviewRequirements) : null,
      fields.rejectionReasons ? JSON.stringify(fields.rejectionReasons) : null,
      fields.reviewDueAt !== undefined,
      fields.reviewDueAt ?? null,
      fields.submitted ?? false,
      fields.decided ?? false,
    ],
  );
  return rows[0]!;
}

/** Ids of applications whose sandbox review step is due (the step re-checks under a row lock). */
export async function dueReviews(db: Db, limit: number): Promise<string[]> {
  const { rows } = await db.query<{ id: string }>(
    `select id from applications where review_due_at <= now() and status in ('submitted', 'in_review') order by review_due_at limit $1`,
    [limit],
  );
  return rows.map((r) => r.id);
}

/** Whether another merchant already holds this USCC: a live application, or an active (onboarded) merchant. An unverified USCC typed into `POST /v1/merchants` blocks nobody. */
export async function usccTakenElsewhere(db: Db, uscc: string, merchantId: string): Promise<boolean> {
  const { rows } = await db.query(
    `select 1 from applications where uscc = $1 and merchant_id <> $2 and status in ('submitted', 'in_review', 'action_required', 'approved')
     union all select 1 from merchants where uscc = $1 and id <> $2 and status = 'active' limit 1`,
    [uscc, merchantId],
  );
  return rows.length > 0;
}

