/** @module Tests of the EPCIS event builders, CBV vocabularies and labels, and EPC helpers. */

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import {
  BIZ_STEPS,
  DISPOSITIONS,
  EPCIS_CONTEXT,
  aggregationEvent,
  associationEvent,
  bizStepLabel,
  bizStepUri,
  canonicalDigitalLink,
  dispositionLabel,
  dispositionUri,
  epcisDocument,
  gs1CheckDigit,
  gtinClass,
  isBizStep,
  isDisposition,
  isEpcisError,
  lgtinClass,
  objectEvent,
  sglnDigitalLink,
  sgtinDigitalLink,
  sgtinEpcUri,
  ssccDigitalLink,
  transactionEvent,
  transformationEvent,
  validateEpcisDocument,
  type EpcisEvent,
} from '@mashang/sdk/epcis';
import { EPCIS_DIR } from './fixtures/epcis/paths.js';

const GTIN = '06901234567892';
const GLN = '6901234000009';
const SSCC = '069012345000000011';
const item = (serial: string): string => sgtinDigitalLink(GTIN, serial);
const rejects = (code: string, pattern: RegExp) => (e: unknown) => isEpcisError(e) && e.code === code && pattern.test(e.message);

const schema = JSON.parse(readFileSync(join(EPCIS_DIR, 'EPCIS-JSON-Schema.json'), 'utf8')) as {
  definitions: Record<string, { anyOf: Array<{ enum?: string[] }> }>;
};
const schemaEnum = (name: string): string[] => schema.definitions[name]!.anyOf.find((a) => a.enum)!.enum!;

describe('CBV vocabularies', () => {
  it('should list exactly the bizStep and disposition words of the official schema', () => {
    assert.deepEqual([...BIZ_STEPS], schemaEnum('bizStep'));
    assert.deepEqual([...DISPOSITIONS], schemaEnum('disposition'));
  });

  it('should recognise words and build CBV web URIs', () => {
    assert.ok(isBizStep('retail_selling') && !isBizStep('Shipping') && !isBizStep(7));
    assert.ok(isDisposition('recalled') && !isDisposition('recall'));
    assert.equal(bizStepUri('receiving'), 'https://ref.gs1.org/cbv/BizStep-receiving');
    assert.equal(dispositionUri('in_transit'), 'https://ref.gs1.org/cbv/Disp-in_transit');
  });

  it('should label the 一物一码 journey steps in Chinese and English', () => {
    assert.equal(bizStepLabel('commissioning'), '赋码/生产');
    assert.equal(bizStepLabel('inspecting'), '质检');
    assert.equal(bizStepLabel('packing'), '装箱');
    assert.equal(bizStepLabel('shipping'), '出库/发货');
    assert.equal(bizStepLabel('receiving'), '入库/收货');
    assert.equal(bizStepLabel('retail_selling'), '零售');
    assert.equal(bizStepLabel('retail_selling', 'en'), 'Retail selling');
    assert.equal(dispositionLabel('recalled'), '已召回');
    assert.equal(dispositionLabel('in_transit', 'en'), 'In transit');
  });

  it('should have a zh-CN and an en label for every word', () => {
    for (const step of BIZ_STEPS) {
      assert.notEqual(bizStepLabel(step, 'zh-CN'), step);
      assert.notEqual(bizStepLabel(step, 'en'), step);
    }
    for (const d of DISPOSITIONS) {
      assert.notEqual(dispositionLabel(d, 'zh-CN'), d);
      assert.notEqual(dispositionLabel(d, 'en'), d);
    }
  });

  it('should label URI and legacy URN forms, and pass unknown values through', () => {
    assert.equal(bizStepLabel('https://ref.gs1.org/cbv/BizStep-shipping', 'en'), 'Shipping');
    assert.equal(bizStepLabel('urn:epcglobal:cbv:bizstep:receiving'), '入库/收货');
    assert.equal(dispositionLabel('urn:epcglobal:cbv:disp:retail_sold'), '已售出');
    assert.equal(bizStepLabel('https://mashang.example/voc/tasting'), 'https://mashang.example/voc/tasting');
    assert.equal(bizStepLabel('toString'), 'toString');
  });
});

describe('EPC helpers', () => {
  it('should build SGTIN, LGTIN, SGLN and SSCC Digital Links', () => {
    assert.equal(item('A1B2'), 'https://id.gs1.org/01/06901234567892/21/A1B2');
    assert.equal(sgtinDigitalLink('6901234567892', '7', 'https://mashang.example/'), 'https://mashang.example/01/06901234567892/21/7');
    assert.equal(lgtinClass(GTIN, 'L2024-05'), 'https://id.gs1.org/01/06901234567892/10/L2024-05');
    assert.equal(gtinClass('6901234567892'), 'https://id.gs1.org/01/06901234567892');
    assert.equal(sglnDigitalLink(GLN), 'https://id.gs1.org/414/6901234000009');
    assert.equal(sglnDigitalLink(GLN, 'DOCK1'), 'https://id.gs1.org/414/6901234000009/254/DOCK1');
    assert.equal(ssccDigitalLink(SSCC), 'https://id.gs1.org/00/069012345000000011');
    assert.equal(sgtinDigitalLink(GTIN, "a/b(1)'"), "https://id.gs1.org/01/06901234567892/21/a%2Fb%281%29'");
  });

  it('should refuse wrong check digits, lengths and characters, saying what to fix', () => {
    assert.throws(() => item(''), rejects('bad_key', /1–20 characters/));
    assert.throws(() => sgtinDigitalLink('06901234567891', '1'), rejects('bad_key', /last digit should be 2/));
    assert.throws(() => sgtinDigitalLink('123', '1'), rejects('bad_key', /8, 12, 13, 14 digits/));
    assert.throws(() => sgtinDigitalLink(GTIN, '序列号'), rejects('bad_key', /character set 82/));
    assert.throws(() => sgtinDigitalLink(GTIN, 'x'.repeat(21)), rejects('bad_key', /1–20/));
    assert.throws(() => ssccDigitalLink('069012345000000012'), rejects('bad_key', /SSCC/));
    assert.throws(() => sgtinDigitalLink(GTIN, '1', 'ftp://x'), rejects('bad_input', /http\(s\) URL/));
    assert.throws(() => sgtinEpcUri(GTIN, '1', 5), rejects('bad_input', /6 to 12/));
  });

  it('should compute GS1 check digits', () => {
    assert.equal(gs1CheckDigit('0690123456789'), 2);
    assert.equal(gs1CheckDigit('06141411234'), 5);
  });

  it('should give EPC URN and Digital Link forms the same canonical EPC (property)', () => {
    const gtinArb = fc.stringMatching(/^[0-9]{13}$/).map((body) => body + gs1CheckDigit(body));
    const serialArb = fc.stringMatching(/^[!"%&'()*+,\-./0-9:;<=>?A-Z_a-z]{1,20}$/);
    fc.assert(
      fc.property(gtinArb, serialArb, fc.integer({ min: 6, max: 12 }), (gtin, serial, cpLength) => {
        const canonical = canonicalDigitalLink(sgtinDigitalLink(gtin, serial));
        assert.equal(canonicalDigitalLink(sgtinEpcUri(gtin, serial, cpLength)), canonical);
        assert.equal(canonicalDigitalLink(sgtinDigitalLink(gtin, serial, 'https://shop.example.cn/p')), canonical);
      }),
      { numRuns: 300 },
    );
  });
});

describe('event builders', () => {
  const when = new Date('2024-05-01T00:00:00.000Z');

  it('should compute eventTime and eventTimeZoneOffset from a Date', () => {
    const e = objectEvent({ action: 'ADD', epcList: [item('1')], eventTime: when, eventTimeZoneOffset: '+08:00' });
    assert.equal(e.type, 'ObjectEvent');
    assert.equal(e.eventTime, '2024-05-01T08:00:00.000+08:00');
    assert.equal(e.eventTimeZoneOffset, '+08:00');
    assert.deepEqual(Object.keys(e).slice(0, 3), ['type', 'eventTime', 'eventTimeZoneOffset']);
  });

  it('should default to now in the runtime time zone', () => {
    const before = Date.now();
    const e = objectEvent({ action: 'OBSERVE', epcList: [item('1')] });
    assert.ok(Date.parse(e.eventTime) >= before - 1 && Date.parse(e.eventTime) <= Date.now());
    const offset = -new Date(Date.parse(e.eventTime)).getTimezoneOffset();
    assert.equal(e.eventTimeZoneOffset, `${offset < 0 ? '-' : '+'}${String(Math.trunc(Math.abs(offset) / 60)).padStart(2, '0')}:${String(Math.abs(offset) % 60).padStart(2, '0')}`);
  });

  it('should keep a string eventTime and take its offset', () => {
    const e = objectEvent({ action: 'OBSERVE', epcList: [], eventTime: '2024-05-01T08:00:00-05:30' });
    assert.equal(e.eventTimeZoneOffset, '-05:30');
    assert.equal(objectEvent({ action: 'OBSERVE', epcList: [], eventTime: '2024-05-01T08:00:00Z' }).eventTimeZoneOffset, '+00:00');
  });

  it('should reject malformed times and offsets', () => {
    assert.throws(() => objectEvent({ action: 'OBSERVE', epcList: [], eventTime: '2024-05-01 08:00' }), rejects('bad_time', /RFC 3339/));
    assert.throws(() => objectEvent({ action: 'OBSERVE', epcList: [], eventTimeZoneOffset: '+8' }), rejects('bad_time', /"\+08:00"/));
    assert.throws(() => objectEvent({ action: 'OBSERVE', epcList: [], eventTime: new Date(Number.NaN) }), rejects('bad_time', /valid Date/));
  });

  it('should reject vocabulary typos and missing required parts', () => {
    assert.throws(() => objectEvent({ action: 'OBSERVE', epcList: [], bizStep: 'shippin' }), rejects('bad_event', /bizStep "shippin"/));
    assert.throws(() => objectEvent({ action: 'OBSERVE', epcList: [], disposition: 'urn:epcglobal:cbv:disp:x' }), rejects('bad_event', /disposition/));
    assert.throws(() => objectEvent({ action: 'OBSERVE' }), rejects('bad_event', /epcList or quantityList/));
    assert.throws(() => objectEvent({ action: 'OBSERVE', epcList: [], ilmd: {} }), rejects('bad_event', /only allowed with action "ADD"/));
    assert.throws(() => objectEvent({ epcList: [] } as never), rejects('bad_event', /action "ADD", "OBSERVE" or "DELETE"/));
    assert.throws(() => aggregationEvent({ action: 'ADD', childEPCs: [item('1')] }), rejects('bad_event', /parentID/));
    assert.throws(() => aggregationEvent({ action: 'ADD', parentID: ssccDigitalLink(SSCC) }), rejects('bad_event', /childEPCs/));
    assert.throws(() => transactionEvent({ action: 'ADD', epcList: [], bizTransactionList: [] }), rejects('bad_event', /bizTransactionList/));
    assert.throws(() => transformationEvent({ action: 'ADD', outputEPCList: [item('1')] } as never), rejects('bad_event', /no action/));
    assert.throws(() => transformationEvent({}), rejects('bad_event', /at least one/));
    assert.throws(() => associationEvent({ action: 'ADD', childEPCs: [item('1')] } as never), rejects('bad_event', /parentID/));
  });

  it('should accept company-specific vocabulary URIs', () => {
    const e = objectEvent({ action: 'OBSERVE', epcList: [], bizStep: 'https://mashang.example/voc/tasting' });
    assert.equal(e.bizStep, 'https://mashang.example/voc/tasting');
  });

  it('should build documents the official schema accepts, for all five event types', () => {
    const readPoint = { id: sglnDigitalLink(GLN, 'LINE1') };
    const events: EpcisEvent[] = [
      objectEvent({ eventTime: when, action: 'ADD', bizStep: 'commissioning', disposition: 'active', epcList: [item('1'), item('2')], readPoint, ilmd: { 'cbvmda:lotNumber': 'L1' } }),
      aggregationEvent({ eventTime: when, action: 'ADD', bizStep: 'packing', parentID: ssccDigitalLink(SSCC), childEPCs: [item('1'), item('2')], readPoint }),
      transactionEvent({ eventTime: when, action: 'ADD', bizStep: 'shipping', disposition: 'in_transit', epcList: [ssccDigitalLink(SSCC)], bizTransactionList: [{ type: 'po', bizTransaction: 'urn:epcglobal:cbv:bt:6901234000009:PO1' }], sourceList: [{ type: 'owning_party', source: 'https://id.gs1.org/417/6901234000009' }] }),
      transformationEvent({ eventTime: when, bizStep: 'commissioning', inputQuantityList: [{ epcClass: lgtinClass(GTIN, 'RAW7'), quantity: 25, uom: 'KGM' }], outputEPCList: [item('9')], 'mashang:line': 'A' }),
      associationEvent({ eventTime: when, action: 'ADD', bizStep: 'installing', parentID: 'https://id.gs1.org/8004/6901234ABC1', childEPCs: ['https://id.gs1.org/8004/6901234SENSOR7'] }),
      objectEvent({ eventTime: when, action: 'OBSERVE', bizStep: 'retail_selling', disposition: 'retail_sold', quantityList: [{ epcClass: lgtinClass(GTIN, 'L1'), quantity: 1 }] }),
    ];
    const doc = epcisDocument(events, { context: [{ mashang: 'https://mashang.example/epcis/' }], creationDate: when });
    assert.deepEqual(doc['@context'], [EPCIS_CONTEXT, { mashang: 'https://mashang.example/epcis/' }]);
    assert.equal(doc.creationDate, '2024-05-01T00:00:00.000Z');
    assert.deepEqual(validateEpcisDocument(doc), { valid: true });
  });

  it('should not repeat the standard context and should default creationDate to now', () => {
    const doc = epcisDocument([], { context: EPCIS_CONTEXT });
    assert.deepEqual(doc['@context'], [EPCIS_CONTEXT]);
    assert.ok(Math.abs(Date.parse(doc.creationDate) - Date.now()) < 5000);
    assert.throws(() => epcisDocument({} as never), rejects('bad_input', /array of events/));
  });
});

/** Compile-time checks (run by `tsc -p tsconfig.tests.json`, never executed). */
export function typeChecks(): void {
  // @ts-expect-error ObjectEvent needs an action
  objectEvent({ epcList: [] });
  // @ts-expect-error AssociationEvent needs a parentID
  associationEvent({ action: 'ADD', childEPCs: [] });
  // @ts-expect-error actions are upper-case words
  objectEvent({ action: 'add', epcList: [] });
  // Extensions are namespaced properties of any type.
  objectEvent({ action: 'ADD', epcList: [], 'mashang:note': { any: 1 } });
}
