import { expect, fixture, html } from '@open-wc/testing';
import { decodeQrFromScreen, screenshot } from '../../test/env.js';
import './define.js';
import type { MashangQr } from './qr.js';
import type { MashangErrorDetail } from '../internal/mashang-element.js';

const URL_VALUE = 'https://pay.example.cn/p/pc_01JD3XK7Q8W2N4M6P9R1T3V5X7';

async function nextFrame() {
  await new Promise((r) => requestAnimationFrame(() => r(undefined)));
}

describe('<mashang-qr>', () => {
  afterEach(() => {
    document.documentElement.lang = '';
    delete document.documentElement.dataset['mashangMode'];
  });

  it('should render an SVG that decodes back to its value', async () => {
    const el = await fixture<MashangQr>(html`<mashang-qr value=${URL_VALUE} size="240"></mashang-qr>`);
    const svg = el.shadowRoot!.querySelector('svg')!;
    expect(svg).to.exist;
    expect(svg.getAttribute('width')).to.equal('240');
    expect(el.version).to.be.greaterThan(0);
    expect(await decodeQrFromScreen('mashang-qr')).to.equal(URL_VALUE);
    await screenshot('qr/default-zh', 'mashang-qr');
  });

  it('should encode Chinese text and the requested error-correction level', async () => {
    const value = '码上面馆 ¥12.50';
    const low = await fixture<MashangQr>(html`<mashang-qr value=${value} error-correction="L"></mashang-qr>`);
    const high = await fixture<MashangQr>(html`<mashang-qr value=${value} error-correction="H"></mashang-qr>`);
    expect(high.version!).to.be.greaterThan(low.version!);
    expect(await decodeQrFromScreen('mashang-qr[error-correction="H"]')).to.equal(value);
  });

  it('should announce a localized label and follow lang at runtime', async () => {
    const el = await fixture<MashangQr>(html`<mashang-qr value="x"></mashang-qr>`);
    const svg = () => el.shadowRoot!.querySelector('svg')!;
    expect(svg().getAttribute('role')).to.equal('img');
    expect(svg().getAttribute('aria-label')).to.equal('二维码');
    document.documentElement.lang = 'en';
    await nextFrame();
    await el.updateComplete;
    expect(svg().getAttribute('aria-label')).to.equal('QR code');
    el.lang = 'zh-CN';
    await el.updateComplete;
    expect(svg().getAttribute('aria-label')).to.equal('二维码');
    el.label = '付款码';
    await el.updateComplete;
    expect(svg().getAttribute('aria-label')).to.equal('付款码');
  });

  it('should expose ::part(svg) and honour margin', async () => {
    const el = await fixture<MashangQr>(html`<mashang-qr value="abc" margin="0"></mashang-qr>`);
    const svg = el.shadowRoot!.querySelector('[part="svg"]')!;
    const size = Number(svg.getAttribute('viewBox')!.split(' ')[2]);
    expect(size).to.equal(21); // version 1 is 21 modules wide, no quiet zone
  });

  it('should show a localized error and fire mashang-error for an empty value, never throw', async () => {
    const events: MashangErrorDetail[] = [];
    document.addEventListener('mashang-error', (e) => events.push((e as CustomEvent<MashangErrorDetail>).detail), { once: true });
    const el = await fixture<MashangQr>(html`<mashang-qr value=""></mashang-qr>`);
    const error = el.shadowRoot!.querySelector('[part="error"]')!;
    expect(error.getAttribute('role')).to.equal('alert');
    expect(error.textContent).to.contain('没有要生成二维码的内容');
    expect(events[0]?.code).to.equal('qr_empty');
  });

  it('should show an error for a value too long for any QR version', async () => {
    const events: MashangErrorDetail[] = [];
    const el = await fixture<MashangQr>(html`<mashang-qr lang="en" value="start" @mashang-error=${(e: CustomEvent<MashangErrorDetail>) => events.push(e.detail)}></mashang-qr>`);
    el.value = 'x'.repeat(3000);
    await el.updateComplete;
    await nextFrame();
    expect(events.map((e) => e.code)).to.deep.equal(['qr_too_long']);
    expect(el.shadowRoot!.querySelector('[part="error"]')!.textContent).to.contain('Too much content for a QR code (3000 characters)');
    await screenshot('qr/error-en', 'mashang-qr');
    el.value = 'ok now';
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector('svg')).to.exist;
  });

  for (const [locale, mode] of [
    ['zh-CN', 'standard'],
    ['en', 'standard'],
    ['zh-CN', 'elder'],
    ['en', 'elder'],
  ] as const) {
    it(`should pass axe in ${locale} ${mode} mode`, async () => {
      const el = await fixture<MashangQr>(html`<mashang-qr lang=${locale} mode=${mode} value=${URL_VALUE}></mashang-qr>`);
      expect(el.hasAttribute('elder')).to.equal(mode === 'elder');
      await expect(el).to.be.accessible();
      const broken = await fixture<MashangQr>(html`<mashang-qr lang=${locale} mode=${mode} value=""></mashang-qr>`);
      await expect(broken).to.be.accessible();
      await screenshot(`qr/error-${locale}-${mode}`, `mashang-qr[lang="${locale}"][mode="${mode}"][value=""]`);
    });
  }

  it('should switch design tokens for theme="dark"', async () => {
    const light = await fixture<MashangQr>(html`<mashang-qr value="x"></mashang-qr>`);
    const dark = await fixture<MashangQr>(html`<mashang-qr value="x" theme="dark"></mashang-qr>`);
    const bg = (el: HTMLElement) => getComputedStyle(el).getPropertyValue('--mashang-color-bg').trim();
    expect(bg(light)).to.equal('#ffffff');
    expect(bg(dark)).to.equal('#17191c');
  });

  it('should apply elder mode page-wide', async () => {
    document.documentElement.dataset['mashangMode'] = 'elder';
    const el = await fixture<MashangQr>(html`<mashang-qr value=""></mashang-qr>`);
    expect(el.hasAttribute('elder')).to.be.true;
    const size = getComputedStyle(el.shadowRoot!.querySelector('[part="error"]')!).fontSize;
    expect(parseFloat(size)).to.be.at.least(24);
  });

  it('should work inside another element\'s shadow root', async () => {
    const host = await fixture<HTMLDivElement>(html`<div></div>`);
    const root = host.attachShadow({ mode: 'open' });
    root.innerHTML = `<section lang="en"><mashang-qr value="inside"></mashang-qr></section>`;
    const el = root.querySelector('mashang-qr') as MashangQr;
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector('svg')!.getAttribute('aria-label')).to.equal('QR code');
  });
});
