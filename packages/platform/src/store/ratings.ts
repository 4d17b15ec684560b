/** @module Credit ratings: an append-only history per merchant; the newest is current. */
import type { CreditBasisReason, CreditGrade, CreditRating, CreditRatingSource, Page } from '@mashang/sdk';
import type { Db } from '../db/index.js';
import { newId } from '../internal/ids.js';
import { iso } from '../internal/time.js';

interface RatingRow {
  id: string;
  merchant_id: string;
  grade: CreditGrade;
  score: string | number | null;
  basis: CreditBasisReason[];
  valid_until: string;
  source: CreditRatingSource;
  note: string | null;
  created_at: Date;
  current: boolean;
}

/** What {@link insertRating} records. */
export interface NewRating {
  merchantId: string;
  grade: CreditGrade;
  score?: number | undefined;
  basis: CreditBasisReason[];
  /** `YYYY-MM-DD`. */
  validUntil: string;
  source: CreditRatingSource;
  note?: string | undefined;
  /** Id of the key that recorded it (operator), for the audit trail. */
  recordedBy?: string | undefined;
}

// "Current" is the newest rating of the merchant; ids sort by creation time.
const SELECT = `select r.id, r.merchant_id, r.grade, r.score, r.basis, to_char(r.valid_until, 'YYYY-MM-DD') as valid_until, r.source, r.note, r.created_at,
  r.id = (select max(l.id) from credit_ratings l where l.merchant_id = r.merchant_id) as current
  from credit_ratings r`;

function toRating(row: RatingRow): CreditRating {
  return {
    id: row.id,
    object: 'credit_rating',
    merchant: row.merchant_id,
    grade: row.grade,
    score: row.score === null ? null : Number(row.score),
    basis: row.basis,
    valid_until: row.valid_until,
    source: row.source,
    note: row.note,
    current: row.current,
    created: iso(row.created_at),
  };
}

/** Records a rating; it becomes the merchant's current one. */
export async function insertRating(db: Db, rating: NewRating): Promise<CreditRating> {
  const id = newId('crt');
  await db.query(
    `insert into credit_ratings (id, merchant_id, grade, score, basis, valid_until, source, note, recorded_by)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
    [id, rating.merchantId, rating.grade, rating.score ?? null, JSON.stringify(rating.basis), rating.validUntil, rating.source, rating.note ?? null, rating.recordedBy ?? null],
  );
  return (await findRating(db, id))!;
}

/** One rating by id, optionally only among the merchants of `isvId` or one merchant. */
export async function findRating(db: Db, id: string, scope: { isvId?: string | null; merchantId?: string | null } = {}): Promise<CreditRating | undefined> {
  const { rows } = await db.query<RatingRow>(
    `${SELECT} join merchants m on m.id = r.merchant_id
     where r.id = $1 and ($2::text is null or m.isv_id = $2) and ($3::text is null or r.merchant_id = $3)`,
    [id, scope.isvId ?? null, scope.merchantId ?? null],
  );
  return rows[0] && toRating(rows[0]);
}

/** The merchant's newest rating, if any. */
export async function currentRating(db: Db, merchantId: string): Promise<CreditRating | undefined> {
  const { rows } = await db.query<RatingRow>(`${SELECT} where r.merchant_id = $1 order by r.id desc limit 1`, [merchantId]);
  return rows[0] && toRating(rows[0]);
}

/** Ratings newest first, keyset-paginated by id; filtered by merchant and/or ISV. */
export async function listRatings(
  db: Db,
  filter: { merchantId?: string | undefined; isvId?: string | null },
  limit: number,
  startingAfter?: string,
): Promise<Page<CreditRating>> {
  const { rows } = await db.query<RatingRow>(
    `${SELECT} join merchants m on m.id = r.merchant_id
     where ($1::text is null or r.merchant_id = $1) and ($2::text is null or m.isv_id = $2) and ($3::text is null or r.id < $3)
     order by r.id desc limit $4`,
    [filter.merchantId ?? null, filter.isvId ?? null, startingAfter ?? null, limit + 1],
  );
  return { object: 'list', data: rows.slice(0, limit).map(toRating), has_more: rows.length > limit };
}
