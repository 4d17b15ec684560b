/**
 * @module Chinese (Simplified) strings shared by every element — the default locale and the
 * reference: English must have exactly these keys. Each element keeps its own strings in
 * `<name>/locale.{zh-CN,en}.ts` and registers them from its `define.ts`, so an element's bundle
 * carries only its own strings.
 */

const zhCN = {
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
