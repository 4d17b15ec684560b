/** @module Defines `<mashang-payment-code>`. Importing this module registers the element (and `<mashang-qr>`). */
import { MashangPaymentCode, type PaymentCodeDownloadDetail, type PaymentCodeOrderDetail, type PaymentCodeRefreshDetail } from './payment-code.js';
import { registerStrings } from '../internal/localize.js';
import zhCN from './locale.zh-CN.js';
import en from './locale.en.js';

registerStrings('paymentCode', { 'zh-CN': zhCN, en });

export { MashangPaymentCode };
export type { PaymentCodeDownloadDetail, PaymentCodeOrderDetail, PaymentCodeRefreshDetail, PaymentCodeState } from './payment-code.js';

if (!customElements.get('mashang-payment-code')) customElements.define('mashang-payment-code', MashangPaymentCode);

declare global {
  interface HTMLElementTagNameMap {
    'mashang-payment-code': MashangPaymentCode;
  }
  interface HTMLElementEventMap {
    'mashang-paid': CustomEvent<PaymentCodeOrderDetail>;
    'mashang-expired': CustomEvent<PaymentCodeOrderDetail>;
    'mashang-cancelled': CustomEvent<PaymentCodeOrderDetail>;
    'mashang-refresh-request': CustomEvent<PaymentCodeRefreshDetail>;
    'mashang-download': CustomEvent<PaymentCodeDownloadDetail>;
  }
}
