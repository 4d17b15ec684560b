/** @module How the EPCIS store compares identifiers and vocabulary values (property-based). */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { BIZ_STEPS, DISPOSITIONS, canonicalDigitalLink, sgtinEpcUri } from '@mashang/sdk/epcis';
import { canonicalId, cbvWord, idMatcher } from '../src/epcis/normalise.js';
import { HttpError } from '../src/errors.js';

const safe = fc.stringMatching(/^[A-Za-z0-9\-._~';=]{1,20}$/);
const digits = (n: number) => fc.stringMatching(new RegExp(`^\\d{${n}}$`));

describe('canonicalId', () => {
  it('should give canonical Digital Links back unchanged, as the general translation does', () => {
    fc.assert(
      fc.property(digits(14), safe, fc.constantFrom('21', '10'), (gtin, value, ai) => {
        const uri = `https://id.gs1.org/01/${gtin}/${ai}/${value}`;
        assert.equal(canonicalId(uri), canonicalDigitalLink(uri));
      }),
      { numRuns: 2000 },
    );
    fc.assert(fc.property(digits(18), (sscc) => assert.equal(canonicalId(`https://id.gs1.org/00/${sscc}`), canonicalDigitalLink(`https://id.gs1.org/00/${sscc}`))));
    fc.assert(fc.property(digits(13), (gln) => assert.equal(canonicalId(`https://id.gs1.org/414/${gln}`), canonicalDigitalLink(`https://id.gs1.org/414/${gln}`))));
  });

  it('should bring other spellings to the same identifier', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[A-Za-z0-9]{1,20}$/), (serial) => {
        const dl = `https://id.gs1.org/01/06901234567892/21/${serial}`;
        assert.equal(canonicalId(sgtinEpcUri('06901234567892', serial, 7)), dl);
        assert.equal(canonicalId(`https://shop.example.cn/01/6901234567892/10/L1/21/${serial}?17=261231`), dl);
      }),
    );
    assert.equal(canonicalId('urn:uuid:6d2f5e5c-8b7f-4c0e-9a54-8d1f2b0c9e11'), 'urn:uuid:6d2f5e5c-8b7f-4c0e-9a54-8d1f2b0c9e11');
    assert.equal(canonicalId('https://example.com/asset/7'), 'https://example.com/asset/7');
  });
});

describe('cbvWord', () => {
  it('should read every CBV spelling of a standard value as its bare word', () => {
    for (const step of BIZ_STEPS) {
      for (const form of [step, `https://ref.gs1.org/cbv/BizStep-${step}`, `cbv:BizStep-${step}`, `urn:epcglobal:cbv:bizstep:${step}`]) assert.equal(cbvWord(form, 'BizStep'), step);
    }
    for (const disp of DISPOSITIONS) assert.equal(cbvWord(`urn:epcglobal:cbv:disp:${disp}`, 'Disp'), disp);
  });

  it('should keep values of one\'s own as they are', () => {
    fc.assert(fc.property(fc.webUrl(), (uri) => assert.equal(cbvWord(uri, 'BizStep'), uri)));
    assert.equal(cbvWord('https://ref.gs1.org/cbv/BizStep-flying', 'BizStep'), 'https://ref.gs1.org/cbv/BizStep-flying');
    assert.equal(cbvWord('https://ref.gs1.org/cbv/Disp-shipping', 'BizStep'), 'https://ref.gs1.org/cbv/Disp-shipping');
  });
});

describe('idMatcher', () => {
  it('should turn a GTIN pattern into the class and a range holding exactly its serials', () => {
    const m = idMatcher(['urn:epc:idpat:sgtin:6901234.056789.*'], 'MATCH_epc');
    assert.deepEqual(m.exact, ['https://id.gs1.org/01/06901234567892']);
    const [[from, to]] = m.ranges as [[string, string]];
    const inRange = (s: string) => s >= from && s < to;
    fc.assert(
      fc.property(safe, (serial) => {
        assert.ok(inRange(`https://id.gs1.org/01/06901234567892/21/${serial}`));
        assert.ok(!inRange(`https://id.gs1.org/01/06901234567893/21/${serial}`));
      }),
    );
    assert.ok(!inRange('https://id.gs1.org/01/06901234567892'));
  });

  it('should refuse patterns with a wildcard company prefix or item reference, naming the parameter', () => {
    assert.throws(
      () => idMatcher(['urn:epc:idpat:sgtin:6901234.*.*'], 'MATCH_anyEPC'),
      (e: unknown) => e instanceof HttpError && e.param === 'MATCH_anyEPC' && e.code === 'epc_pattern_unsupported',
    );
  });
});
