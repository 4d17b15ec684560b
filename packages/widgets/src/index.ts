/**
 * Mashang web components. Importing this module defines every element; import
 * `@mashang/widgets/<name>` to load one alone.
 * @packageDocumentation
 */
export { MashangElement, type DisplayMode, type MashangErrorDetail } from './internal/mashang-element.js';
export { resolveLocale, translate, type Locale, type MessageKey, type Catalog } from './internal/localize.js';
export { encodeQr, QrEncodeError, type ErrorCorrection, type QrSymbol } from './internal/qr-matrix.js';
export { MashangQr } from './qr/define.js';
export { MashangOnboarding, type OnboardingStepChangeDetail, type OnboardingSubmittedDetail, type OnboardingStatusChangeDetail } from './onboarding/define.js';
export { MashangPaymentCode, type PaymentCodeOrderDetail, type PaymentCodeRefreshDetail, type PaymentCodeDownloadDetail, type PaymentCodeState } from './payment-code/define.js';
export { MashangCreditCode, type CreditStateDetail, type CreditCodeState, type CreditVerification } from './credit-code/define.js';
export { MashangTrace, type TraceLoadedDetail, type TraceVerifiedDetail, type TraceState } from './trace/define.js';
