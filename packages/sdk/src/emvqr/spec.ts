/** @module The EMV MPM data-object table: names, formats and length limits of root and template IDs. */

/** EMV value formats: N numeric digits, ans printable ASCII, S any Unicode. */
export type EmvFormat = 'N' | 'ans' | 'S';

export interface FieldRule {
  name: string;
  format: EmvFormat;
  min: number;
  max: number;
}

/** What kind of object an ID is, which decides whether its value is parsed as a template. */
export type RootKind = 'primitive' | 'account' | 'template' | 'reserved';

const ROOT: Readonly<Record<string, FieldRule>> = {
  '00': { name: 'Payload Format Indicator', format: 'N', min: 2, max: 2 },
  '01': { name: 'Point of Initiation Method', format: 'N', min: 2, max: 2 },
  '52': { name: 'Merchant Category Code', format: 'N', min: 4, max: 4 },
  '53': { name: 'Transaction Currency', format: 'N', min: 3, max: 3 },
  '54': { name: 'Transaction Amount', format: 'ans', min: 1, max: 13 },
  '55': { name: 'Tip or Convenience Indicator', format: 'N', min: 2, max: 2 },
  '56': { name: 'Value of Convenience Fee Fixed', format: 'ans', min: 1, max: 13 },
  '57': { name: 'Value of Convenience Fee Percentage', format: 'ans', min: 1, max: 5 },
  '58': { name: 'Country Code', format: 'ans', min: 2, max: 2 },
  '59': { name: 'Merchant Name', format: 'ans', min: 1, max: 25 },
  '60': { name: 'Merchant City', format: 'ans', min: 1, max: 15 },
  '61': { name: 'Postal Code', format: 'ans', min: 1, max: 10 },
  '62': { name: 'Additional Data Field Template', format: 'S', min: 1, max: 99 },
  '63': { name: 'CRC', format: 'ans', min: 4, max: 4 },
  '64': { name: 'Merchant Information—Language Template', format: 'S', min: 1, max: 99 },
};

const NETWORKS: ReadonlyArray<readonly [number, string]> = [
  [3, 'Visa'], [5, 'Mastercard'], [8, 'EMVCo RFU'], [10, 'Discover'], [12, 'Amex'], [14, 'JCB'],
  [16, 'UnionPay'], [25, 'EMVCo RFU'],
];

export function rootKind(id: string): RootKind {
  const n = Number(id);
  if (n >= 2 && n <= 25) return 'primitive';
  if (n >= 26 && n <= 51) return 'account';
  if (n === 62 || n === 64 || n >= 80) return 'template';
  if (n >= 65 && n <= 79) return 'reserved';
  return 'primitive';
}

export function isMerchantAccountId(id: unknown): id is string {
  return typeof id === 'string' && /^\d\d$/.test(id) && Number(id) >= 2 && Number(id) <= 51;
}

export function isUnreservedTemplateId(id: unknown): id is string {
  return typeof id === 'string' && /^\d\d$/.test(id) && Number(id) >= 80;
}

const rootRules = new Map<string, FieldRule>();

/** Length and format rule of a root ID. */
export function rootRule(id: string): FieldRule {
  let rule = rootRules.get(id);
  if (rule === undefined) {
    rule = makeRootRule(id);
    rootRules.set(id, rule);
  }
  return rule;
}

function makeRootRule(id: string): FieldRule {
  const fixed = ROOT[id];
  if (fixed) return fixed;
  const n = Number(id);
  if (n >= 2 && n <= 25) {
    const network = NETWORKS.find(([last]) => n <= last)![1];
    return { name: `Merchant Account Information (${network})`, format: 'ans', min: 1, max: 99 };
  }
  if (n >= 26 && n <= 51) return { name: 'Merchant Account Information template', format: 'S', min: 1, max: 99 };
  if (n >= 65 && n <= 79) return { name: 'RFU for EMVCo', format: 'S', min: 1, max: 99 };
  return { name: 'Unreserved Template', format: 'S', min: 1, max: 99 };
}

const GUI: FieldRule = { name: 'Globally Unique Identifier', format: 'ans', min: 1, max: 32 };

const ADDITIONAL: Readonly<Record<string, FieldRule & { key: string }>> = {
  '01': { key: 'billNumber', name: 'Bill Number', format: 'ans', min: 1, max: 25 },
  '02': { key: 'mobileNumber', name: 'Mobile Number', format: 'ans', min: 1, max: 25 },
  '03': { key: 'storeLabel', name: 'Store Label', format: 'ans', min: 1, max: 25 },
  '04': { key: 'loyaltyNumber', name: 'Loyalty Number', format: 'ans', min: 1, max: 25 },
  '05': { key: 'referenceLabel', name: 'Reference Label', format: 'ans', min: 1, max: 25 },
  '06': { key: 'customerLabel', name: 'Customer Label', format: 'ans', min: 1, max: 25 },
  '07': { key: 'terminalLabel', name: 'Terminal Label', format: 'ans', min: 1, max: 25 },
  '08': { key: 'purpose', name: 'Purpose of Transaction', format: 'ans', min: 1, max: 25 },
  '09': { key: 'consumerDataRequest', name: 'Additional Consumer Data Request', format: 'ans', min: 1, max: 3 },
};

const LANGUAGE: Readonly<Record<string, FieldRule & { key: string }>> = {
  '00': { key: 'languagePreference', name: 'Language Preference', format: 'ans', min: 2, max: 2 },
  '01': { key: 'merchantNameAlt', name: 'Merchant Name—Alternate Language', format: 'S', min: 1, max: 25 },
  '02': { key: 'merchantCityAlt', name: 'Merchant City—Alternate Language', format: 'S', min: 1, max: 15 },
};

/** Named sub-fields of tag 62: sub-ID → property of `AdditionalData`. */
export const ADDITIONAL_KEYS: ReadonlyArray<readonly [string, string]> = Object.entries(ADDITIONAL).map(([id, r]) => [id, r.key]);
/** Named sub-fields of tag 64: sub-ID → property of `LanguageTemplate`. */
export const LANGUAGE_KEYS: ReadonlyArray<readonly [string, string]> = Object.entries(LANGUAGE).map(([id, r]) => [id, r.key]);

const OTHER_SUB: FieldRule = { name: 'RFU or payment-system-specific data', format: 'S', min: 1, max: 99 };
const NETWORK_SUB: FieldRule = { name: 'network-specific data', format: 'S', min: 1, max: 99 };

/** Rule for a sub-field of template `parent`. Unlisted sub-IDs may hold anything up to 99 characters. */
export function subRule(parent: string, id: string): FieldRule {
  const known = parent === '62' ? ADDITIONAL[id] : parent === '64' ? LANGUAGE[id] : id === '00' ? GUI : undefined;
  return known ?? (parent === '62' || parent === '64' ? OTHER_SUB : NETWORK_SUB);
}

/** `tag 59 (Merchant Name)` — how messages name a tag. */
export function describeTag(tag: string): string {
  const [parent, sub] = tag.split('.') as [string, string | undefined];
  const rule = sub === undefined ? rootRule(parent) : subRule(parent, sub);
  return `tag ${tag} (${rule.name})`;
}
