import { expect, fixture, fixtureCleanup, html, oneEvent } from '@open-wc/testing';
import type { CreditCode } from '@mashang/sdk';
import { api, decodeQrFromScreen, screenshot, testEnv, until } from '../../test/env.js';
import type { MashangErrorDetail } from '../internal/mashang-element.js';
import './define.js';
import type { CreditCodeState, MashangCreditCode } from './credit-code.js';

const SETTLED: CreditCodeState[] = ['verified', 'expired', 'revoked', 'invalid', 'unverifiable', 'error'];

function text(el: Element): string {
  return el.shadowRoot!.textContent!.replace(/\s+/g, ' ');
}

async function issue(days?: number): Promise<CreditCode> {
  const { keys } = await testEnv();
  return api<CreditCode>('/v1/credit-codes', { key: keys.merchant.secretKey, body: days ? { expires_in_days: days } : {} });
}

async function revoke(id: string): Promise<CreditCode> {
  const { keys } = await testEnv();
  return api<CreditCode>(`/v1/credit-codes/${id}/revoke`, { key: keys.operatorKey, body: { reason: 'issued_in_error' } });
}

let realFetch: typeof fetch | undefined;

/**
 * Cuts the page off from the platform (every request to it fails as fetch does offline), or
 * restores it. Playwright's offline mode would also cut the test runner's own channel to the
 * page; the /c/ page test (packages/platform/test/credit-page.test.ts) cuts the real network.
 */
async function setOffline(offline: boolean): Promise<void> {
  const { platformUrl } = await testEnv();
  if (offline && !realFetch) {
    const original = (realFetch = globalThis.fetch);
    globalThis.fetch = (input, init) => {
      const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
      return url.startsWith(platformUrl) ? Promise.reject(new TypeError('Failed to fetch')) : original(input, init);
    };
  } else if (!offline && realFetch) {
    globalThis.fetch = realFetch;
    realFetch = undefined;
  }
}

function clearCredentialCache(): void {
  for (const key of Object.keys(localStorage)) if (key.startsWith('mashang:credential:')) localStorage.removeItem(key);
}

interface Options {
  lang?: string;
  mode?: string;
  layout?: string;
  interval?: number;
}

async function tokenWidget(token: string, o: Options = {}): Promise<MashangCreditCode> {
  const { platformUrl } = await testEnv();
  const el = await fixture<MashangCreditCode>(
    html`<mashang-credit-code
      token=${token}
      platform-url=${platformUrl}
      lang=${o.lang ?? 'zh-CN'}
      mode=${o.mode ?? 'standard'}
      layout=${o.layout ?? 'full'}
      status-interval=${o.interval ?? 60}
    ></mashang-credit-code>`,
  );
  await until(() => SETTLED.includes(el.state), 'the credit code to settle', 8000);
  return el;
}

/** Moves the page's clock (the one thing here we do not own) by `ms`; returns the undo. */
function shiftClock(ms: number): () => void {
  const RealDate = Date;
  class ShiftedDate extends RealDate {
    constructor(...args: unknown[]) {
      if (args.length === 0) super(RealDate.now() + ms);
      else super(...(args as [number]));
    }
    static override now(): number {
      return RealDate.now() + ms;
    }
  }
  globalThis.Date = ShiftedDate as DateConstructor;
  return () => {
    globalThis.Date = RealDate;
  };
}

describe('<mashang-credit-code>', () => {
  beforeEach(() => clearCredentialCache());
  afterEach(async () => {
    await setOffline(false);
  });

  it('should show the merchant\'s current code from a publishable key, verified, with a QR that decodes to its URL', async () => {
    const { platformUrl, keys } = await testEnv();
    const el = await fixture<MashangCreditCode>(
      html`<mashang-credit-code merchant=${keys.merchant.id} publishable-key=${keys.merchant.publishableKey} platform-url=${platformUrl} lang="zh-CN"></mashang-credit-code>`,
    );
    const detail = (await oneEvent(el, 'mashang-credit-state')).detail;
    expect(detail.state).to.equal('verified');
    expect(el.state).to.equal('verified');
    expect(el.getAttribute('state')).to.equal('verified');
    expect(el.getAttribute('layout')).to.equal('compact');
    const current = await api<CreditCode>('/v1/credit-codes/current', { key: keys.merchant.publishableKey, merchant: keys.merchant.id });
    expect(el.result!.token).to.equal(current.token);
    expect(text(el)).to.contain('信用码').and.contain('B 级 · 诚信良好').and.contain('湖州码上示范面馆有限公司').and.contain('91330502MA2D3XKJ16').and.contain('已验证');
    expect(text(el)).to.contain(`有效期至 ${new Date(Date.parse(current.expires) + 8 * 3_600_000).toISOString().slice(0, 10)}`);
    await el.updateComplete;
    const qr = el.shadowRoot!.querySelector('mashang-qr')!;
    await qr.updateComplete;
    expect(qr.version, 'QR version').to.be.at.most(25);
    expect(await decodeQrFromScreen('mashang-credit-code mashang-qr')).to.equal(current.url);
    await screenshot('credit-code/compact-verified-zh-CN', 'mashang-credit-code');
    await expect(el).to.be.accessible();
  });

  it('should turn to revoked after its next status check once the operator revokes the code', async () => {
    const code = await issue();
    const el = await tokenWidget(code.token, { interval: 1 });
    expect(el.state).to.equal('verified');
    expect(el.result!.statusCheck).to.equal('current');
    await revoke(code.id);
    await until(() => el.state === 'revoked', 'the badge to show revoked', 5000);
    expect(text(el)).to.contain('已撤销').and.contain('请勿信任');
    expect(el.shadowRoot!.querySelector('[role="status"]')!.textContent).to.contain('已撤销');
    await screenshot('credit-code/full-revoked-zh-CN', 'mashang-credit-code');
  });

  it('should say unverifiable offline without cached keys, never verified, and verify once back online', async () => {
    const code = await issue();
    await setOffline(true);
    const el = await tokenWidget(code.url);
    expect(el.state).to.equal('unverifiable');
    expect(text(el)).to.contain('无法验证').and.not.contain('已验证');
    expect(text(el)).not.to.contain('诚信良好', 'no unverified grade is shown');
    expect(el.result!.claims).to.equal(undefined);
    await screenshot('credit-code/full-unverifiable-zh-CN', 'mashang-credit-code');
    await setOffline(false);
    window.dispatchEvent(new Event('online'));
    await until(() => el.state === 'verified', 'verification once online', 5000);
  });

  it('should verify offline from the keys and status list it cached while online', async () => {
    const code = await issue();
    const online = await tokenWidget(code.token);
    expect(online.state).to.equal('verified');
    expect(Object.keys(localStorage).some((k) => k.startsWith('mashang:credential:jwks:'))).to.equal(true);
    expect(Object.keys(localStorage).some((k) => k.startsWith('mashang:credential:status-list:'))).to.equal(true);
    await fixtureCleanup();
    await setOffline(true);
    const offline = await tokenWidget(code.token);
    expect(offline.state).to.equal('verified');
    expect(offline.result!.statusCheck).to.be.oneOf(['current', 'stale']);
    await offline.check();
    expect(offline.state).to.equal('verified');
  });

  it('should keep showing a revoked code as revoked offline, from the cached status list', async () => {
    const code = await issue();
    await tokenWidget(code.token);
    await revoke(code.id);
    await fixtureCleanup();
    const el = await tokenWidget(code.token);
    expect(el.state).to.equal('revoked');
    await setOffline(true);
    await el.check();
    expect(el.state).to.equal('revoked');
  });

  it('should say expired once the credential\'s time is over', async () => {
    const code = await issue(1);
    await tokenWidget(code.token);
    await fixtureCleanup();
    const undo = shiftClock(3 * 86_400_000);
    try {
      const el = await tokenWidget(code.token);
      expect(el.state).to.equal('expired');
      expect(text(el)).to.contain('已过期').and.contain(new Date(Date.parse(code.expires) + 8 * 3_600_000).toISOString().slice(0, 10));
      await screenshot('credit-code/full-expired-zh-CN', 'mashang-credit-code');
    } finally {
      undo();
    }
  });

  it('should say invalid for a tampered, forged or garbled code', async () => {
    const code = await issue();
    const [h, p, s] = code.token.split('.') as [string, string, string];
    const payload = JSON.parse(atob(p.replace(/-/g, '+').replace(/_/g, '/').padEnd(Math.ceil(p.length / 4) * 4, '='))) as { credit: { grade: string } };
    payload.credit.grade = 'A';
    const forgedPayload = btoa(String.fromCharCode(...new TextEncoder().encode(JSON.stringify(payload)))).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
    const tampered = await tokenWidget(`${h}.${forgedPayload}.${s}`);
    expect(tampered.state).to.equal('invalid');
    expect(tampered.result!.reason).to.equal('bad_signature');
    expect(text(tampered)).to.contain('验证失败').and.not.contain('A 级');
    expect(tampered.shadowRoot!.querySelector('mashang-qr'), 'a forged code is not shown as a QR code').to.equal(null);
    await screenshot('credit-code/full-invalid-zh-CN', 'mashang-credit-code');
    await fixtureCleanup();
    const garbled = await tokenWidget('not a credit code');
    expect(garbled.state).to.equal('invalid');
    expect(garbled.result!.reason).to.equal('malformed');
  });

  it('should report bad attributes and keys as errors, not as a verdict', async () => {
    const { platformUrl, keys } = await testEnv();
    const empty = await fixture<MashangCreditCode>(html`<mashang-credit-code platform-url=${platformUrl}></mashang-credit-code>`);
    expect(empty.state, 'waits quietly until configured').to.equal('idle');
    const missing = await fixture<MashangCreditCode>(html`<mashang-credit-code platform-url=${platformUrl} merchant=${keys.merchant.id}></mashang-credit-code>`);
    await until(() => missing.state === 'error', 'the missing-attribute error');
    expect(text(missing)).to.contain('publishable-key');
    const secret = await fixture<MashangCreditCode>(html`<mashang-credit-code platform-url=${platformUrl} merchant=${keys.merchant.id} publishable-key=${keys.merchant.secretKey}></mashang-credit-code>`);
    await until(() => secret.state === 'error', 'the secret-key error');
    expect(text(secret)).to.contain('sk_');
    const wrong = await fixture<MashangCreditCode>(html`<mashang-credit-code platform-url=${platformUrl} merchant="mch_01AAAAAAAAAAAAAAAAAAAAAAAA" publishable-key=${keys.merchant.publishableKey} lang="en"></mashang-credit-code>`);
    const error = (await oneEvent(wrong, 'mashang-error')).detail as MashangErrorDetail;
    expect(error.code).to.equal('unauthorized');
    expect(wrong.state).to.equal('error');
    await screenshot('credit-code/compact-error-en', 'mashang-credit-code');
  });

  it('should render every state in both locales and elder mode', async () => {
    const { platformUrl } = await testEnv();
    const good = await issue();
    const gone = await issue();
    await revoke(gone.id);
    const expiring = await issue(1);
    /** One element alone on the page, so the screenshot is of it. */
    const shot = async (el: MashangCreditCode, name: string) => {
      expect(el.isConnected, 'the element is on the page').to.equal(true);
      await screenshot(`credit-code/states/${name}`, 'mashang-credit-code');
      await fixtureCleanup();
    };
    for (const lang of ['zh-CN', 'en']) {
      for (const mode of ['standard', 'elder']) {
        for (const layout of ['full', 'compact']) {
          const tag = `${layout}-${mode}-${lang}`;
          const options = { lang, mode, layout };
          clearCredentialCache();
          const verified = await tokenWidget(good.token, options);
          expect(verified.state).to.equal('verified');
          if (lang === 'en') expect(text(verified)).to.contain('Grade B · Good').and.contain('Verified');
          if (mode === 'elder') {
            const size = parseFloat(getComputedStyle(verified.shadowRoot!.querySelector('.state')!).fontSize);
            expect(size, 'elder text ≥ 18 pt').to.be.at.least(24);
          }
          await expect(verified).to.be.accessible();
          await shot(verified, `${tag}-verified`);

          const revoked = await tokenWidget(gone.token, options);
          expect(revoked.state).to.equal('revoked');
          await shot(revoked, `${tag}-revoked`);

          const invalid = await tokenWidget(`${good.token.slice(0, -4)}AAAA`, options);
          expect(invalid.state).to.equal('invalid');
          await shot(invalid, `${tag}-invalid`);

          const undo = shiftClock(3 * 86_400_000);
          try {
            const expired = await tokenWidget(expiring.token, options);
            expect(expired.state).to.equal('expired');
            await shot(expired, `${tag}-expired`);
          } finally {
            undo();
          }

          clearCredentialCache();
          await setOffline(true);
          const unverifiable = await tokenWidget(good.token, options);
          expect(unverifiable.state).to.equal('unverifiable');
          await expect(unverifiable).to.be.accessible();
          await shot(unverifiable, `${tag}-unverifiable`);
          await setOffline(false);

          const error = await fixture<MashangCreditCode>(
            html`<mashang-credit-code platform-url=${platformUrl} lang=${lang} mode=${mode} layout=${layout} merchant="mch_01AAAAAAAAAAAAAAAAAAAAAAAA" publishable-key="pk_00000000000000000000000000"></mashang-credit-code>`,
          );
          await until(() => error.state === 'error', 'the error state');
          await shot(error, `${tag}-error`);
        }
      }
    }
  });

  it('should follow <html lang> and switch language at run time', async () => {
    const code = await issue();
    const { platformUrl } = await testEnv();
    const el = await fixture<MashangCreditCode>(html`<mashang-credit-code token=${code.token} platform-url=${platformUrl}></mashang-credit-code>`);
    await until(() => el.state === 'verified', 'verification');
    expect(text(el)).to.contain('已验证');
    el.lang = 'en';
    await el.updateComplete;
    expect(text(el)).to.contain('Verified').and.contain('Grade B');
  });
});
