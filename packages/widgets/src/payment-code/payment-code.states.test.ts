// Every state of <mashang-payment-code> in zh-CN and en, standard and elder mode: an axe check and
// a screenshot (screenshots/payment-code/<state>-<locale>-<mode>.png) of each.
import { expect, fixture, html } from '@open-wc/testing';
import type { Order, PaymentCode } from '@mashang/sdk';
import { api, screenshot, testEnv, until } from '../../test/env.js';
import './define.js';
import type { MashangPaymentCode, PaymentCodeState } from './payment-code.js';

const VARIANTS = [
  ['zh-CN', 'standard'],
  ['en', 'standard'],
  ['zh-CN', 'elder'],
  ['en', 'elder'],
] as const;

interface Target {
  order?: Order;
  code?: PaymentCode;
  /** Overrides the client secret (the error state uses a forged one). */
  secret?: string;
}

async function merchantKey(): Promise<string> {
  return (await testEnv()).keys.merchant.secretKey;
}

async function order(body: Record<string, unknown> = {}): Promise<Order> {
  return api<Order>('/v1/orders', { key: await merchantKey(), body: { amount: 3850, currency: 'CNY', description: '招牌牛肉面 ×2，卤蛋 ×1', ...body } });
}

async function staticCode(): Promise<PaymentCode> {
  return api<PaymentCode>('/v1/payment-codes', { key: await merchantKey(), body: { merchant_name_latin: 'MASHANG NOODLES', description: '一楼收银台' } });
}

async function render(target: Target): Promise<MashangPaymentCode[]> {
  const { platformUrl, keys } = await testEnv();
  const container = await fixture<HTMLDivElement>(html`<div style="display:flex;flex-wrap:wrap;gap:16px;align-items:flex-start">
    ${VARIANTS.map(([lang, mode]) =>
      target.code
        ? html`<mashang-payment-code lang=${lang} mode=${mode} code=${target.code.id} publishable-key=${keys.merchant.publishableKey} platform-url=${platformUrl}></mashang-payment-code>`
        : html`<mashang-payment-code
            lang=${lang}
            mode=${mode}
            order=${target.order!.id}
            client-secret=${target.secret ?? target.order!.client_secret!}
            platform-url=${platformUrl}
          ></mashang-payment-code>`,
    )}
  </div>`);
  return [...container.querySelectorAll('mashang-payment-code')];
}

async function check(state: PaymentCodeState, elements: MashangPaymentCode[], timeout = 5_000): Promise<void> {
  await until(() => elements.every((el) => el.state === state), `every variant to show ${state}`, timeout);
  for (const el of elements) {
    await el.updateComplete;
    expect(el.hasAttribute('elder')).to.equal(el.mode === 'elder');
    await expect(el).to.be.accessible();
    await screenshot(`payment-code/${state}-${el.lang}-${el.mode}`, `mashang-payment-code[lang="${el.lang}"][mode="${el.mode}"]`);
  }
}

describe('<mashang-payment-code> states, locales and elder mode', () => {
  it('should render loading', async () => {
    const target = { order: await order() };
    const realFetch = window.fetch;
    let release: () => void = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    window.fetch = async (...args) => {
      await held;
      return realFetch(...args);
    };
    try {
      const elements = await render(target);
      await check('loading', elements);
    } finally {
      window.fetch = realFetch;
      release();
    }
  });

  it('should render a static code (active)', async () => {
    const elements = await render({ code: await staticCode() });
    await check('active', elements);
    for (const el of elements) expect(el.shadowRoot!.textContent).to.contain('¥500.00');
  });

  it('should render a disabled static code', async () => {
    const code = await staticCode();
    await api(`/v1/payment-codes/${code.id}`, { key: await merchantKey(), body: { status: 'disabled' } });
    await check('disabled', await render({ code }));
  });

  it('should render pending', async () => {
    await check('pending', await render({ order: await order({ reference: 'STATES-1' }) }));
  });

  it('should render paid', async () => {
    const target = await order();
    const elements = await render({ order: target });
    await until(() => elements.every((el) => el.state === 'pending'), 'pending first');
    await fetch(target.payload!.url, { method: 'POST', mode: 'no-cors', body: new URLSearchParams({ payer: 'payer_states' }) });
    await check('paid', elements);
  });

  it('should render expired', async () => {
    const elements = await render({ order: await order({ expires_in: 5 }) });
    await check('expired', elements, 8_000);
  });

  it('should render cancelled', async () => {
    const target = await order();
    const elements = await render({ order: target });
    await until(() => elements.every((el) => el.state === 'pending'), 'pending first');
    await api(`/v1/orders/${target.id}/cancel`, { key: await merchantKey(), body: {} });
    await check('cancelled', elements);
  });

  it('should render error', async () => {
    const target = await order();
    await check('error', await render({ order: target, secret: `${target.id}_secret_${'z'.repeat(32)}` }));
  });
});
