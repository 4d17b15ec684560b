/** @module test/digital-link.rules — negative and edge tests for the rules in traceability.md §1.2 (structure) and §1.5 (characters, lengths, encoding). */

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  canonicalDigitalLink,
  DigitalLinkError,
  formatDigitalLink,
  isDigitalLink,
  isDigitalLinkError,
  parseDigitalLink,
  type DigitalLinkErrorCode,
  type DigitalLinkInput,
} from '@mashang/sdk/digital-link';

const GTIN = '09520123456788';
const K = `https://example.com/01/${GTIN}`;

/** Asserts that parsing `uri` fails with `code` and a message matching `message`. */
function rejects(uri: string, code: DigitalLinkErrorCode, message?: RegExp): void {
  assert.throws(
    () => parseDigitalLink(uri),
    (err: unknown) => {
      assert.ok(err instanceof DigitalLinkError, `expected DigitalLinkError for ${uri}, got ${String(err)}`);
      assert.equal(err.code, code, `${uri}: ${err.message}`);
      if (message) assert.match(err.message, message);
      return true;
    },
  );
}

function formatRejects(dl: unknown, code: DigitalLinkErrorCode, message?: RegExp, base?: string): void {
  assert.throws(
    () => formatDigitalLink(dl as DigitalLinkInput, { base }),
    (err: unknown) => {
      assert.ok(err instanceof DigitalLinkError, String(err));
      assert.equal(err.code, code, err.message);
      if (message) assert.match(err.message, message);
      return true;
    },
  );
}

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
    rejects(`${K}/lot/ABC`, 'unknown_ai', /"lot".*query parameters/);
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

describe('§1.5 character sets', () => {
  it('should reject characters outside CSET 82 after percent-decoding', () => {
    for (const [enc, ch] of [['%20', ' '], ['%23', '#'], ['%24', '$'], ['%40', '@'], ['%5B', '['], ['%5D', ']'], ['%7B', '{'], ['%7D', '}'], ['%7E', '~'], ['~', '~'], ['%60', '`'], ['%5C', '\\\\'], ['%5E', '^'], ['%E7%A0%81', '码']] as const) {
      rejects(`${K}/10/AB${enc}C`, 'bad_charset');
      assert.throws(() => parseDigitalLink(`${K}/10/AB${enc}C`), (err: Error) => err.message.includes(`"${ch}" at 3 is not allowed (GS1 CSET 82)`));
    }
    rejects(`${K}/21/A%01`, 'bad_charset', /"\\u0001" at 2/);
  });

  it('should accept every CSET 82 character, including :;<=>? (toolkit regex bug precedent)', () => {
    const all = `!"%&'()*+,-./0123456789:;<=>?ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz`;
    for (let i = 0; i < all.length; i += 20) {
      const value = all.slice(i, i + 20);
      const uri = formatDigitalLink({ primaryKey: { ai: '01', value: GTIN }, qualifiers: [{ ai: '21', value }] });
      assert.equal(parseDigitalLink(uri).qualifiers[0]!.value, value);
    }
  });

  it('should apply CSET 39 to CPID (8010)', () => {
    assert.equal(parseDigitalLink('https://a/8010/AZ09-%23%2F').primaryKey.value, 'AZ09-#/');
    rejects('https://a/8010/abc', 'bad_charset', /CSET 39/);
    rejects('https://a/8010/A_B', 'bad_charset');
  });

  it('should apply CSET 64 (base64url with GS1 padding rule) to DIGSIG (8030)', () => {
    const sscc = 'https://a/00/006141411234567890';
    assert.equal(parseDigitalLink(`${sscc}?8030=Ab-_09`).attributes[0]!.value, 'Ab-_09');
    assert.equal(parseDigitalLink(`${sscc}?8030=12%3D`).attributes[0]!.value, '12=');
    assert.equal(parseDigitalLink(`${sscc}?8030=1%3D%3D`).attributes[0]!.value, '1==');
    for (const bad of ['a%2Bb', 'a%2Fb', '%3D%3D%3D', '123%3D', '12%3D%3D', '1%3D3']) rejects(`${sscc}?8030=${bad}`, 'bad_charset', /\(8030\)/);
  });

  it('should require digits in numeric AIs', () => {
    rejects('https://a/01/0952012345678A', 'bad_charset', /"A" at 14 is not allowed \(digits only\)/);
    rejects(`${K}?3103=00019x`, 'bad_charset');
  });
});

describe('§1.5 lengths (checked after percent-decoding)', () => {
  it('should allow 20 characters in 10/21/22 and reject 21', () => {
    for (const ai of ['22', '10', '21']) {
      assert.equal(parseDigitalLink(`${K}/${ai}/${'A'.repeat(20)}`).qualifiers[0]!.value.length, 20);
      rejects(`${K}/${ai}/${'A'.repeat(21)}`, 'bad_length', new RegExp(`\\(${ai}\\).*: length 21, expected 1-20$`));
    }
  });

  it('should measure the decoded value, not the encoded one', () => {
    assert.equal(parseDigitalLink(`${K}/10/${'%2F'.repeat(20)}`).qualifiers[0]!.value, '/'.repeat(20));
    rejects(`${K}/10/${'%2f'.repeat(21)}`, 'bad_length');
  });

  it('should enforce 235 ≤ 28, 8004 ≤ 30, 99 ≤ 90 and fixed-length keys', () => {
    assert.ok(isDigitalLink(`${K}/235/${'T'.repeat(28)}`));
    rejects(`${K}/235/${'T'.repeat(29)}`, 'bad_length');
    assert.ok(isDigitalLink(`https://a/8004/${'9'.repeat(30)}`));
    rejects(`https://a/8004/${'9'.repeat(31)}`, 'bad_length', /expected 1-30/);
    assert.ok(isDigitalLink(`${K}?99=${'A'.repeat(90)}`));
    rejects(`${K}?99=${'A'.repeat(91)}`, 'bad_length');
    rejects('https://a/01/0952012345678', 'bad_length', /length 13, expected 14/);
    rejects('https://a/00/06141411234567890', 'bad_length', /length 17, expected 18/);
    rejects('https://a/253/1231231231232TEST56789012345678', 'bad_length', /expected 13-30/);
    assert.ok(isDigitalLink('https://a/253/1231231231232TEST5678901234567'));
  });
});

describe('§1.5 percent-encoding', () => {
  it('should decode lower- and upper-case escapes', () => {
    assert.equal(parseDigitalLink(`${K}/22/ABC%2d123?99=x%2Fy`).elementString, `(01)${GTIN}(22)ABC-123(99)x/y`);
  });

  it('should read + as + in the path and as a space in the query', () => {
    assert.equal(parseDigitalLink(`${K}/22/ABC+123`).qualifiers[0]!.value, 'ABC+123');
    rejects(`${K}/22/ABC%2d123?99=ABC&98=XYZ+987`, 'bad_charset', /" " at 4/);
    assert.equal(parseDigitalLink(`${K}?99=A%2BB`).attributes[0]!.value, 'A+B');
    assert.equal(parseDigitalLink(`${K}?note=a+b`).extensions.note, 'a b');
  });

  it('should escape GS1 delimiters as uppercase %XX and keep unreserved characters', () => {
    const value = `!"%&'()*+,/:;<=>?`;
    const uri = formatDigitalLink({ primaryKey: { ai: '01', value: GTIN }, qualifiers: [{ ai: '10', value }], attributes: [{ ai: '99', value }] });
    const escaped = '%21%22%25%26%27%28%29%2A%2B%2C%2F%3A%3B%3C%3D%3E%3F';
    assert.equal(uri, `https://id.gs1.org/01/${GTIN}/10/${escaped}?99=${escaped}`);
    assert.equal(formatDigitalLink({ primaryKey: { ai: '01', value: GTIN }, qualifiers: [{ ai: '21', value: 'aZ09-._' }] }), `https://id.gs1.org/01/${GTIN}/21/aZ09-._`);
  });

  it('should write spaces in extensions as + and UTF-8 as %XX', () => {
    const uri = formatDigitalLink({ primaryKey: { ai: '01', value: GTIN }, extensions: { 'a b': '码 上', 'k~': '~' } });
    assert.equal(uri, `https://id.gs1.org/01/${GTIN}?a+b=%E7%A0%81+%E4%B8%8A&k~=~`);
    assert.deepEqual(parseDigitalLink(uri).extensions, { 'a b': '码 上', 'k~': '~' });
  });

  it('should reject %00, malformed escapes and invalid UTF-8', () => {
    rejects('https://a/01/1231231231233%003', 'bad_uri', /%00/);
    rejects(`${K}?99=ABC%00DEF`, 'bad_uri', /%00/);
    rejects(`${K}/10/A%G1`, 'bad_uri', /bad %-escape/);
    rejects(`${K}/10/A%2`, 'bad_uri', /bad %-escape/);
    rejects(`${K}?x=%C3%28`, 'bad_uri', /UTF-8/);
  });

  it('should reject characters a URI may not contain', () => {
    for (const ch of ['<', '>', '{', '}', '\\', '^', '`', ' ', '"', '|', '码', '\n']) rejects(`${K}/10/A${ch}B`, 'bad_uri', /percent-encode/);
  });
});

describe('dates and times (§1.6)', () => {
  it('should allow day 00 in YYMMD0 fields but not in YYMMDD fields', () => {
    assert.ok(isDigitalLink(`${K}?17=261100`));
    rejects(`${K}?7003=2006001200`, 'bad_date', /2020-06-00 is not a valid date/);
    rejects(`${K}?7006=200600`, 'bad_date');
    assert.ok(isDigitalLink(`${K}?7003=2002291159`));
  });

  it('should check hours and minutes of 7003 and the full date of 7250', () => {
    rejects(`${K}?7003=2001012400`, 'bad_date', /hour 24/);
    rejects(`${K}?7003=2001012360`, 'bad_date', /minute 60/);
    assert.ok(isDigitalLink('https://a/8018/123456789012345675?7250=20000229'));
    rejects('https://a/8018/123456789012345675?7250=19000229', 'bad_date', /1900-02-29 is not a valid date/);
  });

  it('should validate every date attribute of the AI table', () => {
    for (const ai of ['11', '13', '15', '16', '17']) rejects(`${K}?${ai}=201301`, 'bad_date', new RegExp(`\\(${ai}\\)`));
  });
});

describe('check digits on keys (§1.6)', () => {
  it('should check the mod-10 digit of every keyed primary key', () => {
    rejects('https://a/414/9520123456789', 'bad_check_digit', /GLN \(414\).*should be 8/);
    rejects('https://a/417/9520123456789', 'bad_check_digit');
    rejects('https://a/402/12345678901234567', 'bad_check_digit');
    rejects('https://a/253/1231231231233ABC', 'bad_check_digit');
    rejects('https://a/255/1231231231233', 'bad_check_digit');
    rejects('https://a/8003/01231231231233', 'bad_check_digit');
    rejects(`https://a/8006/095201234567870102`, 'bad_check_digit');
    assert.ok(isDigitalLink('https://a/8003/01231231231232XYZ'));
  });

  it('should apply the GRAI zero digit and the ITIP piece/total rules', () => {
    rejects('https://a/8003/11231231231232', 'bad_value', /must start with 0/);
    rejects(`https://a/8006/${GTIN}0302`, 'bad_value', /piece 3 of 2/);
    rejects(`https://a/8006/${GTIN}0002`, 'bad_value');
  });

  it('should check the GMN (8013) check-character pair', () => {
    for (const gmn of ['1987654Ad4X4bL5ttr2310c2K', '12345678901234567890123NT', '12345_ABCDEFGHIJKLMCP', '7907665Bm8v2AB', '149512464PM+GH']) {
      assert.equal(parseDigitalLink(`https://a/8013/${encodeURIComponent(gmn)}`).primaryKey.value, gmn);
    }
    rejects('https://a/8013/1987654Ad4X4bL5ttr2310cXK', 'bad_check_digit', /should be 2K/);
    rejects('https://a/8013/1987654Ad4X4bL5ttr2310c2X', 'bad_check_digit');
  });

  it('should reject a CPID serial (8011) with a leading zero', () => {
    rejects('https://a/8010/ABC/8011/012', 'bad_value');
    assert.ok(isDigitalLink('https://a/8010/ABC/8011/0'));
  });
});

describe('formatDigitalLink', () => {
  const key = { ai: '01', value: GTIN };

  it('should write the platform form quickly and exactly', () => {
    const uri = formatDigitalLink({ primaryKey: key, qualifiers: [{ ai: '10', value: 'B2026' }, { ai: '21', value: 'X7Yk2' }] }, { base: 'https://host' });
    assert.equal(uri, `https://host/01/${GTIN}/10/B2026/21/X7Yk2`);
  });

  it('should pad GTIN-8/12/13 to 14 digits, after checking them', () => {
    assert.equal(formatDigitalLink({ primaryKey: { ai: '01', value: '02345673' } }), 'https://id.gs1.org/01/00000002345673');
    assert.equal(formatDigitalLink({ primaryKey: { ai: '8004', value: '1' }, attributes: [{ ai: '01', value: '416000336108' }] }), 'https://id.gs1.org/8004/1?01=00416000336108');
    formatRejects({ primaryKey: { ai: '01', value: '02345674' } }, 'bad_check_digit');
  });

  it('should put qualifiers in GS1 order and reject mixes, duplicates and strangers', () => {
    const q = (...ais: string[]) => ais.map((ai) => ({ ai, value: 'V' }));
    assert.equal(formatDigitalLink({ primaryKey: key, qualifiers: q('21', '22', '10') }), `https://id.gs1.org/01/${GTIN}/22/V/10/V/21/V`);
    formatRejects({ primaryKey: key, qualifiers: q('22', '235') }, 'bad_order');
    formatRejects({ primaryKey: key, qualifiers: q('10', '10') }, 'duplicate_ai');
    formatRejects({ primaryKey: key, qualifiers: q('01') }, 'duplicate_ai');
    formatRejects({ primaryKey: key, qualifiers: q('254') }, 'bad_qualifier');
    formatRejects({ primaryKey: key, qualifiers: q('lot') }, 'unknown_ai');
  });

  it('should apply the attribute rules of parsing', () => {
    formatRejects({ primaryKey: key, attributes: [{ ai: '10', value: 'L' }] }, 'qualifier_in_query', /put it in the path/);
    formatRejects({ primaryKey: key, attributes: [{ ai: '8200', value: 'x' }] }, 'not_attribute');
    formatRejects({ primaryKey: key, attributes: [{ ai: '999', value: 'x' }] }, 'unknown_ai');
    formatRejects({ primaryKey: key, attributes: [{ ai: 'lang', value: 'x' }] }, 'unknown_ai', /extensions/);
    formatRejects({ primaryKey: key, attributes: [{ ai: '17', value: '261232' }] }, 'bad_date');
    formatRejects({ primaryKey: key, attributes: [{ ai: '99', value: '' }] }, 'empty_value');
  });

  it('should reject bad keys and bad shapes with bad_input or missing_key', () => {
    formatRejects(null, 'bad_input');
    formatRejects('https://a/01/1', 'bad_input');
    formatRejects({}, 'missing_key', /primaryKey/);
    formatRejects({ primaryKey: { ai: '10', value: 'L' } }, 'missing_key', /not a primary key/);
    formatRejects({ primaryKey: { ai: '01' } }, 'bad_input');
    formatRejects({ primaryKey: key, qualifiers: {} }, 'bad_input');
    formatRejects({ primaryKey: key, qualifiers: [null] }, 'bad_input', /qualifiers must be an array/);
    formatRejects({ primaryKey: key, extensions: { '123': 'x' } }, 'bad_input', /a name with a non-digit \(AIs go in attributes\)/);
    formatRejects({ primaryKey: key, extensions: { a: 1 } }, 'bad_input');
    formatRejects({ primaryKey: key, extensions: { a: '\ud800' } }, 'bad_charset', /surrogate/);
  });

  it('should validate the base and drop one trailing slash', () => {
    assert.equal(formatDigitalLink({ primaryKey: key }, { base: 'HTTPS://Example.com/a/b/' }), `https://Example.com/a/b/01/${GTIN}`);
    assert.equal(formatDigitalLink({ primaryKey: key, base: 'http://x' }), `http://x/01/${GTIN}`);
    for (const base of ['example.com', 'https://', 'https://a?x=1', 'https://a/#f', 'https://a//b', 'https://a b', 'ftp://a']) {
      formatRejects({ primaryKey: key }, 'bad_uri', undefined, base);
    }
    formatRejects({ primaryKey: key }, 'bad_input', undefined, 42 as never);
  });

  it('should round-trip a parsed link with its base', () => {
    const uri = `https://a/stem/01/${GTIN}/22/C/10/L?17=261231&99=A%2FB&x=1`;
    assert.equal(formatDigitalLink(parseDigitalLink(uri)), uri);
  });
});

describe('DigitalLinkError', () => {
  it('should be an Error with name, code and ai', () => {
    try {
      parseDigitalLink(`${K}/10/${'L'.repeat(21)}`);
      assert.fail('expected an error');
    } catch (err) {
      assert.ok(err instanceof Error && err instanceof DigitalLinkError);
      assert.equal(err.name, 'DigitalLinkError');
      assert.equal(err.code, 'bad_length');
      assert.equal(err.ai, '10');
      assert.ok(isDigitalLinkError(err));
    }
  });

  it('should be recognised across realms by isDigitalLinkError', () => {
    assert.ok(isDigitalLinkError({ name: 'DigitalLinkError', code: 'bad_uri', message: 'x' }));
    assert.ok(!isDigitalLinkError(new Error('x')));
    assert.ok(!isDigitalLinkError(null));
  });

  it('should make parseDigitalLink reject non-strings and isDigitalLink return false', () => {
    assert.throws(() => parseDigitalLink(undefined as never), { code: 'bad_input' });
    assert.equal(isDigitalLink(42), false);
    assert.equal(isDigitalLink('https://example.com/menu'), false);
    assert.equal(isDigitalLink(`${K}?17=261231`), true);
  });
});
