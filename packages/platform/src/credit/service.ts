/** @module Credit codes (信用码): issuing, revoking, ratings that change grades, signed status lists. */
import type { CreditCode, CreditGrade, CreditRating, CreditRatingCreateParams, CreditRevocationReason } from '@mashang/sdk';
import { creditCodeUrl, type JSONWebKeySet } from '@mashang/sdk/credential';
import type { Platform } from '../context.js';
import type { Db } from '../db/index.js';
import { HttpError, invalid, notFound } from '../errors.js';
import { newId } from '../internal/ids.js';
import { allocateStatusIndex, findCode, insertCode, newestActiveCode, readStatusList, revokeCodes, statusListRevision, type CodeLinks } from '../store/credit.js';
import { currentRating, insertRating } from '../store/ratings.js';
import { Keyring, MAX_CREDENTIAL_DAYS } from './keyring.js';
import { publicJwks, signCreditCredential, signStatusList } from './signing.js';
import { createBitstring, setBit } from './status-list.js';

const DAY = 86_400_000;

/** The grade a newly approved sandbox merchant gets, and why. Documented in docs/credit-codes.md. */
export const DEFAULT_RATING = { grade: 'B', basis: ['new_merchant_default'], validDays: 365 } as const satisfies {
  grade: CreditGrade;
  basis: readonly string[];
  validDays: number;
};

/** Default lifetime of a credit code, in days (capped by the grade's validity). */
export const DEFAULT_CODE_DAYS = 30;

/**
 * Seconds a signed status list is valid (its `exp`), and how long HTTP caches may keep it. A
 * revocation therefore reaches every verifier that honours the cache headers within one minute.
 */
export const STATUS_LIST_TTL = 300;
export const STATUS_LIST_MAX_AGE = 60;

/** Today's date in China Standard Time (UTC+8, no daylight saving), `YYYY-MM-DD`. */
export function chinaToday(now = Date.now()): string {
  return new Date(now + 8 * 3_600_000).toISOString().slice(0, 10);
}

/** The last second of a `YYYY-MM-DD` day in China Standard Time, in milliseconds. */
export function endOfChinaDay(date: string): number {
  return Date.parse(`${date}T23:59:59+08:00`);
}

function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY).toISOString().slice(0, 10);
}

interface MerchantFacts {
  id: string;
  name: string;
  uscc: string | null;
  status: string;
}

/** The credit-code capability's state and operations. One per platform. */
export class CreditService {
  readonly platform: Platform;
  readonly keyring: Keyring;
  readonly links: CodeLinks;
  readonly #signedLists = new Map<number, { revision: number; kid: string; signedAt: number; token: string }>();

  constructor(platform: Platform, keyring: Keyring) {
    this.platform = platform;
    this.keyring = keyring;
    this.links = {
      codeUrl: (token) => creditCodeUrl(platform.publicUrl(), token),
      statusListUrl: (list) => `${platform.publicUrl()}/credit/status/${list}`,
    };
  }

  get db(): Db {
    return this.platform.db;
  }

  /** The public keys to publish at `/.well-known/jwks.json`. */
  async jwks(now = Date.now()): Promise<JSONWebKeySet> {
    return publicJwks(await this.keyring.published(now));
  }

  async #lockMerchant(tx: Db, id: string, param = 'merchant'): Promise<MerchantFacts> {
    const { rows } = await tx.query<MerchantFacts>('select id, name, uscc, status from merchants where id = $1 for update', [id]);
    if (!rows[0]) throw notFound('merchant', id, param);
    return rows[0];
  }

  /** Gives `merchantId` the documented default grade if it has no rating yet (sandbox only). */
  async ensureDefaultRating(merchantId: string, now = Date.now()): Promise<CreditRating | undefined> {
    if (!this.platform.config.sandbox) return undefined;
    return this.db.transaction(async (tx) => {
      await this.#lockMerchant(tx, merchantId);
      if (await currentRating(tx, merchantId)) return undefined;
      return this.#insertDefault(tx, merchantId, now);
    });
  }

  #insertDefault(tx: Db, merchantId: string, now: number): Promise<CreditRating> {
    return insertRating(tx, {
      merchantId,
      grade: DEFAULT_RATING.grade,
      basis: [...DEFAULT_RATING.basis],
      validUntil: addDays(chinaToday(now), DEFAULT_RATING.validDays),
      source: 'default',
    });
  }

  /**
   * Records a rating. When it changes the grade, or ends before a credential would, the merchant's
   * outstanding credentials are revoked (the status list shows it at once) and, if there were
   * any, a new one is issued with the new grade.
   */
  async recordRating(params: CreditRatingCreateParams, recordedBy: string | undefined, now = Date.now()): Promise<CreditRating> {
    if (params.valid_until < chinaToday(now)) {
      throw invalid('valid_until', 'valid_until_past', `valid_until must be today (${chinaToday(now)}, China Standard Time) or later, got ${params.valid_until}.`);
    }
    return this.db.transaction(async (tx) => {
      const merchant = await this.#lockMerchant(tx, params.merchant);
      const rating = await insertRating(tx, {
        merchantId: merchant.id,
        grade: params.grade,
        score: params.score,
        basis: params.basis,
        validUntil: params.valid_until,
        source: 'operator',
        note: params.note,
        recordedBy,
      });
      const end = endOfChinaDay(rating.valid_until);
      const { rows } = await tx.query<{ id: string; grade: string; expires_at: Date }>(
        'select id, grade, expires_at from credit_codes where merchant_id = $1 and revoked_at is null and expires_at > $2',
        [merchant.id, new Date(now)],
      );
      const stale = rows.filter((row) => row.grade !== rating.grade || new Date(row.expires_at).getTime() > end).map((row) => row.id);
      if (stale.length) {
        await revokeCodes(tx, { ids: stale }, 'grade_changed', new Date(now));
        if (merchant.status === 'active' && merchant.uscc) await this.#issue(tx, merchant, rating, DEFAULT_CODE_DAYS, now);
      }
      return rating;
    });
  }

  /** Issues a new credential for an active merchant with a current grade. */
  async issue(merchantId: string, days = DEFAULT_CODE_DAYS, now = Date.now()): Promise<CreditCode> {
    return this.db.transaction(async (tx) => {
      const merchant = await this.#lockMerchant(tx, merchantId, 'Mashang-Merchant');
      const rating = await this.#ratingForIssue(tx, merchant, now);
      return this.#issue(tx, merchant, rating, days, now);
    });
  }

  /**
   * The merchant's credential for display: the newest valid one while it has more than a day to
   * run (or is already as long as its grade allows), otherwise a freshly issued one.
   */
  async current(merchantId: string, now = Date.now()): Promise<CreditCode> {
    return this.db.transaction(async (tx) => {
      const merchant = await this.#lockMerchant(tx, merchantId, 'Mashang-Merchant');
      const rating = await this.#ratingForIssue(tx, merchant, now);
      const threshold = Math.min(now + DAY, endOfChinaDay(rating.valid_until) - 1000);
      const existing = await newestActiveCode(tx, merchant.id, new Date(threshold), this.links, new Date(now));
      if (existing && existing.grade === rating.grade && existing.rating === rating.id) return existing;
      return this.#issue(tx, merchant, rating, DEFAULT_CODE_DAYS, now);
    });
  }

  async #ratingForIssue(tx: Db, merchant: MerchantFacts, now: number): Promise<CreditRating> {
    if (merchant.status !== 'active') {
      throw new HttpError('conflict', 'merchant_not_active', `Merchant '${merchant.id}' is ${merchant.status}; a credit code is issued once onboarding has been approved.`);
    }
    if (!merchant.uscc) {
      throw new HttpError('conflict', 'uscc_missing', `Merchant '${merchant.id}' has no 统一社会信用代码 (USCC) on record; complete onboarding first.`);
    }
    let rating = await currentRating(tx, merchant.id);
    if (!rating && this.platform.config.sandbox) rating = await this.#insertDefault(tx, merchant.id, now);
    if (!rating) {
      throw new HttpError('conflict', 'rating_missing', `Merchant '${merchant.id}' has no credit rating yet; the operator records one with POST /v1/credit-ratings.`);
    }
    if (endOfChinaDay(rating.valid_until) <= now + 60_000) {
      throw new HttpError('conflict', 'rating_expired', `The credit rating of '${merchant.id}' was valid until ${rating.valid_until}; the operator must record a new one.`);
    }
    return rating;
  }

  async #issue(tx: Db, merchant: MerchantFacts, rating: CreditRating, days: number, now: number): Promise<CreditCode> {
    const days_ = Math.min(days, MAX_CREDENTIAL_DAYS);
    const iat = Math.floor(now / 1000);
    const exp = Math.min(iat + days_ * 86_400, Math.floor(endOfChinaDay(rating.valid_until) / 1000));
    const { list, index } = await allocateStatusIndex(tx);
    const key = await this.keyring.current();
    const id = newId('cc', now);
    const token = await signCreditCredential(
      {
        iss: this.platform.publicUrl(),
        sub: merchant.id,
        jti: id,
        iat,
        exp,
        credit: {
          uscc: merchant.uscc!,
          name: merchant.name,
          grade: rating.grade,
          ...(rating.score === null ? {} : { score: rating.score }),
          validUntil: rating.valid_until,
          status: { list: this.links.statusListUrl(list), index },
        },
      },
      key,
    );
    return insertCode(
      tx,
      {
        id,
        merchantId: merchant.id,
        ratingId: rating.id,
        grade: rating.grade,
        name: merchant.name,
        uscc: merchant.uscc!,
        kid: key.kid,
        token,
        list,
        index,
        issuedAt: new Date(iat * 1000),
        expiresAt: new Date(exp * 1000),
      },
      this.links,
    );
  }

  /** Revokes one credential (operator). Revoking twice is a 409. */
  async revoke(id: string, reason: CreditRevocationReason, now = Date.now()): Promise<CreditCode> {
    return this.db.transaction(async (tx) => {
      const code = await findCode(tx, id, null, this.links, new Date(now));
      if (!code) throw notFound('credit code', id);
      if (code.revoked) throw new HttpError('conflict', 'credit_code_revoked', `Credit code '${id}' was already revoked at ${code.revoked} (${code.revocation_reason}).`);
      await revokeCodes(tx, { ids: [id] }, reason, new Date(now));
      return (await findCode(tx, id, null, this.links, new Date(now)))!;
    });
  }

  /**
   * The signed status list `list`, re-signed when a bit changed, the signing key changed, or the
   * cached copy is older than {@link STATUS_LIST_MAX_AGE}. Undefined when there is no such list.
   */
  async statusListToken(list: number, now = Date.now()): Promise<string | undefined> {
    const revision = await statusListRevision(this.db, list);
    if (revision === undefined) return undefined;
    const key = await this.keyring.current();
    const cached = this.#signedLists.get(list);
    if (cached && cached.revision === revision && cached.kid === key.kid && now - cached.signedAt < STATUS_LIST_MAX_AGE * 1000) return cached.token;
    const state = await readStatusList(this.db, list);
    if (!state) return undefined;
    const bits = createBitstring(state.size);
    for (const index of state.revoked) setBit(bits, index);
    const token = await signStatusList({
      bits,
      issuer: this.platform.publicUrl(),
      url: this.links.statusListUrl(list),
      key,
      ttlSeconds: STATUS_LIST_TTL,
      now: new Date(now),
    });
    this.#signedLists.set(list, { revision: state.revision, kid: key.kid, signedAt: now, token });
    return token;
  }
}
