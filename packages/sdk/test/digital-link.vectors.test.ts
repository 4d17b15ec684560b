/** @module test/digital-link.vectors — conformance: shared/standards/traceability.md §1.9 vectors A, C, E, F. */

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import {
  canonicalDigitalLink,
  DigitalLinkError,
  formatDigitalLink,
  gtinCheckDigit,
  isValidGtin,
  parseDigitalLink,
  type AiValue,
  type DigitalLink,
  type DigitalLinkInput,
} from '@mashang/sdk/digital-link';
import {
  CANONICAL,
  CANONICAL_ALPHA,
  CANONICAL_FIXED_POINTS,
  CSET82_FAIL,
  CSET82_PASS,
  CSUM_FAIL,
  CSUM_NON_DIGIT,
  CSUM_PASS,
  GENERATE,
  VALID,
  YYMMD0_FAIL,
  YYMMD0_PASS,
} from './fixtures/digital-link-vectors.js';

const STANDARDS = readFileSync(new URL('../../../../shared/standards/traceability.md', import.meta.url), 'utf8');
const SECTION_1 = STANDARDS.slice(STANDARDS.indexOf('## 1. GS1 Digital Link URI'), STANDARDS.indexOf('## 2. EPCIS'));

/** Element string with FNC1 separators as the Syntax Engine prints it: `^` first, then after each variable-length AI. */
const PREDEFINED_LENGTH = new Set(['00', '01', '02', '03', '04', '11', '12', '13', '14', '15', '16', '17', '18', '19', '20', '31', '32', '33', '34', '35', '36', '41']);
function fnc1(dl: DigitalLink): string {
  const all = [dl.primaryKey, ...dl.qualifiers, ...dl.attributes];
  return all.map((p, i) => `${i === 0 || !PREDEFINED_LENGTH.has(all[i - 1]!.ai.slice(0, 2)) ? '^' : ''}${p.ai}${p.value}`).join('');
}

/** Test-only generator front end: first primary key wins, its qualifiers go in the path, the rest are attributes. */
const KEYS: Record<string, string[][]> = { '00': [], '01': [['22', '10', '21'], ['235']], '253': [], '8017': [['8019']] };
function inputFromElementString(elementString: string): DigitalLinkInput {
  const pairs: AiValue[] = [...elementString.matchAll(/\((\d{2,4})\)([^(]*)/g)].map((m) => ({ ai: m[1]!, value: m[2]! }));
  const primaryKey = pairs.find((p) => p.ai in KEYS);
  const rest = pairs.filter((p) => p !== primaryKey);
  const seqs = primaryKey ? KEYS[primaryKey.ai]! : [];
  const first = rest.find((p) => seqs.some((s) => s.includes(p.ai)));
  const seq = first && seqs.find((s) => s.includes(first.ai));
  return {
    primaryKey: primaryKey!,
    qualifiers: rest.filter((p) => seq?.includes(p.ai)),
    attributes: rest.filter((p) => !seq?.includes(p.ai)),
  };
}

describe('traceability.md §1.9 fixture', () => {
  it('should match the standards file verbatim', () => {
    for (const v of VALID) {
      assert.ok(SECTION_1.includes(`| ${v.id} | \`${v.uri}\``), `${v.id} URI`);
      assert.ok(SECTION_1.includes(`\`${v.fnc1}\``), `${v.id} element string`);
      assert.equal(v.elementString.replace(/\((\d+)\)/g, '$1'), v.fnc1.replaceAll('^', ''), `${v.id} bracketed form carries the same data`);
    }
    for (const c of GENERATE) {
      assert.ok(SECTION_1.includes(`| ${c.id} |`) && SECTION_1.includes(`\`${c.input}\``), `${c.id} input`);
      if (c.expected) assert.ok(SECTION_1.includes(`\`${c.expected}\``), `${c.id} expected`);
    }
    for (const s of [...CSUM_PASS, ...CSUM_FAIL, ...CSET82_PASS, ...YYMMD0_PASS, ...YYMMD0_FAIL]) assert.ok(SECTION_1.includes(`\`${s}\``), s);
    for (const s of [...CANONICAL.map((c) => c.input), ...CANONICAL_FIXED_POINTS, CANONICAL_ALPHA]) assert.ok(SECTION_1.includes(s), s);
    assert.equal(VALID.length, 24);
    assert.equal(GENERATE.length, 9);
  });
});

describe('parseDigitalLink — §1.9 A valid URIs', () => {
  for (const v of VALID) {
    it(`should parse ${v.id} ${v.uri} to ${v.elementString}`, () => {
      const dl = parseDigitalLink(v.uri, { permitZeroSuppressedGtin: v.permitZeroSuppressedGtin });
      assert.equal(dl.elementString, v.elementString);
      assert.equal(fnc1(dl), v.fnc1);
    });
  }

  it('should reject A23 and A24 (zero-suppressed GTINs) unless permitted', () => {
    for (const v of VALID.filter((x) => x.permitZeroSuppressedGtin)) {
      assert.throws(() => parseDigitalLink(v.uri), { name: 'DigitalLinkError', code: 'bad_length' });
    }
  });

  it('should split A-vectors into base, key, qualifiers, attributes and extensions', () => {
    const a6 = parseDigitalLink(VALID.find((v) => v.id === 'A6')!.uri);
    assert.equal(a6.base, 'https://a/more/stem');
    const a7 = parseDigitalLink(VALID.find((v) => v.id === 'A7')!.uri);
    assert.equal(a7.base, 'https://a/00/faux');
    const a2 = parseDigitalLink(VALID.find((v) => v.id === 'A2')!.uri);
    assert.equal(a2.base, 'https://a');
    const a13 = parseDigitalLink(VALID.find((v) => v.id === 'A13')!.uri);
    assert.deepEqual(a13.extensions, { singleton1: '', unknown1: '555', singleton2: '', unknown2: '6666', unknown3: '777', singleton3: '' });
    const a17 = parseDigitalLink(VALID.find((v) => v.id === 'A17')!.uri);
    assert.deepEqual(a17.primaryKey, { ai: '01', value: '09520123456788' });
    assert.deepEqual(a17.qualifiers, [{ ai: '10', value: 'ABC1' }, { ai: '21', value: '12345' }]);
    assert.deepEqual(a17.attributes, [{ ai: '17', value: '180426' }]);
    assert.equal(a17.base, 'https://id.gs1.org');
  });
});

describe('formatDigitalLink — §1.9 C generation', () => {
  for (const c of GENERATE) {
    it(`should ${c.expected ? `generate ${c.expected}` : 'refuse'} for ${c.id} ${c.input}`, () => {
      const input = inputFromElementString(c.input);
      if (c.expected) {
        assert.equal(formatDigitalLink(input, { base: c.stem }), c.expected);
        const tokens = (es: string) => es.match(/\(\d+\)[^(]*/g)!.sort();
        assert.deepEqual(tokens(parseDigitalLink(c.expected).elementString), tokens(c.input), 'same data back');
      } else {
        assert.throws(() => formatDigitalLink(input, { base: c.stem }), DigitalLinkError);
      }
    });
  }

  it('should fail C6-C8 for the stated reasons', () => {
    const code = (id: string) => {
      try {
        formatDigitalLink(inputFromElementString(GENERATE.find((c) => c.id === id)!.input), { base: 'https://example.com' });
      } catch (err) {
        return (err as DigitalLinkError).code;
      }
      return 'no error';
    };
    assert.equal(code('C6'), 'missing_key');
    assert.equal(code('C7'), 'not_attribute');
    assert.equal(code('C8'), 'not_attribute');
  });
});

describe('§1.9 E linter vectors', () => {
  it('should compute the check digit of every csum pass vector and reject every fail vector', () => {
    for (const s of CSUM_PASS) assert.equal(gtinCheckDigit(s.slice(0, -1)), Number(s.at(-1)), s);
    for (const s of CSUM_FAIL) assert.notEqual(gtinCheckDigit(s.slice(0, -1)), Number(s.at(-1)), s);
    assert.throws(() => gtinCheckDigit(CSUM_NON_DIGIT.slice(0, -1)), { code: 'bad_charset' });
  });

  it('should apply csum to keys in links (GTIN-8/12/13/14, SSCC/GSRN-18)', () => {
    for (const s of CSUM_PASS.slice(0, 4)) assert.equal(isValidGtin(s), true, s);
    for (const s of CSUM_FAIL.slice(0, 4)) assert.equal(isValidGtin(s), false, s);
    assert.equal(parseDigitalLink(`https://a/8017/${CSUM_PASS[4]}`).primaryKey.value, CSUM_PASS[4]);
    assert.throws(() => parseDigitalLink(`https://a/8017/${CSUM_FAIL[4]}`), { code: 'bad_check_digit', ai: '8017' });
    assert.throws(() => parseDigitalLink(`https://a/00/${CSUM_FAIL[4]}`), { code: 'bad_check_digit', ai: '00' });
    assert.throws(() => parseDigitalLink(`https://a/01/${CSUM_FAIL[3]}`), { code: 'bad_check_digit', ai: '01' });
    assert.throws(() => parseDigitalLink('https://a/00/%20' + CSUM_NON_DIGIT.slice(1)), { code: 'bad_charset' });
  });

  it('should accept the cset82 pass vectors as a lot number, percent-encoded and back', () => {
    for (const s of CSET82_PASS) {
      const uri = formatDigitalLink({ primaryKey: { ai: '01', value: '12312312312333' }, qualifiers: [{ ai: '10', value: s }] });
      assert.deepEqual(parseDigitalLink(uri).qualifiers, [{ ai: '10', value: s }]);
      assert.deepEqual(parseDigitalLink(`https://a/01/12312312312333/10/${encodeURIComponent(s)}`).qualifiers[0]?.value, s);
    }
  });

  it('should reject the cset82 fail vectors', () => {
    for (const s of CSET82_FAIL) {
      assert.throws(() => formatDigitalLink({ primaryKey: { ai: '01', value: '12312312312333' }, qualifiers: [{ ai: '10', value: s }] }), { code: 'bad_charset' }, JSON.stringify(s));
      assert.throws(() => parseDigitalLink(`https://a/01/12312312312333/10/${encodeURIComponent(s)}`), { code: 'bad_charset' }, JSON.stringify(s));
    }
  });

  it('should accept yymmd0 pass vectors and reject fail vectors in date attributes', () => {
    for (const ai of ['11', '13', '15', '16', '17']) {
      for (const d of YYMMD0_PASS) assert.equal(parseDigitalLink(`https://a/01/12312312312333?${ai}=${d}`).attributes[0]?.value, d);
      for (const d of YYMMD0_FAIL) assert.throws(() => parseDigitalLink(`https://a/01/12312312312333?${ai}=${d}`), { code: 'bad_date', ai });
    }
  });
});

describe('canonicalDigitalLink — §1.9 F', () => {
  for (const c of CANONICAL) {
    it(`should ${c.output ? `canonicalise to ${c.output}` : 'reject'} ${c.input}`, () => {
      if (c.output) assert.equal(canonicalDigitalLink(c.input), c.output);
      else assert.throws(() => canonicalDigitalLink(c.input), DigitalLinkError);
    });
  }

  it('should leave every canonical output of the EPC URN rows unchanged', () => {
    for (const uri of CANONICAL_FIXED_POINTS) assert.equal(canonicalDigitalLink(uri), uri);
  });

  it('should reject convenience alphas (removed in DL 1.3) with a message that says so', () => {
    assert.throws(() => canonicalDigitalLink(CANONICAL_ALPHA), (err: DigitalLinkError) => err.code === 'missing_key' && /1\.3/.test(err.message));
  });
});
