/** @module test/digital-link.structure — negative and edge tests for the structure rules of traceability.md §1.2 (scheme, host, path, query, compressed links, canonical form). */

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  canonicalDigitalLink,
  parseDigitalLink,
} from '@mashang/sdk/digital-link';
import { GTIN, K, rejects } from './fixtures/digital-link-assert.js';

describe('§1.2 structure: scheme and host', () => {
  it('should accept http and https in all-lower or all-upper case only', () => {
    assert.equal(parseDigitalLink(`HTTP://a/01/${GTIN}`).base, 'http://a');
    rejects(`HtTp://a/01/${GTIN}`, 'bad_uri', /https:\/\/ or http:\/\//);
    rejects(`Https://a/01/${GTIN}`, 'bad_uri');
    rejects(`ftp://a/01/${GTIN}`, 'bad_uri');
    rejects(`a/01/${GTIN}`, 'bad_uri');
    rejects('', 'bad_uri');
  });

  it('should accept any host: names, ports, IPv4, IPv6, punycode', () => {
    for (const host of ['a.', 'a:65535', '192.0.2.1', '[2001:db8::1]', 'xn--fsq.xn--0zwm56d', 'Example.COM']) {
      assert.equal(parseDigitalLink(`https://${host}/01/${GTIN}`).base, `https://${host}`);
    }
  });

  it('should reject a missing host or bad host characters', () => {
    rejects(`https:///01/${GTIN}`, 'bad_uri', /bad host ""/);
    rejects(`https://$a/01/${GTIN}`, 'bad_uri', /bad host "\$a"/);
    rejects(`https://user@a/01/${GTIN}`, 'bad_uri', /host/);
    rejects(`https://[fe80::1%25lo]/01/${GTIN}`, 'bad_uri', /host/);
  });

  it('should require a path with a primary key', () => {
    rejects('https://a', 'missing_key', /no GS1 primary key/);
    rejects('https://a?01=09520123456788', 'missing_key');
    rejects('https://a/', 'missing_key');
    rejects('https://a/b', 'missing_key', /no GS1 primary key/);
    rejects('https://00/006141411234567890', 'missing_key');
    rejects('https://a/10/ABC', 'missing_key');
  });
});

describe('§1.2 structure: path', () => {
  it('should take the rightmost primary key and keep what precedes it as the stem', () => {
    const dl = parseDigitalLink('https://a/01/12312312312333/00/006141411234567890');
    assert.equal(dl.primaryKey.ai, '00');
    assert.equal(dl.base, 'https://a/01/12312312312333');
    assert.equal(parseDigitalLink(`https://a/s/01/x/01/${GTIN}/10/01`).base, 'https://a/s/01/x');
  });

  it('should reject a trailing slash and empty segments', () => {
    rejects(`${K}/`, 'bad_uri', /trailing '\/'/);
    rejects(`${K}/10/ABC/`, 'bad_uri', /trailing '\/'/);
    rejects(`https://a//01/${GTIN}`, 'bad_uri', /empty segment/);
    rejects(`https://a/01//${GTIN}`, 'empty_value', /GTIN \(01\)/);
    rejects(`${K}/10//21/X`, 'empty_value', /\(10\)/);
  });

  it('should reject an AI without value at the end of the path', () => {
    rejects(`${K}/10`, 'empty_value', /\(10\) at the end/);
    rejects('https://a/stem/01', 'empty_value', /GTIN \(01\) at the end/);
  });

  it('should reject non-AI segments after the key', () => {
    rejects(`${K}/lot/ABC`, 'unknown_ai', /"lot".*other data goes in the query \(extensions\)/);
    rejects(`${K}/89/ABC`, 'unknown_ai', /"89"/);
    rejects(`${K}/page`, 'bad_uri', /"page"/);
  });

  it('should accept every qualifier sequence of the Syntax Engine list (§1.3)', () => {
    const values: Record<string, string> = { '22': 'C', '10': 'L', '21': 'S', '235': 'T', '254': 'E', '7040': '1ABC', '8011': '5', '8019': '9' };
    const keys: Record<string, string> = { '01': GTIN, '414': '9520123456788', '8010': 'ABC', '8017': '123456789012345675', '8006': `${GTIN}0102` };
    const seqs = ['01', '01 21', '01 10', '01 10 21', '01 22', '01 22 21', '01 22 10', '01 22 10 21', '01 235', '414 254', '414 7040', '8010 8011', '8017 8019', '8006 22 10 21'];
    for (const seq of seqs) {
      const [key, ...quals] = seq.split(' ');
      const uri = `https://a/${key}/${keys[key!]}${quals.map((q) => `/${q}/${values[q]}`).join('')}`;
      assert.deepEqual(parseDigitalLink(uri).qualifiers.map((q) => q.ai), quals, seq);
    }
  });

  it('should reject qualifiers out of order', () => {
    rejects(`${K}/21/S/10/L`, 'bad_order', /lot \(10\) must come before serial \(21\)/);
    rejects(`${K}/10/L/22/C`, 'bad_order', /AI \(22\) must come before lot \(10\)/);
    rejects(`${K}/21/S/22/C`, 'bad_order');
  });

  it('should reject a mix of alternative sequences', () => {
    rejects(`${K}/22/C/235/T`, 'bad_order', /\(235\) cannot qualify GTIN \(01\) here: the path takes \/22\/10\/21 or \/235, not a mix/);
    rejects(`${K}/235/T/21/S`, 'bad_order', /not a mix/);
    rejects('https://a/414/9520123456788/254/E/7040/1ABC', 'bad_order');
  });

  it('should reject AIs that cannot qualify the key, saying where they belong', () => {
    rejects(`${K}/17/261231`, 'bad_qualifier', /\?17=/);
    rejects(`${K}/254/E`, 'bad_qualifier', /the path takes \/22\/10\/21 or \/235$/);
    rejects('https://a/00/006141411234567890/10/L', 'bad_qualifier', /takes no qualifiers/);
    rejects('https://a/8004/ABC/254/E', 'bad_qualifier');
    rejects(`${K}/8200/x`, 'bad_qualifier');
  });

  it('should reject duplicate AIs anywhere', () => {
    rejects(`${K}/10/A/10/B`, 'duplicate_ai');
    rejects(`${K}/10/A?99=X&10=A`, 'duplicate_ai');
    rejects(`${K}?99=X&99=X`, 'duplicate_ai');
    rejects(`${K}?01=${GTIN}`, 'duplicate_ai');
  });
});

describe('§1.2 structure: query string', () => {
  it('should read attributes separated by & or ;, skipping empty parameters', () => {
    assert.equal(parseDigitalLink(`${K}?99=A;98=B&&;97=C`).elementString, `(01)${GTIN}(99)A(98)B(97)C`);
    assert.deepEqual(parseDigitalLink(`${K}?`).attributes, []);
  });

  it('should reject empty attribute values', () => {
    rejects(`${K}?99=`, 'empty_value', /\(99\) has an empty value/);
    rejects(`${K}?99`, 'empty_value');
  });

  it('should reject numeric-only parameters that are not AIs', () => {
    rejects(`${K}?99=ABC&999=faux`, 'unknown_ai', /"999"/);
    rejects(`${K}?89=ABC`, 'unknown_ai');
    rejects(`${K}?1=A`, 'unknown_ai');
  });

  it('should keep non-numeric parameters as extensions, first occurrence winning', () => {
    const dl = parseDigitalLink(`${K}?linkType=gs1:pip&99=A&lang=zh-CN&lang=en&x1=&flag&%E7%A0%81=%E4%B8%8A+%E5%93%81#frag`);
    assert.deepEqual(dl.extensions, { linkType: 'gs1:pip', lang: 'zh-CN', x1: '', flag: '', 码: '上 品' });
    assert.deepEqual(dl.attributes, [{ ai: '99', value: 'A' }]);
  });

  it('should keep a "__proto__" parameter as data, not as a prototype', () => {
    const dl = parseDigitalLink(`${K}?__proto__=x&constructor=y`);
    assert.equal(Object.getPrototypeOf(dl.extensions), Object.prototype);
    assert.deepEqual(Object.entries(dl.extensions), [['__proto__', 'x'], ['constructor', 'y']]);
  });

  it('should reject a key qualifier in the query when it fits in the path', () => {
    rejects(`${K}?10=ABC123`, 'qualifier_in_query', /put it in the path/);
    rejects(`${K}/21/S?10=L`, 'qualifier_in_query');
    rejects(`${K}/22/C?21=S`, 'qualifier_in_query');
    rejects(`https://a/8006/${GTIN}0102?10=L`, 'qualifier_in_query');
    rejects('https://a/414/9520123456788?254=E', 'qualifier_in_query');
  });

  it('should accept a qualifier AI as attribute when the path took the other sequence (A22)', () => {
    assert.deepEqual(parseDigitalLink(`${K}/235/XYZ?10=ABC123`).attributes, [{ ai: '10', value: 'ABC123' }]);
  });

  it('should reject AIs that are not permitted as data attributes', () => {
    rejects(`${K}?8200=https%3A%2F%2Fexample.com`, 'not_attribute', /\(8200\) is not allowed in the query/);
    rejects(`${K}/235/T?22=C`, 'not_attribute');
    rejects(`${K}/235/T?21=S`, 'not_attribute');
    rejects('https://a/414/9520123456788/254/E?7040=1ABC', 'not_attribute');
    rejects(`${K}?8019=1`, 'not_attribute');
  });

  it('should ignore the fragment', () => {
    assert.equal(parseDigitalLink(`${K}?99=A#?98=B/10/x`).elementString, `(01)${GTIN}(99)A`);
    assert.equal(parseDigitalLink(`${K}#`).elementString, `(01)${GTIN}`);
  });
});

describe('§1.2 compressed and legacy forms', () => {
  it('should reject a fully compressed Digital Link with a clear error', () => {
    rejects('https://id.gs1.org/AQnYUc1gmiA8MDI3NjA2Mw', 'compressed', /uncompressed/);
  });

  it('should reject a partially compressed Digital Link', () => {
    rejects('https://id.gs1.org/01/09780345418913/ARHKVAdpQg', 'compressed', /"ARHKVAdpQg" looks compressed/);
  });

  it('should explain that convenience alphas were removed', () => {
    rejects('https://a/gtin/09520123456788/ser/1', 'missing_key', /numeric AIs.*1\.3/);
  });
});

describe('§1.2 canonical form', () => {
  const cases: [string, string][] = [
    [`https://brand.example/x/01/${GTIN}/22/C/10/L/21/S?17=261231&ref=qr`, `https://id.gs1.org/01/${GTIN}/21/S`],
    [`https://b/01/${GTIN}/22/C/10/L`, `https://id.gs1.org/01/${GTIN}/10/L`],
    [`https://b/01/${GTIN}/22/C`, `https://id.gs1.org/01/${GTIN}`],
    [`https://b/01/${GTIN}/235/T`, `https://id.gs1.org/01/${GTIN}/235/T`],
    [`https://b/8006/${GTIN}0102/22/C/10/L`, `https://id.gs1.org/8006/${GTIN}0102/10/L`],
    ['https://b/414/9520123456788/7040/1ABC', 'https://id.gs1.org/414/9520123456788'],
    ['https://b/417/9520123456788/7040/1ABC', 'https://id.gs1.org/417/9520123456788'],
    ['https://b/8004/ABC/7040/1ABC', 'https://id.gs1.org/8004/ABC'],
    ['https://b/8010/ABC%23-%2F/8011/7', 'https://id.gs1.org/8010/ABC%23-%2F/8011/7'],
    ['https://b/8018/123456789012345675/8019/123', 'https://id.gs1.org/8018/123456789012345675'],
    ['HTTP://b/00/006141411234567890?99=A', 'https://id.gs1.org/00/006141411234567890'],
  ];
  for (const [input, output] of cases) {
    it(`should canonicalise ${input}`, () => assert.equal(canonicalDigitalLink(input), output));
  }

  it('should accept a parsed or hand-built Digital Link and validate all of it', () => {
    assert.equal(canonicalDigitalLink(parseDigitalLink(cases[0]![0])), cases[0]![1]);
    assert.equal(canonicalDigitalLink({ primaryKey: { ai: '01', value: '9520123456788' }, qualifiers: [{ ai: '10', value: 'L' }] }), `https://id.gs1.org/01/${GTIN}/10/L`);
    assert.throws(() => canonicalDigitalLink({ primaryKey: { ai: '01', value: GTIN }, qualifiers: [{ ai: '22', value: 'bad space' }] }), { code: 'bad_charset' });
    assert.throws(() => canonicalDigitalLink(42 as never), { code: 'bad_input' });
  });
});
