/** @module Onboarding (入驻): applications, their review, uploaded files and widget sessions. */
import * as z from 'zod/mini';
import { validateResidentId, validateUscc } from '../uscc/index.js';
import { ListParams, Metadata, Timestamp, prefixedId } from './common.js';

/** `app_…` @category Schemas */
export const ApplicationId = prefixedId('app');
/** `file_…` @category Schemas */
export const FileId = prefixedId('file');

/** 企业 `enterprise`, 个体工商户 `individual_business`, 小微 `micro` (a person without a business licence). @category Schemas */
export const SubjectType = z.enum(['enterprise', 'individual_business', 'micro']);
export type SubjectType = z.infer<typeof SubjectType>;

/**
 * The legal representative's identity document: 居民身份证 `resident_id`, 港澳居民来往内地通行证
 * `hk_macao_permit`, 台湾居民来往大陆通行证 `taiwan_permit`, 护照 `passport`.
 * @category Schemas
 */
export const IdType = z.enum(['resident_id', 'hk_macao_permit', 'taiwan_permit', 'passport']);
export type IdType = z.infer<typeof IdType>;

/** GCJ-02 is what Chinese map SDKs (AMap, Tencent) return; WGS-84 is raw GPS. @category Schemas */
export const CoordinateSystem = z.enum(['GCJ-02', 'WGS-84']);
export type CoordinateSystem = z.infer<typeof CoordinateSystem>;

/** Documents an application carries, by type. @category Schemas */
export const DocumentType = z.enum(['business_license', 'id_card_front', 'id_card_back', 'store_front', 'store_interior', 'account_proof']);
export type DocumentType = z.infer<typeof DocumentType>;

/** What an uploaded file is for; each document type takes files of one purpose. @category Schemas */
export const FilePurpose = z.enum(['business_license', 'identity_document', 'store_photo', 'account_proof']);
export type FilePurpose = z.infer<typeof FilePurpose>;

/** The file purpose each document type needs. @category Schemas */
export const DOCUMENT_PURPOSE: Readonly<Record<DocumentType, FilePurpose>> = {
  business_license: 'business_license',
  id_card_front: 'identity_document',
  id_card_back: 'identity_document',
  store_front: 'store_photo',
  store_interior: 'store_photo',
  account_proof: 'account_proof',
};

/** Business categories a life-service merchant picks from, as ISO 18245 merchant category codes. @category Schemas */
export const BUSINESS_CATEGORIES = [
  { mcc: '5812', zh: '餐馆', en: 'Restaurants' },
  { mcc: '5814', zh: '快餐小吃', en: 'Fast food and snacks' },
  { mcc: '5462', zh: '面包烘焙', en: 'Bakeries' },
  { mcc: '5441', zh: '糖果零食', en: 'Candy and snacks' },
  { mcc: '5451', zh: '乳制品', en: 'Dairy products' },
  { mcc: '5422', zh: '肉类水产', en: 'Meat and seafood' },
  { mcc: '5411', zh: '超市便利店', en: 'Supermarkets and convenience stores' },
  { mcc: '5499', zh: '食品杂货', en: 'Specialty food stores' },
  { mcc: '5921', zh: '酒类', en: 'Beer, wine and liquor' },
  { mcc: '5912', zh: '药店', en: 'Pharmacies' },
  { mcc: '5977', zh: '化妆品', en: 'Cosmetics' },
  { mcc: '5331', zh: '日用百货', en: 'Variety stores' },
  { mcc: '5311', zh: '百货商场', en: 'Department stores' },
  { mcc: '5651', zh: '服装', en: 'Clothing' },
  { mcc: '5661', zh: '鞋类', en: 'Shoes' },
  { mcc: '5992', zh: '花店', en: 'Florists' },
  { mcc: '5995', zh: '宠物用品', en: 'Pet supplies' },
  { mcc: '5942', zh: '书店', en: 'Bookshops' },
  { mcc: '5945', zh: '玩具', en: 'Toys' },
  { mcc: '5251', zh: '五金', en: 'Hardware' },
  { mcc: '5200', zh: '家居建材', en: 'Home supplies' },
  { mcc: '5722', zh: '家用电器', en: 'Household appliances' },
  { mcc: '5732', zh: '数码电子', en: 'Electronics' },
  { mcc: '5999', zh: '其他零售', en: 'Other retail' },
  { mcc: '7230', zh: '美容美发', en: 'Beauty and barber shops' },
  { mcc: '7210', zh: '洗衣', en: 'Laundry' },
  { mcc: '7251', zh: '修鞋配钥匙', en: 'Shoe repair and key cutting' },
  { mcc: '7538', zh: '汽车维修', en: 'Car repair' },
  { mcc: '7011', zh: '住宿', en: 'Lodging' },
  { mcc: '8299', zh: '教育培训', en: 'Education and training' },
  { mcc: '7299', zh: '其他生活服务', en: 'Other personal services' },
] as const;

/** A business category code from {@link BUSINESS_CATEGORIES}. @category Schemas */
export const Mcc = z.enum(BUSINESS_CATEGORIES.map((c) => c.mcc) as [string, ...string[]], {
  error: 'must be one of the business categories (merchant category codes) listed in BUSINESS_CATEGORIES, e.g. 5812 for a restaurant',
});

// ── field rules: the API and the widget both check these, with these messages ────────────────

const text = (min: number, max: number, what: string) =>
  z
    .string()
    .check(
      z.trim(),
      z.minLength(min, min === 1 ? 'must not be empty' : `must be at least ${min} characters`),
      z.maxLength(max, `must be at most ${max} characters`),
      z.refine((v) => !/[\u0000-\u001f\u007f]/.test(v), `must be plain text (${what} cannot contain control characters)`),
    );

const MASKED = 'is a masked value from an API answer; send the full number, or leave the field out to keep the stored one';

/** 统一社会信用代码, checked per GB 32100 (check character included). @category Schemas */
export const UsccField = z.string().check(
  z.trim(),
  z.toUpperCase(),
  z.superRefine((value, ctx) => {
    const result = validateUscc(value);
    if (!result.valid) ctx.addIssue({ code: 'custom', message: `is not a valid 统一社会信用代码: ${result.reason}`, input: value });
  }),
);

/** A mainland mobile number (11 digits, 13–19…). @category Schemas */
export const MobilePhone = z
  .string()
  .check(z.trim(), z.regex(/^1[3-9]\d{9}$/, 'must be an 11-digit mainland mobile number starting with 13–19, e.g. 13912345678'));

/** Name printed in the EMVCo payment QR (tag 59): 1–25 Latin characters. @category Schemas */
export const LatinName = z
  .string()
  .check(
    z.trim(),
    z.regex(/^[A-Za-z][A-Za-z0-9 &'.,-]{0,24}$/, "must be 1–25 Latin letters, digits, spaces or & ' . , - starting with a letter (it is printed in the payment QR code, which allows no Chinese there)"),
  );

/** A store's position, saying which coordinate system the numbers are in. @category Schemas */
export const Location = z.strictObject({
  /** The store's street address (经营地址). */
  address: text(5, 200, 'the address'),
  latitude: z.number().check(z.minimum(-90, 'must be between -90 and 90'), z.maximum(90, 'must be between -90 and 90')),
  longitude: z.number().check(z.minimum(-180, 'must be between -180 and 180'), z.maximum(180, 'must be between -180 and 180')),
  coordinate_system: CoordinateSystem,
});
export type Location = z.infer<typeof Location>;

/** Checks an identity-document number for its type; the message says what is wrong. @category Schemas */
export function checkIdNumber(type: IdType, value: string): string | undefined {
  if (value.includes('*')) return MASKED;
  switch (type) {
    case 'resident_id': {
      const result = validateResidentId(value);
      return result.valid ? undefined : `is not a valid 居民身份证号码: ${result.reason}`;
    }
    case 'hk_macao_permit':
      return /^[HM]\d{8}(\d{2})?$/.test(value) ? undefined : 'must be a 港澳居民来往内地通行证 number: H or M followed by 8 or 10 digits';
    case 'taiwan_permit':
      return /^\d{8}$/.test(value) ? undefined : 'must be a 台湾居民来往大陆通行证 number: 8 digits';
    case 'passport':
      return /^[A-Z0-9]{5,17}$/.test(value) ? undefined : 'must be a passport number: 5–17 capital letters and digits';
  }
}

/** Checks a settlement account number for its type. @category Schemas */
export function checkAccountNumber(type: 'corporate' | 'personal', value: string): string | undefined {
  if (value.includes('*')) return MASKED;
  if (type === 'corporate') return /^\d{8,30}$/.test(value) ? undefined : 'must be a corporate account number of 8–30 digits';
  if (!/^\d{16,19}$/.test(value)) return 'must be a personal bank card number of 16–19 digits';
  return luhnOk(value) ? undefined : 'fails the bank card check digit (Luhn); compare every digit with the card';
}

function luhnOk(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (i % 2 === 1) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
    sum += d;
  }
  return sum % 10 === 0;
}

const idNumberInput = z.string().check(z.trim(), z.toUpperCase(), z.minLength(1, 'must not be empty'), z.maxLength(30, 'must be at most 30 characters'));
const accountNumberInput = z.string().check(z.overwrite((v) => v.replace(/[\s-]/g, '')), z.minLength(1, 'must not be empty'), z.maxLength(30, 'must be at most 30 characters'));

const opt = <T extends z.ZodMiniType>(schema: T) => z.optional(z.nullable(schema));

/** Business details; every field may be sent on its own, and `null` clears it. @category Schemas */
export const BusinessParams = z.strictObject({
  uscc: opt(UsccField),
  /** Name on the business licence (or, for 小微, the store's name). */
  registered_name: opt(text(2, 100, 'the name')),
  /** Short name (≤ 20) on receipts and payment pages. */
  short_name: opt(text(1, 20, 'the short name')),
  latin_name: opt(LatinName),
  /** Address on the licence (注册地址). */
  registered_address: opt(text(5, 200, 'the address')),
  mcc: opt(Mcc),
  /** The store's position (注册地信息定位). */
  location: opt(Location),
});

/** The legal representative (法定代表人 / 经营者). `id_type` is needed whenever `id_number` is sent. @category Schemas */
export const LegalRepresentativeParams = z
  .strictObject({
    name: opt(text(2, 50, 'the name')),
    id_type: opt(IdType),
    id_number: opt(idNumberInput),
    phone: opt(MobilePhone),
  })
  .check(
    z.superRefine((rep, ctx) => {
      if (typeof rep.id_number !== 'string') return;
      if (!rep.id_type) {
        ctx.addIssue({ code: 'custom', path: ['id_type'], message: 'is required when id_number is sent, so the number can be checked for its type', input: rep });
        return;
      }
      const problem = checkIdNumber(rep.id_type, rep.id_number);
      if (problem) ctx.addIssue({ code: 'custom', path: ['id_number'], message: problem, input: rep });
    }),
  );

/** The account payouts go to. `account_type` is needed whenever `account_number` is sent. @category Schemas */
export const SettlementAccountParams = z
  .strictObject({
    /** 对公 `corporate` or 对私 `personal` (a bank card). */
    account_type: opt(z.enum(['corporate', 'personal'])),
    holder_name: opt(text(2, 100, 'the holder name')),
    bank_name: opt(text(2, 60, 'the bank name')),
    account_number: opt(accountNumberInput),
  })
  .check(
    z.superRefine((account, ctx) => {
      if (typeof account.account_number !== 'string') return;
      if (!account.account_type) {
        ctx.addIssue({ code: 'custom', path: ['account_type'], message: 'is required when account_number is sent', input: account });
        return;
      }
      const problem = checkAccountNumber(account.account_type, account.account_number);
      if (problem) ctx.addIssue({ code: 'custom', path: ['account_number'], message: problem, input: account });
    }),
  );

/**
 * Body of `POST /v1/onboarding/applications` and of its updates: a partial draft. Nested objects
 * merge field by field; `null` clears a field.
 * @category Schemas
 */
export const ApplicationParams = z.strictObject({
  subject_type: z.optional(SubjectType),
  business: z.optional(BusinessParams),
  legal_representative: z.optional(LegalRepresentativeParams),
  settlement_account: z.optional(SettlementAccountParams),
  /** Uploaded files (`file_…`) by document type; `null` removes one. */
  documents: z.optional(z.partialRecord(DocumentType, z.nullable(FileId))),
  metadata: z.optional(Metadata),
});
export type ApplicationParams = z.input<typeof ApplicationParams>;

/** Application states. @category Schemas */
export const ApplicationStatus = z.enum(['draft', 'submitted', 'in_review', 'approved', 'rejected', 'action_required']);
export type ApplicationStatus = z.infer<typeof ApplicationStatus>;

/**
 * Something to fix, tied to one field (`business.uscc`, `documents.business_license`, …).
 * `code`: `required`, `invalid`, `mismatch`, `duplicate`, or a reviewer's code such as `changes_requested`.
 * @category Schemas
 */
export const Requirement = z.object({ field: z.string(), code: z.string(), message: z.string() });
export type Requirement = z.infer<typeof Requirement>;

const nullableString = z.nullable(z.string());

/** An application as the API shows it: identity and account numbers are masked. @category Schemas */
export const Application = z.object({
  id: z.string(),
  object: z.literal('application'),
  merchant_id: z.string(),
  status: ApplicationStatus,
  subject_type: z.nullable(SubjectType),
  business: z.object({
    uscc: nullableString,
    registered_name: nullableString,
    short_name: nullableString,
    latin_name: nullableString,
    registered_address: nullableString,
    mcc: nullableString,
    location: z.nullable(z.object({ address: z.string(), latitude: z.number(), longitude: z.number(), coordinate_system: CoordinateSystem })),
  }),
  legal_representative: z.object({
    name: nullableString,
    id_type: z.nullable(IdType),
    /** Masked: `110***********002X`. */
    id_number: nullableString,
    phone: nullableString,
  }),
  settlement_account: z.object({
    account_type: z.nullable(z.enum(['corporate', 'personal'])),
    holder_name: nullableString,
    bank_name: nullableString,
    /** Masked: `***************0123`. */
    account_number: nullableString,
  }),
  documents: z.record(z.string(), z.string()),
  /**
   * What must change before the application can be (re)submitted: problems found in the draft and,
   * when `action_required`, the reviewer's requests.
   */
  requirements: z.array(Requirement),
  /** Why it was rejected, when `rejected`. */
  rejection_reasons: z.array(Requirement),
  metadata: Metadata,
  submitted: z.nullable(Timestamp),
  decided: z.nullable(Timestamp),
  created: Timestamp,
  updated: Timestamp,
});
export type Application = z.infer<typeof Application>;

/** Every field a requirement can point at. @category Schemas */
export const APPLICATION_FIELDS = [
  'subject_type',
  'business.uscc',
  'business.registered_name',
  'business.short_name',
  'business.latin_name',
  'business.registered_address',
  'business.mcc',
  'business.location',
  'legal_representative.name',
  'legal_representative.id_type',
  'legal_representative.id_number',
  'legal_representative.phone',
  'settlement_account.account_type',
  'settlement_account.holder_name',
  'settlement_account.bank_name',
  'settlement_account.account_number',
  ...DocumentType.options.map((t) => `documents.${t}` as const),
] as const;
export type ApplicationField = (typeof APPLICATION_FIELDS)[number];

const ReviewNote = z.strictObject({
  field: z.enum(APPLICATION_FIELDS as unknown as [ApplicationField, ...ApplicationField[]], { error: 'must name an application field such as business.uscc or documents.business_license' }),
  code: z.optional(z.string().check(z.regex(/^[a-z][a-z0-9_]{1,39}$/, 'must be a snake_case code, e.g. photo_unreadable'))),
  message: text(2, 500, 'the message'),
});

/** Body of `POST /v1/onboarding/applications/{id}/request_changes` (operator). @category Schemas */
export const ApplicationRequestChangesParams = z.strictObject({
  requirements: z.array(ReviewNote).check(z.minLength(1, 'must list at least one field to change'), z.maxLength(30, 'must list at most 30 fields')),
});
export type ApplicationRequestChangesParams = z.input<typeof ApplicationRequestChangesParams>;

/** Body of `POST /v1/onboarding/applications/{id}/reject` (operator). @category Schemas */
export const ApplicationRejectParams = z.strictObject({
  reasons: z
    .array(z.strictObject({ field: z.optional(ReviewNote.shape.field), code: z.optional(ReviewNote.shape.code), message: text(2, 500, 'the message') }))
    .check(z.minLength(1, 'must give at least one reason'), z.maxLength(30, 'must give at most 30 reasons')),
});
export type ApplicationRejectParams = z.input<typeof ApplicationRejectParams>;

/** Query of `GET /v1/onboarding/applications`. @category Schemas */
export const ApplicationListParams = z.strictObject({ ...ListParams.shape, status: z.optional(ApplicationStatus) });
export type ApplicationListParams = z.input<typeof ApplicationListParams>;

/** An uploaded file's description; its bytes are never public. @category Schemas */
export const UploadedFile = z.object({
  id: z.string(),
  object: z.literal('file'),
  merchant_id: z.string(),
  /** The application whose client secret uploaded it, if any: only that application may use it. */
  application: z.nullable(z.string()),
  purpose: FilePurpose,
  /** Detected from the content, not from the name: `image/jpeg`, `image/png` or `application/pdf`. */
  mime_type: z.string(),
  size: z.number(),
  filename: z.nullable(z.string()),
  sha256: z.string(),
  created: Timestamp,
});
export type UploadedFile = z.infer<typeof UploadedFile>;

/** Largest upload, in bytes (5 MB). @category Schemas */
export const MAX_FILE_BYTES = 5 * 1024 * 1024;

/** Body of `POST /v1/onboarding/sessions`. @category Schemas */
export const OnboardingSessionCreateParams = z.strictObject({
  /** The application the widget works on; when omitted, the merchant's open application (a new draft if none). */
  application: z.optional(ApplicationId),
  /**
   * Lifetime of the client secret, in seconds (60–86400).
   * @default 3600
   */
  expires_in: z.optional(z.number().check(z.int('must be an integer number of seconds'), z.minimum(60, 'must be at least 60 seconds'), z.maximum(86_400, 'must be at most 86400 seconds (a day)'))),
});
export type OnboardingSessionCreateParams = z.input<typeof OnboardingSessionCreateParams>;

/** What a widget needs: give `client_secret` to `<mashang-onboarding client-secret=…>`. @category Schemas */
export const OnboardingSession = z.object({
  object: z.literal('onboarding_session'),
  application: z.string(),
  client_secret: z.string(),
  expires_at: Timestamp,
});
export type OnboardingSession = z.infer<typeof OnboardingSession>;
