import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  ConflictError,
  InvalidRequestError,
  Mashang,
  NotFoundError,
  PermissionError,
  ValidationError,
  webhooks,
  type Application,
  type ApplicationParams,
  type Merchant,
} from '@mashang/sdk';
import { computeResidentIdCheckChar, generateUscc } from '@mashang/sdk/uscc';
import { startTestPlatform, type TestPlatform } from './helpers.js';
import { startReceiver, type Receiver } from './webhook-receiver.js';
import { workerOf } from '../src/webhooks/events.js';

process.env['MASHANG_SANDBOX_REVIEW_DELAY_MS'] = '40';
process.env['MASHANG_WEBHOOK_RETRY_BASE_MS'] = '30';
process.env['MASHANG_WEBHOOK_POLL_MS'] = '20';

let p: TestPlatform;
let isv: Mashang;
let operator: Mashang;
let hooks: Receiver;
let hookSecret: string;
/** Every API answer body any client in this file received. */
const answers: string[] = [];
const DEMO_USCC = '91330502MA2D3XKJ16';

const capture: typeof fetch = async (input, init) => {
  const response = await fetch(input, init);
  answers.push(await response.clone().text());
  return response;
};

function client(apiKey: string, merchant?: string): Mashang {
  return new Mashang({ apiKey, baseUrl: p.url, maxRetries: 0, fetch: capture, ...(merchant ? { merchant } : {}) });
}

/** A valid resident ID with the given birth date (YYYYMMDD). */
function residentId(birth: string, seq = '123'): string {
  const first17 = `330502${birth}${seq}`;
  return first17 + computeResidentIdCheckChar(first17);
}

/** A personal bank card number with a correct Luhn digit. */
function bankCard(body = '622202123456789012'): string {
  for (let d = 0; d <= 9; d++) {
    const n = body + d;
    let sum = 0;
    for (let i = 0; i < n.length; i++) {
      let x = n.charCodeAt(n.length - 1 - i) - 48;
      if (i % 2 === 1) x = x * 2 > 9 ? x * 2 - 9 : x * 2;
      sum += x;
    }
    if (sum % 10 === 0) return n;
  }
  throw new Error('unreachable');
}

const PNG = Uint8Array.from([
  0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52, 0, 0, 0, 1, 0, 0, 0, 1, 8, 2, 0, 0, 0, 0x90, 0x77, 0x53, 0xde, 0, 0, 0, 12,
  0x49, 0x44, 0x41, 0x54, 0x08, 0xd7, 0x63, 0xf8, 0xcf, 0xc0, 0x00, 0x00, 0x03, 0x01, 0x01, 0x00, 0x18, 0xdd, 0x8d, 0xb0, 0, 0, 0, 0, 0x49, 0x45, 0x4e, 0x44, 0xae,
  0x42, 0x60, 0x82,
]);
const JPEG = Uint8Array.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01, 0xff, 0xd9]);

let seed = 1000;
/** A complete 个体工商户 application with fresh identifiers; `overrides` replace whole sections. */
async function completeApplication(shop: Mashang, overrides: ApplicationParams = {}, upload: Mashang = shop) {
  const idNumber = residentId('19850615');
  const accountNumber = bankCard();
  const uscc = generateUscc({ entityType: '2', seed: seed++ });
  const licence = await upload.files.create({ file: PNG, purpose: 'business_license', filename: 'licence.png' });
  const front = await upload.files.create({ file: JPEG, purpose: 'identity_document', filename: 'front.jpg' });
  const back = await upload.files.create({ file: JPEG, purpose: 'identity_document', filename: 'back.jpg' });
  const store = await upload.files.create({ file: PNG, purpose: 'store_photo', filename: 'store.png' });
  const params: ApplicationParams = {
    subject_type: 'individual_business',
    business: {
      uscc,
      registered_name: '湖州市吴兴区老李水果店',
      short_name: '老李水果',
      latin_name: 'LAO LI FRUIT',
      registered_address: '浙江省湖州市吴兴区红旗路 88 号',
      mcc: '5499',
      location: { address: '浙江省湖州市吴兴区红旗路 88 号', latitude: 30.8703, longitude: 120.0933, coordinate_system: 'GCJ-02' },
    },
    legal_representative: { name: '李明', id_type: 'resident_id', id_number: idNumber, phone: '13912345678' },
    settlement_account: { account_type: 'personal', holder_name: '李明', bank_name: '中国工商银行湖州分行', account_number: accountNumber },
    documents: { business_license: licence.id, id_card_front: front.id, id_card_back: back.id, store_front: store.id },
    ...overrides,
  };
  return { params, idNumber, accountNumber, uscc };
}

async function newMerchant(name = '测试商户'): Promise<{ merchant: Merchant; shop: Mashang }> {
  const merchant = await isv.merchants.create({ name });
  return { merchant, shop: client(p.keys.isv.secretKey, merchant.id) };
}

async function waitForStatus(shop: Mashang, id: string, status: Application['status'], timeoutMs = 8000): Promise<Application> {
  const started = Date.now();
  for (;;) {
    const app = await shop.applications.retrieve(id);
    if (app.status === status) return app;
    if (Date.now() - started > timeoutMs) throw new Error(`application ${id} is ${app.status}, not ${status}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

async function rawPost(path: string, key: string, body: unknown, merchant?: string) {
  const headers: Record<string, string> = { authorization: `Bearer ${key}`, 'content-type': 'application/json' };
  if (merchant) headers['mashang-merchant'] = merchant;
  const res = await fetch(`${p.url}${path}`, { method: 'POST', headers, body: JSON.stringify(body) });
  const text = await res.text();
  answers.push(text);
  return { status: res.status, body: JSON.parse(text) as { error: { code: string; param?: string; message: string } } & Application };
}

before(async () => {
  p = await startTestPlatform();
  isv = client(p.keys.isv.secretKey);
  operator = client(p.keys.operatorKey);
  hooks = await startReceiver();
  const endpoint = await isv.webhookEndpoints.create({ url: hooks.url, enabled_events: ['onboarding.*', 'merchant.activated'] });
  hookSecret = endpoint.secret!;
});
after(async () => {
  await p.close();
  await hooks.close();
});

describe('onboarding: from nothing to an active merchant', () => {
  it('should resume a draft, list what is missing, submit, auto-approve and activate the merchant', async () => {
    const { merchant, shop } = await newMerchant('老李水果（待入驻）');
    const activated: Record<string, unknown>[] = [];
    p.platform.bus.on('merchant.activated', (e) => void activated.push(e));

    const draft = await shop.applications.create({ subject_type: 'individual_business', business: { registered_name: '湖州市吴兴区老李水果店' } });
    assert.match(draft.id, /^app_/);
    assert.equal(draft.status, 'draft');
    const missing = draft.requirements.map((r) => r.field);
    for (const field of ['business.uscc', 'legal_representative.id_number', 'settlement_account.account_number', 'documents.business_license']) {
      assert.ok(missing.includes(field), `${field} is listed as missing`);
    }
    assert.ok(!missing.includes('business.registered_name'));

    const { params, uscc } = await completeApplication(shop);
    const resumed = await shop.applications.retrieve(draft.id);
    assert.equal(resumed.business.registered_name, '湖州市吴兴区老李水果店', 'the draft was kept');
    const full = await shop.applications.update(draft.id, params);
    assert.deepEqual(full.requirements, []);
    assert.equal(full.business.uscc, uscc);

    const submitted = await shop.applications.submit(draft.id);
    assert.equal(submitted.status, 'submitted');
    assert.ok(submitted.submitted);
    await assert.rejects(shop.applications.update(draft.id, { business: { short_name: '改' } }), (e: unknown) => e instanceof ConflictError && e.code === 'application_not_editable');

    const approved = await waitForStatus(shop, draft.id, 'approved');
    assert.ok(approved.decided);
    const active = await isv.merchants.retrieve(merchant.id);
    assert.equal(active.status, 'active');
    assert.equal(active.uscc, uscc);
    assert.equal(active.name, '湖州市吴兴区老李水果店');
    assert.equal(active.short_name, '老李水果');

    await waitFor(() => activated.some((e) => (e['data'] as { object: Merchant }).object.id === merchant.id));
    const events = await receivedEvents((e) => (e.data['object'] as { id: string }).id === draft.id || (e.data['object'] as { id: string }).id === merchant.id);
    const statuses = events.filter((e) => e.type === 'onboarding.application.updated').map((e) => (e.data['object'] as Application).status);
    assert.deepEqual(statuses, ['submitted', 'in_review', 'approved']);
    const activation = events.find((e) => e.type === 'merchant.activated');
    assert.ok(activation, 'merchant.activated was delivered');
    assert.equal((activation.data['object'] as Merchant).status, 'active');
  });

  it('should report every problem at once on submit, and change nothing', async () => {
    const { shop } = await newMerchant();
    const app = await shop.applications.create({ subject_type: 'enterprise', business: { uscc: generateUscc({ entityType: '2', seed: 77 }) } });
    const r = await rawPost(`/v1/onboarding/applications/${app.id}/submit`, p.keys.isv.secretKey, undefined, app.merchant_id);
    assert.equal(r.status, 400);
    assert.equal(r.body.error.code, 'application_incomplete');
    const problems = (await shop.applications.retrieve(app.id)).requirements;
    assert.ok(problems.length >= 15, `got ${problems.length}`);
    assert.match(r.body.error.message, new RegExp(`\\(${problems.length} problems\\)`));
    assert.ok(problems.some((q) => q.field === 'business.uscc' && q.code === 'mismatch' && /92/.test(q.message)), 'a 92… code is not an enterprise');
    for (const field of ['business.registered_name', 'legal_representative.phone', 'settlement_account.bank_name', 'documents.store_front']) {
      assert.ok(r.body.error.message.includes(field), `${field} is in the message`);
    }
    assert.equal((await shop.applications.retrieve(app.id)).status, 'draft');
  });

  it('should catch a USCC that another merchant already holds', async () => {
    const { shop } = await newMerchant();
    const { params } = await completeApplication(shop);
    const app = await shop.applications.create({ ...params, subject_type: 'enterprise', business: { ...params.business, uscc: DEMO_USCC }, settlement_account: { ...params.settlement_account, account_type: 'corporate', holder_name: params.business!.registered_name!, account_number: '33010401600001234' } });
    const dup = app.requirements.find((r) => r.field === 'business.uscc');
    assert.equal(dup?.code, 'duplicate');
    await assert.rejects(shop.applications.submit(app.id), (e: unknown) => e instanceof InvalidRequestError && e.param === 'business.uscc');

    // Two new merchants, one new code: the first to submit keeps it.
    const a = await newMerchant();
    const b = await newMerchant();
    const first = await completeApplication(a.shop);
    const second = await completeApplication(b.shop, { business: first.params.business! });
    const appA = await a.shop.applications.create(first.params);
    const appB = await b.shop.applications.create(second.params);
    await a.shop.applications.submit(appA.id);
    const blocked = await b.shop.applications.retrieve(appB.id);
    assert.equal(blocked.requirements.find((r) => r.field === 'business.uscc')?.code, 'duplicate');
    await assert.rejects(b.shop.applications.submit(appB.id), InvalidRequestError);
  });

  it('should allow one open application per merchant', async () => {
    const { shop } = await newMerchant();
    const first = await shop.applications.create({});
    await assert.rejects(shop.applications.create({}), (e: unknown) => e instanceof ConflictError && e.code === 'application_exists' && e.message.includes(first.id));
  });
});

describe('onboarding: sandbox review rules and the operator', () => {
  it(`should reject registered names containing 驳回测试`, async () => {
    const { shop, merchant } = await newMerchant();
    const { params } = await completeApplication(shop);
    const app = await shop.applications.create({ ...params, business: { ...params.business, registered_name: '驳回测试水果店' } });
    await shop.applications.submit(app.id);
    const rejected = await waitForStatus(shop, app.id, 'rejected');
    assert.equal(rejected.rejection_reasons[0]!.field, 'business.registered_name');
    assert.equal((await isv.merchants.retrieve(merchant.id)).status, 'pending');
    const again = await shop.applications.create({});
    assert.notEqual(again.id, app.id, 'a rejected merchant may apply again');
  });

  it('should send back the phone 13800000002, then approve once it is fixed', async () => {
    const { shop } = await newMerchant();
    const { params } = await completeApplication(shop);
    const app = await shop.applications.create({ ...params, legal_representative: { ...params.legal_representative, phone: '13800000002' } });
    await shop.applications.submit(app.id);
    const sentBack = await waitForStatus(shop, app.id, 'action_required');
    assert.deepEqual(sentBack.requirements.map((r) => [r.field, r.code]), [['legal_representative.phone', 'phone_unreachable']]);
    await assert.rejects(shop.applications.submit(app.id), (e: unknown) => e instanceof InvalidRequestError && e.param === 'legal_representative.phone');
    const fixed = await shop.applications.update(app.id, { legal_representative: { phone: '13912340000' } });
    assert.deepEqual(fixed.requirements, []);
    await shop.applications.submit(app.id);
    await waitForStatus(shop, app.id, 'approved');
  });

  it('should let the operator request changes on a document, and approve the resubmission', async () => {
    const { shop, merchant } = await newMerchant();
    const { params } = await completeApplication(shop);
    const app = await shop.applications.create({ ...params, business: { ...params.business, registered_name: '人工审核便利店' }, settlement_account: { ...params.settlement_account } });
    await shop.applications.submit(app.id);
    await waitForStatus(shop, app.id, 'in_review');
    await new Promise((r) => setTimeout(r, 150));
    assert.equal((await shop.applications.retrieve(app.id)).status, 'in_review', 'manual review names wait for the operator');

    await assert.rejects(shop.applications.approve(app.id), PermissionError);
    await assert.rejects(operator.applications.requestChanges(app.id, { requirements: [{ field: 'documents.passport' as never, message: '请补充' }] }), ValidationError);
    const bad = await rawPost(`/v1/onboarding/applications/${app.id}/request_changes`, p.keys.operatorKey, { requirements: [{ field: 'business.colour', message: '请补充' }] });
    assert.equal(bad.status, 400);
    assert.equal(bad.body.error.param, 'requirements.0.field');
    const sentBack = await operator.applications.requestChanges(app.id, { requirements: [{ field: 'documents.store_front', code: 'photo_unreadable', message: '门头照看不清店名，请重新拍摄' }] });
    assert.equal(sentBack.status, 'action_required');
    const seen = await shop.applications.retrieve(app.id);
    assert.deepEqual(seen.requirements, [{ field: 'documents.store_front', code: 'photo_unreadable', message: '门头照看不清店名，请重新拍摄' }]);

    const photo = await shop.files.create({ file: PNG, purpose: 'store_photo' });
    await shop.applications.update(app.id, { documents: { store_front: photo.id } });
    await shop.applications.submit(app.id);
    await waitForStatus(shop, app.id, 'in_review');
    const approved = await operator.applications.approve(app.id);
    assert.equal(approved.status, 'approved');
    assert.equal((await isv.merchants.retrieve(merchant.id)).status, 'active');
    await assert.rejects(operator.applications.approve(app.id), (e: unknown) => e instanceof ConflictError && e.code === 'application_not_in_review');
    const listed = await operator.applications.list({ status: 'approved', limit: 100 });
    assert.ok(listed.data.some((a) => a.id === app.id));
  });
});

describe('onboarding: bad input is refused field by field and changes nothing', () => {
  const cases: [string, ApplicationParams | Record<string, unknown>, string, RegExp][] = [
    ['a USCC with a wrong check character', { business: { uscc: '91350100M000100Y44' } }, 'business.uscc', /character 18/],
    ['a full-width USCC', { business: { uscc: '９1350100M000100Y43' } }, 'business.uscc', /全角|full-width/],
    ['a short USCC', { business: { uscc: '9135010' } }, 'business.uscc', /exactly 18/],
    ['a landline phone', { legal_representative: { phone: '0572-1234567' } }, 'legal_representative.phone', /11-digit mainland mobile/],
    ['a Chinese Latin name', { business: { latin_name: '老李水果' } }, 'business.latin_name', /Latin letters/],
    ['a too long Latin name', { business: { latin_name: 'A'.repeat(26) } }, 'business.latin_name', /1–25/],
    ['an unknown category', { business: { mcc: '9999' } }, 'business.mcc', /business categories/],
    ['a latitude out of range', { business: { location: { address: '湖州市红旗路 1 号', latitude: 120.1, longitude: 30.8, coordinate_system: 'GCJ-02' } } }, 'business.location.latitude', /between -90 and 90/],
    ['an unnamed coordinate system', { business: { location: { address: '湖州市红旗路 1 号', latitude: 30.8, longitude: 120.1, coordinate_system: 'BD-09' } } }, 'business.location.coordinate_system', /GCJ-02/],
    ['an ID number with a wrong check digit', { legal_representative: { id_type: 'resident_id', id_number: '110105194912310021' } }, 'legal_representative.id_number', /check character/],
    ['an ID number with an impossible birth date', { legal_representative: { id_type: 'resident_id', id_number: '110105194902300021' } }, 'legal_representative.id_number', /not a calendar date/],
    ['an ID number without its type', { legal_representative: { id_number: '11010519491231002X' } }, 'legal_representative.id_type', /required when id_number/],
    ['a masked ID number sent back', { legal_representative: { id_type: 'resident_id', id_number: '110***********002X' } }, 'legal_representative.id_number', /masked value/],
    ['a bank card failing Luhn', { settlement_account: { account_type: 'personal', account_number: '6222021234567890120' } }, 'settlement_account.account_number', /Luhn/],
    ['a corporate account with letters', { settlement_account: { account_type: 'corporate', account_number: '3301AB' } }, 'settlement_account.account_number', /8–30 digits/],
    ['an unknown subject type', { subject_type: 'company' }, 'subject_type', /enterprise/],
    ['an unknown field', { business: { website: 'x' } }, 'business.website', /unknown field/],
    ['a document that is not a file id', { documents: { business_license: 'licence.png' } }, 'documents.business_license', /file_/],
    ['an unknown document type', { documents: { selfie: 'file_00000000000000000000000000' } }, 'documents.selfie', /unknown field/],
    ['a control character in a name', { business: { registered_name: '老李\u0000水果' } }, 'business.registered_name', /plain text/],
  ];

  it('should answer 400 naming the field for each invalid form', async () => {
    const { shop, merchant } = await newMerchant();
    const { params } = await completeApplication(shop);
    const app = await shop.applications.create(params);
    const before = await shop.applications.retrieve(app.id);
    for (const [what, body, param, message] of cases) {
      const r = await rawPost(`/v1/onboarding/applications/${app.id}`, p.keys.isv.secretKey, body, merchant.id);
      assert.equal(r.status, 400, what);
      assert.equal(r.body.error.param, param, what);
      assert.match(r.body.error.message, message, what);
      await assert.rejects(shop.applications.update(app.id, body as ApplicationParams), ValidationError, `the SDK refuses ${what} before sending`);
    }
    assert.deepEqual(await shop.applications.retrieve(app.id), before);
  });

  it('should refuse documents from another merchant or of the wrong purpose', async () => {
    const mine = await newMerchant();
    const other = await newMerchant();
    const app = await mine.shop.applications.create({});
    const theirs = await other.shop.files.create({ file: PNG, purpose: 'business_license' });
    const photo = await mine.shop.files.create({ file: PNG, purpose: 'store_photo' });
    await assert.rejects(mine.shop.applications.update(app.id, { documents: { business_license: theirs.id } }), (e: unknown) => e instanceof InvalidRequestError && e.param === 'documents.business_license');
    await assert.rejects(mine.shop.applications.update(app.id, { documents: { business_license: photo.id } }), (e: unknown) => e instanceof InvalidRequestError && e.code === 'file_purpose_mismatch');
    assert.deepEqual((await mine.shop.applications.retrieve(app.id)).documents, {});
  });

  it('should check the rules between fields on submit', async () => {
    const { shop } = await newMerchant();
    const { params } = await completeApplication(shop);
    const minor = residentId('20150101');
    const app = await shop.applications.create({
      ...params,
      legal_representative: { ...params.legal_representative, id_number: minor },
      settlement_account: { ...params.settlement_account, holder_name: '王五' },
      // Ürümqi with latitude and longitude swapped: both numbers are valid degrees, the place is not in China.
      business: { ...params.business, location: { address: '乌鲁木齐市天山区解放北路 1 号', latitude: 87.6168, longitude: 43.8256, coordinate_system: 'WGS-84' } },
    });
    const byField = new Map(app.requirements.map((r) => [r.field, r]));
    assert.match(byField.get('legal_representative.id_number')!.message, /at least 18/);
    assert.match(byField.get('settlement_account.holder_name')!.message, /legal representative \("李明"\)/);
    assert.match(byField.get('business.location')!.message, /swapped/);
  });
});

describe('onboarding sessions and client secrets', () => {
  it('should mint a session for the open application and let the widget work on that one only', async () => {
    const a = await newMerchant();
    const b = await newMerchant();
    const session = await a.shop.onboardingSessions.create();
    assert.match(session.client_secret, new RegExp(`^${session.application}_secret_`));
    assert.equal((await a.shop.onboardingSessions.create()).application, session.application, 'the same open application');
    const other = await b.shop.onboardingSessions.create();
    const widget = client(session.client_secret);

    const { params } = await completeApplication(a.shop, {}, widget);
    const saved = await widget.applications.update(session.application, params);
    assert.deepEqual(saved.requirements, []);

    await assert.rejects(widget.applications.retrieve(other.application), NotFoundError);
    await assert.rejects(widget.applications.update(other.application, { business: { short_name: '劫持' } }), NotFoundError);
    await assert.rejects(widget.applications.submit(other.application), NotFoundError);
    await assert.rejects(widget.applications.list(), PermissionError);
    await assert.rejects(widget.applications.approve(session.application), PermissionError);
    await assert.rejects(widget.onboardingSessions.create(), PermissionError);
    await assert.rejects(widget.merchants.retrieve(a.merchant.id), PermissionError);
    await assert.rejects(widget.applications.update(session.application, { metadata: { crm: '1' } }), PermissionError);

    // A file uploaded with one application's secret cannot be used or read by another.
    const otherWidget = client(other.client_secret);
    const foreign = await otherWidget.files.create({ file: PNG, purpose: 'business_license' });
    assert.equal(foreign.application, other.application);
    await assert.rejects(widget.files.retrieve(foreign.id), NotFoundError);
    await assert.rejects(widget.files.contents(foreign.id), NotFoundError);
    await assert.rejects(widget.applications.update(session.application, { documents: { business_license: foreign.id } }), InvalidRequestError);
    assert.equal((await b.shop.applications.retrieve(other.application)).business.short_name, null);

    const submitted = await widget.applications.submit(session.application);
    assert.equal(submitted.status, 'submitted');
    await assert.rejects(widget.files.create({ file: PNG, purpose: 'store_photo' }), (e: unknown) => e instanceof ConflictError && e.code === 'application_locked');
  });

  it('should refuse expired secrets and bad session parameters', async () => {
    const { shop } = await newMerchant();
    await assert.rejects(shop.onboardingSessions.create({ expires_in: 30 }), ValidationError);
    const r = await rawPost('/v1/onboarding/sessions', p.keys.isv.secretKey, { expires_in: 10 ** 6 }, (await shop.applications.list()).data[0]?.merchant_id ?? (await isv.merchants.list()).data[0]!.id);
    assert.equal(r.status, 400);
    assert.equal(r.body.error.param, 'expires_in');
    await assert.rejects(shop.onboardingSessions.create({ application: 'app_00000000000000000000000000' }), NotFoundError);
    const session = await shop.onboardingSessions.create({ expires_in: 60 });
    await p.platform.db.query(`update client_secrets set expires_at = now() - interval '1 second' where object_id = $1`, [session.application]);
    await assert.rejects(client(session.client_secret).applications.retrieve(session.application), (e: unknown) => e instanceof Error && /expired/.test(e.message));
    await assert.rejects(client(p.keys.merchant.publishableKey).applications.retrieve(session.application), PermissionError);
  });
});

describe('personal data: encrypted at rest, masked everywhere', () => {
  it('should never show, log or send the ID or account number in plaintext', async () => {
    const { shop } = await newMerchant();
    const session = await shop.onboardingSessions.create();
    const widget = client(session.client_secret);
    const { params, idNumber, accountNumber } = await completeApplication(shop);
    const saved = await widget.applications.update(session.application, params);
    assert.equal(saved.legal_representative.id_number, `${idNumber.slice(0, 3)}${'*'.repeat(11)}${idNumber.slice(-4)}`);
    assert.equal(saved.settlement_account.account_number, `${'*'.repeat(accountNumber.length - 4)}${accountNumber.slice(-4)}`);
    await widget.applications.submit(session.application);
    await waitForStatus(shop, session.application, 'approved');
    await workerOf(p.platform)!.idle();
    await hooks.waitFor(1);
    await new Promise((r) => setTimeout(r, 100));

    const { rows } = await p.platform.db.query<Record<string, unknown>>('select * from applications where id = $1', [session.application]);
    const row = rows[0]!;
    assert.match(String(row['id_number_enc']), /^v1:/);
    assert.match(String(row['account_number_enc']), /^v1:/);
    const events = await p.platform.db.query('select data from events');
    const haystacks = {
      'API answers': answers.join('\n'),
      'log lines': JSON.stringify(p.logs),
      'webhook deliveries': hooks.received.map((r) => r.rawBody).join('\n'),
      'stored events': JSON.stringify(events.rows),
      'the application row': JSON.stringify(row),
    };
    assert.ok(hooks.received.some((r) => r.rawBody.includes(session.application)), 'the webhooks did carry this application');
    for (const [where, text] of Object.entries(haystacks)) {
      assert.ok(!text.includes(idNumber), `the ID number is not in the ${where}`);
      assert.ok(!text.includes(accountNumber), `the account number is not in the ${where}`);
    }
  });
});

async function waitFor(probe: () => boolean, timeoutMs = 5000): Promise<void> {
  const started = Date.now();
  while (!probe()) {
    if (Date.now() - started > timeoutMs) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** The verified, deduplicated events the ISV's receiver got that match `filter`, in order. */
async function receivedEvents(filter: (e: import('@mashang/sdk').Event) => boolean): Promise<import('@mashang/sdk').Event[]> {
  await workerOf(p.platform)!.idle();
  const started = Date.now();
  for (;;) {
    const seen = new Map<string, import('@mashang/sdk').Event>();
    for (const r of hooks.received) {
      const event = await webhooks.verify(r.rawBody, r.headers['mashang-signature'] as string, hookSecret);
      if (filter(event)) seen.set(event.id, event);
    }
    const list = [...seen.values()].sort((a, b) => (a.id < b.id ? -1 : 1));
    if (list.some((e) => e.type === 'merchant.activated') || Date.now() - started > 5000) return list;
    await new Promise((r) => setTimeout(r, 20));
  }
}
