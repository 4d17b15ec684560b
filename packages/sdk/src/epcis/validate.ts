/** @module epcis/validate — EPCIS 2.0 documents checked against the official JSON Schema (Ajv). */

import AjvModule, { type ErrorObject, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { EPCIS_JSON_SCHEMA } from './schema/epcis-schema.js';

/**
 * One problem in an EPCIS document: where (RFC 6901 JSON pointer, `''` for the root) and what to do.
 * @category EPCIS
 */
export interface EpcisValidationIssue {
  pointer: string;
  message: string;
}

/**
 * Result of {@link validateEpcisDocument}.
 * @category EPCIS
 */
export type EpcisValidationResult = { valid: true } | { valid: false; errors: EpcisValidationIssue[] };

// ajv and ajv-formats are CommonJS whose export is also reachable as `.default`; that is the
// one spelling that works under Node's ESM loader, TypeScript's NodeNext and bundlers alike.
const Ajv = AjvModule.default;
const addFormats = addFormatsModule.default;

let compiled: ValidateFunction | undefined;

/** Compiles the schema on first use, so importing this module costs nothing until then. */
function validator(): ValidateFunction {
  if (!compiled) {
    const ajv = new Ajv({ allErrors: true, strict: false });
    addFormats(ajv, ['date-time', 'uri']);
    compiled = ajv.compile(EPCIS_JSON_SCHEMA as Record<string, unknown>);
  }
  return compiled;
}

const escapePointer = (key: string): string => key.replace(/~/g, '~0').replace(/\//g, '~1');

function valueAt(doc: unknown, pointer: string): unknown {
  let node = doc;
  for (const raw of pointer.split('/').slice(1)) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    node = typeof node === 'object' && node !== null ? (node as Record<string, unknown>)[key] : undefined;
  }
  return node;
}

function shown(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

function listed(values: readonly unknown[]): string {
  const words = values.map((v) => String(v));
  return words.length > 8 ? `${words.slice(0, 8).join(', ')}, … (${words.length} in all)` : words.join(', ');
}

/** One sentence for the errors Ajv reported at one place in the document. */
function describe(errors: ErrorObject[], actual: unknown): string {
  const enums = errors.filter((e) => e.keyword === 'enum');
  const uri = errors.some((e) => e.keyword === 'format' && e.params['format'] === 'uri');
  const patterns = errors.filter((e) => e.keyword === 'pattern').map((e) => String(e.params['pattern']));
  const alternatives = errors.some((e) => e.keyword === 'anyOf' || e.keyword === 'oneOf');
  if (enums.length > 0 || (alternatives && uri)) {
    const allowed = enums.flatMap((e) => e.params['allowedValues'] as unknown[]);
    const words = allowed.length > 0 ? `one of ${listed([...new Set(allowed)])}` : '';
    const either = uri && words ? `${words}, or an absolute URI for a value outside the standard vocabulary` : words || 'an absolute URI';
    return `must be ${either}; got ${shown(actual)}.`;
  }
  const requiredErrors = errors.filter((e) => e.keyword === 'required');
  if (requiredErrors.length > 0) {
    const inAnyOf = requiredErrors.filter((e) => /\/anyOf\/\d+/.test(e.schemaPath));
    const plain = [...new Set(requiredErrors.filter((e) => !inAnyOf.includes(e)).map((e) => `"${e.params['missingProperty']}"`))];
    const parts: string[] = [];
    if (plain.length > 0) {
      parts.push(`is missing required ${plain.length > 1 ? 'properties' : 'property'} ${plain.join(', ')}; add ${plain.length > 1 ? 'them' : 'it'}`);
    }
    if (inAnyOf.length > 0) {
      // One alternative per anyOf branch; the properties of a branch are needed together.
      const branches = new Map<string, string[]>();
      for (const e of inAnyOf) {
        const branch = /^(.*\/anyOf\/\d+)/.exec(e.schemaPath)![1]!;
        branches.set(branch, [...(branches.get(branch) ?? []), `"${e.params['missingProperty']}"`]);
      }
      parts.push(`needs ${[...branches.values()].map((b) => b.join(' with ')).join(', or ')}`);
    }
    return `${parts.join('; it also ')}.`;
  }
  const first = errors.find((e) => e.keyword !== 'anyOf' && e.keyword !== 'oneOf' && e.keyword !== 'if') ?? errors[0]!;
  switch (first.keyword) {
    case 'format':
      return first.params['format'] === 'date-time'
        ? `must be an RFC 3339 date-time with a time-zone offset, e.g. "2024-05-01T08:00:00.000+08:00"; got ${shown(actual)}.`
        : `must be ${first.params['format'] === 'uri' ? 'an absolute URI' : `in ${first.params['format']} format`}; got ${shown(actual)}.`;
    case 'type':
      return `must be of type ${first.params['type']}; got ${shown(actual)}.`;
    case 'pattern':
      return `must match ${patterns.length > 1 ? `one of ${patterns.join(', ')}` : patterns[0]}; got ${shown(actual)}.`;
    case 'additionalProperties':
      return 'is not allowed here; remove it, or give it a namespace prefix declared in @context if it is an extension.';
    case 'minItems':
      return `must have at least ${first.params['limit']} item(s).`;
    case 'const':
      return `must be ${shown(first.params['allowedValue'])}; got ${shown(actual)}.`;
    case 'anyOf':
    case 'oneOf':
      return 'does not match any of the forms the EPCIS 2.0 schema allows here.';
    default:
      return `${first.message ?? 'is invalid'}.`;
  }
}

/**
 * Validates an EPCIS 2.0 JSON/JSON-LD document (capture or query document, or a single event
 * with its own `@context`) against the official EPCIS 2.0 JSON Schema, reporting every problem
 * with the JSON pointer of the offending value.
 *
 * Importing this function pulls in Ajv (about 120 kB); the rest of `@mashang/sdk/epcis` does not
 * depend on it, so bundles that never call it leave it out.
 *
 * @example
 * ```ts
 * const result = validateEpcisDocument(JSON.parse(body));
 * if (!result.valid) {
 *   for (const { pointer, message } of result.errors) console.error(`${pointer} ${message}`);
 *   // /epcisBody/eventList/0/bizStep must be one of accepting, arriving, … (41 in all), or an
 *   //   absolute URI for a value outside the standard vocabulary; got "shippin".
 * }
 * ```
 * @category EPCIS
 */
export function validateEpcisDocument(doc: unknown): EpcisValidationResult {
  const validate = validator();
  if (validate(doc)) return { valid: true };
  const isObject = typeof doc === 'object' && doc !== null && !Array.isArray(doc);
  const rootType = isObject ? (doc as Record<string, unknown>)['type'] : undefined;
  if (typeof rootType !== 'string') {
    // Without a type the schema cannot tell what it is looking at and lists every rule it knows.
    const got = !isObject ? shown(doc) : rootType === undefined ? 'no "type"' : `type ${shown(rootType)}`;
    const message = `must be an object with "type": "EPCISDocument", "EPCISQueryDocument" or an event type (a single event also needs "@context"); got ${got}.`;
    return { valid: false, errors: [{ pointer: isObject ? '/type' : '', message }] };
  }
  // `if`/`then` failures only repeat what the errors under them already say.
  const all = (validate.errors ?? []).filter((e) => e.keyword !== 'if');
  const errors: EpcisValidationIssue[] = [];

  // A disallowed property name is reported at the property itself.
  const namesAt = new Set(all.filter((e) => e.keyword === 'propertyNames').map((e) => e.instancePath));
  for (const e of all) {
    if (e.propertyName === undefined) continue;
    const pointer = `${e.instancePath}/${escapePointer(e.propertyName)}`;
    if (errors.some((x) => x.pointer === pointer)) continue;
    const where = e.instancePath.endsWith('/ilmd') ? 'in ilmd' : 'on this event type';
    errors.push({
      pointer,
      message: `property "${e.propertyName}" is not allowed ${where}; use a standard EPCIS field, or a namespaced extension such as "example:${e.propertyName}" with the prefix declared in @context.`,
    });
  }
  const aboutNames = (e: ErrorObject): boolean =>
    e.propertyName !== undefined ||
    e.keyword === 'propertyNames' ||
    (namesAt.has(e.instancePath) &&
      (e.keyword === 'enum' || e.keyword === 'format' || (e.keyword === 'anyOf' && (e.schemaPath === '#/anyOf' || e.schemaPath.includes('propertyNames')))));

  const byPointer = new Map<string, ErrorObject[]>();
  for (const e of all) {
    if (aboutNames(e)) continue;
    const pointer = e.keyword === 'additionalProperties' ? `${e.instancePath}/${escapePointer(String(e.params['additionalProperty']))}` : e.instancePath;
    byPointer.set(pointer, [...(byPointer.get(pointer) ?? []), e]);
  }
  for (const [pointer, list] of byPointer) {
    // "no anyOf branch matched" adds nothing when a problem further down explains it.
    const onlyAlternatives = list.every((e) => e.keyword === 'anyOf' || e.keyword === 'oneOf');
    const explained = [...byPointer.keys(), ...errors.map((e) => e.pointer)].some((p) => p.startsWith(`${pointer}/`));
    if (onlyAlternatives && explained) continue;
    errors.push({ pointer, message: describe(list, valueAt(doc, pointer)) });
  }
  errors.sort((a, b) => (a.pointer < b.pointer ? -1 : a.pointer > b.pointer ? 1 : 0));
  return { valid: false, errors };
}
