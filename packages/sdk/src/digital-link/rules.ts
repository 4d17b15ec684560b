/** @module digital-link/rules — which AIs may go where: primary key, path qualifiers, query attributes. */

import { isAllDigits } from './chars.js';
import { fail, quote } from './errors.js';
import { label, lookupAi, type AiDef } from './registry.js';
import type { AiValue } from './types.js';

/** The definition of a primary-key AI; throws `missing_key` when `ai` is not one. */
export function primaryKeyDef(ai: string): AiDef {
  const def = lookupAi(ai);
  return def?.qualifierSequences ? def : fail('missing_key', `${quote(ai)} is not a primary key such as 01 (GTIN)`, ai);
}

/** The definition of a known AI; throws `unknown_ai` otherwise. `where` says where it was found. */
export function knownAi(ai: string, where: string): AiDef {
  const def = isAllDigits(ai) ? lookupAi(ai) : undefined;
  return (
    def ??
    fail('unknown_ai', `${quote(ai)} ${where} is not a GS1 AI${isAllDigits(ai) ? '' : '; other data goes in the query (extensions)'}`, ai)
  );
}

/** `/22/10/21 or /235` */
const sequences = (key: AiDef): string => key.qualifierSequences!.map((s) => `/${s.join('/')}`).join(' or ') || 'no qualifiers';

/**
 * Checks the path qualifiers of `key`: known AIs, no duplicates, all from one
 * alternative sequence (the sequences are disjoint). With `strict` (parsing)
 * they must already be in GS1 order; otherwise they are returned in GS1 order.
 */
export function orderQualifiers(key: AiDef, qualifiers: readonly AiValue[], strict: boolean): readonly AiValue[] {
  const seqs = key.qualifierSequences!;
  let seq: readonly string[] | undefined;
  let last = -1;
  let sorted = true;
  qualifiers.forEach(({ ai }, i) => {
    if (ai === key.ai || qualifiers.findIndex((q) => q.ai === ai) < i) fail('duplicate_ai', `${label(ai)} appears twice`, ai);
    const other = seqs.find((s) => s.includes(ai));
    seq ??= other;
    const pos = seq ? seq.indexOf(ai) : -1;
    if (pos < 0) {
      const def = knownAi(ai, `in the path after ${label(key.ai)}`);
      const hint = other ? ', not a mix' : def.attribute ? `; send it as ?${ai}=` : '';
      fail(other ? 'bad_order' : 'bad_qualifier', `${label(ai)} cannot qualify ${label(key.ai)} here: the path takes ${sequences(key)}${hint}`, ai);
    }
    if (pos < last) {
      if (strict) fail('bad_order', `${label(ai)} must come before ${label(seq![last]!)}`, ai);
      sorted = false;
    }
    last = Math.max(last, pos);
  });
  return sorted ? qualifiers : [...qualifiers].sort((a, b) => seq!.indexOf(a.ai) - seq!.indexOf(b.ai));
}

/**
 * Checks that `attributes[index]` may be a query attribute of this link and
 * returns its definition. Rejects unknown AIs, repeats of any path or earlier
 * AI, key qualifiers that fit in the path (they must go there), and AIs GS1
 * does not permit as data attributes.
 */
export function attributeDef(key: AiDef, qualifiers: readonly AiValue[], attributes: readonly AiValue[], index: number): AiDef {
  const ai = attributes[index]!.ai;
  const def = knownAi(ai, 'in the query');
  if (ai === key.ai || qualifiers.some((q) => q.ai === ai) || attributes.findIndex((a) => a.ai === ai) < index) {
    fail('duplicate_ai', `${label(ai)} appears twice`, ai);
  }
  if (key.qualifierSequences!.some((s) => s.includes(ai) && qualifiers.every((q) => s.includes(q.ai)))) {
    fail('qualifier_in_query', `${label(ai)} qualifies ${label(key.ai)}: put it in the path, not the query`, ai);
  }
  return def.attribute ? def : fail('not_attribute', `${label(ai)} is not allowed in the query; leave it out`, ai);
}
