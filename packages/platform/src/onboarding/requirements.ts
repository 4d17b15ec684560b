/**
 * @module What an application still needs before it can be submitted. Every problem is reported at
 * once, each tied to the field to fix, in words the applicant can act on.
 */
import { DOCUMENT_PURPOSE, checkAccountNumber, checkIdNumber, type DocumentType, type IdType, type Requirement, type UploadedFile } from '@mashang/sdk';
import { validateResidentId } from '@mashang/sdk/uscc';
import type { ApplicationRow } from '../store/onboarding.js';

/** What the checks need besides the row. */
export interface RequirementContext {
  /** Decrypted numbers (never logged, never returned). */
  idNumber: string | null;
  accountNumber: string | null;
  /** The attached files that exist, by id. */
  files: Map<string, UploadedFile>;
  /** Another merchant holds the USCC. */
  usccTaken: boolean;
  now: Date;
}

const REQUIRED_DOCUMENTS: Record<NonNullable<ApplicationRow['subject_type']>, DocumentType[]> = {
  enterprise: ['business_license', 'id_card_front', 'id_card_back', 'store_front'],
  individual_business: ['business_license', 'id_card_front', 'id_card_back', 'store_front'],
  micro: ['id_card_front', 'id_card_back', 'store_front', 'store_interior'],
};

const DOCUMENT_NAMES: Record<DocumentType, string> = {
  business_license: 'a photo or scan of the business licence (营业执照)',
  id_card_front: "the front of the legal representative's ID document",
  id_card_back: "the back of the legal representative's ID document",
  store_front: 'a photo of the shop front with its sign (门头照)',
  store_interior: 'a photo of the inside of the shop (店内照)',
  account_proof: 'proof of the settlement account',
};

/** Roughly mainland China, Hong Kong and Macao, for catching swapped or zero coordinates. */
function inChina(lat: number, lng: number): boolean {
  return lat >= 3.8 && lat <= 53.6 && lng >= 73.4 && lng <= 135.1;
}

/** Age in whole years on `now` (China Standard Time) of the holder of a valid resident ID number. */
function ageOf(idNumber: string, now: Date): number | undefined {
  const result = validateResidentId(idNumber, { now });
  if (!result.valid) return undefined;
  const [y, m, d] = result.parts.birthDate.split('-').map(Number) as [number, number, number];
  const today = new Date(now.getTime() + 8 * 3600 * 1000);
  const beforeBirthday = today.getUTCMonth() + 1 < m || (today.getUTCMonth() + 1 === m && today.getUTCDate() < d);
  return today.getUTCFullYear() - y - (beforeBirthday ? 1 : 0);
}

/** Every problem with the draft; empty when it can be submitted. */
export function draftRequirements(row: Pick<ApplicationRow, 'subject_type' | 'data' | 'merchant_id' | 'id'>, ctx: RequirementContext): Requirement[] {
  const out: Requirement[] = [];
  const need = (field: string, message: string) => out.push({ field, code: 'required', message });
  const bad = (field: string, code: string, message: string) => out.push({ field, code, message });
  const subject = row.subject_type;
  const { business, legal_representative: rep, settlement_account: account, documents } = row.data;

  if (!subject) need('subject_type', 'Choose the subject type: 企业 (enterprise), 个体工商户 (individual business) or 小微 (micro merchant without a licence).');

  // Business
  if (subject === 'micro') {
    if (business.uscc) bad('business.uscc', 'mismatch', '小微 merchants have no business licence; remove the USCC, or choose 个体工商户 / 企业 as the subject type.');
  } else if (!business.uscc) {
    need('business.uscc', 'Enter the 18-character 统一社会信用代码 printed on the business licence.');
  } else {
    const prefix = business.uscc.slice(0, 2);
    if (subject === 'enterprise' && prefix !== '91' && prefix !== '93') {
      bad('business.uscc', 'mismatch', `A USCC starting with ${prefix} is not an enterprise's (企业 codes start with 91, cooperatives' with 93); check the subject type.`);
    } else if (subject === 'individual_business' && prefix !== '92') {
      bad('business.uscc', 'mismatch', `A USCC starting with ${prefix} is not an individual business's (个体工商户 codes start with 92); check the subject type.`);
    } else if (ctx.usccTaken) {
      bad('business.uscc', 'duplicate', 'This USCC is already registered to another merchant: one licence onboards one merchant. If it is your licence, contact the platform.');
    }
  }
  if (!business.registered_name) need('business.registered_name', subject === 'micro' ? "Enter the shop's name." : 'Enter the name exactly as on the business licence.');
  if (!business.short_name) need('business.short_name', 'Enter a short name (≤ 20 characters) for receipts and payment pages.');
  if (!business.latin_name) need('business.latin_name', 'Enter a Latin-letter name (≤ 25 characters, e.g. pinyin) for the payment QR code.');
  if (!business.registered_address && subject !== 'micro') need('business.registered_address', 'Enter the registered address on the business licence.');
  if (!business.mcc) need('business.mcc', 'Choose the business category.');
  if (!business.location) {
    need('business.location', 'Give the store address and its position on the map, saying whether the coordinates are GCJ-02 or WGS-84.');
  } else {
    const { latitude, longitude } = business.location;
    if (!inChina(latitude, longitude)) {
      const swapped = inChina(longitude, latitude);
      bad(
        'business.location',
        'invalid',
        swapped
          ? `The position (${latitude}, ${longitude}) is outside China but would be inside with latitude and longitude swapped; latitude is the smaller number (about 18–54).`
          : `The position (${latitude}, ${longitude}) is outside China; pick the store on the map again.`,
      );
    }
  }

  // Legal representative
  if (!rep.name) need('legal_representative.name', "Enter the legal representative's name as on the ID document.");
  if (!rep.id_type) need('legal_representative.id_type', 'Choose the ID document type.');
  else if (subject === 'micro' && rep.id_type !== 'resident_id') {
    bad('legal_representative.id_type', 'mismatch', '小微 merchants are onboarded with a mainland 居民身份证.');
  }
  if (!ctx.idNumber) need('legal_representative.id_number', 'Enter the ID document number.');
  else if (rep.id_type) {
    const problem = checkIdNumber(rep.id_type as IdType, ctx.idNumber);
    if (problem) bad('legal_representative.id_number', 'invalid', `The ID number ${problem} (was the ID type changed after the number was entered?).`);
    else if (rep.id_type === 'resident_id') {
      const age = ageOf(ctx.idNumber, ctx.now);
      if (age !== undefined && age < 18) bad('legal_representative.id_number', 'invalid', 'The legal representative must be at least 18 years old.');
    }
  }
  if (!rep.phone) need('legal_representative.phone', "Enter the legal representative's mobile number.");

  // Settlement account
  if (!account.account_type) need('settlement_account.account_type', 'Choose a corporate (对公) or personal (对私) account.');
  if (!account.holder_name) need('settlement_account.holder_name', 'Enter the account holder name as the bank has it.');
  if (!account.bank_name) need('settlement_account.bank_name', 'Enter the bank (and branch) of the account.');
  if (!ctx.accountNumber) need('settlement_account.account_number', 'Enter the account number.');
  else if (account.account_type) {
    const problem = checkAccountNumber(account.account_type as 'corporate' | 'personal', ctx.accountNumber);
    if (problem) bad('settlement_account.account_number', 'invalid', `The account number ${problem} (was the account type changed after the number was entered?).`);
  }
  if (subject && account.account_type) {
    if (subject === 'enterprise' && account.account_type !== 'corporate') {
      bad('settlement_account.account_type', 'mismatch', '企业 settle to a corporate (对公) account in the company\'s name.');
    } else if (subject === 'micro' && account.account_type !== 'personal') {
      bad('settlement_account.account_type', 'mismatch', '小微 merchants settle to a personal (对私) bank card of the legal representative.');
    }
  }
  if (account.holder_name && account.account_type) {
    const expected = account.account_type === 'corporate' ? business.registered_name : rep.name;
    if (expected && account.holder_name !== expected) {
      bad(
        'settlement_account.holder_name',
        'mismatch',
        account.account_type === 'corporate'
          ? `A corporate account must be held by the registered business ("${expected}"), not "${account.holder_name}".`
          : `A personal account must be held by the legal representative ("${expected}"), not "${account.holder_name}".`,
      );
    }
  }

  // Documents
  if (subject) {
    const required = REQUIRED_DOCUMENTS[subject].filter((t) => t !== 'id_card_back' || rep.id_type === undefined || rep.id_type === 'resident_id');
    for (const type of required) if (!documents[type]) need(`documents.${type}`, `Upload ${DOCUMENT_NAMES[type]}.`);
  }
  for (const [type, id] of Object.entries(documents)) {
    if (!id) continue;
    const file = ctx.files.get(id);
    if (!file || file.merchant_id !== row.merchant_id || (file.application !== null && file.application !== row.id)) {
      bad(`documents.${type}`, 'invalid', `File ${id} no longer exists for this application; upload the document again.`);
    } else if (file.purpose !== DOCUMENT_PURPOSE[type as DocumentType]) {
      bad(`documents.${type}`, 'invalid', `File ${id} was uploaded for '${file.purpose}', but ${type} needs a file uploaded for '${DOCUMENT_PURPOSE[type as DocumentType]}'.`);
    }
  }
  return out;
}
