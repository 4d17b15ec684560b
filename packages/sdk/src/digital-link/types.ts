/** @module digital-link/types — shapes shared by the Digital Link parser and formatter. */

/**
 * One GS1 Application Identifier and its value, e.g. `{ ai: '10', value: 'LOT42' }`.
 * Values are plain (percent-decoded) text.
 *
 * @category Digital Link
 */
export interface AiValue {
  /** The Application Identifier, digits only, e.g. `'01'`, `'8004'`. */
  ai: string;
  /** The value as it appears in the element string, e.g. `'09520123456788'`. */
  value: string;
}

/**
 * A parsed, validated GS1 Digital Link URI.
 *
 * @category Digital Link
 */
export interface DigitalLink {
  /** Scheme, host and any path stem before the primary key, e.g. `'https://example.com/shop'`. Scheme is lower-cased. */
  base: string;
  /** The identifying key of the path, e.g. `{ ai: '01', value: '09520123456788' }`. */
  primaryKey: AiValue;
  /** Key qualifiers from the path, in path order (e.g. `22`, `10`, `21` after `01`). */
  qualifiers: AiValue[];
  /** GS1 data attributes from the query string, in query order. */
  attributes: AiValue[];
  /** Non-GS1 query parameters (names with a non-digit), first occurrence wins. */
  extensions: Record<string, string>;
  /** Human-readable element string: path AIs, then attributes, e.g. `'(01)09520123456788(10)ABC(17)201225'`. */
  elementString: string;
}

/**
 * What {@link formatDigitalLink} needs. A parsed {@link DigitalLink} is also a
 * valid input.
 *
 * @category Digital Link
 */
export interface DigitalLinkInput {
  /** The identifying key, e.g. `{ ai: '01', value: gtin }`. GTIN-8/12/13 values are padded to 14 digits. */
  primaryKey: AiValue;
  /** Key qualifiers for the path, in any order; they are written in the order GS1 prescribes. */
  qualifiers?: readonly AiValue[] | undefined;
  /** GS1 data attributes for the query string, written in the given order. */
  attributes?: readonly AiValue[] | undefined;
  /** Non-GS1 query parameters; each name must contain a non-digit. */
  extensions?: Readonly<Record<string, string>> | undefined;
  /** Base used when the options give none. */
  base?: string | undefined;
}

/**
 * Options for {@link parseDigitalLink} and {@link isDigitalLink}.
 *
 * @category Digital Link
 */
export interface ParseDigitalLinkOptions {
  /**
   * Accept GTIN-8/12/13 in AI (01) (path or query) and pad them to 14 digits.
   * DL URI Syntax 1.4+ requires 14 digits, so this is only for reading old codes.
   * @default false
   */
  permitZeroSuppressedGtin?: boolean | undefined;
}

/**
 * Options for {@link formatDigitalLink}.
 *
 * @category Digital Link
 */
export interface FormatDigitalLinkOptions {
  /**
   * Scheme, host and optional path stem to put before the primary key; one
   * trailing `/` is dropped.
   * @default dl.base, else 'https://id.gs1.org'
   * @example 'https://trace.example.cn/p'
   */
  base?: string | undefined;
}
