/** @module digital-link/rules — which AIs may go where: primary key, path qualifiers, query attributes. */

import { isAllDigits } from './chars.js';
import { DigitalLinkError, quote } from './errors.js';
import { label, lookupAi, type AiDef } from './registry.js';
import type { AiValue } from './types.js';

const KEY_LIST = '00, 01, 253, 255, 401, 402, 414, 415, 417, 8003, 8004, 8006, 8010, 8013, 8017, 8018';

/** The definition of a primary-key AI; throws `missing_key` when `ai` is not one. */
export function primaryKeyDef(ai: string): AiDef {
  const def = lookupAi(ai);
  if (def?.qualifierSequences) return def;
  throw new DigitalLinkError(
    'missing_key',
    `${def ? label(ai) : quote(ai)} is not a GS1 Digital Link primary key; use one of ${KEY_LIST} (e.g. 01 for a GTIN)`,
    ai,
  );
}

/** The definition of a known AI; throws `unknown_ai` otherwise. `where` says where it was found. */
export function knownAi(ai: string, where: string): AiDef {
  const def = isAllDigits(ai) ? lookupAi(ai) : undefined;
  if (def) return def;
  throw new DigitalLinkError(
    'unknown_ai',
    isAllDigits(ai)
      ? `${quote(ai)} ${where} is not a GS1 Application Identifier; check the AI number`
      : `${quote(ai)} ${where} is not a GS1 Application Identifier; non-GS1 data belongs in the query string (e.g. ?name=value)`,
    ai,
  );
}

function describeSequences(key: AiDef): string {
  const seqs = key.qualifierSequences!;
  return seqs.length === 0 ? 'nothing (this key takes no qualifiers)' : seqs.map((s) => `/${s.join('/')}`).join(' or ');
}

/**
 * Checks the path qualifiers of `key`: known AIs, no duplicates, all from one
 * alternative sequence. With `strict` (parsing) they must already be in GS1
 * order; otherwise (formatting) they are returned in GS1 order.
 */
export function orderQualifiers(key: AiDef, qualifiers: readonly AiValue[], strict: boolean): readonly AiValue[] {
  if (qualifiers.length === 0) return qualifiers;
  const seqs = key.qualifierSequences!;
  let seq: readonly string[] | undefined;
  let last = -1;
  let inOrder = true;
  for (let i = 0; i < qualifiers.length; i++) {
    const ai = qualifiers[i]!.ai;
    if (ai === key.ai || qualifiers.findIndex((q) => q.ai === ai) < i) {
      throw new DigitalLinkError('duplicate_ai', `${label(ai)} appears twice in the path; give each AI once`, ai);
    }
    let pos = seq ? seq.indexOf(ai) : -1;
    if (!seq) {
      seq = seqs.find((s) => s.includes(ai));
      pos = seq ? seq.indexOf(ai) : -1;
    }
    if (pos === -1) {
      const def = knownAi(ai, `in the path after ${label(key.ai)}`);
      if (seqs.some((s) => s.includes(ai))) {
        throw new DigitalLinkError(
          'bad_order',
          `${label(ai)} cannot be combined with ${label(qualifiers[0]!.ai)} in one path: after ${label(key.ai)} the path takes ${describeSequences(key)}, not a mix`,
          ai,
        );
      }
      throw new DigitalLinkError(
        'bad_qualifier',
        `${label(ai)} cannot qualify ${label(key.ai)} in the path; after ${label(key.ai)} the path may hold ${describeSequences(key)}` +
          (def.attribute ? `. Send it as a query attribute instead (?${ai}=...)` : ''),
        ai,
      );
    }
    if (pos < last) {
      if (strict) {
        const before = qualifiers.find((q) => seq!.indexOf(q.ai) > pos)!.ai;
        throw new DigitalLinkError(
          'bad_order',
          `${label(ai)} must come before ${label(before)} in the path: after ${label(key.ai)} the order is ${seq!.join(', ')}`,
          ai,
        );
      }
      inOrder = false;
    }
    last = Math.max(last, pos);
  }
  if (inOrder) return qualifiers;
  return [...qualifiers].sort((a, b) => seq!.indexOf(a.ai) - seq!.indexOf(b.ai));
}

/**
 * Checks that `attributes[index]` may be a query attribute of this link and
 * returns its definition. Rejects unknown AIs, repeats of any path or earlier
 * AI, key qualifiers that fit in the path (they must go there), and AIs GS1
 * does not permit as data attributes.
 */
export function attributeDef(key: AiDef, qualifiers: readonly AiValue[], attributes: readonly AiValue[], index: number): AiDef {
  const ai = attributes[index]!.ai;
  const def = knownAi(ai, 'in the query string');
  if (ai === key.ai || qualifiers.some((q) => q.ai === ai) || attributes.findIndex((a) => a.ai === ai) < index) {
    throw new DigitalLinkError('duplicate_ai', `${label(ai)} appears twice in the link; give each AI once`, ai);
  }
  const fits = key.qualifierSequences!.some((s) => s.includes(ai) && qualifiers.every((q) => s.includes(q.ai)));
  if (fits) {
    throw new DigitalLinkError(
      'qualifier_in_query',
      `${label(ai)} qualifies ${label(key.ai)} and must be in the path (/${key.ai}/.../${ai}/...), not a query attribute`,
      ai,
    );
  }
  if (!def.attribute) {
    throw new DigitalLinkError(
      'not_attribute',
      `${label(ai)} is not permitted as a GS1 Digital Link data attribute (query string); leave it out of the link`,
      ai,
    );
  }
  return def;
}
