import { expect, fixture, html } from '@open-wc/testing';
import { generateUscc, computeResidentIdCheckChar } from '@mashang/sdk/uscc';
import { sendKeys } from '@web/test-runner-commands';
import { api, screenshot, sleep, testEnv, until } from '../../test/env.js';
import './define.js';
import type { MashangOnboarding } from './onboarding.js';
import type { StepId } from './fields.js';

const PNG = Uint8Array.from([
  0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52, 0, 0, 0, 1, 0, 0, 0, 1, 8, 2, 0, 0, 0, 0x90, 0x77, 0x53, 0xde, 0, 0, 0, 12,
  0x49, 0x44, 0x41, 0x54, 0x08, 0xd7, 0x63, 0xf8, 0xcf, 0xc0, 0x00, 0x00, 0x03, 0x01, 0x01, 0x00, 0x18, 0xdd, 0x8d, 0xb0, 0, 0, 0, 0, 0x49, 0x45, 0x4e, 0x44, 0xae,
  0x42, 0x60, 0x82,
]);

let seed = Math.floor(Math.random() * 1e6);

/** A merchant with a fresh onboarding session; returns the client secret. */
async function newSession(): Promise<{ clientSecret: string; merchantId: string; applicationId: string }> {
  const { keys } = await testEnv();
  const merchant = await api<{ id: string }>('/v1/merchants', { key: keys.isv.secretKey, body: { name: '浏览器测试商户' } });
  const session = await api<{ client_secret: string; application: string }>('/v1/onboarding/sessions', { key: keys.isv.secretKey, merchant: merchant.id, body: {} });
  return { clientSecret: session.client_secret, merchantId: merchant.id, applicationId: session.application };
}

function root(el: MashangOnboarding): ShadowRoot {
  return el.shadowRoot!;
}
const idOf = (key: string) => `#f-${key.replace(/\./g, '-')}`;

async function settle(el: MashangOnboarding): Promise<void> {
  await el.updateComplete;
  await sleep(0);
  await el.updateComplete;
}

async function type(el: MashangOnboarding, key: string, value: string, commit = true): Promise<void> {
  const input = root(el).querySelector<HTMLInputElement | HTMLSelectElement>(idOf(key));
  expect(input, `field ${key}`).to.exist;
  input!.focus();
  input!.value = value;
  input!.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
  if (commit) input!.dispatchEvent(new Event('change', { bubbles: true }));
  await settle(el);
}

async function choose(el: MashangOnboarding, name: string, value: string): Promise<void> {
  const radio = [...root(el).querySelectorAll<HTMLInputElement>(`input[type=radio][name="${name}"]`)].find((r) => r.value === value);
  expect(radio, `${name}=${value}`).to.exist;
  radio!.click();
  await settle(el);
}

function messageOf(el: MashangOnboarding, key: string): string {
  return root(el).querySelector(`${idOf(key)}-msg`)?.textContent?.trim() ?? '';
}

async function next(el: MashangOnboarding, expected: StepId): Promise<void> {
  root(el).querySelector<HTMLButtonElement>('[part=next]')!.click();
  // Generous: saving the step is a real request to a real platform, which a busy machine slows down.
  await until(() => el.step === expected, `step ${expected} (still on ${el.step}: ${root(el).querySelector('.summary')?.textContent ?? ''})`, 15_000);
  await settle(el);
}

async function upload(el: MashangOnboarding, type: string, file: File): Promise<void> {
  const input = root(el).querySelector<HTMLInputElement>(idOf(`documents.${type}`))!;
  const transfer = new DataTransfer();
  transfer.items.add(file);
  input.files = transfer.files;
  input.dispatchEvent(new Event('change'));
  await settle(el);
}

function residentId(): string {
  const first17 = `33050219850615${String(100 + (seed % 800)).padStart(3, '0')}`;
  return first17 + computeResidentIdCheckChar(first17);
}

const VARIANTS = [
  { lang: 'zh-CN', mode: 'standard' },
  { lang: 'en', mode: 'standard' },
  { lang: 'zh-CN', mode: 'elder' },
  { lang: 'en', mode: 'elder' },
] as const;

describe('<mashang-onboarding>', () => {
  for (const { lang, mode } of VARIANTS) {
    const name = `${lang}-${mode}`;
    it(`should take a merchant to approved, with a document upload and a field sent back (${name})`, async () => {
      const { platformUrl } = await testEnv();
      const { clientSecret, applicationId } = await newSession();
      const steps: StepId[] = [];
      const statuses: string[] = [];
      let submitted = 0;
      const el = await fixture<MashangOnboarding>(html`<mashang-onboarding
        lang=${lang}
        mode=${mode}
        client-secret=${clientSecret}
        base-url=${platformUrl}
        poll-interval="100"
        @mashang-step-change=${(e: CustomEvent<{ step: StepId }>) => steps.push(e.detail.step)}
        @mashang-submitted=${() => submitted++}
        @mashang-status-change=${(e: CustomEvent<{ status: string }>) => statuses.push(e.detail.status)}
      ></mashang-onboarding>`);
      await until(() => el.application, 'the application to load', 15_000);
      await settle(el);
      expect(el.step).to.equal('subject');
      expect(el.hasAttribute('elder')).to.equal(mode === 'elder');
      await expect(el).to.be.accessible();
      await screenshot(`onboarding/${name}/1-subject`);

      // Next without a choice: an error summary, nothing saved.
      root(el).querySelector<HTMLButtonElement>('[part=next]')!.click();
      await settle(el);
      expect(root(el).querySelector('.summary')).to.exist;
      expect(el.step).to.equal('subject');
      await choose(el, 'subject_type', 'individual_business');
      await next(el, 'business');

      // The USCC check character, live: which character is wrong and what it should be.
      const uscc = generateUscc({ entityType: '2', seed: seed++ });
      const wrongLast = uscc.slice(0, 17) + (uscc[17] === '0' ? '1' : '0');
      await type(el, 'business.uscc', uscc.slice(0, 10), false);
      expect(messageOf(el, 'business.uscc')).to.match(lang === 'en' ? /10 of 18/ : /10\/18/);
      await type(el, 'business.uscc', wrongLast);
      expect(messageOf(el, 'business.uscc')).to.contain(lang === 'en' ? `should be '${uscc[17]}'` : `应为“${uscc[17]}”`);
      expect(messageOf(el, 'business.uscc')).to.contain('18');
      expect(root(el).querySelector(idOf('business.uscc'))!.getAttribute('aria-invalid')).to.equal('true');
      await screenshot(`onboarding/${name}/2-business-uscc-error`);
      await type(el, 'business.uscc', uscc.toLowerCase());
      expect(messageOf(el, 'business.uscc')).to.equal('');
      await type(el, 'business.registered_name', '湖州市吴兴区老李水果店');
      await type(el, 'business.short_name', '老李水果');
      await type(el, 'business.latin_name', 'LAO LI FRUIT');
      await type(el, 'business.registered_address', '浙江省湖州市吴兴区红旗路 88 号');
      await type(el, 'business.mcc', '5499');
      await screenshot(`onboarding/${name}/2-business`);
      await next(el, 'legal');

      await type(el, 'legal_representative.name', '李明');
      await type(el, 'legal_representative.id_type', 'resident_id');
      await type(el, 'legal_representative.id_number', residentId());
      await type(el, 'legal_representative.phone', '13800000002'); // the sandbox sends this back
      await screenshot(`onboarding/${name}/3-legal`);
      await next(el, 'location');

      await type(el, 'business.location.address', '浙江省湖州市吴兴区红旗路 88 号');
      await type(el, 'business.location.latitude', '30.8703');
      await type(el, 'business.location.longitude', '120.0933');
      await type(el, 'business.location.coordinate_system', 'GCJ-02');
      await screenshot(`onboarding/${name}/4-location`);
      await next(el, 'settlement');

      await choose(el, 'settlement_account.account_type', 'personal');
      await type(el, 'settlement_account.holder_name', '李明');
      await type(el, 'settlement_account.bank_name', '中国工商银行湖州分行');
      await type(el, 'settlement_account.account_number', '6222021234567890128');
      await screenshot(`onboarding/${name}/5-settlement`);
      await next(el, 'documents');

      await upload(el, 'business_license', new File(['GIF89a'], 'licence.gif', { type: 'image/gif' }));
      expect(messageOf(el, 'documents.business_license')).to.match(lang === 'en' ? /JPG or PNG/ : /JPG、PNG/);
      await upload(el, 'business_license', new File(['<html>not an image</html>'], 'licence.jpg', { type: 'image/jpeg' }));
      await until(() => messageOf(el, 'documents.business_license'), 'the platform to refuse the fake JPEG', 15_000);
      expect(messageOf(el, 'documents.business_license')).to.match(lang === 'en' ? /JPG or PNG/ : /JPG、PNG/);
      await screenshot(`onboarding/${name}/6-documents-error`);
      for (const doc of ['business_license', 'id_card_front', 'id_card_back', 'store_front']) {
        await upload(el, doc, new File([PNG], `${doc}.png`, { type: 'image/png' }));
        await until(() => el.application?.documents[doc], `${doc} to upload`, 15_000);
      }
      await settle(el);
      expect(messageOf(el, 'documents.business_license')).to.equal('');
      await screenshot(`onboarding/${name}/6-documents`);
      await next(el, 'review');

      expect(el.application!.requirements).to.deep.equal([]);
      expect(root(el).textContent).to.contain('LAO LI FRUIT');
      expect(root(el).textContent).not.to.contain('6222021234567890128');
      await expect(el).to.be.accessible();
      await screenshot(`onboarding/${name}/7-review`);
      root(el).querySelector<HTMLButtonElement>('[part=next]')!.click();
      await until(() => el.step === 'status', 'the status step', 15_000);
      expect(submitted).to.equal(1);
      await settle(el);
      await screenshot(`onboarding/${name}/8-status-pending`);

      // The sandbox sends the phone number back; the link leads to the field.
      await until(() => el.application?.status === 'action_required', 'action_required', 20_000);
      await settle(el);
      await expect(el).to.be.accessible();
      await screenshot(`onboarding/${name}/8-status-action-required`);
      const fix = root(el).querySelector<HTMLButtonElement>('[part=requirements] button')!;
      expect(fix.textContent).to.contain('13800000002');
      fix.click();
      await settle(el);
      expect(el.step).to.equal('legal');
      const phone = root(el).querySelector<HTMLInputElement>(idOf('legal_representative.phone'))!;
      expect(root(el).activeElement).to.equal(phone);
      expect(phone.getAttribute('aria-invalid')).to.equal('true');
      await screenshot(`onboarding/${name}/3-legal-sent-back`);
      await type(el, 'legal_representative.phone', '13912345678');
      for (const step of ['location', 'settlement', 'documents', 'review'] as const) await next(el, step);
      expect(el.application!.requirements).to.deep.equal([]);
      root(el).querySelector<HTMLButtonElement>('[part=next]')!.click();
      await until(() => el.application?.status === 'approved', 'approval', 20_000);
      await settle(el);
      expect(root(el).querySelector('[part=status]')!.textContent).to.match(lang === 'en' ? /Approved/ : /审核通过/);
      await expect(el).to.be.accessible();
      await screenshot(`onboarding/${name}/8-status-approved`);

      expect(submitted).to.equal(2);
      expect(statuses).to.include.members(['submitted', 'action_required', 'approved']);
      expect(steps.slice(0, 8)).to.deep.equal(['subject', 'business', 'legal', 'location', 'settlement', 'documents', 'review', 'status']);
      const { keys } = await testEnv();
      const merchant = await api<{ status: string; uscc: string }>(`/v1/onboarding/applications/${applicationId}`, { key: keys.operatorKey });
      expect(merchant.status).to.equal('approved');
    });
  }

  it('should show a document the operator sends back, take the new upload, and reach approved', async () => {
    const { platformUrl, keys } = await testEnv();
    const { clientSecret, applicationId, merchantId } = await newSession();
    // The merchant's server prepared everything; the registered name asks for a manual review.
    const uploadAs = async (purpose: string) => {
      const form = new FormData();
      form.set('purpose', purpose);
      form.set('file', new File([PNG], `${purpose}.png`, { type: 'image/png' }));
      const res = await fetch(`${platformUrl}/v1/files`, { method: 'POST', headers: { authorization: `Bearer ${keys.isv.secretKey}`, 'mashang-merchant': merchantId }, body: form });
      return ((await res.json()) as { id: string }).id;
    };
    await api(`/v1/onboarding/applications/${applicationId}`, {
      key: keys.isv.secretKey,
      merchant: merchantId,
      body: {
        subject_type: 'individual_business',
        business: {
          uscc: generateUscc({ entityType: '2', seed: seed++ }),
          registered_name: '人工审核湖州小吃店',
          short_name: '湖州小吃',
          latin_name: 'HUZHOU SNACKS',
          registered_address: '浙江省湖州市吴兴区红旗路 6 号',
          mcc: '5814',
          location: { address: '浙江省湖州市吴兴区红旗路 6 号', latitude: 30.87, longitude: 120.09, coordinate_system: 'GCJ-02' },
        },
        legal_representative: { name: '赵六', id_type: 'resident_id', id_number: residentId(), phone: '13912345678' },
        settlement_account: { account_type: 'personal', holder_name: '赵六', bank_name: '湖州银行', account_number: '6222021234567890128' },
        documents: {
          business_license: await uploadAs('business_license'),
          id_card_front: await uploadAs('identity_document'),
          id_card_back: await uploadAs('identity_document'),
          store_front: await uploadAs('store_photo'),
        },
      },
    });
    const el = await fixture<MashangOnboarding>(html`<mashang-onboarding client-secret=${clientSecret} base-url=${platformUrl} poll-interval="100"></mashang-onboarding>`);
    await until(() => el.application, 'load', 15_000);
    await settle(el);
    expect(el.step).to.equal('review', 'a complete draft resumes at the review');
    root(el).querySelector<HTMLButtonElement>('[part=next]')!.click();
    await until(() => el.application?.status === 'in_review', 'in_review', 20_000);

    await api(`/v1/onboarding/applications/${applicationId}/request_changes`, {
      key: keys.operatorKey,
      body: { requirements: [{ field: 'documents.store_front', code: 'photo_unreadable', message: '门头照看不清店名，请重新拍摄' }] },
    });
    await until(() => el.application?.status === 'action_required', 'the request to show', 15_000);
    await settle(el);
    expect(root(el).querySelector('[part=requirements]')!.textContent).to.contain('门头照看不清店名，请重新拍摄');
    await screenshot('onboarding/operator/1-action-required');
    root(el).querySelector<HTMLButtonElement>('[part=requirements] button')!.click();
    await settle(el);
    expect(el.step).to.equal('documents');
    expect(root(el).activeElement?.getAttribute('part')).to.equal('upload-button');
    expect(messageOf(el, 'documents.store_front')).to.contain('门头照看不清店名');
    await screenshot('onboarding/operator/2-documents');
    const before = el.application!.documents['store_front'];
    await upload(el, 'store_front', new File([PNG], '新门头照.png', { type: 'image/png' }));
    await until(() => el.application!.documents['store_front'] !== before, 'the new photo', 15_000);
    await settle(el);
    expect(el.application!.requirements).to.deep.equal([]);
    await next(el, 'review');
    root(el).querySelector<HTMLButtonElement>('[part=next]')!.click();
    await until(() => el.application?.status === 'in_review', 'in_review again', 20_000);
    await api(`/v1/onboarding/applications/${applicationId}/approve`, { key: keys.operatorKey, method: 'POST' });
    await until(() => el.application?.status === 'approved', 'approval', 15_000);
    await settle(el);
    await expect(el).to.be.accessible();
    await screenshot('onboarding/operator/3-approved');
  });

  it('should reject each field\'s invalid forms with a message for that field', async () => {
    const { platformUrl } = await testEnv();
    const { clientSecret } = await newSession();
    const el = await fixture<MashangOnboarding>(html`<mashang-onboarding lang="en" client-secret=${clientSecret} base-url=${platformUrl}></mashang-onboarding>`);
    await until(() => el.application, 'load', 15_000);
    await choose(el, 'subject_type', 'enterprise');
    await next(el, 'business');
    const cases: [string, string, RegExp][] = [
      ['business.uscc', '９1350100M000100Y43', /Character 1 is full-width/],
      ['business.uscc', '91350100M000100O43', /Character 16 'O' is not allowed/],
      ['business.uscc', '91350100M000100Y4', /18 characters; this has 17/],
      ['business.uscc', '91350100M000100Y44', /should be '3', not '4'/],
      ['business.registered_name', 'A', /at least 2/],
      ['business.latin_name', '老李', /letters, digits, spaces/],
      ['business.registered_address', '湖州', /at least 5/],
    ];
    for (const [key, value, message] of cases) {
      await type(el, key, value);
      expect(messageOf(el, key), `${key} = ${value}`).to.match(message);
    }
    await type(el, 'business.uscc', '91350100M000100Y43');
    await type(el, 'business.registered_name', '湖州码上测试有限公司');
    await type(el, 'business.short_name', '码上测试');
    await type(el, 'business.latin_name', 'MASHANG TEST');
    await type(el, 'business.registered_address', '浙江省湖州市吴兴区红旗路 1 号');
    await type(el, 'business.mcc', '5812');
    await next(el, 'legal');
    const legal: [string, string, RegExp][] = [
      ['legal_representative.id_number', '11010519491231002', /18 characters; this has 17/],
      ['legal_representative.id_number', '110105194912310021', /should be 'X', not '1'/],
      ['legal_representative.id_number', '110105194902300021', /birth date/],
      ['legal_representative.phone', '0572-1234567', /11-digit mobile/],
    ];
    await type(el, 'legal_representative.id_type', 'resident_id');
    for (const [key, value, message] of legal) {
      await type(el, key, value);
      expect(messageOf(el, key), `${key} = ${value}`).to.match(message);
    }
    await type(el, 'legal_representative.id_type', 'passport');
    await type(el, 'legal_representative.id_number', 'e-12');
    expect(messageOf(el, 'legal_representative.id_number')).to.match(/passport number/i);
    await type(el, 'legal_representative.id_type', 'hk_macao_permit');
    await type(el, 'legal_representative.id_number', 'H1234');
    expect(messageOf(el, 'legal_representative.id_number')).to.match(/H or M followed by 8 or 10 digits/);
    await screenshot('onboarding/field-errors-en');
    // Next refuses the step and lists the problems.
    root(el).querySelector<HTMLButtonElement>('[part=next]')!.click();
    await settle(el);
    expect(el.step).to.equal('legal');
    expect(root(el).querySelector('.summary')!.textContent).to.match(/Name/);
    await expect(el).to.be.accessible();

    await type(el, 'legal_representative.name', '李明');
    await type(el, 'legal_representative.id_type', 'resident_id');
    await type(el, 'legal_representative.id_number', '11010519491231002x');
    await type(el, 'legal_representative.phone', '13912345678');
    await next(el, 'location');
    const location: [string, string, RegExp][] = [
      ['business.location.address', '湖州', /at least 5/],
      ['business.location.latitude', 'north', /Enter a number/],
      ['business.location.latitude', '95', /between -90 and 90/],
      ['business.location.longitude', '-190.5', /between -180 and 180/],
    ];
    for (const [key, value, message] of location) {
      await type(el, key, value);
      expect(messageOf(el, key), `${key} = ${value}`).to.match(message);
    }
    await type(el, 'business.location.address', '浙江省湖州市吴兴区红旗路 1 号');
    await type(el, 'business.location.latitude', '30.87');
    await type(el, 'business.location.longitude', '120.09');
    root(el).querySelector<HTMLButtonElement>('[part=next]')!.click();
    await settle(el);
    expect(messageOf(el, 'business.location.coordinate_system')).to.match(/Choose the Coordinate system/i);
    await type(el, 'business.location.coordinate_system', 'WGS-84');
    await next(el, 'settlement');
    const settlement: [string, string, RegExp][] = [
      ['settlement_account.holder_name', 'A', /at least 2/],
      ['settlement_account.bank_name', 'B', /at least 2/],
      ['settlement_account.account_number', '12AB', /8–30 digits/],
    ];
    expect([...root(el).querySelectorAll<HTMLInputElement>('input[name="settlement_account.account_type"]')].map((r) => r.value), 'an enterprise settles to a corporate account').to.deep.equal(['corporate']);
    await choose(el, 'settlement_account.account_type', 'corporate');
    for (const [key, value, message] of settlement) {
      await type(el, key, value);
      expect(messageOf(el, key), `${key} = ${value}`).to.match(message);
    }
    await type(el, 'settlement_account.account_number', '33010401600001234');
    expect(messageOf(el, 'settlement_account.account_number')).to.equal('');
  });

  it('should check a personal card number and refuse oversize files before uploading', async () => {
    const { platformUrl, keys } = await testEnv();
    const { clientSecret, applicationId, merchantId } = await newSession();
    // The merchant's server filled in the first steps; the widget resumes at the settlement account.
    await api(`/v1/onboarding/applications/${applicationId}`, {
      key: keys.isv.secretKey,
      merchant: merchantId,
      body: {
        subject_type: 'micro',
        business: {
          registered_name: '老王煎饼摊',
          short_name: '老王煎饼',
          latin_name: 'LAO WANG JIANBING',
          mcc: '5814',
          location: { address: '浙江省湖州市吴兴区红旗路 9 号', latitude: 30.87, longitude: 120.09, coordinate_system: 'GCJ-02' },
        },
        legal_representative: { name: '王五', id_type: 'resident_id', id_number: residentId(), phone: '13912345678' },
      },
    });
    const el = await fixture<MashangOnboarding>(html`<mashang-onboarding client-secret=${clientSecret} base-url=${platformUrl}></mashang-onboarding>`);
    await until(() => el.application, 'load', 15_000);
    await settle(el);
    expect(el.step).to.equal('settlement');
    expect([...root(el).querySelectorAll<HTMLInputElement>('input[name="settlement_account.account_type"]')].map((r) => r.value), 'micro merchants settle to a personal card').to.deep.equal(['personal']);
    await choose(el, 'settlement_account.account_type', 'personal');
    await type(el, 'settlement_account.account_number', '6222021234567890120');
    expect(messageOf(el, 'settlement_account.account_number')).to.match(/校验不通过/);
    await type(el, 'settlement_account.account_number', '62220212345');
    expect(messageOf(el, 'settlement_account.account_number')).to.match(/16–19 位/);
    await type(el, 'settlement_account.account_number', '6222021234567890128');
    await type(el, 'settlement_account.holder_name', '王五');
    await type(el, 'settlement_account.bank_name', '湖州银行');
    await next(el, 'documents');
    expect([...root(el).querySelectorAll('.doc-label')].map((d) => d.textContent)).to.deep.equal(['证件正面（人像面）', '证件反面（国徽面）', '门头照', '店内照']);
    const errors: string[] = [];
    el.addEventListener('mashang-error', (e) => errors.push((e as CustomEvent<{ code: string }>).detail.code));
    await upload(el, 'store_front', new File([new Uint8Array(5 * 1024 * 1024 + 1)], 'huge.jpg', { type: 'image/jpeg' }));
    expect(messageOf(el, 'documents.store_front')).to.match(/超过 5 MB/);
    expect(el.application!.documents['store_front']).to.equal(undefined);
    await screenshot('onboarding/oversize-zh');
  });

  it("should fill the store's position from the device as WGS-84", async () => {
    const { platformUrl, keys } = await testEnv();
    const { clientSecret, applicationId, merchantId } = await newSession();
    await api(`/v1/onboarding/applications/${applicationId}`, {
      key: keys.isv.secretKey,
      merchant: merchantId,
      body: {
        subject_type: 'micro',
        business: { registered_name: '老王煎饼摊', short_name: '老王煎饼', latin_name: 'LAO WANG JIANBING', mcc: '5814' },
        legal_representative: { name: '王五', id_type: 'resident_id', id_number: residentId(), phone: '13912345678' },
      },
    });
    // The device's position provider is not ours: stand in for it.
    const geolocation = navigator.geolocation;
    const original = geolocation.getCurrentPosition;
    let fail = true;
    geolocation.getCurrentPosition = (ok, error) => {
      if (fail) error?.({ code: 1, message: 'denied', PERMISSION_DENIED: 1, POSITION_UNAVAILABLE: 2, TIMEOUT: 3 } as GeolocationPositionError);
      else ok({ coords: { latitude: 30.870312, longitude: 120.093298, accuracy: 10 }, timestamp: Date.now() } as GeolocationPosition);
    };
    try {
      const el = await fixture<MashangOnboarding>(html`<mashang-onboarding client-secret=${clientSecret} base-url=${platformUrl}></mashang-onboarding>`);
      await until(() => el.application, 'load', 15_000);
      await settle(el);
      expect(el.step).to.equal('location');
      const locate = () => root(el).querySelector<HTMLButtonElement>('[part=locate-button]')!.click();
      locate();
      await settle(el);
      expect(root(el).querySelector('.locate [role=status]')!.textContent).to.contain('无法获取位置');
      fail = false;
      locate();
      await settle(el);
      expect(root(el).querySelector('.locate [role=status]')!.textContent).to.contain('WGS-84');
      expect(root(el).querySelector<HTMLInputElement>(idOf('business.location.latitude'))!.value).to.equal('30.870312');
      expect(root(el).querySelector<HTMLSelectElement>(idOf('business.location.coordinate_system'))!.value).to.equal('WGS-84');
      await type(el, 'business.location.address', '浙江省湖州市吴兴区红旗路 9 号');
      await screenshot('onboarding/location-from-device');
      await next(el, 'settlement');
      expect(el.application!.business.location).to.deep.equal({ address: '浙江省湖州市吴兴区红旗路 9 号', latitude: 30.870312, longitude: 120.093298, coordinate_system: 'WGS-84' });
    } finally {
      geolocation.getCurrentPosition = original;
    }
  });

  it('should work from the keyboard', async () => {
    const { platformUrl } = await testEnv();
    const { clientSecret } = await newSession();
    const el = await fixture<MashangOnboarding>(html`<mashang-onboarding client-secret=${clientSecret} base-url=${platformUrl}></mashang-onboarding>`);
    await until(() => el.application, 'load', 15_000);
    await settle(el);
    root(el).querySelector<HTMLInputElement>('input[name=subject_type]')!.focus();
    await sendKeys({ press: 'ArrowDown' });
    await settle(el);
    expect(root(el).querySelector<HTMLInputElement>('input[name=subject_type]:checked')!.value).to.equal('individual_business');
    await sendKeys({ press: 'Enter' });
    await until(() => el.step === 'business', 'Enter to go on', 15_000);
    await settle(el);
    expect(root(el).activeElement?.id).to.equal('step-heading', 'focus moves to the new step for screen readers');
    await sendKeys({ press: 'Tab' });
    expect(root(el).activeElement?.id).to.equal('f-business-uscc');
    await sendKeys({ type: '91350100M000100Y44' });
    await sendKeys({ press: 'Tab' });
    await settle(el);
    expect(messageOf(el, 'business.uscc')).to.contain('第 18 位校验码应为“3”');
  });

  it('should resume a saved draft where it was left, in another element\'s shadow root', async () => {
    const { platformUrl } = await testEnv();
    const { clientSecret } = await newSession();
    const first = await fixture<MashangOnboarding>(html`<mashang-onboarding client-secret=${clientSecret} base-url=${platformUrl}></mashang-onboarding>`);
    await until(() => first.application, 'load', 15_000);
    await choose(first, 'subject_type', 'micro');
    await next(first, 'business');
    expect(root(first).querySelector(idOf('business.uscc')), 'micro merchants have no USCC').to.equal(null);
    await type(first, 'business.registered_name', '老王煎饼摊');
    await until(() => first.application?.business.registered_name === '老王煎饼摊', 'the draft to save', 15_000);

    const host = await fixture<HTMLElement>(html`<div></div>`);
    const shadow = host.attachShadow({ mode: 'open' });
    shadow.innerHTML = `<mashang-onboarding lang="en" client-secret="${clientSecret}" base-url="${platformUrl}"></mashang-onboarding>`;
    const second = shadow.querySelector('mashang-onboarding') as MashangOnboarding;
    await until(() => second.application, 'load inside a shadow root', 15_000);
    await settle(second);
    expect(second.step).to.equal('business');
    expect(root(second).querySelector<HTMLInputElement>(idOf('business.registered_name'))!.value).to.equal('老王煎饼摊');
    const events: string[] = [];
    host.addEventListener('mashang-step-change', (e) => events.push((e as CustomEvent<{ step: string }>).detail.step));
    document.addEventListener('mashang-step-change', (e) => events.push(`document:${(e as CustomEvent<{ step: string }>).detail.step}`), { once: true });
    root(second).querySelector<HTMLButtonElement>('.actions button')!.click();
    await until(() => second.step === 'subject', 'back', 15_000);
    expect(events).to.deep.equal(['subject', 'document:subject'], 'events cross the shadow boundary');
  });

  it('should mint its session from session-url, and mint again when the secret is refused or expires', async () => {
    const { platformUrl, keys } = await testEnv();
    const real = window.fetch;
    const minted: string[] = [];
    let session: Awaited<ReturnType<typeof newSession>> | undefined;
    let expired: string | undefined;
    // Plays the merchant's server (examples/shop/onboarding-server.ts), which this runner does not mount:
    // the first secret it hands out is stale, later ones are real, for the visitor's one application.
    // It also plays the clock: once `expired` is set, that secret is answered as the platform answers an expired one.
    window.fetch = async (input, init) => {
      const request = new Request(input, init);
      if (expired && request.headers.get('authorization') === `Bearer ${expired}`) {
        const body = { error: { type: 'authentication_error', code: 'client_secret_expired', message: 'This client secret has expired.', request_id: 'req_test' } };
        return new Response(JSON.stringify(body), { status: 401, headers: { 'content-type': 'application/json' } });
      }
      if (!request.url.endsWith('/test-shop/onboarding-session')) return real(request);
      expect(request.method).to.equal('POST');
      let secret = 'app_00000000000000000000000000_secret_AAAAAAAAAAAAAAAAAAAAAAAA';
      if (minted.length > 0 && !session) session = await newSession();
      else if (session) {
        const again = await api<{ client_secret: string }>('/v1/onboarding/sessions', { key: keys.isv.secretKey, merchant: session.merchantId, body: { application: session.applicationId } });
        session = { ...session, clientSecret: again.client_secret };
      }
      if (session) secret = session.clientSecret;
      minted.push(secret);
      return new Response(JSON.stringify({ client_secret: secret, platform_url: platformUrl }), { headers: { 'content-type': 'application/json' } });
    };
    try {
      const el = await fixture<MashangOnboarding>(html`<mashang-onboarding lang="en" session-url="/test-shop/onboarding-session"></mashang-onboarding>`);
      await until(() => el.application, 'the application to load with a minted secret', 15_000);
      expect(minted).to.have.length(2);
      expect(el.application!.id).to.equal(session!.applicationId);
      expect(el.step).to.equal('subject');

      expired = session!.clientSecret;
      await choose(el, 'subject_type', 'micro');
      await next(el, 'business');
      expect(minted).to.have.length(3, 'a new secret was minted when the old one expired');
      expect(el.application!.subject_type).to.equal('micro', 'and the save went through with it');
      expect(root(el).querySelector('[role=alert]')).to.equal(null);
    } finally {
      window.fetch = real;
    }
  });

  it('should say so when the client secret is not valid', async () => {
    const { platformUrl } = await testEnv();
    const errors: string[] = [];
    const el = await fixture<MashangOnboarding>(html`<mashang-onboarding
      client-secret="app_00000000000000000000000000_secret_AAAAAAAAAAAAAAAAAAAAAAAA"
      base-url=${platformUrl}
      @mashang-error=${(e: CustomEvent<{ code: string }>) => errors.push(e.detail.code)}
    ></mashang-onboarding>`);
    await until(() => errors.length > 0, 'an error event', 15_000);
    await settle(el);
    expect(errors[0]).to.equal('session_expired');
    expect(root(el).querySelector('[role=alert]')!.textContent).to.contain('会话已过期');
    await expect(el).to.be.accessible();
  });
});
