/**
 * @module The form model of `<mashang-onboarding>`: steps, fields, and how flat form values map
 * to and from an application.
 */
import { BUSINESS_CATEGORIES, type Application, type ApplicationParams, type DocumentType, type SubjectType } from '@mashang/sdk';

/** The steps, in order. */
export const STEPS = ['subject', 'business', 'legal', 'location', 'settlement', 'documents', 'review', 'status'] as const;
export type StepId = (typeof STEPS)[number];

/** The steps with editable fields. */
export type FormStep = Exclude<StepId, 'review' | 'status'>;

/** Form values by field key (the API path, e.g. `business.uscc`, `business.location.latitude`). */
export type Values = Record<string, string>;

/** One input. */
export interface FieldDef {
  key: string;
  step: FormStep;
  kind: 'text' | 'select' | 'radio';
  /** Options of a select/radio, with their label keys under `onboarding.fields` (or literal labels). */
  options?: (values: Values) => { value: string; labelKey?: string; label?: string }[];
  /** Shown only when this holds. */
  when?: (values: Values) => boolean;
  inputmode?: 'text' | 'numeric' | 'tel' | 'decimal';
  autocomplete?: string;
  maxlength?: number;
  /** Entered once, shown masked afterwards. */
  secret?: boolean;
  /** Has a hint under `onboarding.fields.<name>Hint`. */
  hint?: boolean;
}

const notMicro = (v: Values) => v['subject_type'] !== 'micro';

/** Every field of the form, in display order. */
export const FIELDS: FieldDef[] = [
  { key: 'subject_type', step: 'subject', kind: 'radio', options: () => ['enterprise', 'individual_business', 'micro'].map((value) => ({ value })) },
  { key: 'business.uscc', step: 'business', kind: 'text', when: notMicro, maxlength: 24, autocomplete: 'off', hint: true },
  { key: 'business.registered_name', step: 'business', kind: 'text', maxlength: 100, autocomplete: 'organization' },
  { key: 'business.short_name', step: 'business', kind: 'text', maxlength: 20, hint: true },
  { key: 'business.latin_name', step: 'business', kind: 'text', maxlength: 25, hint: true, autocomplete: 'off' },
  { key: 'business.registered_address', step: 'business', kind: 'text', when: notMicro, maxlength: 200, autocomplete: 'street-address' },
  {
    key: 'business.mcc',
    step: 'business',
    kind: 'select',
    options: () => BUSINESS_CATEGORIES.map((c) => ({ value: c.mcc, label: c.mcc })),
  },
  { key: 'legal_representative.name', step: 'legal', kind: 'text', maxlength: 50, autocomplete: 'name' },
  {
    key: 'legal_representative.id_type',
    step: 'legal',
    kind: 'select',
    options: (v) => (v['subject_type'] === 'micro' ? ['resident_id'] : ['resident_id', 'hk_macao_permit', 'taiwan_permit', 'passport']).map((value) => ({ value, labelKey: value })),
  },
  { key: 'legal_representative.id_number', step: 'legal', kind: 'text', secret: true, maxlength: 30, autocomplete: 'off' },
  { key: 'legal_representative.phone', step: 'legal', kind: 'text', inputmode: 'tel', maxlength: 11, autocomplete: 'tel-national' },
  { key: 'business.location.address', step: 'location', kind: 'text', maxlength: 200, autocomplete: 'street-address' },
  { key: 'business.location.latitude', step: 'location', kind: 'text', inputmode: 'decimal', maxlength: 20 },
  { key: 'business.location.longitude', step: 'location', kind: 'text', inputmode: 'decimal', maxlength: 20 },
  {
    key: 'business.location.coordinate_system',
    step: 'location',
    kind: 'select',
    options: () => [
      { value: 'GCJ-02', labelKey: 'gcj02' },
      { value: 'WGS-84', labelKey: 'wgs84' },
    ],
  },
  {
    key: 'settlement_account.account_type',
    step: 'settlement',
    kind: 'radio',
    options: (v) => (v['subject_type'] === 'enterprise' ? ['corporate'] : v['subject_type'] === 'micro' ? ['personal'] : ['corporate', 'personal']).map((value) => ({ value, labelKey: value })),
  },
  { key: 'settlement_account.holder_name', step: 'settlement', kind: 'text', maxlength: 100 },
  { key: 'settlement_account.bank_name', step: 'settlement', kind: 'text', maxlength: 60 },
  { key: 'settlement_account.account_number', step: 'settlement', kind: 'text', secret: true, inputmode: 'numeric', maxlength: 36, autocomplete: 'off' },
];

/** The documents each subject type uploads. */
export function documentsFor(subject: SubjectType | undefined, idType: string | undefined): DocumentType[] {
  const back = idType === undefined || idType === '' || idType === 'resident_id';
  const list: DocumentType[] =
    subject === 'micro' ? ['id_card_front', 'id_card_back', 'store_front', 'store_interior'] : ['business_license', 'id_card_front', 'id_card_back', 'store_front'];
  return list.filter((d) => d !== 'id_card_back' || back);
}

/** The last part of a key: `business.location.latitude` → `latitude`. */
export function fieldName(key: string): string {
  return key.slice(key.lastIndexOf('.') + 1);
}

/** The field a requirement on `field` points at (`business.location` → its address input). */
export function inputFor(field: string): string {
  if (field === 'business.location') return 'business.location.address';
  return field;
}

/** The step that holds a field or document. */
export function stepOf(field: string): FormStep {
  if (field.startsWith('documents.')) return 'documents';
  return FIELDS.find((f) => f.key === inputFor(field))?.step ?? 'business';
}

/** Form values from an application (secret fields stay empty: the answer only has them masked). */
export function valuesFrom(app: Application): Values {
  const v: Values = {};
  const put = (key: string, value: string | number | null | undefined) => {
    if (value !== null && value !== undefined) v[key] = String(value);
  };
  put('subject_type', app.subject_type);
  for (const [k, value] of Object.entries(app.business)) if (k !== 'location') put(`business.${k}`, value as string | null);
  if (app.business.location) for (const [k, value] of Object.entries(app.business.location)) put(`business.location.${k}`, value);
  put('legal_representative.name', app.legal_representative.name);
  put('legal_representative.id_type', app.legal_representative.id_type);
  put('legal_representative.phone', app.legal_representative.phone);
  put('settlement_account.account_type', app.settlement_account.account_type);
  put('settlement_account.holder_name', app.settlement_account.holder_name);
  put('settlement_account.bank_name', app.settlement_account.bank_name);
  return v;
}

/**
 * The update for the changed keys. The four location parts go together (the API takes the
 * location whole), and an ID or account number goes with its type.
 */
export function patchFrom(values: Values, changed: Iterable<string>): ApplicationParams {
  const patch: Record<string, Record<string, unknown> | string> = {};
  const section = (name: string) => (patch[name] ??= {}) as Record<string, unknown>;
  const value = (key: string) => (values[key] === undefined || values[key] === '' ? null : values[key]!.trim());
  for (const key of changed) {
    if (key === 'subject_type') {
      if (values[key]) patch['subject_type'] = values[key]!;
    } else if (key.startsWith('business.location.')) {
      const parts = ['address', 'latitude', 'longitude', 'coordinate_system'].map((p) => value(`business.location.${p}`));
      if (parts.every((p) => p !== null)) {
        section('business')['location'] = { address: parts[0], latitude: Number(parts[1]), longitude: Number(parts[2]), coordinate_system: parts[3] };
      }
    } else {
      const [name, field] = key.split('.') as [string, string];
      section(name)[field] = value(key);
      if (field === 'id_number' && value(key) !== null) section(name)['id_type'] = value('legal_representative.id_type');
      if (field === 'account_number' && value(key) !== null) section(name)['account_type'] = value('settlement_account.account_type');
    }
  }
  return patch as ApplicationParams;
}
