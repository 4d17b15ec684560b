/** @module Credit codes (信用码) and the revocation status lists their bits live in. */
import { randomInt } from 'node:crypto';
import type { CreditCode, CreditGrade, CreditRevocationReason, Page } from '@mashang/sdk';
import type { Db } from '../db/index.js';
import { iso } from '../internal/time.js';

/** Entries per status list: the W3C minimum, 16 KiB of bits. */
export const STATUS_LIST_SIZE = 131_072;

/**
 * A list takes new credentials until this share of it is used. Indexes are drawn at random, so
 * a half-full list still finds a free one in a couple of tries, and neighbours in a list say
 * nothing about issue order.
 */
const FILL_LIMIT = 0.5;

interface CodeRow {
  id: string;
  merchant_id: string;
  rating_id: string;
  grade: CreditGrade;
  name: string;
  uscc: string;
  kid: string;
  token: string;
  status_list: number;
  status_index: number;
  issued_at: Date;
  expires_at: Date;
  revoked_at: Date | null;
  revocation_reason: CreditRevocationReason | null;
}

const COLUMNS = 'id, merchant_id, rating_id, grade, name, uscc, kid, token, status_list, status_index, issued_at, expires_at, revoked_at, revocation_reason';

/** How the API shows a row; `links` turns the token and list number into URLs. */
export interface CodeLinks {
  codeUrl(token: string): string;
  statusListUrl(list: number): string;
}

function toCode(row: CodeRow, links: CodeLinks, now: Date): CreditCode {
  const expires = new Date(row.expires_at);
  return {
    id: row.id,
    object: 'credit_code',
    merchant: row.merchant_id,
    rating: row.rating_id,
    grade: row.grade,
    name: row.name,
    uscc: row.uscc,
    token: row.token,
    url: links.codeUrl(row.token),
    kid: row.kid,
    status_list: links.statusListUrl(row.status_list),
    status_index: row.status_index,
    status: row.revoked_at ? 'revoked' : expires <= now ? 'expired' : 'active',
    issued: iso(row.issued_at),
    expires: iso(expires),
    revoked: iso(row.revoked_at),
    revocation_reason: row.revocation_reason,
  };
}

/**
 * Reserves a free, random index in the first status list with room, opening a new list when all
 * are full enough. Call inside the transaction that inserts the credential.
 */
export async function allocateStatusIndex(tx: Db): Promise<{ list: number; index: number }> {
  let { rows } = await tx.query<{ id: number; size: number }>(
    'select id, size from credit_status_lists where used < size * $1::float8 order by id limit 1 for update',
    [FILL_LIMIT],
  );
  if (!rows[0]) {
    ({ rows } = await tx.query<{ id: number; size: number }>(
      `insert into credit_status_lists (id, size) select coalesce(max(id), 0) + 1, $1 from credit_status_lists returning id, size`,
      [STATUS_LIST_SIZE],
    ));
  }
  const list = rows[0]!;
  for (let attempt = 0; attempt < 64; attempt++) {
    const index = randomInt(list.size);
    const taken = await tx.query('select 1 from credit_codes where status_list = $1 and status_index = $2', [list.id, index]);
    if (taken.rows.length === 0) {
      await tx.query('update credit_status_lists set used = used + 1 where id = $1', [list.id]);
      return { list: list.id, index };
    }
  }
  throw new Error(`status list ${list.id} has no free index after 64 random tries`);
}

/** What {@link insertCode} stores. */
export interface NewCode {
  id: string;
  merchantId: string;
  ratingId: string;
  grade: CreditGrade;
  name: string;
  uscc: string;
  kid: string;
  token: string;
  list: number;
  index: number;
  issuedAt: Date;
  expiresAt: Date;
}

/** Stores an issued credential. */
export async function insertCode(tx: Db, code: NewCode, links: CodeLinks): Promise<CreditCode> {
  const { rows } = await tx.query<CodeRow>(
    `insert into credit_codes (id, merchant_id, rating_id, grade, name, uscc, kid, token, status_list, status_index, issued_at, expires_at)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) returning ${COLUMNS}`,
    [code.id, code.merchantId, code.ratingId, code.grade, code.name, code.uscc, code.kid, code.token, code.list, code.index, code.issuedAt, code.expiresAt],
  );
  return toCode(rows[0]!, links, code.issuedAt);
}

/** One credential, optionally only if it belongs to `merchantId`. */
export async function findCode(db: Db, id: string, merchantId: string | null, links: CodeLinks, now = new Date()): Promise<CreditCode | undefined> {
  const { rows } = await db.query<CodeRow>(`select ${COLUMNS} from credit_codes where id = $1 and ($2::text is null or merchant_id = $2)`, [id, merchantId]);
  return rows[0] && toCode(rows[0], links, now);
}

/** The merchant's newest credential that is neither revoked nor expiring before `until`. */
export async function newestActiveCode(db: Db, merchantId: string, until: Date, links: CodeLinks, now = new Date()): Promise<CreditCode | undefined> {
  const { rows } = await db.query<CodeRow>(
    `select ${COLUMNS} from credit_codes where merchant_id = $1 and revoked_at is null and expires_at > $2 order by id desc limit 1`,
    [merchantId, until],
  );
  return rows[0] && toCode(rows[0], links, now);
}

/** A merchant's credentials, newest first. */
export async function listCodes(db: Db, merchantId: string, limit: number, startingAfter: string | undefined, links: CodeLinks, now = new Date()): Promise<Page<CreditCode>> {
  const { rows } = await db.query<CodeRow>(
    `select ${COLUMNS} from credit_codes where merchant_id = $1 and ($2::text is null or id < $2) order by id desc limit $3`,
    [merchantId, startingAfter ?? null, limit + 1],
  );
  return { object: 'list', data: rows.slice(0, limit).map((row) => toCode(row, links, now)), has_more: rows.length > limit };
}

/**
 * Revokes credentials (all of a merchant's unrevoked, unexpired ones, or the given ids) and bumps
 * the revision of every status list touched. Returns the ids revoked.
 */
export async function revokeCodes(
  tx: Db,
  target: { merchantId: string } | { ids: string[] },
  reason: CreditRevocationReason,
  now = new Date(),
): Promise<string[]> {
  const { rows } = await tx.query<{ id: string; status_list: number }>(
    'merchantId' in target
      ? `update credit_codes set revoked_at = $2, revocation_reason = $3
         where merchant_id = $1 and revoked_at is null and expires_at > $2 returning id, status_list`
      : `update credit_codes set revoked_at = $2, revocation_reason = $3
         where id = any($1::text[]) and revoked_at is null returning id, status_list`,
    ['merchantId' in target ? target.merchantId : target.ids, now, reason],
  );
  const lists = [...new Set(rows.map((r) => r.status_list))];
  if (lists.length) await tx.query('update credit_status_lists set revision = revision + 1, updated_at = $2 where id = any($1::int[])', [lists, now]);
  return rows.map((r) => r.id);
}

/** A status list's size, revision and revoked indexes; undefined when there is no such list. */
export async function readStatusList(db: Db, list: number): Promise<{ size: number; revision: number; revoked: number[] } | undefined> {
  const { rows } = await db.query<{ size: number; revision: number }>('select size, revision from credit_status_lists where id = $1', [list]);
  if (!rows[0]) return undefined;
  const revoked = await db.query<{ status_index: number }>('select status_index from credit_codes where status_list = $1 and revoked_at is not null', [list]);
  return { size: rows[0].size, revision: rows[0].revision, revoked: revoked.rows.map((r) => r.status_index) };
}

/** Just the revision, to decide whether a cached signed list is still right. */
export async function statusListRevision(db: Db, list: number): Promise<number | undefined> {
  const { rows } = await db.query<{ revision: number }>('select revision from credit_status_lists where id = $1', [list]);
  return rows[0]?.revision;
}
