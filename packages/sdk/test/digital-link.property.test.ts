/** @module test/digital-link.property — fast-check properties: format/parse round trip, and only DigitalLinkError on bad input. */

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import {
  canonicalDigitalLink,
  DigitalLinkError,
  formatDigitalLink,
  gtinCheckDigit,
  isDigitalLink,
  normalizeGtin,
  parseDigitalLink,
  type AiValue,
  type DigitalLinkInput,
} from '@mashang/sdk/digital-link';

const CSET82 = `!"%&'()*+,-./0123456789:;<=>?ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz`;
const CSET39 = '#-/0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const BASE64URL = '-0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz';

const chars = (set: string, minLength: number, maxLength: number) => fc.string({ unit: fc.constantFrom(...set), minLength, maxLength });
const digits = (minLength: number, maxLength = minLength) => chars('0123456789', minLength, maxLength);
const keyed = (length: number) => digits(length - 1).map((d) => d + gtinCheckDigit(d));
const two = (min: number, max: number) => fc.integer({ min, max }).map((n) => String(n).padStart(2, '0'));
const yymmdd = (minDay: number) => fc.tuple(two(0, 99), two(1, 12), two(minDay, 28)).map((p) => p.join(''));

/** Valid values per primary key (8013 is covered by fixed vectors instead). */
const KEY_VALUES: Record<string, fc.Arbitrary<string>> = {
  '00': keyed(18),
  '01': keyed(14),
  '253': fc.tuple(keyed(13), chars(CSET82, 0, 17)).map((p) => p.join('')),
  '255': fc.tuple(keyed(13), digits(0, 12)).map((p) => p.join('')),
  '401': chars(CSET82, 1, 30),
  '402': keyed(17),
  '414': keyed(13),
  '415': keyed(13),
  '417': keyed(13),
  '8003': fc.tuple(keyed(13), chars(CSET82, 0, 16)).map(([k, s]) => `0${k}${s}`),
  '8004': chars(CSET82, 1, 30),
  '8006': fc
    .tuple(keyed(14), fc.integer({ min: 1, max: 99 }), fc.integer({ min: 1, max: 99 }))
    .map(([k, a, b]) => k + String(Math.min(a, b)).padStart(2, '0') + String(Math.max(a, b)).padStart(2, '0')),
  '8010': chars(CSET39, 1, 30),
  '8017': keyed(18),
  '8018': keyed(18),
};

/** Qualifier sequences (test oracle, from traceability.md §1.3). */
const SEQUENCES: Record<string, string[][]> = {
  '01': [['22', '10', '21'], ['235']],
  '8006': [['22', '10', '21']],
  '414': [['254'], ['7040']],
  '415': [['8020']],
  '417': [['7040']],
  '8004': [['7040']],
  '8010': [['8011']],
  '8017': [['8019']],
  '8018': [['8019']],
};

const QUALIFIER_VALUES: Record<string, fc.Arbitrary<string>> = {
  '22': chars(CSET82, 1, 20),
  '10': chars(CSET82, 1, 20),
  '21': chars(CSET82, 1, 20),
  '235': chars(CSET82, 1, 28),
  '254': chars(CSET82, 1, 20),
  '7040': fc.tuple(digits(1), chars(CSET82, 3, 3)).map((p) => p.join('')),
  '8011': fc.oneof(fc.constant('0'), fc.tuple(chars('123456789', 1, 1), digits(0, 11)).map((p) => p.join(''))),
  '8019': digits(1, 10),
  '8020': chars(CSET82, 1, 25),
};

/** Attributes that are never key qualifiers, so any key accepts them. */
const ATTRIBUTE_VALUES: Record<string, fc.Arbitrary<string>> = {
  '02': keyed(14),
  '11': yymmdd(0),
  '17': yymmdd(0),
  '30': digits(1, 8),
  '3103': digits(6),
  '3922': digits(1, 15),
  '400': chars(CSET82, 1, 30),
  '422': digits(3),
  '7003': fc.tuple(yymmdd(1), two(0, 23), two(0, 59)).map((p) => p.join('')),
  '8030': chars(BASE64URL, 1, 90),
  '90': chars(CSET82, 1, 30),
  '91': chars(CSET82, 1, 90),
  '99': chars(CSET82, 1, 90),
};

const pair = (ai: string, value: fc.Arbitrary<string>): fc.Arbitrary<AiValue> => value.map((v) => ({ ai, value: v }));
/** Values for each AI in `ais`, in that order. */
const pairs = (ais: readonly string[], values: Record<string, fc.Arbitrary<string>>): fc.Arbitrary<AiValue[]> =>
  ais.length === 0 ? fc.constant([]) : fc.tuple(...ais.map((ai) => pair(ai, values[ai]!))).map((t) => [...t]);

const keyAndQualifiers = fc.constantFrom(...Object.keys(KEY_VALUES)).chain((ai) => {
  const seqs = SEQUENCES[ai] ?? [];
  const qualifiers =
    seqs.length === 0
      ? fc.constant<AiValue[]>([])
      : fc
          .constantFrom(...seqs)
          .chain((seq) => fc.shuffledSubarray(seq))
          .chain((ais) => pairs(ais, QUALIFIER_VALUES));
  return fc.record({ primaryKey: pair(ai, KEY_VALUES[ai]!), qualifiers });
});

const attributes = fc.shuffledSubarray(Object.keys(ATTRIBUTE_VALUES), { maxLength: 5 }).chain((ais) => pairs(ais, ATTRIBUTE_VALUES));

const extensionEntries = fc.uniqueArray(
  fc.tuple(
    fc.string({ unit: 'grapheme', minLength: 1, maxLength: 8 }).filter((k) => !/^[0-9]+$/.test(k)),
    fc.string({ unit: 'grapheme', maxLength: 12 }),
  ),
  { selector: ([k]) => k, maxLength: 4 },
);

const base = fc
  .tuple(
    fc.constantFrom('https', 'http'),
    fc.stringMatching(/^[a-z0-9]([a-z0-9-]{0,8}[a-z0-9])?(\.[a-z]{2,5}){0,2}(:[0-9]{1,5})?$/),
    fc.array(chars('abcXYZ0189-._~', 1, 6), { maxLength: 3 }),
  )
  .map(([scheme, host, stem]) => `${scheme}://${host}${stem.map((s) => `/${s}`).join('')}`);

const validInput = fc.record({ kq: keyAndQualifiers, attributes, extensionEntries, base });

function order(key: string, qualifiers: readonly AiValue[]): AiValue[] {
  const seq = (SEQUENCES[key] ?? []).find((s) => qualifiers.every((q) => s.includes(q.ai))) ?? [];
  return [...qualifiers].sort((a, b) => seq.indexOf(a.ai) - seq.indexOf(b.ai));
}

describe('Digital Link properties', () => {
  it('should round-trip parseDigitalLink(formatDigitalLink(x)) for random valid links', () => {
    fc.assert(
      fc.property(validInput, ({ kq, attributes: attrs, extensionEntries: ext, base: b }) => {
        const input: DigitalLinkInput = { ...kq, attributes: attrs, extensions: Object.fromEntries(ext) };
        const uri = formatDigitalLink(input, { base: b });
        const dl = parseDigitalLink(uri);
        const qualifiers = order(kq.primaryKey.ai, kq.qualifiers);
        assert.equal(dl.base, b);
        assert.deepEqual(dl.primaryKey, kq.primaryKey);
        assert.deepEqual(dl.qualifiers, qualifiers);
        assert.deepEqual(dl.attributes, attrs);
        assert.deepEqual(Object.entries(dl.extensions), ext);
        assert.equal(dl.elementString, [kq.primaryKey, ...qualifiers, ...attrs].map((p) => `(${p.ai})${p.value}`).join(''));
        assert.equal(formatDigitalLink(dl), uri, 'formatting the parsed link gives the same URI');
      }),
      { numRuns: 1000 },
    );
  });

  it('should write GTIN-8/12/13 as 14 digits that parse back to normalizeGtin', () => {
    fc.assert(
      fc.property(fc.constantFrom(8, 12, 13).chain(keyed), (gtin) => {
        const dl = parseDigitalLink(formatDigitalLink({ primaryKey: { ai: '01', value: gtin } }));
        assert.equal(dl.primaryKey.value, normalizeGtin(gtin));
        assert.equal(dl.primaryKey.value.length, 14);
      }),
    );
  });

  it('should make canonicalDigitalLink idempotent, query-free and on id.gs1.org', () => {
    fc.assert(
      fc.property(validInput, ({ kq, attributes: attrs, base: b }) => {
        const canonical = canonicalDigitalLink(formatDigitalLink({ ...kq, attributes: attrs }, { base: b }));
        assert.equal(canonicalDigitalLink(canonical), canonical);
        const dl = parseDigitalLink(canonical);
        assert.equal(dl.base, 'https://id.gs1.org');
        assert.deepEqual(dl.attributes, []);
        assert.ok(dl.qualifiers.length <= 1);
      }),
      { numRuns: 300 },
    );
  });
});

/** Calls `fn` and fails on anything thrown that is not a DigitalLinkError. */
function onlyDigitalLinkErrors(fn: () => unknown): void {
  try {
    fn();
  } catch (err) {
    if (!(err instanceof DigitalLinkError)) throw err;
    assert.ok(err.message.length > 10, 'the message explains the problem');
  }
}

const URI_ALPHABET = [...'abcAZ09-._~:/?#[]@!$&\'()*+,;=%<> "^`{|}\\', 'é', '码', '\ud800', '\u0000', '%00', '%2F', '%G', '%E7%A0', '/01/', '/10/', '/21/', '?17=', '&99=', '09520123456788'];
const uriLike = fc.tuple(fc.constantFrom('https://a', 'HTTP://x.y', 'https://a/01/09520123456788', 'ftp://', ''), fc.string({ unit: fc.constantFrom(...URI_ALPHABET), maxLength: 40 })).map((p) => p.join(''));

type Mutation = [kind: 'delete' | 'insert' | 'replace' | 'duplicate', at: number, text: string];
const mutation: fc.Arbitrary<Mutation> = fc.tuple(fc.constantFrom('delete', 'insert', 'replace', 'duplicate'), fc.nat(), fc.constantFrom(...URI_ALPHABET));
function mutate(uri: string, mutations: readonly Mutation[]): string {
  let s = uri;
  for (const [kind, at, text] of mutations) {
    const i = s.length === 0 ? 0 : at % s.length;
    if (kind === 'delete') s = s.slice(0, i) + s.slice(i + 1 + (at % 3));
    else if (kind === 'insert') s = s.slice(0, i) + text + s.slice(i);
    else if (kind === 'replace') s = s.slice(0, i) + text + s.slice(i + text.length);
    else s = s.slice(0, i) + s.slice(i, i + 1 + (at % 12)) + s.slice(i);
  }
  return s;
}

describe('Digital Link robustness', () => {
  it('should throw nothing but DigitalLinkError for random strings', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: 'binary', maxLength: 60 }), uriLike), (s) => {
        onlyDigitalLinkErrors(() => parseDigitalLink(s));
        onlyDigitalLinkErrors(() => canonicalDigitalLink(s));
        assert.equal(typeof isDigitalLink(s), 'boolean');
      }),
      { numRuns: 3000 },
    );
  });

  it('should throw nothing but DigitalLinkError for mutated valid URIs, and re-format what still parses', () => {
    fc.assert(
      fc.property(validInput, fc.array(mutation, { minLength: 1, maxLength: 4 }), ({ kq, attributes: attrs, extensionEntries: ext, base: b }, mutations) => {
        const uri = mutate(formatDigitalLink({ ...kq, attributes: attrs, extensions: Object.fromEntries(ext) }, { base: b }), mutations);
        let dl;
        try {
          dl = parseDigitalLink(uri);
        } catch (err) {
          if (err instanceof DigitalLinkError) return;
          throw err;
        }
        assert.deepEqual(parseDigitalLink(formatDigitalLink(dl)), dl);
      }),
      { numRuns: 2000 },
    );
  });

  it('should throw nothing but DigitalLinkError for arbitrary values given to the formatter', () => {
    const ai = fc.oneof(fc.constantFrom('01', '00', '10', '21', '22', '235', '8200', '414', '254', '7040', '99', '17', '8030', '8010', '8013'), fc.string({ maxLength: 5 }));
    const junkPair = fc.oneof(fc.record({ ai, value: fc.oneof(fc.string({ unit: 'binary', maxLength: 25 }), digits(1, 20)) }), fc.anything());
    const junkInput = fc.oneof(
      fc.anything(),
      fc.record(
        {
          primaryKey: junkPair,
          qualifiers: fc.oneof(fc.array(junkPair, { maxLength: 3 }), fc.anything()),
          attributes: fc.oneof(fc.array(junkPair, { maxLength: 3 }), fc.anything()),
          extensions: fc.oneof(fc.dictionary(fc.string(), fc.oneof(fc.string({ unit: 'binary' }), fc.anything())), fc.anything()),
          base: fc.oneof(fc.string({ unit: 'binary' }), base, fc.anything()),
        },
        { requiredKeys: [] },
      ),
    );
    fc.assert(
      fc.property(junkInput, fc.oneof(fc.constant(undefined), fc.record({ base: fc.oneof(base, fc.string({ unit: 'binary' })) })), (input, options) => {
        onlyDigitalLinkErrors(() => formatDigitalLink(input as DigitalLinkInput, options));
        onlyDigitalLinkErrors(() => canonicalDigitalLink(input as DigitalLinkInput));
      }),
      { numRuns: 2000 },
    );
  });
});
