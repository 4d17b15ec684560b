/** @module `<mashang-payment-code>` strings, English. Same keys as the zh-CN strings (checked by the compiler). */
import type zhCN from './locale.zh-CN.js';

type Widen<T> = { [K in keyof T]: T[K] extends string ? string : Widen<T[K]> };

const paymentCode: Widen<typeof zhCN> = {
  loading: 'Loading the payment code…',
  scanToPay: 'Scan with your phone to pay',
  scanAndEnter: 'Scan with your phone, enter the amount and pay',
  amountOpen: 'Customer enters the amount',
  dailyLimit: 'Static codes: at most {limit} per payer per day',
  qrLabel: 'Payment code of {merchant}',
  qrLabelAmount: 'Payment code of {merchant}, amount {amount}',
  countdown: '{time} left',
  countdownLabel: 'Time left on this payment code',
  oneMinuteLeft: 'The payment code expires in 1 minute; press "More time" to extend it',
  extend: '{minutes} more minutes',
  extended: 'Extended; valid until {time}',
  status: {
    pending: 'Awaiting payment',
    paid: 'Paid',
    expired: 'Expired',
    cancelled: 'Cancelled',
    disabled: 'Disabled',
  },
  paidMessage: 'Payment of {amount} received',
  expiredMessage: 'This payment code has expired; refresh it and scan again',
  cancelledMessage: 'This order was cancelled',
  disabledMessage: 'This payment code is no longer in use',
  refresh: 'Refresh payment code',
  downloadPng: 'Counter card · PNG',
  downloadSvg: 'Counter card · SVG',
  card: {
    scan: 'Scan to pay',
    wallets: 'Pay with any major payment app',
    brand: 'Mashang · Payment code',
  },
  errors: {
    missing: 'Missing attributes: set code and publishable-key, or order and client-secret',
    secretKey: 'Never put a secret key (sk_…) in a web page: use a publishable key (pk_…) or the order\'s client-secret',
    secretMismatch: 'The client-secret does not belong to order {order}',
    format: 'format must be url or emv, not "{format}"',
    notFound: 'This payment code or order does not exist',
    unauthorized: 'The key is invalid or has expired; ask the site to create a new one',
    network: 'You are offline; check the connection and retry',
    server: 'The platform had a problem ({status}); retry later',
    invalidAnswer: 'The platform sent an answer this widget cannot read',
    orderRequest: 'order-request must be a JSON object, e.g. {"items":[…]}',
    extend: 'Could not extend: {message}',
  },
};

export default paymentCode;
