import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Isv, Mashang, NotFoundError, PermissionError, ValidationError, type CreditRatingCreateParams } from '@mashang/sdk';
import { startTestPlatform, type TestPlatform } from './helpers.js';

let p: TestPlatform;
let operator: Mashang;
let isv: Mashang;

function day(offset: number): string {
  return new Date(Date.now() + 8 * 3_600_000 + offset * 86_400_000).toISOString().slice(0, 10);
}

async function ratingCount(): Promise<number> {
  const { rows } = await p.platform.db.query<{ n: string }>('select count(*)::text as n from credit_ratings');
  return Number(rows[0]!.n);
}

async function post(body: unknown, key = p.keys.operatorKey) {
  const res = await fetch(`${p.url}/v1/credit-ratings`, {
    method: 'POST',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as { error: { type: string; code: string; param?: string; message: string } } & Record<string, unknown> };
}

before(async () => {
  p = await startTestPlatform();
  operator = new Mashang({ apiKey: p.keys.operatorKey, baseUrl: p.url, maxRetries: 0 });
  isv = new Mashang({ apiKey: p.keys.isv.secretKey, baseUrl: p.url, maxRetries: 0 });
});
after(() => p.close());

describe('credit ratings', () => {
  it('should record grades with score, basis and validity, and keep the history newest first', async () => {
    const m = await isv.merchants.create({ name: '评级历史店' });
    const first = await operator.creditRatings.create({ merchant: m.id, grade: 'B', basis: ['licence_verified'], valid_until: day(30) });
    assert.match(first.id, /^crt_[0-9A-Z]{26}$/);
    assert.equal(first.current, true);
    assert.equal(first.source, 'operator');
    assert.equal(first.score, null);
    const second = await operator.creditRatings.create({
      merchant: m.id,
      grade: 'A',
      score: 92.5,
      basis: ['licence_verified', 'no_adverse_records', 'tax_credit_grade'],
      valid_until: day(365),
      note: '年度评定',
    });
    assert.equal(second.grade, 'A');
    assert.equal(second.score, 92.5);
    assert.deepEqual(second.basis, ['licence_verified', 'no_adverse_records', 'tax_credit_grade']);
    assert.equal(second.valid_until, day(365));
    assert.equal(second.note, '年度评定');

    const history = await operator.creditRatings.list({ merchant: m.id });
    assert.deepEqual(history.data.map((r) => r.id), [second.id, first.id]);
    assert.deepEqual(history.data.map((r) => r.current), [true, false]);
    assert.equal((await operator.creditRatings.retrieve(first.id)).current, false);
    assert.equal((await isv.creditRatings.retrieve(second.id)).grade, 'A');
  });

  it('should paginate the history', async () => {
    const m = await isv.merchants.create({ name: '分页评级店' });
    for (const grade of ['D', 'C', 'B', 'A'] as const) await operator.creditRatings.create({ merchant: m.id, grade, basis: ['no_adverse_records'], valid_until: day(10) });
    const page1 = await operator.creditRatings.list({ merchant: m.id, limit: 3 });
    assert.equal(page1.has_more, true);
    const page2 = await operator.creditRatings.list({ merchant: m.id, limit: 3, starting_after: page1.data.at(-1)!.id });
    assert.deepEqual([...page1.data, ...page2.data].map((r) => r.grade), ['A', 'B', 'C', 'D']);
    assert.equal(page2.has_more, false);
  });

  it('should let a merchant read only its own ratings, and an ISV only its merchants\'', async () => {
    const mine = new Mashang({ apiKey: p.keys.merchant.secretKey, baseUrl: p.url, maxRetries: 0 });
    const rating = await operator.creditRatings.create({ merchant: p.keys.merchant.id, grade: 'A', basis: ['licence_verified'], valid_until: day(90) });
    const own = await mine.creditRatings.list();
    assert.ok(own.data.length >= 1);
    assert.ok(own.data.every((r) => r.merchant === p.keys.merchant.id));
    assert.equal((await mine.creditRatings.retrieve(rating.id)).id, rating.id);

    const other = await operator.transport.request({ method: 'post', path: '/v1/isvs', body: { name: '别家服务商' }, schema: Isv });
    const otherIsv = new Mashang({ apiKey: other.secret_key!, baseUrl: p.url, maxRetries: 0 });
    await assert.rejects(otherIsv.creditRatings.retrieve(rating.id), NotFoundError);
    assert.deepEqual((await otherIsv.creditRatings.list({ merchant: p.keys.merchant.id })).data, []);
    const theirs = await otherIsv.merchants.create({ name: '别家的店' });
    await operator.creditRatings.create({ merchant: theirs.id, grade: 'C', basis: ['consumer_complaints'], valid_until: day(10) });
    await assert.rejects(mine.creditRatings.list({ merchant: theirs.id }), NotFoundError);
    const isvView = await isv.creditRatings.list({ limit: 100 });
    assert.ok(isvView.data.every((r) => r.merchant !== theirs.id));
  });

  it('should let only the operator record a grade', async () => {
    const before = await ratingCount();
    const params: CreditRatingCreateParams = { merchant: p.keys.merchant.id, grade: 'A', basis: ['licence_verified'], valid_until: day(30) };
    await assert.rejects(isv.creditRatings.create(params), PermissionError);
    await assert.rejects(new Mashang({ apiKey: p.keys.merchant.secretKey, baseUrl: p.url, maxRetries: 0 }).creditRatings.create(params), PermissionError);
    assert.equal(await ratingCount(), before);
  });
});

describe('bad ratings get 400 naming the field and write nothing', () => {
  const cases: [string, (merchant: string) => Record<string, unknown>, string, RegExp][] = [
    ['an unknown grade', (m) => ({ merchant: m, grade: 'E', basis: ['licence_verified'], valid_until: day(1) }), 'grade', /A.*B.*C.*D/],
    ['a lower-case grade', (m) => ({ merchant: m, grade: 'a', basis: ['licence_verified'], valid_until: day(1) }), 'grade', /one of/],
    ['an empty basis', (m) => ({ merchant: m, grade: 'A', basis: [], valid_until: day(1) }), 'basis', /at least one/],
    ['an undocumented reason', (m) => ({ merchant: m, grade: 'A', basis: ['friend_of_owner'], valid_until: day(1) }), 'basis.0', /documented reasons/],
    ['a repeated reason', (m) => ({ merchant: m, grade: 'A', basis: ['licence_verified', 'licence_verified'], valid_until: day(1) }), 'basis', /repeat/],
    ['a score above 100', (m) => ({ merchant: m, grade: 'A', score: 101, basis: ['licence_verified'], valid_until: day(1) }), 'score', /between 0 and 100/],
    ['a negative score', (m) => ({ merchant: m, grade: 'A', score: -1, basis: ['licence_verified'], valid_until: day(1) }), 'score', /between 0 and 100/],
    ['an impossible date', (m) => ({ merchant: m, grade: 'A', basis: ['licence_verified'], valid_until: '2027-02-30' }), 'valid_until', /calendar date/],
    ['a date-time', (m) => ({ merchant: m, grade: 'A', basis: ['licence_verified'], valid_until: '2027-02-01T00:00:00Z' }), 'valid_until', /YYYY-MM-DD/],
    ['a past date', (m) => ({ merchant: m, grade: 'A', basis: ['licence_verified'], valid_until: day(-1) }), 'valid_until', /today/],
    ['a missing merchant', () => ({ grade: 'A', basis: ['licence_verified'], valid_until: day(1) }), 'merchant', /required/],
    ['a malformed merchant id', () => ({ merchant: 'shop-1', grade: 'A', basis: ['licence_verified'], valid_until: day(1) }), 'merchant', /mch_/],
    ['an unknown field', (m) => ({ merchant: m, grade: 'A', basis: ['licence_verified'], valid_until: day(1), colour: 'green' }), 'colour', /unknown field/],
  ];
  for (const [what, body, param, message] of cases) {
    it(`should refuse ${what}`, async () => {
      const before = await ratingCount();
      const r = await post(body(p.keys.merchant.id));
      assert.equal(r.status, 400, JSON.stringify(r.body));
      assert.equal(r.body.error.type, 'invalid_request_error');
      assert.equal(r.body.error.param, param);
      assert.match(r.body.error.message, message);
      assert.equal(await ratingCount(), before);
    });
  }

  it('should answer 404 naming merchant for a merchant that does not exist', async () => {
    const before = await ratingCount();
    const r = await post({ merchant: 'mch_01AAAAAAAAAAAAAAAAAAAAAAAA', grade: 'A', basis: ['licence_verified'], valid_until: day(1) });
    assert.equal(r.status, 404);
    assert.equal(r.body.error.param, 'merchant');
    assert.equal(await ratingCount(), before);
  });

  it('should validate SDK arguments before sending', async () => {
    let sent = 0;
    const counting = new Mashang({ apiKey: p.keys.operatorKey, baseUrl: p.url, maxRetries: 0, fetch: (...a) => (sent++, fetch(...a)) });
    await assert.rejects(counting.creditRatings.create({ merchant: p.keys.merchant.id, grade: 'E' as never, basis: ['licence_verified'], valid_until: day(1) }), ValidationError);
    await assert.rejects(counting.creditRatings.retrieve('rating-1'), ValidationError);
    await assert.rejects(counting.creditRatings.list({ merchant: 'x' }), ValidationError);
    assert.equal(sent, 0);
  });
});
