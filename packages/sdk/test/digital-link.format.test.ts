/** @module test/digital-link.format — formatDigitalLink input handling, and the DigitalLinkError contract. */

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  DigitalLinkError,
  formatDigitalLink,
  isDigitalLink,
  isDigitalLinkError,
  parseDigitalLink,
  type DigitalLinkErrorCode,
  type DigitalLinkInput,
} from '@mashang/sdk/digital-link';
import { GTIN, K } from './fixtures/digital-link-assert.js';

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
    formatRejects({ primaryKey: key, qualifiers: [null] }, 'bad_input', /qualifiers must hold \{ ai, value \} pairs/);
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
