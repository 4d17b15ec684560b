import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import type { Batch, Job, Product, TraceRecord } from '@mashang/sdk';
import { gtinCheckDigit } from '@mashang/sdk/digital-link';
import { api, openPage, screenshot, testEnv, until } from '../../test/env.js';
import type { MashangErrorDetail } from '../internal/mashang-element.js';
import './define.js';
import type { MashangTrace, TraceVerifiedDetail } from './trace.js';

interface IssuedCode {
  serial: string;
  uri: string;
  pin?: string;
}

let gtinSeq = 0;
/** A fresh valid GTIN-13 per product, so reruns against one platform never collide. */
function nextGtin(): string {
  const body = `69${String(Date.now() % 1e8).padStart(8, '0')}${String(gtinSeq++ % 100).padStart(2, '0')}`;
  return `${body}${gtinCheckDigit(body)}`;
}

async function setup(opts: { lot: string; count: number; withPin: boolean; expiry?: string; images?: string[] }): Promise<{ product: Product; batch: Batch; codes: IssuedCode[] }> {
  const { keys, platformUrl } = await testEnv();
  const key = keys.merchant.secretKey;
  const product = await api<Product>('/v1/products', {
    key,
    body: { gtin: nextGtin(), name: '安吉白茶 明前特级', brand: '溪龙', origin: '浙江省湖州市安吉县', specification: '250 g/罐', ...(opts.images ? { images: opts.images } : {}) },
  });
  const batch = await api<Batch>('/v1/batches', { key, body: { product: product.id, lot: opts.lot, production_date: opts.expiry ? '2020-01-02' : '2026-04-02', expiry_date: opts.expiry ?? '2099-04-01' } });
  const job = await api<Job>(`/v1/batches/${batch.id}/codes`, { key, body: { count: opts.count, with_pin: opts.withPin } });
  const res = await fetch(`${platformUrl}/v1/jobs/${job.id}/download?format=ndjson`, { headers: { authorization: `Bearer ${key}` } });
  const codes = (await res.text())
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as IssuedCode);
  return { product, batch, codes };
}

function text(el: Element): string {
  return el.shadowRoot!.textContent!.replace(/\s+/g, ' ');
}

async function show(uri: string, extra: { lang?: string; mode?: string } = {}): Promise<MashangTrace> {
  const el = await fixture<MashangTrace>(html`<mashang-trace uri=${uri} lang=${extra.lang ?? 'zh-CN'} mode=${extra.mode ?? 'standard'}></mashang-trace>`);
  await until(() => el.state === 'ready' || el.state === 'error', 'the record to load');
  await el.updateComplete;
  return el;
}

function forge(serial: string): string {
  return serial.slice(0, -1) + (serial.endsWith('Z') ? 'Y' : 'Z');
}

describe('<mashang-trace>', () => {
  it('should show a genuine item: banner with icon and text, product, merchant, scans and the PIN form', async () => {
    const { codes } = await setup({ lot: 'WT-GENUINE', count: 3, withPin: true });
    const el = await show(codes[0]!.uri);
    expect(el.state).to.equal('ready');
    const status = el.shadowRoot!.querySelector('[part="status"]')!;
    expect(status.classList.contains('status-genuine')).to.be.true;
    expect(status.querySelector('svg[aria-hidden="true"]')).to.exist;
    expect(status.textContent).to.contain('正品验证通过');
    const t = text(el);
    expect(t).to.contain('安吉白茶 明前特级').and.contain('浙江省湖州市安吉县').and.contain('WT-GENUINE').and.contain(codes[0]!.serial);
    expect(t).to.contain('湖州码上示范面馆有限公司').and.contain('91330502MA2D3XKJ16');
    expect(t).to.contain('此码尚未被扫码查询');
    expect(t).to.contain('流通记录').and.contain('暂无流通记录');
    expect(el.shadowRoot!.querySelector('input#pin')).to.exist;
    await screenshot('trace/genuine-zh-CN', 'mashang-trace');
  });

  it('should check the scratch-off PIN from the keyboard: first, then "already verified", then wrong', async () => {
    const { codes } = await setup({ lot: 'WT-PIN', count: 2, withPin: true });
    const el = await show(codes[0]!.uri);
    const input = el.shadowRoot!.querySelector<HTMLInputElement>('input#pin')!;
    input.focus();
    await sendKeys({ type: codes[0]!.pin! });
    const verified = oneEvent(el, 'mashang-verified');
    await sendKeys({ press: 'Enter' });
    const first = (await verified) as CustomEvent<TraceVerifiedDetail>;
    expect(first.detail.firstVerification).to.be.true;
    expect(first.detail.verificationCount).to.equal(1);
    expect(first.bubbles && first.composed).to.be.true;
    await until(() => text(el).includes('首次验证'), 'the first-verification message');
    await screenshot('trace/pin-first-zh-CN', 'mashang-trace');

    const again = oneEvent(el, 'mashang-verified');
    el.shadowRoot!.querySelector<HTMLButtonElement>('button[type="submit"]')!.click();
    const second = (await again) as CustomEvent<TraceVerifiedDetail>;
    expect(second.detail.firstVerification).to.be.false;
    expect(second.detail.verificationCount).to.equal(2);
    await until(() => text(el).includes('已被验证 2 次'), 'the already-verified warning');
    expect(el.shadowRoot!.querySelector('.pin-result')!.getAttribute('aria-live')).to.equal('polite');

    input.value = '';
    input.dispatchEvent(new Event('input'));
    input.focus();
    await sendKeys({ type: codes[1]!.pin! });
    await sendKeys({ press: 'Enter' });
    await until(() => text(el).includes('刮开码不正确，还可尝试 4 次'), 'the wrong-PIN message');
    expect(input.getAttribute('aria-invalid')).to.equal('true');
    await screenshot('trace/pin-wrong-zh-CN', 'mashang-trace');

    input.value = '12345';
    input.dispatchEvent(new Event('input'));
    el.shadowRoot!.querySelector<HTMLButtonElement>('button[type="submit"]')!.click();
    await until(() => text(el).includes('刮开码是 12 位数字'), 'the format message');
  });

  it('should show "unknown code" for a forged serial, without product details', async () => {
    const { codes } = await setup({ lot: 'WT-FORGED', count: 1, withPin: false });
    const el = await show(codes[0]!.uri.replace(codes[0]!.serial, forge(codes[0]!.serial)), { lang: 'en' });
    const status = el.shadowRoot!.querySelector('[part="status"]')!;
    expect(status.classList.contains('status-unknown_code')).to.be.true;
    expect(status.textContent).to.contain('Unknown code');
    expect(el.shadowRoot!.querySelector('[part="product"]')).to.not.exist;
    expect(el.shadowRoot!.querySelector('[part="pin"]')).to.not.exist;
    await expect(el).to.be.accessible();
    await screenshot('trace/unknown-en', 'mashang-trace');
  });

  it('should show every code of a recalled batch as recalled, with the reason', async () => {
    const { keys } = await testEnv();
    const { batch, codes } = await setup({ lot: 'WT-RECALL', count: 3, withPin: true });
    await api(`/v1/batches/${batch.id}/recall`, { key: keys.merchant.secretKey, body: { reason: '外包装密封不良，请停止饮用并联系门店退货' } });
    for (const [i, code] of codes.entries()) {
      const el = await show(code.uri, { lang: i === 1 ? 'en' : 'zh-CN' });
      const status = el.shadowRoot!.querySelector('[part="status"]')!;
      expect(status.classList.contains('status-recalled')).to.be.true;
      expect(status.textContent).to.contain(i === 1 ? 'Recalled' : '已召回').and.contain('外包装密封不良');
    }
    await screenshot('trace/recalled-zh-CN', 'mashang-trace');
  });

  it('should show an expired batch with its date', async () => {
    const { codes } = await setup({ lot: 'WT-OLD', count: 1, withPin: false, expiry: '2021-01-01' });
    const el = await show(codes[0]!.uri, { lang: 'en' });
    expect(el.shadowRoot!.querySelector('.status-expired')!.textContent).to.contain('Past its expiry date').and.contain('2021');
  });

  it('should report a bad uri with mashang-error and offer a retry', async () => {
    const el = await fixture<MashangTrace>(html`<div></div>`).then((host) => {
      const trace = document.createElement('mashang-trace');
      trace.uri = 'https://example.com/menu';
      host.append(trace);
      return trace;
    });
    const error = (await oneEvent(el, 'mashang-error')) as CustomEvent<MashangErrorDetail>;
    expect(error.detail.code).to.equal('invalid_uri');
    await el.updateComplete;
    expect(el.state).to.equal('error');
    expect(text(el)).to.contain('这不是有效的商品码地址');
    expect(el.shadowRoot!.querySelector('button')!.textContent).to.contain('重新查询');
    const { platformUrl } = await testEnv();
    const broken = document.createElement('mashang-trace');
    const failed = oneEvent(broken, 'mashang-error');
    broken.uri = `${platformUrl}/01/06901234567891/21/ABC`;
    el.after(broken);
    const e2 = (await failed) as CustomEvent<MashangErrorDetail>;
    expect(e2.detail.code).to.equal('invalid_uri');
  });

  it('should render the journey timeline and anomaly warnings from a record, in order', async () => {
    const { codes } = await setup({ lot: 'WT-JOURNEY', count: 1, withPin: false });
    const base = (await (await fetch(codes[0]!.uri, { headers: { accept: 'application/json' } })).json()) as TraceRecord;
    const record: TraceRecord = {
      ...base,
      scans: { count: 12, first_scan_at: '2026-11-20T02:15:00.000Z', last_scan_at: '2026-11-22T09:00:00.000Z' },
      anomalies: [{ code: 'many_scans', detected_at: '2026-11-22T09:00:00.000Z', detail: '12 scans (more than 10)' }],
      journey: [
        { id: 'e1', type: 'ObjectEvent', time: '2026-04-02T01:00:00.000Z', biz_step: 'commissioning', disposition: 'active', location: { id: 'urn:x:1', name: '安吉茶厂' } },
        { id: 'e2', type: 'ObjectEvent', time: '2026-04-05T06:00:00.000Z', biz_step: 'shipping', disposition: 'in_transit', location: null },
        { id: 'e3', type: 'ObjectEvent', time: '2026-04-06T03:00:00.000Z', biz_step: 'receiving', disposition: 'in_progress', location: { id: 'urn:x:2', name: '湖州门店' } },
      ],
    };
    const el = await fixture<MashangTrace>(html`<mashang-trace lang="zh-CN" .record=${record} uri=${codes[0]!.uri}></mashang-trace>`);
    await el.updateComplete;
    const steps = [...el.shadowRoot!.querySelectorAll('.timeline .step')].map((n) => n.textContent);
    expect(steps).to.deep.equal(['赋码/生产', '出库/发货', '入库/收货']);
    expect(text(el)).to.contain('安吉茶厂').and.contain('已被查询 12 次，首次查询于');
    expect(el.shadowRoot!.querySelector('[part="anomalies"]')!.textContent).to.contain('可能被复制');
    await screenshot('trace/journey-zh-CN', 'mashang-trace');
    el.lang = 'en';
    await el.updateComplete;
    expect([...el.shadowRoot!.querySelectorAll('.timeline .step')].map((n) => n.textContent)).to.deep.equal(['Commissioning', 'Shipping', 'Receiving']);
    expect(text(el)).to.contain('Checked 12 times, first on');
    await screenshot('trace/journey-en', 'mashang-trace');
  });

  it('should show the journey captured through EPCIS: steps, places, local times, sensor readings and the recall', async () => {
    const { keys } = await testEnv();
    const key = keys.merchant.secretKey;
    const { product, batch, codes } = await setup({ lot: 'WT-EPCIS', count: 2, withPin: false });
    const item = `https://id.gs1.org/01/${product.gtin}/21/${codes[0]!.serial}`;
    const lgtin = `https://id.gs1.org/01/${product.gtin}/10/WT-EPCIS`;
    const sscc = 'https://id.gs1.org/00/069012340000000016';
    const factory = 'https://id.gs1.org/414/6901234000009';
    const store = 'https://id.gs1.org/414/6901234000023';
    const at = (day: number, hour: number) => ({ eventTime: `2026-04-0${day}T${String(hour).padStart(2, '0')}:00:00+08:00`, eventTimeZoneOffset: '+08:00' });
    const job = await api<{ success: boolean; errors: unknown[] }>('/epcis/capture', {
      key,
      body: {
        '@context': ['https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld'],
        type: 'EPCISDocument',
        schemaVersion: '2.0',
        creationDate: '2026-04-10T00:00:00Z',
        epcisHeader: {
          epcisMasterData: {
            vocabularyList: [
              {
                type: 'urn:epcglobal:epcis:vtype:BusinessLocation',
                vocabularyElementList: [
                  { id: factory, attributes: [{ id: 'urn:epcglobal:cbv:mda#name', attribute: '安吉溪龙茶厂' }] },
                  { id: store, attributes: [{ id: 'urn:epcglobal:cbv:mda#name', attribute: '码上生活超市' }] },
                ],
              },
            ],
          },
        },
        epcisBody: {
          eventList: [
            { type: 'ObjectEvent', action: 'ADD', bizStep: 'commissioning', disposition: 'active', quantityList: [{ epcClass: lgtin, quantity: 2 }], bizLocation: { id: factory }, ...at(2, 9) },
            { type: 'ObjectEvent', action: 'OBSERVE', bizStep: 'inspecting', disposition: 'conformant', epcList: [item], bizLocation: { id: factory }, ...at(2, 14) },
            { type: 'AggregationEvent', action: 'ADD', bizStep: 'packing', parentID: sscc, childEPCs: [item], bizLocation: { id: factory }, ...at(3, 8) },
            {
              type: 'ObjectEvent',
              action: 'OBSERVE',
              bizStep: 'shipping',
              disposition: 'in_transit',
              epcList: [sscc],
              readPoint: { id: 'https://id.gs1.org/414/6901234000016' },
              sensorElementList: [
                {
                  sensorMetadata: { time: '2026-04-03T12:00:00+08:00' },
                  sensorReport: [
                    { type: 'Temperature', value: 4.5, uom: 'CEL' },
                    { type: 'RelativeHumidity', minValue: 40, maxValue: 82, uom: 'P1', exception: 'ALARM_CONDITION' },
                  ],
                },
              ],
              ...at(3, 10),
            },
            { type: 'AggregationEvent', action: 'DELETE', bizStep: 'unpacking', parentID: sscc, childEPCs: [item], bizLocation: { id: store }, ...at(4, 16) },
            { type: 'ObjectEvent', action: 'OBSERVE', bizStep: 'retail_selling', disposition: 'retail_sold', epcList: [item], bizLocation: { id: store }, ...at(5, 19) },
          ],
        },
      },
    });
    expect(job.success, JSON.stringify(job.errors)).to.be.true;

    const view = async (lang: string, mode = 'standard') => {
      // One element on the page at a time, so each screenshot shows the one just made.
      for (const old of document.querySelectorAll('mashang-trace')) old.remove();
      const el = await fixture<MashangTrace>(html`<mashang-trace uri=${codes[0]!.uri} lang=${lang} mode=${mode} time-zone="Asia/Shanghai"></mashang-trace>`);
      await until(() => el.state === 'ready', 'the record to load');
      await el.updateComplete;
      return el;
    };
    const steps = (el: MashangTrace) => [...el.shadowRoot!.querySelectorAll('.timeline .step')].map((n) => n.textContent!.trim());
    const zh = await view('zh-CN');
    expect(steps(zh)).to.deep.equal(['赋码/生产', '质检', '装箱', '出库/发货', '拆箱', '零售']);
    const journey = zh.shadowRoot!.querySelector('[part="journey"]')!;
    const first = journey.querySelector('.timeline li')!;
    expect(first.textContent).to.contain('安吉溪龙茶厂').and.contain('09:00').and.contain('状态：已激活');
    expect(first.querySelector('time')!.getAttribute('datetime')).to.equal('2026-04-02T01:00:00.000Z');
    const shipping = journey.querySelectorAll('.timeline li')[3]!;
    expect(shipping.textContent!.replace(/\s+/g, ' ')).to.contain('地点码 6901234000016').and.contain('随所在包装箱或托盘一同流转').and.contain('温度 4.5°C').and.contain('相对湿度 40% 至 82%').and.contain('⚠ 超出限值');
    expect(shipping.classList.contains('step-alarm')).to.be.true;
    expect(journey.textContent).to.contain('码上生活超市').and.contain('状态：已售出');
    await expect(zh).to.be.accessible();
    await screenshot('trace/journey-epcis-zh-CN', 'mashang-trace');

    const en = await view('en');
    expect(steps(en)).to.deep.equal(['Commissioning', 'Inspecting', 'Packing', 'Shipping', 'Unpacking', 'Retail selling']);
    expect(en.shadowRoot!.querySelector('[part="journey"]')!.textContent!.replace(/\s+/g, ' ')).to.contain('Temperature 4.5°C').and.contain('out of range').and.contain('Status: Retail sold');
    await screenshot('trace/journey-epcis-en', 'mashang-trace');

    // The viewer's own zone is the default: the same instant, written for wherever the phone is.
    for (const old of document.querySelectorAll('mashang-trace')) old.remove();
    const local = await fixture<MashangTrace>(html`<mashang-trace uri=${codes[0]!.uri} lang="en"></mashang-trace>`);
    await until(() => local.state === 'ready', 'the record to load');
    await local.updateComplete;
    const expected = new Intl.DateTimeFormat('en', { year: 'numeric', month: 'long', day: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(new Date('2026-04-02T01:00:00Z'));
    expect(local.shadowRoot!.querySelector('.timeline time')!.textContent).to.equal(expected);

    // A recall shows on the timeline at its time, with its reason, in words and with an icon.
    await api(`/v1/batches/${batch.id}/recall`, { key, body: { reason: '抽检发现农残超标，请停止饮用' } });
    for (const [lang, mode] of [
      ['zh-CN', 'elder'],
      ['en', 'elder'],
    ] as const) {
      const el = await view(lang, mode);
      const last = [...el.shadowRoot!.querySelectorAll('.timeline li')].at(-1)!;
      expect(last.classList.contains('recall')).to.be.true;
      expect(last.textContent).to.contain(lang === 'en' ? 'Batch recalled' : '批次召回').and.contain('抽检发现农残超标');
      expect(last.querySelector('svg[aria-hidden="true"]')).to.exist;
      expect(parseFloat(getComputedStyle(el.shadowRoot!.querySelector('.timeline .step')!).fontSize)).to.be.at.least(24);
      await expect(el).to.be.accessible();
      await screenshot(`trace/journey-epcis-recalled-${lang}-elder`, 'mashang-trace');
    }
  });

  for (const [locale, mode] of [
    ['zh-CN', 'standard'],
    ['en', 'standard'],
    ['zh-CN', 'elder'],
    ['en', 'elder'],
  ] as const) {
    it(`should pass axe and meet the size rules in ${locale} ${mode} mode`, async () => {
      const { codes } = await setup({ lot: `WT-AXE-${locale}-${mode}`.slice(0, 20), count: 1, withPin: true });
      const el = await show(codes[0]!.uri, { lang: locale, mode });
      expect(el.hasAttribute('elder')).to.equal(mode === 'elder');
      await expect(el).to.be.accessible();
      if (mode === 'elder') {
        const body = parseFloat(getComputedStyle(el.shadowRoot!.querySelector('.status-detail')!).fontSize);
        expect(body).to.be.at.least(24);
        for (const target of el.shadowRoot!.querySelectorAll('button, input')) expect(target.getBoundingClientRect().height).to.be.at.least(60);
      }
      await screenshot(`trace/item-${locale}-${mode}`, 'mashang-trace');
    });
  }
});

describe('resolver page in Chromium', () => {
  it('should open for an issued code, count each scan, and switch language and large text', async () => {
    const { codes } = await setup({ lot: 'WT-PAGE', count: 2, withPin: true, images: [] });
    const uri = codes[0]!.uri;
    await openPage(uri, [{ waitFor: 'div.status-genuine' }, { screenshot: 'trace/page-first-scan' }]);
    await openPage(uri, [
      { waitFor: 'section.scans >> text=/Checked 2 times|已被查询 2 次/' },
      { click: '#lang-toggle' },
      { waitFor: 'section.scans >> text=已被查询 2 次' },
      { screenshot: 'trace/page-zh-CN' },
      { click: '#elder-toggle' },
      { waitFor: 'mashang-trace[elder]' },
      { screenshot: 'trace/page-zh-CN-elder' },
      { click: '#lang-toggle' },
      { waitFor: 'div.status-genuine >> text=Genuine product' },
      { screenshot: 'trace/page-en-elder' },
      { click: '#elder-toggle' },
    ]);
    const record = (await (await fetch(uri, { headers: { accept: 'application/json' } })).json()) as TraceRecord;
    expect(record.scans!.count).to.equal(2);
  });

  it('should show "unknown code" for a forged serial and "recalled" after a recall', async () => {
    const { keys } = await testEnv();
    const { batch, codes } = await setup({ lot: 'WT-PAGE2', count: 2, withPin: false });
    await openPage(codes[0]!.uri.replace(codes[0]!.serial, forge(codes[0]!.serial)), [{ waitFor: 'div.status-unknown_code' }, { screenshot: 'trace/page-unknown' }]);
    await api(`/v1/batches/${batch.id}/recall`, { key: keys.merchant.secretKey, body: { reason: '抽检不合格' } });
    for (const code of codes) await openPage(code.uri, [{ waitFor: 'div.status-recalled' }]);
    await openPage(codes[1]!.uri, [{ waitFor: 'div.status-recalled >> text=抽检不合格' }, { screenshot: 'trace/page-recalled' }]);
  });
});
