/** @module Tests of validateEpcisDocument against the official EPCIS 2.0 examples and invalid documents. */

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { validateEpcisDocument } from '@mashang/sdk/epcis';
import { EPCIS_DIR, walk } from './fixtures/epcis/paths.js';

const files = walk(EPCIS_DIR).filter((f) => /\.(json|jsonld)$/.test(f));
const read = (f: string): unknown => JSON.parse(readFileSync(join(EPCIS_DIR, f), 'utf8'));
const inInvalidFolder = (f: string): boolean => f.split('/').slice(0, -1).some((dir) => /invalid/i.test(dir));

/** Official GS1 examples (gs1/EPCIS JSON/**) and the schema work group's own test events. */
const gs1Examples = files.filter((f) => f.startsWith('JSON/') || f.startsWith('JSON-Schema/test/') && !f.includes('/schemas/'));

/** OpenEPCIS documents outside Invalid folders (Capture documents/events and query documents). */
const openepcisValid = files.filter((f) => f.startsWith('openepcis-test-resources/') && !inInvalidFolder(f));

/**
 * Examples the official schema itself rejects — found by running it, not by our choice:
 * - AggregationEvent_with_persistentDisposition: the schema allows persistentDisposition only on
 *   ObjectEvent and TransformationEvent;
 * - SensorData_with_combined_events (capture and query copies): sensor report types
 *   "Molar_concentration" and "EffectiveDoseRate" are not in the schema's measurement-type list,
 *   and two sensor reports have no "type";
 * - TransactionEvent_with_userExtensions (capture and query copies): type "EffectiveDoseRate";
 * - Query/Queries/SimpleEventQuery.json is a query definition (REST query body), not a document.
 */
const REJECTED_BY_SCHEMA = new Set([
  'openepcis-test-resources/core/src/main/resources/2.0/EPCIS/JSON/Capture/Documents/AggregationEvent_with_persistentDisposition.json',
  'openepcis-test-resources/core/src/main/resources/2.0/EPCIS/JSON/Capture/Documents/SensorData_with_combined_events.json',
  'openepcis-test-resources/core/src/main/resources/2.0/EPCIS/JSON/Capture/Documents/TransactionEvent_with_userExtensions.json',
  'openepcis-test-resources/core/src/main/resources/2.0/EPCIS/JSON/Query/SensorData_with_combined_events.json',
  'openepcis-test-resources/core/src/main/resources/2.0/EPCIS/JSON/Query/TransactionEvent_with_userExtensions.json',
  'openepcis-test-resources/core/src/main/resources/2.0/EPCIS/JSON/Query/Queries/SimpleEventQuery.json',
]);

const invalid = files.filter(inInvalidFolder);

/** The pointer names a value in the document, or a property missing from an object that exists. */
function pointerResolves(doc: unknown, pointer: string): boolean {
  let node = doc;
  const steps = pointer.split('/').slice(1).map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
  for (const [i, key] of steps.entries()) {
    if (typeof node !== 'object' || node === null) return false;
    if (!(key in node)) return i === steps.length - 1;
    node = (node as Record<string, unknown>)[key];
  }
  return true;
}

describe('validateEpcisDocument: official examples', () => {
  it('should find the example folders', () => {
    assert.ok(gs1Examples.length >= 50, `${gs1Examples.length} GS1 examples`);
    assert.ok(openepcisValid.length >= 50, `${openepcisValid.length} OpenEPCIS documents`);
    assert.ok(invalid.length >= 19, `${invalid.length} invalid documents`);
  });

  for (const f of gs1Examples) {
    it(`should accept ${f}`, () => assert.deepEqual(validateEpcisDocument(read(f)), { valid: true }));
  }

  for (const f of openepcisValid) {
    if (REJECTED_BY_SCHEMA.has(f)) {
      it(`should reject ${f} as the official schema does`, () => assert.equal(validateEpcisDocument(read(f)).valid, false));
    } else {
      it(`should accept ${f}`, () => assert.deepEqual(validateEpcisDocument(read(f)), { valid: true }));
    }
  }
});

describe('validateEpcisDocument: invalid documents', () => {
  for (const f of invalid) {
    it(`should reject ${f} with pointers into the document`, () => {
      const doc = read(f);
      const result = validateEpcisDocument(doc);
      assert.equal(result.valid, false);
      if (result.valid) return;
      assert.ok(result.errors.length > 0);
      for (const { pointer, message } of result.errors) {
        assert.ok(pointer === '' || pointer.startsWith('/'), pointer);
        assert.ok(pointerResolves(doc, pointer), `${pointer} does not point into ${f}`);
        assert.ok(message.length > 10 && !/must match "then" schema/.test(message), message);
      }
    });
  }
});

describe('validateEpcisDocument: messages', () => {
  const doc = (event: Record<string, unknown>): unknown => ({
    '@context': ['https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld'],
    type: 'EPCISDocument',
    schemaVersion: '2.0',
    creationDate: '2024-05-01T00:00:00Z',
    epcisBody: { eventList: [event] },
  });
  const good = {
    type: 'ObjectEvent',
    action: 'OBSERVE',
    eventTime: '2024-05-01T08:00:00+08:00',
    eventTimeZoneOffset: '+08:00',
    epcList: ['https://id.gs1.org/01/06901234567892/21/A1'],
    bizStep: 'shipping',
  };
  const errorsOf = (d: unknown): Array<{ pointer: string; message: string }> => {
    const r = validateEpcisDocument(d);
    assert.equal(r.valid, false);
    return r.valid ? [] : r.errors;
  };

  it('should accept a minimal document', () => assert.deepEqual(validateEpcisDocument(doc(good)), { valid: true }));

  it('should report every problem at once, each at its own pointer', () => {
    const errors = errorsOf(doc({ ...good, bizStep: 'shippin', eventTimeZoneOffset: '8:00', quantityList: [{ epcClass: 'x:y', quantity: '2' }] }));
    const pointers = errors.map((e) => e.pointer);
    assert.deepEqual(pointers, [
      '/epcisBody/eventList/0/bizStep',
      '/epcisBody/eventList/0/eventTimeZoneOffset',
      '/epcisBody/eventList/0/quantityList/0/quantity',
    ]);
    assert.match(errors[0]!.message, /one of accepting, .*or an absolute URI.*got "shippin"/);
    assert.match(errors[2]!.message, /must be of type number; got "2"/);
  });

  it('should name missing required properties and the what-dimension alternatives', () => {
    const { action: _a, epcList: _e, ...bare } = good;
    const [error] = errorsOf(doc(bare));
    assert.equal(error!.pointer, '/epcisBody/eventList/0');
    assert.match(error!.message, /missing required property "action"/);
    assert.match(error!.message, /needs "epcList", or "quantityList", or "sensorElementList" with "readPoint"/);
  });

  it('should point at a property that is not allowed and suggest a namespace', () => {
    const [error] = errorsOf(doc({ ...good, batchNote: 'x' }));
    assert.equal(error!.pointer, '/epcisBody/eventList/0/batchNote');
    assert.match(error!.message, /namespaced extension such as "example:batchNote"/);
  });

  it('should escape "/" and "~" in pointers (RFC 6901)', () => {
    const errors = errorsOf(doc({ ...good, quantityList: [{ epcClass: 'x:y', 'a/b~c': 1 }] }));
    assert.ok(errors.some((e) => e.pointer === '/epcisBody/eventList/0/quantityList/0/a~1b~0c'), JSON.stringify(errors));
  });

  it('should explain input that is not an EPCIS document at all', () => {
    assert.deepEqual(errorsOf(42).map((e) => e.pointer), ['']);
    assert.match(errorsOf({ epcisBody: {} })[0]!.message, /no "type"/);
  });
});
