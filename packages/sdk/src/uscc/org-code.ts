/** @module GB 11714 organization-code check character (USCC positions 9–17). */

const WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2] as const;

/**
 * Computes the GB 11714 check character for an 8-character organization-code body.
 * Characters `0-9A-Z` count 0–35; the check is `11 − (Σ value·weight mod 11)`, with 10 written
 * as `X` and 11 as `0`.
 *
 * @param body - the first 8 characters of the organization code (digits and upper-case letters)
 * @returns the 9th character
 * @throws RangeError when `body` is not 8 characters of `0-9A-Z`
 * @example
 * ```ts
 * computeOrgCodeCheckChar('70846113'); // '6'  (Tencent: 708461136)
 * ```
 * @category Identifiers
 */
export function computeOrgCodeCheckChar(body: string): string {
  if (typeof body !== 'string' || !/^[0-9A-Z]{8}$/.test(body)) {
    throw new RangeError(
      `organization-code body must be 8 characters of 0-9 or A-Z, got ${JSON.stringify(body)}`,
    );
  }
  let sum = 0;
  for (let i = 0; i < 8; i++) sum += parseInt(body.charAt(i), 36) * WEIGHTS[i]!;
  const check = 11 - (sum % 11);
  return check === 10 ? 'X' : check === 11 ? '0' : String(check);
}
