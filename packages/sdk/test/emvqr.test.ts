import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import {
  EmvQrError,
  crc16ccittFalse,
  decodeEmvQr,
  encodeEmvQr,
  fenToAmountString,
  isEmvQrError,
  isMerchantAccountTemplate,
  yuanToFen,
  type EmvQr,
  type EmvQrErrorCode,
  type EmvQrInput,
  type EmvTemplate,
  type MerchantAccount,
} from '@mashang/sdk/emvqr';

const standards = readFileSync(new URL('../../../../shared/standards/payment-credit.md', import.meta.url), 'utf8');
const section1 = standards.slice(standards.indexOf('## 1. EMV'), standards.indexOf('## 2. China'));
/** The "Test vectors" table of section 1.4: name, payload, documented CRC. */
const vectors = new Map(
  [...section1.matchAll(/^\| (V\d+) \|[^|]*\| `([^`]+)` \| ([0-9A-F]{4}) ✔ \|$/gm)].map((m) => [m[1]!, { payload: m[2]!, crc: m[3]! }]),
);
const V = (name: string): string => vectors.get(name)!.payload;
/** National-scheme vectors that omit tags EMV marks mandatory (PromptPay has no 52, 59, 60). */
const OMITS_MANDATORY = new Set(['V8', 'V11']);

/** Appends a correct CRC object to `body`, for hand-built payloads. */
function withCrc(body: string): string {
  const text = `${body}6304`;
  return text + crc16ccittFalse(text).toString(16).toUpperCase().padStart(4, '0');
}

/** One data object with its length in characters. */
const tlv = (id: string, value: string): string => id + String([...value].length).padStart(2, '0') + value;

/** A conforming payload body (no CRC) with root values replaced (`null` removes), plus raw extra objects. */
function body(overrides: Record<string, string | null> = {}, extra = ''): string {
  const root: Array<[string, string]> = [
    ['00', '01'], ['29', tlv('00', 'COM.MASHANG')], ['52', '5812'], ['53', '156'], ['58', 'CN'], ['59', 'NAME'], ['60', 'HZ'],
  ];
  for (const id of Object.keys(overrides)) if (!root.some(([r]) => r === id)) root.push([id, '']);
  return root.map(([id, value]) => (id in overrides ? (overrides[id] === null ? '' : tlv(id, overrides[id]!)) : tlv(id, value))).join('') + extra;
}

function throwsEmv(fn: () => unknown, code: EmvQrErrorCode, tag?: string | RegExp): EmvQrError {
  try {
    fn();
  } catch (error) {
    assert.ok(error instanceof EmvQrError, `expected EmvQrError, got ${String(error)}`);
    assert.equal(error.name, 'EmvQrError');
    assert.equal(error.code, code, error.message);
    if (typeof tag === 'string') {
      assert.equal(error.tag, tag, error.message);
      assert.ok(error.message.includes(`tag ${tag}`), `message should name tag ${tag}: ${error.message}`);
    } else if (tag) {
      assert.match(error.message, tag);
    }
    return error;
  }
  assert.fail(`expected EmvQrError ${code}`);
}

const account29: MerchantAccount = { id: '29', globallyUniqueId: 'COM.MASHANG', fields: [{ id: '01', value: 'mch_1' }] };
const minimal: EmvQrInput = {
  merchantAccounts: [account29],
  mcc: '5812',
  currency: '156',
  countryCode: 'CN',
  merchantName: 'ZHANG SAN NOODLES',
  merchantCity: 'HUZHOU',
};

describe('decodeEmvQr: standards vectors', () => {
  it('should read V1, V2, V8 and V11 from the standards file', () => {
    assert.deepEqual([...vectors.keys()], ['V1', 'V2', 'V8', 'V11']);
  });

  for (const [name, { payload, crc }] of vectors) {
    it(`should decode ${name} with the documented CRC and re-encode it byte for byte`, () => {
      const qr = decodeEmvQr(payload);
      assert.equal(qr.crc, crc);
      assert.equal(encodeEmvQr(qr, { requireMandatory: !OMITS_MANDATORY.has(name) }), payload);
      if (OMITS_MANDATORY.has(name)) {
        assert.deepEqual(qr.warnings.map((w) => w.slice(0, 6)), ['tag 52', 'tag 59', 'tag 60']);
        throwsEmv(() => decodeEmvQr(payload, { strict: true }), 'missing_field', '52');
        throwsEmv(() => encodeEmvQr(qr), 'missing_field', '52');
      } else {
        assert.deepEqual(qr.warnings, []);
        assert.deepEqual(decodeEmvQr(payload, { strict: true }), qr);
      }
    });
  }

  it('should decode V1 (EMVCo sample) into the documented fields', () => {
    const qr = decodeEmvQr(V('V1'));
    assert.equal(qr.payloadFormatIndicator, '01');
    assert.equal(qr.pointOfInitiation, 'dynamic');
    assert.deepEqual(qr.merchantAccounts, [
      { id: '29', globallyUniqueId: 'D15600000000', fields: [{ id: '05', value: 'A93FO3230Q' }] },
      { id: '31', globallyUniqueId: 'D15600000001', fields: [{ id: '03', value: '12345678' }] },
    ]);
    assert.equal(qr.mcc, '4111');
    assert.equal(qr.currency, '156');
    assert.equal(qr.amount, '23.72');
    assert.equal(qr.tipIndicator, 'prompt');
    assert.equal(qr.countryCode, 'CN');
    assert.equal(qr.merchantName, 'BEST TRANSPORT');
    assert.equal(qr.merchantCity, 'BEIJING');
    assert.deepEqual(
      { ...qr.additionalData, fields: undefined },
      { storeLabel: '1234', customerLabel: '***', terminalLabel: 'A6008667', consumerDataRequest: 'ME', fields: undefined },
    );
    assert.deepEqual(qr.additionalData?.fields?.map((f) => f.id), ['03', '06', '07', '09']);
    assert.equal(qr.languageTemplate?.languagePreference, 'ZH');
    assert.equal(qr.languageTemplate?.merchantNameAlt, '最佳运输');
    assert.equal(qr.languageTemplate?.merchantCityAlt, '北京');
    assert.deepEqual(qr.unreservedTemplates, [
      { id: '91', globallyUniqueId: 'A011223344998877', fields: [{ id: '07', value: '12345678' }] },
    ]);
  });

  it('should keep V1’s non-ascending tag order in tlvs', () => {
    const ids = decodeEmvQr(V('V1')).tlvs.map((t) => t.id).join(' ');
    assert.equal(ids, '00 01 29 31 52 58 59 60 64 54 53 55 62 91 63');
  });

  it('should count lengths in characters and compute the CRC over UTF-8 bytes', () => {
    const p = V('V1');
    assert.equal(p.length, 248);
    assert.equal(new TextEncoder().encode(p).length, 260);
    assert.equal(crc16ccittFalse(p.slice(0, -4)), 0xa13a);
    let naive = 0xffff; // the charCodeAt pitfall from the standards file gives C919
    for (let i = 0; i < p.length - 4; i++) {
      naive ^= (p.charCodeAt(i) & 0xff) << 8;
      for (let b = 0; b < 8; b++) naive = naive & 0x8000 ? ((naive << 1) ^ 0x1021) & 0xffff : (naive << 1) & 0xffff;
    }
    assert.notEqual(naive, 0xa13a);
  });

  it('should decode V2 (PIX) and V8/V11 (PromptPay)', () => {
    const pix = decodeEmvQr(V('V2'));
    assert.deepEqual(pix.merchantAccounts, [
      { id: '26', globallyUniqueId: 'br.gov.bcb.pix', fields: [{ id: '01', value: 'thalesog@me.com' }, { id: '02', value: 'Pedido 123' }] },
    ]);
    assert.equal(pix.merchantCity, 'SAO MIGUEL DO O');
    assert.equal(pix.additionalData?.referenceLabel, '***');
    const v8 = decodeEmvQr(V('V8'));
    assert.equal(v8.pointOfInitiation, 'static');
    assert.equal(v8.amount, undefined);
    const account = v8.merchantAccounts[0]!;
    assert.ok(isMerchantAccountTemplate(account));
    assert.equal(account.globallyUniqueId, 'A000000677010111');
    assert.deepEqual(account.fields, [{ id: '01', value: '0066801234567' }]);
    const v11 = decodeEmvQr(V('V11'));
    assert.equal(v11.pointOfInitiation, 'dynamic');
    assert.equal(v11.amount, '4.22');
  });
});

describe('decodeEmvQr: lessons from the held-back vectors', () => {
  it('should warn, not throw, when a field is over its maximum length but the CRC is fine (V16)', () => {
    const p = withCrc(body({ '15': '37210116372101160123456789ABCDE', '58': 'KH', '60': 'Banteay Meanchey', '29': null }));
    const qr = decodeEmvQr(p);
    assert.equal(qr.merchantCity, 'Banteay Meanchey');
    assert.equal(qr.warnings.length, 1);
    assert.match(qr.warnings[0]!, /^tag 60 \(Merchant City\) is 16 characters, over the 15-character maximum$/);
    throwsEmv(() => decodeEmvQr(p, { strict: true }), 'bad_length', '60');
    throwsEmv(() => encodeEmvQr(qr), 'bad_length', '60');
  });

  it('should accept a static code with an amount without decimals (V15) and a tag after 52 (V16)', () => {
    const p = encodeEmvQr({
      ...minimal,
      merchantAccounts: [{ id: '15', value: '37210116372101160123456789ABCDE' }],
      pointOfInitiation: 'static',
      amount: '100',
      tlvs: [{ id: '52', value: '' }, { id: '15', value: '' }],
    });
    const qr = decodeEmvQr(p, { strict: true });
    assert.equal(qr.amount, '100');
    assert.equal(qr.pointOfInitiation, 'static');
    assert.deepEqual(qr.tlvs.map((t) => t.id).slice(0, 3), ['00', '52', '15']);
  });

  it('should decode a UnionPay primitive in tag 15 and WeChat Pay in template 34 (V13 shape)', () => {
    const input: EmvQrInput = {
      ...minimal,
      merchantAccounts: [
        { id: '15', value: '2500034400010344500034453110001' },
        { id: '34', globallyUniqueId: 'COM.QQ.WEIXIN.PAY', fields: [{ id: '01', value: '1234567890' }, { id: '02', value: '1234' }] },
      ],
      currency: '702',
      countryCode: 'SG',
    };
    const qr = decodeEmvQr(encodeEmvQr(input), { strict: true });
    assert.deepEqual(qr.merchantAccounts, input.merchantAccounts);
    assert.equal(isMerchantAccountTemplate(qr.merchantAccounts[0]!), false);
  });
});

describe('decodeEmvQr: errors', () => {
  const p = encodeEmvQr(minimal);

  it('should always throw crc_mismatch for a changed character, strict or not', () => {
    const damaged = p.replace('HUZHOU', 'HUZHOV');
    const error = throwsEmv(() => decodeEmvQr(damaged), 'crc_mismatch', '63');
    assert.match(error.message, /damaged or was edited/);
  });

  it('should reject structure problems with the right code and tag', () => {
    throwsEmv(() => decodeEmvQr(''), 'missing_field', '00');
    throwsEmv(() => decodeEmvQr(p.slice(0, -4) + p.slice(-4).toLowerCase()), 'bad_format', '63');
    throwsEmv(() => decodeEmvQr(p.slice(0, -8)), 'missing_field', '63');
    throwsEmv(() => decodeEmvQr(withCrc('000202' + body({ '00': null }))), 'bad_value', '00');
    throwsEmv(() => decodeEmvQr(withCrc('5802CN000201')), 'bad_format', '00');
    assert.equal(decodeEmvQr(withCrc('000201')).warnings[0], 'no Merchant Account Information (IDs 02–51); at least one is mandatory');
    throwsEmv(() => decodeEmvQr(withCrc('000201'), { strict: true }), 'missing_field', /IDs 02–51/);
    throwsEmv(() => decodeEmvQr('000201' + '6304A13A' + '5802CN'), 'bad_format', '63');
    throwsEmv(() => decodeEmvQr(withCrc('0002015802CN5802CN')), 'bad_format', '58');
    throwsEmv(() => decodeEmvQr(withCrc('000201580XCN')), 'bad_length', '58');
    throwsEmv(() => decodeEmvQr(withCrc('0002015899CN')), 'bad_length', '58');
    throwsEmv(() => decodeEmvQr(withCrc('000201AB02CN')), 'bad_format', /2-digit ID/);
    throwsEmv(() => decodeEmvQr('00020163'), 'bad_length', '63');
    throwsEmv(() => decodeEmvQr('0002016303ABC'), 'bad_length', '63');
  });

  it('should reject templates whose value is not TLV, naming the sub-tag', () => {
    throwsEmv(() => decodeEmvQr(withCrc('0002012605hello5802CN')), 'bad_format', '26');
    throwsEmv(() => decodeEmvQr(withCrc(body({ '62': '050912345' }))), 'bad_length', '62.05');
    throwsEmv(() => decodeEmvQr(withCrc(body({ '62': '05021205021' + '2' }))), 'bad_format', '62.05');
  });

  it('should reject non-strings and unpaired surrogates', () => {
    throwsEmv(() => decodeEmvQr(42 as unknown as string), 'bad_format');
    throwsEmv(() => decodeEmvQr(withCrc(body({ '59': 'A\uD800B' }))), 'bad_format', /unpaired UTF-16 surrogate/);
  });

  it('should be recognised by isEmvQrError across realms', () => {
    const error = throwsEmv(() => decodeEmvQr('x'), 'bad_format');
    assert.ok(error instanceof Error);
    assert.ok(isEmvQrError(error));
    assert.ok(isEmvQrError({ name: 'EmvQrError', code: 'bad_value', message: 'from an iframe' }));
    assert.equal(isEmvQrError(new Error('x')), false);
  });

  for (const [what, payloadBody, code, tag] of [
    ['a non-numeric currency', body({ '53': 'CNY' }), 'bad_format', '53'],
    ['an amount with 3 decimals', body({ '54': '12.345' }), 'bad_format', '54'],
    ['an amount with a separator', body({ '54': '1,000' }), 'bad_format', '54'],
    ['an unknown point of initiation', body({ '01': '13' }), 'bad_value', '01'],
    ['an unknown tip indicator', body({ '55': '04' }), 'bad_value', '55'],
    ['a fixed fee indicator without tag 56', body({ '55': '02' }), 'missing_field', '56'],
    ['a fee percentage of zero', body({ '55': '03', '57': '0.00' }), 'bad_value', '57'],
    ['a lower-case country code', body({ '58': 'cn' }), 'bad_value', '58'],
    ['a Chinese merchant name', body({ '59': '张三面馆' }), 'bad_value', '59'],
    ['a template without its GUI', body({ '29': tlv('01', 'x') }), 'missing_field', '29.00'],
    ['a GUI over 32 characters', body({ '29': tlv('00', 'G'.repeat(33)) }), 'bad_length', '29.00'],
    ['a GUI that is not first', body({ '29': tlv('01', 'x') + tlv('00', 'G') }), 'bad_format', '29.00'],
    ['a repeated consumer data request letter', body({ '62': tlv('09', 'MM') }), 'bad_value', '62.09'],
    ['a store label over 25 characters', body({ '62': tlv('03', 'S'.repeat(26)) }), 'bad_length', '62.03'],
    ['a language template without a name', body({ '64': tlv('00', 'ZH') }), 'missing_field', '64.01'],
    ['an EMVCo-reserved tag', body({ '66': 'abc' }), 'bad_value', '66'],
    ['an empty value', body({}, '6100'), 'bad_length', '61'],
  ] as const) {
    it(`should warn about ${what} and throw ${code} on tag ${tag} when strict`, () => {
      const payload = withCrc(payloadBody);
      const qr = decodeEmvQr(payload);
      assert.equal(qr.warnings.length, 1, qr.warnings.join('\n'));
      assert.ok(qr.warnings[0]!.startsWith(`tag ${tag} `), qr.warnings[0]);
      throwsEmv(() => decodeEmvQr(payload, { strict: true }), code, tag);
    });
  }

  it('should keep reserved tags 65–79 only in tlvs', () => {
    const qr = decodeEmvQr(withCrc(body({ '66': 'abc' })));
    assert.deepEqual(qr.tlvs.find((t) => t.id === '66'), { id: '66', value: 'abc' });
    assert.equal(encodeEmvQr(qr).includes('6603abc'), false);
  });
});

describe('encodeEmvQr', () => {
  it('should emit 00 first, ascending tags, and 63 last when built from scratch', () => {
    const p = encodeEmvQr({
      ...minimal,
      pointOfInitiation: 'dynamic',
      amount: fenToAmountString(1250),
      additionalData: { terminalLabel: 'T1', billNumber: 'B-42' },
      languageTemplate: { merchantCityAlt: '湖州', merchantNameAlt: '张三面馆', languagePreference: 'ZH' },
    });
    const qr = decodeEmvQr(p, { strict: true });
    assert.deepEqual(qr.tlvs.map((t) => t.id), ['00', '01', '29', '52', '53', '54', '58', '59', '60', '62', '64', '63']);
    assert.deepEqual(qr.additionalData?.fields?.map((f) => f.id), ['01', '07']);
    assert.equal(qr.languageTemplate?.fields?.map((f) => f.id).join(), '00,01,02');
    assert.equal(qr.amount, '12.50');
    assert.match(p, /64200002ZH0104张三面馆0202湖州6304[0-9A-F]{4}$/);
  });

  it('should refuse Chinese in tags 59 and 60 and say where it belongs', () => {
    const error = throwsEmv(() => encodeEmvQr({ ...minimal, merchantName: '张三面馆' }), 'bad_value', '59');
    assert.match(error.message, /tag 64/);
    assert.match(error.message, /languageTemplate\.merchantNameAlt/);
    throwsEmv(() => encodeEmvQr({ ...minimal, merchantCity: '湖州' }), 'bad_value', '60');
  });

  it('should require the mandatory tags unless told not to', () => {
    for (const [key, tag] of [['mcc', '52'], ['currency', '53'], ['countryCode', '58'], ['merchantName', '59'], ['merchantCity', '60']] as const) {
      const input = { ...minimal, [key]: undefined };
      throwsEmv(() => encodeEmvQr(input), 'missing_field', tag);
      assert.ok(encodeEmvQr(input, { requireMandatory: false }).startsWith('000201'));
    }
    throwsEmv(() => encodeEmvQr({ ...minimal, merchantAccounts: [] }), 'missing_field', /at least one/);
  });

  for (const [what, change, code, tag] of [
    ['a name over 25 characters', { merchantName: 'A'.repeat(26) }, 'bad_length', '59'],
    ['a non-numeric MCC', { mcc: '58a2' }, 'bad_format', '52'],
    ['an amount with a currency symbol', { amount: '¥12.50' }, 'bad_format', '54'],
    ['an amount over 13 characters', { amount: '12345678901.00' }, 'bad_length', '54'],
    ['a percentage fee without its indicator', { convenienceFeePercentage: '5' }, 'bad_value', '57'],
    ['a fixed-fee indicator without a fee', { tipIndicator: 'fixed' }, 'missing_field', '56'],
    ['an unknown point of initiation', { pointOfInitiation: 'once' }, 'bad_value', '01'],
    ['a numeric amount', { amount: 12.5 }, 'bad_value', '54'],
    ['payload format 02', { payloadFormatIndicator: '02' }, 'bad_value', '00'],
    ['a store label over 25 characters', { additionalData: { storeLabel: 'S'.repeat(26) } }, 'bad_length', '62.03'],
    ['an additional data template over 99 characters', { additionalData: { billNumber: 'B'.repeat(25), storeLabel: 'S'.repeat(25), terminalLabel: 'T'.repeat(25), purpose: 'P'.repeat(25) } }, 'bad_length', '62'],
    ['a language template without a name', { languageTemplate: { languagePreference: 'ZH' } }, 'missing_field', '64.01'],
    ['a Chinese city over 15 characters', { languageTemplate: { languagePreference: 'ZH', merchantNameAlt: '店', merchantCityAlt: '湖'.repeat(16) } }, 'bad_length', '64.02'],
    ['a primitive account given as a template', { merchantAccounts: [{ id: '15', globallyUniqueId: 'X', fields: [] }] }, 'bad_value', '15'],
    ['a template account given as a value', { merchantAccounts: [{ id: '26', value: 'x' }] }, 'bad_value', '26'],
    ['an account ID outside 02–51', { merchantAccounts: [{ id: '52', value: 'x' }] }, 'bad_value', /not a Merchant Account/],
    ['a repeated account ID', { merchantAccounts: [account29, account29] }, 'bad_format', '29'],
    ['a GUI inside fields', { merchantAccounts: [{ id: '26', globallyUniqueId: 'G', fields: [{ id: '00', value: 'X' }] }] }, 'bad_value', '26.00'],
    ['a template without GUI', { merchantAccounts: [{ id: '26', fields: [{ id: '01', value: 'X' }] }] }, 'missing_field', '26.00'],
    ['an unreserved template ID outside 80–99', { unreservedTemplates: [{ id: '79', globallyUniqueId: 'G', fields: [] }] }, 'bad_value', /80–99/],
    ['a payload over 512 characters', { merchantAccounts: ['26', '27', '28', '30', '31', '32'].map((id) => ({ id, globallyUniqueId: 'G'.repeat(32), fields: [{ id: '01', value: 'v'.repeat(59) }] })) }, 'bad_length', /512/],
    ['additional data that is not an object', { additionalData: 'B-42' }, 'bad_value', '62'],
    ['tlvs that is not an array', { tlvs: 'x' }, 'bad_value', /tlvs must be an array/],
    ['an unpaired surrogate', { languageTemplate: { languagePreference: 'ZH', merchantNameAlt: '\uDC00' } }, 'bad_format', '64.01'],
  ] as const) {
    it(`should throw ${code} for ${what}`, () => {
      throwsEmv(() => encodeEmvQr({ ...minimal, ...(change as Partial<EmvQrInput>) }), code, tag);
    });
  }

  it('should take values from named fields and order from tlvs', () => {
    const original = decodeEmvQr(V('V1'));
    const edited = encodeEmvQr({ ...original, amount: '99.99' });
    assert.equal(edited.slice(0, -4), V('V1').slice(0, -4).replace('540523.72', '540599.99'));
    const withoutAmount = decodeEmvQr(encodeEmvQr({ ...original, amount: undefined }));
    assert.equal(withoutAmount.amount, undefined);
    assert.equal(withoutAmount.tlvs.map((t) => t.id).join(' '), '00 01 29 31 52 58 59 60 64 53 55 62 91 63');
    const withPostal = decodeEmvQr(encodeEmvQr({ ...original, postalCode: '313000' }));
    assert.equal(withPostal.tlvs.map((t) => t.id).slice(-3).join(' '), '91 61 63');
  });

  it('should let named 62 sub-fields win and keep unnamed ones from fields', () => {
    const original = decodeEmvQr(withCrc(body({ '62': tlv('07', 'TERMINAL') + tlv('50', 'abc') })));
    assert.deepEqual(original.warnings, []);
    const qr = decodeEmvQr(encodeEmvQr({ ...original, additionalData: { ...original.additionalData, terminalLabel: 'T2', billNumber: 'B1' } }));
    assert.deepEqual(qr.additionalData?.fields, [
      { id: '07', value: 'T2' },
      { id: '50', value: 'abc' },
      { id: '01', value: 'B1' },
    ]);
  });

  it('should count an astral character as one character', () => {
    const qr = decodeEmvQr(encodeEmvQr({ ...minimal, languageTemplate: { languagePreference: 'ZH', merchantNameAlt: '𠀀记' } }), { strict: true });
    assert.equal(qr.tlvs.find((t) => t.id === '64')?.value, '0002ZH0102𠀀记');
  });
});

describe('crc16ccittFalse', () => {
  it('should give the CRC-16/CCITT-FALSE check value', () => {
    assert.equal(crc16ccittFalse('123456789'), 0x29b1);
    assert.equal(crc16ccittFalse(new TextEncoder().encode('123456789')), 0x29b1);
    assert.equal(crc16ccittFalse(''), 0xffff);
  });
});

describe('yuanToFen / fenToAmountString', () => {
  it('should convert exactly', () => {
    assert.equal(yuanToFen('12.5'), 1250);
    assert.equal(yuanToFen('12.50'), 1250);
    assert.equal(yuanToFen('0.01'), 1);
    assert.equal(yuanToFen('0.29'), 29);
    assert.equal(yuanToFen('100'), 10000);
    assert.equal(yuanToFen('90071992547409.91'), Number.MAX_SAFE_INTEGER);
    assert.equal(fenToAmountString(1250), '12.50');
    assert.equal(fenToAmountString(1), '0.01');
    assert.equal(fenToAmountString(0), '0.00');
    assert.equal(fenToAmountString(Number.MAX_SAFE_INTEGER), '90071992547409.91');
  });

  for (const [input, pattern] of [
    ['12.505', /3 decimals/],
    ['-1', /sign/],
    ['+1', /sign/],
    ['1e3', /exponent/],
    ['NaN', /not a decimal number/],
    ['Infinity', /not a decimal number/],
    ['', /empty/],
    [' 1', /whitespace/],
    ['1,000', /separator/],
    ['12.', /both sides/],
    ['.5', /both sides/],
    ['0x10', /not a decimal number/],
    ['90071992547409.92', /too large/],
  ] as const) {
    it(`should reject yuan ${JSON.stringify(input)}`, () => {
      assert.throws(() => yuanToFen(input), (e: unknown) => e instanceof RangeError && pattern.test(e.message));
    });
  }

  it('should reject numbers and bad fen', () => {
    assert.throws(() => yuanToFen(12.5 as unknown as string), TypeError);
    for (const bad of [1.5, -1, Number.NaN, Number.MAX_SAFE_INTEGER + 1, Infinity, '12' as unknown as number]) {
      assert.throws(() => fenToAmountString(bad), RangeError, String(bad));
    }
  });

  it('should round-trip every safe fen amount (property)', () => {
    fc.assert(fc.property(fc.maxSafeNat(), (fen) => yuanToFen(fenToAmountString(fen)) === fen));
  });
});

// ---------------------------------------------------------------------------------------------
// Property tests

const ans = (min: number, max: number) =>
  fc.string({ unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)), minLength: min, maxLength: max });
const anyText = (min: number, max: number) => fc.string({ unit: 'binary', minLength: min, maxLength: max });
const digits = (n: number) => fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: n, maxLength: n });
const twoDigitIds = (min: number, max: number) => fc.integer({ min, max }).map((n) => String(n).padStart(2, '0'));

const template = (id: string): fc.Arbitrary<EmvTemplate> =>
  fc
    .record({
      gui: ans(1, 32),
      fields: fc.uniqueArray(fc.record({ id: twoDigitIds(1, 99), value: anyText(1, 20) }), { maxLength: 2, selector: (f) => f.id }),
    })
    .map(({ gui, fields }) => ({ id, globallyUniqueId: gui, fields }));

const merchantAccount: fc.Arbitrary<MerchantAccount> = twoDigitIds(2, 51).chain((id): fc.Arbitrary<MerchantAccount> =>
  Number(id) <= 25 ? ans(1, 30).map((value) => ({ id, value })) : template(id),
);

const amount = fc.oneof(fc.nat({ max: 99_999_999_999 }).map(fenToAmountString), fc.nat({ max: 9_999_999 }).map(String));
const percentage = fc
  .tuple(fc.integer({ min: 0, max: 99 }), fc.boolean(), fc.integer({ min: 0, max: 99 }), fc.boolean())
  .filter(([whole, , frac]) => whole > 0 || frac > 0)
  .map(([whole, pad, frac, hasFrac]) => `${pad ? String(whole).padStart(2, '0') : whole}${hasFrac || whole === 0 ? `.${String(frac).padStart(2, '0')}` : ''}`);
const tip = fc.oneof(
  fc.constant({}),
  fc.constant({ tipIndicator: 'prompt' as const }),
  amount.map((fee) => ({ tipIndicator: 'fixed' as const, convenienceFeeFixed: fee })),
  percentage.map((fee) => ({ tipIndicator: 'percentage' as const, convenienceFeePercentage: fee })),
);
const additionalData = fc
  .uniqueArray(fc.constantFrom('billNumber', 'mobileNumber', 'storeLabel', 'loyaltyNumber', 'referenceLabel', 'customerLabel', 'terminalLabel', 'purpose', 'consumerDataRequest'), { minLength: 1, maxLength: 3 })
  .chain((keys) =>
    fc.tuple(...keys.map((key) => (key === 'consumerDataRequest' ? fc.shuffledSubarray(['A', 'M', 'E'], { minLength: 1 }).map((l) => l.join('')) : ans(1, 25)))).map((values) =>
      Object.fromEntries(keys.map((key, i) => [key, values[i]])),
    ),
  );
const languageTemplate = fc.record(
  { languagePreference: fc.constantFrom('ZH', 'EN', 'zh'), merchantNameAlt: anyText(1, 25), merchantCityAlt: anyText(1, 15) },
  { requiredKeys: ['languagePreference', 'merchantNameAlt'] },
);
const allIds = Array.from({ length: 100 }, (_, i) => String(i).padStart(2, '0'));

const validInput: fc.Arbitrary<EmvQrInput> = fc
  .record({
    pointOfInitiation: fc.option(fc.constantFrom('static' as const, 'dynamic' as const), { nil: undefined }),
    merchantAccounts: fc.uniqueArray(merchantAccount, { minLength: 1, maxLength: 2, selector: (a) => a.id }),
    mcc: digits(4),
    currency: digits(3),
    amount: fc.option(amount, { nil: undefined }),
    tip,
    countryCode: fc.string({ unit: fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZ'), minLength: 2, maxLength: 2 }),
    merchantName: ans(1, 25),
    merchantCity: ans(1, 15),
    postalCode: fc.option(ans(1, 10), { nil: undefined }),
    additionalData: fc.option(additionalData, { nil: undefined }),
    languageTemplate: fc.option(languageTemplate, { nil: undefined }),
    unreserved: fc.option(twoDigitIds(80, 99).chain(template), { nil: undefined }),
    order: fc.option(fc.shuffledSubarray(allIds, { minLength: 100, maxLength: 100 }), { nil: undefined }),
  })
  .map(({ tip: tipFields, unreserved, order, ...rest }) => ({
    ...rest,
    ...tipFields,
    ...(unreserved ? { unreservedTemplates: [unreserved] } : {}),
    ...(order ? { tlvs: order.map((id) => ({ id, value: '' })) } : {}),
  }));

/** Encodes, skipping the rare generated value that is over the 512-character payload limit. */
function encodeOrSkip(input: EmvQrInput): string {
  try {
    return encodeEmvQr(input);
  } catch (error) {
    fc.pre(!(isEmvQrError(error) && error.code === 'bad_length' && error.tag === undefined));
    throw error;
  }
}

function onlyEmvQrErrors(fn: () => unknown): void {
  try {
    fn();
  } catch (error) {
    if (!(error instanceof EmvQrError)) throw error;
  }
}

describe('EMV QR properties', () => {
  it('should round-trip random valid values: encode → decode → encode', () => {
    fc.assert(
      fc.property(validInput, (input) => {
        const payload = encodeOrSkip(input);
        const qr: EmvQr = decodeEmvQr(payload, { strict: true });
        assert.equal(encodeEmvQr(qr), payload);
        assert.equal(qr.merchantName, input.merchantName);
        assert.equal(qr.amount, input.amount);
        assert.deepEqual(qr.merchantAccounts.map((a) => a.id).sort(), input.merchantAccounts.map((a) => a.id).sort());
      }),
      { numRuns: 500 },
    );
  });

  it('should catch every single ASCII character change in a valid payload', () => {
    const payloads = fc.oneof(fc.constantFrom(...[...vectors.values()].map((v) => v.payload)), validInput.map(encodeOrSkip));
    fc.assert(
      fc.property(payloads, fc.nat(), fc.integer({ min: 0x20, max: 0x7e }), (payload, at, code) => {
        const positions = [...payload.matchAll(/[\x20-\x7e]/g)].map((m) => m.index);
        const i = positions[at % positions.length]!;
        const replacement = String.fromCharCode(code);
        fc.pre(replacement !== payload[i]);
        const changed = payload.slice(0, i) + replacement + payload.slice(i + 1);
        assert.throws(() => decodeEmvQr(changed), (e: unknown) => e instanceof EmvQrError);
      }),
      { numRuns: 2000 },
    );
  });

  it('should throw nothing but EmvQrError for any character change', () => {
    const payloads = fc.constantFrom(...[...vectors.values()].map((v) => v.payload));
    fc.assert(
      fc.property(payloads, fc.nat(), anyText(1, 1), (payload, at, replacement) => {
        const chars = [...payload];
        chars[at % chars.length] = replacement;
        onlyEmvQrErrors(() => decodeEmvQr(chars.join('')));
      }),
      { numRuns: 2000 },
    );
  });

  it('should throw nothing but EmvQrError when encoding arbitrary values', () => {
    const junk = fc.oneof(fc.anything({ withBigInt: true, withNullPrototype: true }), fc.string(), fc.array(fc.anything(), { maxLength: 3 }));
    const loose = fc.record(
      {
        merchantAccounts: fc.oneof(junk, fc.array(fc.oneof(merchantAccount, fc.record({ id: junk, value: junk, fields: junk })), { maxLength: 2 })),
        mcc: junk, currency: junk, amount: fc.oneof(junk, amount), tipIndicator: junk, countryCode: junk, merchantName: junk,
        pointOfInitiation: junk, additionalData: fc.oneof(junk, additionalData), languageTemplate: fc.oneof(junk, languageTemplate),
        unreservedTemplates: junk, tlvs: junk,
      },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(fc.oneof(loose, validInput, junk), (value) => onlyEmvQrErrors(() => encodeEmvQr(value as EmvQrInput))),
      { numRuns: 1000 },
    );
  });

  it('should throw nothing but EmvQrError for random strings and random TLV lists', () => {
    const raw = fc.oneof(
      fc.string(),
      fc.string({ unit: 'binary' }),
      fc.string({ unit: fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)) }),
      fc.string().map((s) => `000201${s}`),
    );
    const tlvList = fc
      .array(fc.record({ id: twoDigitIds(0, 99), value: fc.oneof(anyText(0, 12), ans(0, 12)) }), { maxLength: 12 })
      .map((list) => withCrc('000201' + list.map(({ id, value }) => id + String([...value].length).padStart(2, '0') + value).join('')));
    fc.assert(
      fc.property(fc.oneof(raw, tlvList), fc.boolean(), (s, strict) => onlyEmvQrErrors(() => decodeEmvQr(s, { strict }))),
      { numRuns: 3000 },
    );
  });
});
