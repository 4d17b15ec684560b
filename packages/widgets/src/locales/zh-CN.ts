/**
 * @module Chinese (Simplified) strings — the default locale and the reference catalog:
 * every other locale must have exactly these keys.
 * Each capability keeps its strings under its own top-level key.
 */
import onboarding from '../onboarding/locale.zh-CN.js';
import paymentCode from '../payment-code/locale.zh-CN.js';
import trace from '../trace/locale.zh-CN.js';

const zhCN = {
  paymentCode,
  trace,
  onboarding,
  common: {
    loading: '加载中…',
    retry: '重试',
    close: '关闭',
    error: '出错了',
    offline: '网络不可用',
  },
  qr: {
    label: '二维码',
    errorEmpty: '没有要生成二维码的内容',
    errorTooLong: '内容过长，无法放入二维码（{length} 个字符）',
    errorInvalid: '无法生成二维码：{reason}',
  },
};

export default zhCN;
