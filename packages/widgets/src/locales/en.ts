/** @module English strings. Must have exactly the keys of the zh-CN catalog (checked by the compiler). */
import type { Catalog } from '../internal/localize.js';

import onboarding from '../onboarding/locale.en.js';
import paymentCode from '../payment-code/locale.en.js';
import trace from '../trace/locale.en.js';

const en: Catalog = {
  paymentCode,
  trace,
  onboarding,
  common: {
    loading: 'Loading…',
    retry: 'Retry',
    close: 'Close',
    error: 'Something went wrong',
    offline: 'You are offline',
  },
  qr: {
    label: 'QR code',
    errorEmpty: 'Nothing to encode in the QR code',
    errorTooLong: 'Too much content for a QR code ({length} characters)',
    errorInvalid: 'Could not make a QR code: {reason}',
  },
};

export default en;
