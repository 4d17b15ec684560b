import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import type { Order, PaymentCode } from '@mashang/sdk';
import { api, decodeQrFromScreen, openPage, screenshot, sleep, testEnv, until } from '../../test/env.js';
import type { MashangErrorDetail } from '../internal/mashang-element.js';
import './define.js';
import { LiveStatus } from './live.js';
import type { MashangPaymentCode, PaymentCodeDownloadDetail, PaymentCodeOrderDetail, PaymentCodeRefreshDetail } from './payment-code.js';

async function createOrder(body: Record<string, unknown>): Promise<Order> {
  const { keys } = await testEnv();
  return api<Order>('/v1/orders', { key: keys.merchant.secretKey, body: { currency: 'CNY', ...body } });
}

async function createCode(body: Record<string, unknown> = {}): Promise<PaymentCode> {
  const { keys } = await testEnv();
  return api<PaymentCode>('/v1/payment-codes', { key: keys.merchant.secretKey, body });
}

/** Pays through the sandbox wallet like a submitted form (a simple request, so no CORS preflight). */
async function payInBackground(url: string, fields: Record<string, string> = {}): Promise<void> {
  await fetch(url, { method: 'POST', mode: 'no-cors', body: new URLSearchParams({ payer: 'payer_widget_test', ...fields }) });
}

function shadow(el: Element): ShadowRoot {
  return el.shadowRoot!;
}

function text(el: Element): string {
  return shadow(el).textContent!.replace(/\s+/g, ' ');
}

async function orderWidget(order: Order, extra: { lang?: string; mode?: string; format?: string } = {}): Promise<MashangPaymentCode> {
  const { platformUrl } = await testEnv();
  const el = await fixture<MashangPaymentCode>(
    html`<mashang-payment-code
      order=${order.id}
      client-secret=${order.client_secret!}
      platform-url=${platformUrl}
      lang=${extra.lang ?? 'zh-CN'}
      mode=${extra.mode ?? 'standard'}
      format=${extra.format ?? 'url'}
    ></mashang-payment-code>`,
  );
  await until(() => el.state !== 'loading' && el.state !== 'idle', 'the order to load');
  return el;
}

describe('<mashang-payment-code>', () => {
  it('should show a dynamic order, get paid from a second page and announce it within 2 s', async () => {
    const { keys } = await testEnv();
    const order = await createOrder({ amount: 1250, description: '牛肉面一碗', reference: 'WIDGET-1' });
    const el = await orderWidget(order);
    expect(el.state).to.equal('pending');
    expect(text(el)).to.contain('码上面馆').and.contain('¥12.50').and.contain('牛肉面一碗').and.contain('待付款');
    expect(await decodeQrFromScreen('mashang-payment-code mashang-qr')).to.equal(order.payload!.url);
    await screenshot('payment-code/e2e-pending', 'mashang-payment-code');

    const paid: PaymentCodeOrderDetail[] = [];
    let seenAt = 0;
    el.addEventListener('mashang-paid', (e) => {
      seenAt = Date.now();
      paid.push(e.detail);
    });
    const walletText = await openPage(order.payload!.url, [
      { waitFor: '[data-testid="pay"]' },
      { screenshot: 'payment-code/e2e-wallet-before' },
      { click: '[data-testid="pay"]' },
      { waitFor: '[data-outcome="paid"]' },
      { screenshot: 'payment-code/e2e-wallet-paid' },
    ]);
    expect(walletText).to.contain('支付成功');
    await until(() => el.state === 'paid', 'the widget to show paid', 2_000);
    const final = await api<Order>(`/v1/orders/${order.id}`, { key: keys.merchant.secretKey });
    expect(seenAt - Date.parse(final.paid_at!)).to.be.below(2_000);
    expect(paid).to.have.length(1);
    expect(paid[0]!.order.id).to.equal(order.id);
    expect(text(el)).to.contain('已收到付款 ¥12.50');
    await until(() => shadow(el).querySelector('[role="status"]')!.textContent!.includes('已收到付款 ¥12.50'), 'the live region to announce the payment');
    expect(shadow(el).querySelector('mashang-qr')).to.equal(null, 'no code to scan once paid');
    await screenshot('payment-code/e2e-paid', 'mashang-payment-code');

    const events = await api<{ data: { type: string; data: { object: Order } }[] }>('/v1/events?type=order.paid&limit=100', { key: keys.merchant.secretKey });
    expect(events.data.filter((e) => e.data.object.id === order.id)).to.have.length(1, 'one order.paid event for the webhooks');
  });

  it('should render the EMV payload with format="emv"', async () => {
    const order = await createOrder({ amount: 880, reference: 'EMV-1' });
    const el = await orderWidget(order, { format: 'emv' });
    expect(await decodeQrFromScreen('mashang-payment-code mashang-qr')).to.equal(order.payload!.emv);
    el.format = 'url';
    await until(() => el.payloadValue === order.payload!.url, 'the url payload');
    await el.updateComplete;
    await sleep(50);
    expect(await decodeQrFromScreen('mashang-payment-code mashang-qr')).to.equal(order.payload!.url);
  });

  it('should expire at its time, refuse a late payment, and ask the host for a new order', async () => {
    const order = await createOrder({ amount: 300, expires_in: 5 });
    const el = await orderWidget(order);
    expect(shadow(el).querySelector('[part="countdown"]')!.textContent).to.match(/剩余 0:0[3-5]/);
    const expired = oneEvent(el, 'mashang-expired');
    const detail = (await expired).detail as PaymentCodeOrderDetail;
    expect(Date.now() - Date.parse(order.expires_at)).to.be.below(1_500);
    expect(detail.order.status).to.equal('expired');
    expect(el.state).to.equal('expired');
    expect(text(el)).to.contain('收款码已过期');

    const walletText = await openPage(order.payload!.url, []);
    expect(walletText).to.contain('已过期');
    await payInBackground(order.payload!.url);
    const { keys } = await testEnv();
    const after = await api<Order>(`/v1/orders/${order.id}`, { key: keys.merchant.secretKey });
    expect(after.status).to.equal('expired');
    expect(after.last_payment_error?.code).to.equal('order_expired');

    const refresh = shadow(el).querySelector<HTMLButtonElement>('button.primary')!;
    expect(refresh.textContent).to.contain('刷新收款码');
    setTimeout(() => refresh.click());
    const request = (await oneEvent(el, 'mashang-refresh-request')).detail as PaymentCodeRefreshDetail;
    expect(request.reason).to.equal('expired');
    expect(request.order.id).to.equal(order.id);
    const next = await createOrder({ amount: 300 });
    el.order = next.id;
    el.clientSecret = next.client_secret!;
    await until(() => el.state === 'pending' && el.data?.id === next.id, 'the new order');
    expect(await decodeQrFromScreen('mashang-payment-code mashang-qr')).to.equal(next.payload!.url);
  });

  it("should get its order from the host's order-url, and a new one on refresh", async () => {
    const { keys, platformUrl } = await testEnv();
    const realFetch = window.fetch;
    const requests: unknown[] = [];
    // Plays the shop's server: creates the order with the merchant's secret key.
    window.fetch = async (input, init) => {
      const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
      if (!url.endsWith('/shop-test/api/orders')) return realFetch(input, init);
      requests.push(JSON.parse(String(init!.body)));
      const order = await api<Order>('/v1/orders', { key: keys.merchant.secretKey, body: { amount: 1800, currency: 'CNY', expires_in: 5 } });
      return new Response(JSON.stringify({ order: order.id, client_secret: order.client_secret, platform_url: platformUrl }), { headers: { 'content-type': 'application/json' } });
    };
    try {
      const el = await fixture<MashangPaymentCode>(html`<mashang-payment-code order-url="/shop-test/api/orders" order-request='{"items":[{"sku":"beef-noodles","qty":1}]}'></mashang-payment-code>`);
      await until(() => el.state === 'pending', 'the order from the host');
      expect(requests).to.deep.equal([{ items: [{ sku: 'beef-noodles', qty: 1 }] }]);
      expect(el.platformUrl).to.equal(platformUrl);
      const first = el.data!.id;
      await until(() => el.state === 'expired', 'expiry', 8_000);
      shadow(el).querySelector<HTMLButtonElement>('button.primary')!.click();
      await until(() => el.state === 'pending' && el.data!.id !== first, 'a new order after refresh');
      expect(requests).to.have.length(2);
    } finally {
      window.fetch = realFetch;
    }
  });

  it('should refuse an order-request that is not a JSON object', async () => {
    const el = await fixture<MashangPaymentCode>(html`<mashang-payment-code order-url="/x" order-request="[1,2]"></mashang-payment-code>`);
    await until(() => el.state === 'error', 'the error');
    expect(text(el)).to.contain('order-request 必须是 JSON 对象');
  });

  it('should show a cancellation pushed by the server', async () => {
    const { keys } = await testEnv();
    const order = await createOrder({ amount: 500 });
    const el = await orderWidget(order);
    const cancelled = oneEvent(el, 'mashang-cancelled');
    await api(`/v1/orders/${order.id}/cancel`, { key: keys.merchant.secretKey, body: {} });
    expect(((await cancelled).detail as PaymentCodeOrderDetail).order.status).to.equal('cancelled');
    expect(text(el)).to.contain('此订单已取消');
  });

  it('should fall back to polling when Server-Sent Events are unavailable', async () => {
    const original = window.EventSource;
    (window as { EventSource?: unknown }).EventSource = undefined;
    try {
      const order = await createOrder({ amount: 660 });
      const el = await orderWidget(order, { lang: 'en' });
      await payInBackground(order.payload!.url);
      await until(() => el.state === 'paid', 'polling to see the payment', 4_000);
      expect(text(el)).to.contain('Payment of ¥6.60 received');
    } finally {
      window.EventSource = original;
    }
  });

  it('should switch from a refused event stream to polling that backs off', async () => {
    const { platformUrl } = await testEnv();
    const order = await createOrder({ amount: 100 });
    let polls = 0;
    const seen: string[] = [];
    const delays: number[] = [];
    const live = new LiveStatus({
      // A stream the platform refuses (no credentials): EventSource closes, polling takes over.
      eventsUrl: `${platformUrl}/v1/orders/${order.id}/events`,
      poll: async () => {
        polls++;
        delays.push(live.pollDelay);
        return { ...order, client_secret: undefined } as Order;
      },
      onOrder: (o) => seen.push(o.status),
      onError: () => {},
      pollMin: 20,
      pollMax: 160,
    });
    live.start();
    try {
      await until(() => polls >= 6, 'six polls', 5_000);
      expect(live.mode).to.equal('polling');
      expect(seen).to.deep.equal(['pending'], 'unchanged states are reported once');
      expect(delays.slice(0, 5)).to.deep.equal([20, 20, 40, 80, 160]);
      expect(delays[5]).to.equal(160, 'capped');
    } finally {
      live.stop();
    }
  });

  it('should show a static code with its daily limit, in the EMV format too', async () => {
    const { keys, platformUrl } = await testEnv();
    const code = await createCode({ merchant_name_latin: 'MASHANG NOODLES', description: '一楼收银台', store_label: 'WIDGET-1' });
    const el = await fixture<MashangPaymentCode>(
      html`<mashang-payment-code code=${code.id} publishable-key=${keys.merchant.publishableKey} platform-url=${platformUrl}></mashang-payment-code>`,
    );
    await until(() => el.state === 'active', 'the code to load');
    expect(text(el)).to.contain('金额由顾客输入').and.contain('静态收款码单日每人限额 ¥500.00').and.contain('一楼收银台');
    expect(shadow(el).querySelector('[part="countdown"]')).to.equal(null);
    expect(await decodeQrFromScreen('mashang-payment-code mashang-qr')).to.equal(code.payload.url);
    el.format = 'emv';
    await until(() => el.payloadValue === code.payload.emv, 'the emv payload');
    await el.updateComplete;
    await sleep(50);
    expect(await decodeQrFromScreen('mashang-payment-code mashang-qr')).to.equal(code.payload.emv);
  });

  it('should let elder mode extend the countdown, by keyboard', async () => {
    const order = await createOrder({ amount: 2000, expires_in: 120 });
    const el = await orderWidget(order, { mode: 'elder' });
    const button = shadow(el).querySelector<HTMLButtonElement>('[part="actions"] button.primary')!;
    expect(button.textContent).to.contain('延长 5 分钟');
    expect(button.getBoundingClientRect().height).to.be.at.least(60);
    expect(parseFloat(getComputedStyle(shadow(el).querySelector('.hint')!).fontSize)).to.be.at.least(24);
    button.focus();
    await sendKeys({ press: 'Enter' });
    await until(() => Date.parse((el.data as Order).expires_at) > Date.parse(order.expires_at) + 60_000, 'a later expiry');
    await until(() => shadow(el).querySelector('[role="status"]')!.textContent!.includes('已延长'), 'the extension to be announced');
    expect(shadow(el).querySelector('[part="countdown"]')!.textContent).to.match(/剩余 [45]:\d\d/);
  });

  it('should offer more time in standard mode only near the end', async () => {
    const long = await orderWidget(await createOrder({ amount: 100, expires_in: 900 }));
    expect(shadow(long).querySelector('[part="actions"] button.primary')).to.equal(null);
    const short = await orderWidget(await createOrder({ amount: 100, expires_in: 90 }));
    expect(shadow(short).querySelector('[part="actions"] button.primary')!.textContent).to.contain('延长');
  });

  it("should work inside another element's shadow root, its events crossing out", async () => {
    const { platformUrl } = await testEnv();
    const order = await createOrder({ amount: 1500 });
    const host = await fixture<HTMLDivElement>(html`<div></div>`);
    const root = host.attachShadow({ mode: 'open' });
    root.innerHTML = `<section lang="en"><mashang-payment-code order="${order.id}" client-secret="${order.client_secret}" platform-url="${platformUrl}"></mashang-payment-code></section>`;
    const el = root.querySelector('mashang-payment-code')!;
    await until(() => el.state === 'pending', 'the order inside a shadow root');
    expect(text(el)).to.contain('Awaiting payment');
    const paid = oneEvent(host, 'mashang-paid');
    await payInBackground(order.payload!.url);
    expect(((await paid).detail as PaymentCodeOrderDetail).order.id).to.equal(order.id);
  });

  it('should follow lang at runtime', async () => {
    const el = await orderWidget(await createOrder({ amount: 4200 }));
    expect(text(el)).to.contain('待付款');
    el.lang = 'en';
    await el.updateComplete;
    expect(text(el)).to.contain('Awaiting payment').and.contain('Scan with your phone to pay');
    const qr = shadow(el).querySelector('mashang-qr')!;
    expect(qr.shadowRoot!.querySelector('svg')!.getAttribute('aria-label')).to.equal('Payment code of 码上面馆, amount ¥42.00');
  });

  describe('bad attributes and failures', () => {
    const cases: [string, (env: Awaited<ReturnType<typeof testEnv>>, order: Order) => ReturnType<typeof html>, string][] = [
      ['nothing to show', (env) => html`<mashang-payment-code platform-url=${env.platformUrl}></mashang-payment-code>`, 'missing_attributes'],
      ['a secret key', (env) => html`<mashang-payment-code code="pc_01J00000000000000000000000" publishable-key=${env.keys.merchant.secretKey} platform-url=${env.platformUrl}></mashang-payment-code>`, 'secret_key_in_page'],
      ['a client secret of another order', (env, order) => html`<mashang-payment-code order="ord_01J00000000000000000000000" client-secret=${order.client_secret!} platform-url=${env.platformUrl}></mashang-payment-code>`, 'client_secret_mismatch'],
      ['an unknown format', (env, order) => html`<mashang-payment-code order=${order.id} client-secret=${order.client_secret!} format="png" platform-url=${env.platformUrl}></mashang-payment-code>`, 'invalid_format'],
      ['a forged client secret', (env, order) => html`<mashang-payment-code order=${order.id} client-secret=${`${order.id}_secret_${'x'.repeat(32)}`} platform-url=${env.platformUrl}></mashang-payment-code>`, 'unauthorized'],
      ['an unreachable platform', (_env, order) => html`<mashang-payment-code order=${order.id} client-secret=${order.client_secret!} platform-url="http://127.0.0.1:9"></mashang-payment-code>`, 'network'],
    ];
    for (const [what, template, code] of cases) {
      it(`should show an error and fire mashang-error (${code}) for ${what}`, async () => {
        const env = await testEnv();
        const order = await createOrder({ amount: 100 });
        const errors: MashangErrorDetail[] = [];
        const listener = (e: Event) => errors.push((e as CustomEvent<MashangErrorDetail>).detail);
        document.addEventListener('mashang-error', listener);
        try {
          const el = await fixture<MashangPaymentCode>(template(env, order));
          await until(() => el.state === 'error', 'the error state');
          expect(errors.map((e) => e.code)).to.include(code);
          expect(text(el)).to.contain(errors.find((e) => e.code === code)!.message);
          const retry = shadow(el).querySelector('button')!;
          expect(retry.textContent).to.contain('重试');
          await expect(el).to.be.accessible();
        } finally {
          document.removeEventListener('mashang-error', listener);
        }
      });
    }
  });

  describe('counter card (台卡)', () => {
    it('should produce an SVG and a PNG whose QR decodes to the payload', async () => {
      const { keys, platformUrl } = await testEnv();
      const code = await createCode({ merchant_name_latin: 'MASHANG NOODLES', description: '一楼收银台' });
      const el = await fixture<MashangPaymentCode>(
        html`<mashang-payment-code code=${code.id} publishable-key=${keys.merchant.publishableKey} platform-url=${platformUrl}>
          <img slot="logo" alt="" src=${`data:image/svg+xml,${encodeURIComponent('<svg xmlns="http://www.w3.org/2000/svg" width="40" height="40"><rect width="40" height="40" fill="#c0392b"/></svg>')}`} />
        </mashang-payment-code>`,
      );
      await until(() => el.state === 'active', 'the code');
      const svg = (await el.cardSvg())!;
      const doc = new DOMParser().parseFromString(svg, 'image/svg+xml');
      expect(doc.querySelector('parsererror')).to.equal(null);
      expect(doc.documentElement.textContent).to.contain('码上面馆').and.contain('扫码付款').and.contain('¥500.00');
      expect(doc.querySelector('image')!.getAttribute('href')).to.match(/^data:image\/svg\+xml/, 'the slotted logo is on the card');
      const png = (await el.cardPng())!;
      expect(png.type).to.equal('image/png');
      const img = await fixture<HTMLImageElement>(html`<img id="card" alt="card" width="600" height="900" src=${URL.createObjectURL(png)} />`);
      await img.decode();
      expect(img.naturalWidth).to.equal(1200);
      expect(await decodeQrFromScreen('img#card')).to.equal(code.payload.url);
      await screenshot('payment-code/card-static-zh', 'img#card');
    });

    it('should fire a cancelable mashang-download from the buttons', async () => {
      const order = await createOrder({ amount: 2600, description: '两碗牛肉面' });
      const el = await orderWidget(order, { lang: 'en' });
      const buttons = [...shadow(el).querySelectorAll<HTMLButtonElement>('.downloads button')];
      expect(buttons.map((b) => b.textContent!.trim())).to.deep.equal(['Counter card · PNG', 'Counter card · SVG']);
      const got: PaymentCodeDownloadDetail[] = [];
      el.addEventListener('mashang-download', (e) => {
        e.preventDefault();
        got.push(e.detail);
      });
      buttons[1]!.click();
      await until(() => got.length === 1, 'the SVG download');
      expect(got[0]!.format).to.equal('svg');
      expect(got[0]!.filename).to.equal(`码上面馆-${order.id}.svg`);
      expect(await got[0]!.blob.text()).to.contain('¥26.00').and.contain('Scan to pay');
      buttons[0]!.click();
      await until(() => got.length === 2, 'the PNG download');
      expect(got[1]!.blob.type).to.equal('image/png');
      const img = await fixture<HTMLImageElement>(html`<img id="card2" alt="card" width="600" height="900" src=${URL.createObjectURL(got[1]!.blob)} />`);
      await img.decode();
      expect(await decodeQrFromScreen('img#card2')).to.equal(order.payload!.url);
      await screenshot('payment-code/card-order-en', 'img#card2');
    });
  });
});
