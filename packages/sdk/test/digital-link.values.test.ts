/** @module test/digital-link.values — negative and edge tests for the value rules of traceability.md §1.5-1.6 (character sets, lengths, percent-encoding, dates, check digits). */

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  formatDigitalLink,
  isDigitalLink,
  parseDigitalLink,
} from '@mashang/sdk/digital-link';
import { GTIN, K, rejects } from './fixtures/digital-link-assert.js';

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
    rejects('https://a/01/0952012345678', 'bad_length', /length 13, expected 14 \(pad with leading zeros\)/);
    rejects('https://a/01/095201234567880', 'bad_length', /length 15, expected 14$/);
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
