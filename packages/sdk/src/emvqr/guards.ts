/** @module Type guards for decoded EMV QR values. */

import type { EmvTemplate, MerchantAccount } from './types.js';

/**
 * Whether a merchant account is a template (IDs 26–51, with a GUI and sub-fields) rather than a
 * card network's primitive value (IDs 02–25).
 *
 * @example
 * ```ts
 * const wechat = qr.merchantAccounts.find(
 *   (a) => isMerchantAccountTemplate(a) && a.globallyUniqueId === 'COM.QQ.WEIXIN.PAY',
 * );
 * ```
 * @category EMV QR
 */
export function isMerchantAccountTemplate(account: MerchantAccount): account is EmvTemplate {
  return Number(account.id) >= 26 && Array.isArray((account as EmvTemplate).fields);
}
