/** @module Defines `<mashang-credit-code>`. Importing this module registers the element (and `<mashang-qr>`). */
import { MashangCreditCode, type CreditStateDetail } from './credit-code.js';
import { registerStrings } from '../internal/localize.js';
import zhCN from './locale.zh-CN.js';
import en from './locale.en.js';

registerStrings('creditCode', { 'zh-CN': zhCN, en });

export { MashangCreditCode };
export type { CreditCodeState, CreditStateDetail, CreditVerification } from './credit-code.js';

if (!customElements.get('mashang-credit-code')) customElements.define('mashang-credit-code', MashangCreditCode);

declare global {
  interface HTMLElementTagNameMap {
    'mashang-credit-code': MashangCreditCode;
  }
  interface HTMLElementEventMap {
    'mashang-credit-state': CustomEvent<CreditStateDetail>;
  }
}
