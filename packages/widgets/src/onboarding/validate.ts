/**
 * @module Live validation of `<mashang-onboarding>` fields, with the SDK's rules (the same the API
 * applies) and localized messages that say which character is wrong.
 */
import { LatinName, MobilePhone, checkAccountNumber, type Requirement } from '@mashang/sdk';
import { validateResidentId, validateUscc } from '@mashang/sdk/uscc';
import type { MessageKey } from '../internal/localize.js';
import { fieldName, type Values } from './fields.js';

/** Localizes a message key with parameters. */
export type Translate = (key: MessageKey, params?: Record<string, string | number>) => string;

const TEXT_LIMITS: Record<string, [number, number]> = {
  'business.registered_name': [2, 100],
  'business.short_name': [1, 20],
  'business.registered_address': [5, 200],
  'business.location.address': [5, 200],
  'legal_representative.name': [2, 50],
  'settlement_account.holder_name': [2, 100],
  'settlement_account.bank_name': [2, 60],
};

/** The label of a field, for messages. */
export function labelOf(t: Translate, key: string, values: Values): string {
  if (key === 'business.registered_name' && values['subject_type'] === 'micro') return t('onboarding.fields.registered_nameMicro');
  if (key === 'subject_type') return t('onboarding.steps.subject');
  const name = fieldName(key);
  return t(`onboarding.fields.${name}` as MessageKey);
}

/** Messages for a USCC as the user types: progress while short, the exact character when wrong. */
export function usccMessage(t: Translate, raw: string, final: boolean): { message: string; error: boolean } | undefined {
  const value = raw.trim();
  if (value === '') return undefined;
  const result = validateUscc(value);
  if (result.valid) return undefined;
  const position = result.position ?? 0;
  const char = position ? [...value.toUpperCase()][position - 1] ?? '' : '';
  switch (result.code) {
    case 'full_width':
      return { error: true, message: t('onboarding.errors.usccFullWidth', { position }) };
    case 'bad_char':
      if (position >= 3 && position <= 8) return { error: true, message: t('onboarding.errors.usccDivision') };
      return { error: true, message: t('onboarding.errors.usccBadChar', { position, char }) };
    case 'bad_length':
      if (!final && [...value].length < 18) return { error: false, message: t('onboarding.errors.usccProgress', { count: [...value].length }) };
      return { error: true, message: t('onboarding.errors.usccLength', { count: [...value].length }) };
    case 'bad_check_char':
      return { error: true, message: t('onboarding.errors.usccCheck', { expected: result.expected ?? '', actual: char }) };
    case 'bad_org_code':
      return { error: true, message: t('onboarding.errors.usccOrg', { expected: result.expected ?? '' }) };
    case 'bad_registration_authority':
    case 'bad_entity_type':
      return { error: true, message: t('onboarding.errors.usccAuthority', { value: value.slice(0, 2).toUpperCase() }) };
    default:
      return { error: true, message: t('onboarding.errors.usccDivision') };
  }
}

function idMessage(t: Translate, type: string, raw: string, final: boolean): string | undefined {
  const value = raw.trim().toUpperCase();
  if (value.includes('*')) return t('onboarding.errors.masked');
  if (type === 'hk_macao_permit') return /^[HM]\d{8}(\d{2})?$/.test(value) || !final ? undefined : t('onboarding.errors.idPermitHkMo');
  if (type === 'taiwan_permit') return /^\d{8}$/.test(value) || !final ? undefined : t('onboarding.errors.idPermitTw');
  if (type === 'passport') return /^[A-Z0-9]{5,17}$/.test(value) || !final ? undefined : t('onboarding.errors.idPassport');
  const result = validateResidentId(value);
  if (result.valid) return undefined;
  const position = result.position ?? 0;
  switch (result.code) {
    case 'full_width':
      return t('onboarding.errors.idFullWidth', { position });
    case 'bad_char':
      return t('onboarding.errors.idBadChar', { position, char: [...value][position - 1] ?? '' });
    case 'bad_length':
      return final || [...value].length > 18 ? t('onboarding.errors.idLength', { count: [...value].length }) : undefined;
    case 'bad_division':
      return t('onboarding.errors.idDivision');
    case 'bad_check_char':
      return t('onboarding.errors.idCheck', { expected: result.expected ?? '', actual: value.charAt(17) });
    default:
      return t('onboarding.errors.idBirth');
  }
}

/**
 * The problem with one field's value, or undefined. `final` is false while the user is still
 * typing (a short USCC then shows progress, not an error).
 */
export function checkField(t: Translate, key: string, values: Values, final: boolean): { message: string; error: boolean } | undefined {
  const raw = values[key] ?? '';
  const label = labelOf(t, key, values);
  const value = raw.trim();
  if (value === '') return undefined; // completeness is checked per step and by the platform
  const err = (message: string) => ({ message, error: true });
  if (key === 'business.uscc') return usccMessage(t, raw, final);
  if (key === 'legal_representative.id_number') {
    const m = idMessage(t, values['legal_representative.id_type'] || 'resident_id', raw, final);
    return m ? err(m) : undefined;
  }
  if (key === 'legal_representative.phone') return MobilePhone.safeParse(value).success || (!final && /^\d{1,10}$/.test(value)) ? undefined : err(t('onboarding.errors.phone'));
  if (key === 'business.latin_name') return LatinName.safeParse(value).success ? undefined : err(t('onboarding.errors.latinName'));
  if (key === 'settlement_account.account_number') {
    if (value.includes('*')) return err(t('onboarding.errors.masked'));
    const digits = value.replace(/[\s-]/g, '');
    const type = values['settlement_account.account_type'] === 'corporate' ? 'corporate' : 'personal';
    const problem = checkAccountNumber(type, digits);
    if (!problem || (!final && /^\d+$/.test(digits) && digits.length < (type === 'corporate' ? 8 : 16))) return undefined;
    if (type === 'corporate') return err(t('onboarding.errors.accountCorporate'));
    return err(/Luhn/.test(problem) ? t('onboarding.errors.accountLuhn') : t('onboarding.errors.accountPersonal'));
  }
  if (key === 'business.location.latitude' || key === 'business.location.longitude') {
    const n = Number(value);
    if (!/^-?\d+(\.\d+)?$/.test(value) || !Number.isFinite(n)) return err(t('onboarding.errors.number'));
    const limit = key.endsWith('latitude') ? 90 : 180;
    if (Math.abs(n) > limit) return err(t(key.endsWith('latitude') ? 'onboarding.errors.latitude' : 'onboarding.errors.longitude'));
    return undefined;
  }
  const limits = TEXT_LIMITS[key];
  if (limits) {
    if (/[\u0000-\u001f\u007f]/.test(value)) return err(t('onboarding.errors.control', { label }));
    const length = [...value].length;
    if (length < limits[0] && final) return err(t('onboarding.errors.tooShort', { label, min: limits[0] }));
    if (length > limits[1]) return err(t('onboarding.errors.tooLong', { label, max: limits[1] }));
  }
  return undefined;
}

const REQUIREMENT_MESSAGES: Record<string, MessageKey> = {
  'business.uscc/duplicate': 'onboarding.errors.usccDuplicate',
  'business.uscc/mismatch': 'onboarding.errors.usccType',
  'business.location/invalid': 'onboarding.errors.outsideChina',
  'legal_representative.id_number/invalid': 'onboarding.errors.idAdult',
  'legal_representative.id_type/mismatch': 'onboarding.errors.idTypeMicro',
  'settlement_account.account_type/mismatch': 'onboarding.errors.accountType',
  'settlement_account.holder_name/mismatch': 'onboarding.errors.holderName',
  'settlement_account.account_number/invalid': 'onboarding.errors.accountPersonal',
};

/**
 * A platform requirement in the user's language. The platform's own checks have localized
 * texts here; a reviewer's request is shown as the reviewer wrote it.
 */
export function requirementMessage(t: Translate, requirement: Requirement, values: Values): string {
  if (requirement.code === 'required') {
    if (requirement.field.startsWith('documents.')) return t('onboarding.errors.required', { label: t(`onboarding.documents.${requirement.field.slice(10)}` as MessageKey) });
    const choice = /subject_type|id_type|account_type|mcc|location$/.test(requirement.field);
    return t(choice ? 'onboarding.errors.requiredChoice' : 'onboarding.errors.required', { label: labelOf(t, requirement.field === 'business.location' ? 'business.location.address' : requirement.field, values) });
  }
  if (requirement.field === 'business.uscc' && requirement.code === 'mismatch' && values['subject_type'] === 'micro') return t('onboarding.errors.usccMicro');
  const key = REQUIREMENT_MESSAGES[`${requirement.field}/${requirement.code}`];
  if (key) return t(key);
  if (requirement.field.startsWith('documents.') && requirement.code === 'invalid') return t('onboarding.errors.document');
  return requirement.message;
}
