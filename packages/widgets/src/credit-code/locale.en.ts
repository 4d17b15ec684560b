/** @module `<mashang-credit-code>` strings, English. Same keys as the zh-CN catalog. */
import type zhCN from './locale.zh-CN.js';

type Strings<T> = { [K in keyof T]: T[K] extends string ? string : Strings<T[K]> };

const creditCode: Strings<typeof zhCN> = {
  title: 'Credit code',
  loading: 'Verifying credit code…',
  grade: 'Grade {grade}',
  gradeName: {
    A: 'Excellent',
    B: 'Good',
    C: 'Fair',
    D: 'Poor',
  },
  gradeMeaning: {
    A: 'No adverse record; licence verified',
    B: 'No serious adverse record',
    C: 'Adverse records under correction',
    D: 'Serious dishonesty or major penalties',
  },
  merchant: 'Merchant',
  uscc: 'Unified social credit code',
  validUntil: 'Valid until',
  qrLabel: 'Credit code of {name}; scan to verify',
  qrLabelUnknown: 'Credit code; scan to verify',
  state: {
    idle: 'Not loaded',
    loading: 'Verifying',
    verified: 'Verified',
    expired: 'Expired',
    revoked: 'Revoked',
    invalid: 'Not valid',
    unverifiable: 'Cannot verify',
    error: 'Could not load',
  },
  message: {
    verified: 'Signed by the platform and not revoked.',
    verifiedStale: 'Signed by the platform. Offline: revocation status is from a copy cached at {time}.',
    verifiedUnchecked: 'Signed by the platform. Offline: could not check whether it was revoked.',
    expired: 'This credit code expired on {date}; ask the merchant for a current one.',
    revoked: 'The platform has revoked this credit code. Do not rely on it.',
    invalid: 'The signature is not valid or the content was changed. This is not a valid credit code from the platform.',
    unverifiable: 'Offline, and this device has no cached copy of the platform’s keys, so this code cannot be verified. It will be checked again once online.',
  },
  errors: {
    missing: 'Set the token attribute, or both merchant and publishable-key.',
    secretKey: 'A secret key (sk_…) must never be used in a web page; use a publishable key (pk_…).',
    unauthorized: 'The publishable key is not valid or does not belong to this merchant.',
    notFound: 'No such merchant.',
    conflict: 'This merchant has no credit code available yet: {detail}',
    network: 'Cannot reach the platform, and this device has no cached credit code for this merchant.',
    server: 'The platform cannot provide the credit code right now; try again later.',
  },
  retry: 'Verify again',
};

export default creditCode;
