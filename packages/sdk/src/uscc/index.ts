/** @module Offline validators for the USCC (GB 32100, with the GB 11714 check) and the citizen ID number (GB 11643). */

export {
  USCC_CHARSET,
  computeUsccCheckChar,
  generateUscc,
  validateUscc,
  type GenerateUsccOptions,
  type UsccFailure,
  type UsccParts,
  type UsccResult,
  type UsccValid,
  type ValidateUsccOptions,
} from './uscc.js';
export { computeOrgCodeCheckChar } from './org-code.js';
export {
  computeResidentIdCheckChar,
  validateResidentId,
  type ResidentIdParts,
  type ResidentIdResult,
  type ResidentIdValid,
  type ValidateResidentIdOptions,
} from './resident-id.js';
export { REGISTRATION_AUTHORITIES, type RegistrationAuthority } from './tables.js';
export {
  IDENTIFIER_ERROR_CODES,
  type IdentifierErrorCode,
  type IdentifierFailure,
  type IdentifierIssue,
} from './result.js';
