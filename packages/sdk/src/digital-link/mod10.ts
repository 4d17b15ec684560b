/** @module digital-link/mod10 — the GS1 mod-10 check digit. */

/**
 * GS1 mod-10 check digit of the digits `s[from, to)`: weights 3, 1, 3, ... from
 * the rightmost digit, check = (10 - sum mod 10) mod 10. The caller guarantees digits.
 */
export function mod10(s: string, from: number, to: number): number {
  let sum = 0;
  let weight = 3;
  for (let i = to - 1; i >= from; i--) {
    sum += (s.charCodeAt(i) - 48) * weight;
    weight = 4 - weight;
  }
  return (10 - (sum % 10)) % 10;
}
