/** @module Content negotiation of the resolver: HTML page, JSON record or GS1 linkset. */

/** What the resolver can answer. */
export type Representation = 'html' | 'json' | 'linkset';

const TYPES: readonly [Representation, string][] = [
  ['html', 'text/html'],
  ['linkset', 'application/linkset+json'],
  ['json', 'application/json'],
];

interface Range {
  type: string;
  subtype: string;
  q: number;
}

function parseAccept(header: string): Range[] {
  const out: Range[] = [];
  for (const part of header.split(',')) {
    const [range, ...params] = part.trim().split(';');
    const [type, subtype] = (range ?? '').trim().toLowerCase().split('/');
    if (!type || !subtype) continue;
    let q = 1;
    for (const p of params) {
      const m = /^\s*q\s*=\s*([0-9.]+)\s*$/i.exec(p);
      if (m) q = Math.min(1, Math.max(0, Number(m[1])));
    }
    out.push({ type, subtype, q: Number.isFinite(q) ? q : 0 });
  }
  return out;
}

/** Quality of `mediaType` under the ranges: the most specific matching range wins. */
function quality(ranges: readonly Range[], mediaType: string): number {
  const [type, subtype] = mediaType.split('/') as [string, string];
  let best = -1;
  let specificity = -1;
  for (const r of ranges) {
    const s = r.type === type && r.subtype === subtype ? 2 : r.type === type && r.subtype === '*' ? 1 : r.type === '*' && r.subtype === '*' ? 0 : -1;
    if (s > specificity) {
      specificity = s;
      best = r.q;
    }
  }
  return best < 0 ? 0 : best;
}

/**
 * Picks the representation for an `Accept` header. Ties go to HTML (what a phone's browser
 * wants), so `*\/*` and a missing header get the page. `linkType=all` or `linkType=linkset`
 * in the query asks for the linkset whatever the header says (GS1 resolver convention).
 */
export function negotiate(accept: string | undefined, linkType: string | undefined): Representation | null {
  if (linkType === 'all' || linkType === 'linkset') return 'linkset';
  if (!accept || !accept.trim()) return 'html';
  const ranges = parseAccept(accept);
  let choice: Representation | null = null;
  let bestQ = 0;
  for (const [rep, media] of TYPES) {
    const q = quality(ranges, media);
    if (q > bestQ) {
      bestQ = q;
      choice = rep;
    }
  }
  return choice;
}
