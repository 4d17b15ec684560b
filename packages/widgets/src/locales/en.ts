/** @module English strings shared by every element. Must have exactly the keys of the zh-CN ones (checked by the compiler). */
import type { CommonCatalog } from '../internal/localize.js';


const en: CommonCatalog = {
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
