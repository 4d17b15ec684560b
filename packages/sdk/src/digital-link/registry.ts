/** @module digital-link/registry — turns the AI table into per-AI definitions, built on first use. */

import { AI_SPECS, MEASURE_PREFIXES, NOT_ATTRIBUTES, PRIMARY_KEYS } from './ai-table.js';
import { N, X, Y, Z, type Cset } from './chars.js';
import { CHECKS, type Check } from './checks.js';

/** One component of an AI value, e.g. the `N13` of GDTI's `N13 [X..17]`. */
export interface Part {
  readonly cset: Cset;
  readonly min: number;
  readonly max: number;
  readonly optional: boolean;
  readonly check: Check | undefined;
}

/** Everything the codec knows about one Application Identifier. */
export interface AiDef {
  readonly ai: string;
  /** Permitted as a Digital Link data attribute (query string). */
  readonly attribute: boolean;
  readonly parts: readonly Part[];
  /** Shortest and longest whole value. */
  readonly min: number;
  readonly max: number;
  /** Present on primary keys: the alternative qualifier sequences. */
  readonly qualifierSequences: readonly (readonly string[])[] | undefined;
}

const CSETS: Readonly<Record<string, Cset>> = { N, X, Y, Z };

function parsePart(token: string): Part {
  const optional = token.startsWith('[');
  const [format = '', checkName] = token.replace(/[[\]]/g, '').split(',');
  const cset = CSETS[format[0]!]!;
  const variable = format.startsWith('..', 1);
  const max = Number(format.slice(variable ? 3 : 1));
  return { cset, min: variable ? 1 : max, max, optional, check: checkName ? CHECKS[checkName] : undefined };
}

function define(table: Map<string, AiDef>, ai: string, attribute: boolean, parts: readonly Part[]): void {
  let min = 0;
  let max = 0;
  for (const part of parts) {
    if (!part.optional) min += part.min;
    max += part.max;
  }
  table.set(ai, {
    ai,
    attribute,
    parts,
    min,
    max,
    qualifierSequences: PRIMARY_KEYS[ai],
  });
}

/** Expands `'3100-3105'` to each AI in the range, keeping the width. */
function expandRange(range: string): string[] {
  const [first = '', last = first] = range.split('-');
  const out: string[] = [];
  for (let n = Number(first); n <= Number(last); n++) out.push(String(n).padStart(first.length, '0'));
  return out;
}

function build(): Map<string, AiDef> {
  const table = new Map<string, AiDef>();
  for (const line of AI_SPECS.split('\n')) {
    if (!line) continue;
    const [range = '', ...tokens] = line.split(' ');
    const parts = tokens.map(parsePart);
    for (const ai of expandRange(range)) define(table, ai, !NOT_ATTRIBUTES.includes(` ${range} `), parts);
  }
  const measure = [parsePart('N6')];
  for (const prefix of MEASURE_PREFIXES.split(' ').flatMap(expandRange)) {
    for (let d = 0; d <= 5; d++) define(table, prefix + d, true, measure);
  }
  return table;
}

let table: Map<string, AiDef> | undefined;

/** The definition of `ai`, or undefined when it is not a known AI. */
export function lookupAi(ai: string): AiDef | undefined {
  return (table ??= build()).get(ai);
}

/** Short names for messages, e.g. `GTIN (01)`; other AIs read `AI (3103)`. */
const NAMES: Readonly<Record<string, string>> = { '00': 'SSCC', '01': 'GTIN', '10': 'lot', '21': 'serial', '414': 'GLN' };

/** `'GTIN (01)'`, `'AI (3103)'`. */
export function label(ai: string): string {
  return `${NAMES[ai] ?? 'AI'} (${ai})`;
}
