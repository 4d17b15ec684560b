/** @module `<mashang-credit-code>` strings, Chinese (Simplified): the reference for the other locales. */
const creditCode = {
  title: '信用码',
  loading: '正在验证信用码…',
  grade: '{grade} 级',
  gradeName: {
    A: '诚信优秀',
    B: '诚信良好',
    C: '需要关注',
    D: '诚信较差',
  },
  gradeMeaning: {
    A: '无不良记录，执照已核验',
    B: '无严重不良记录',
    C: '存在正在整改的不良记录',
    D: '存在严重失信或重大处罚',
  },
  merchant: '商户名称',
  uscc: '统一社会信用代码',
  validUntil: '有效期至',
  qrLabel: '{name}的信用码，扫码可验证',
  qrLabelUnknown: '信用码，扫码可验证',
  state: {
    idle: '未加载',
    loading: '验证中',
    verified: '已验证',
    expired: '已过期',
    revoked: '已撤销',
    invalid: '验证失败',
    unverifiable: '无法验证',
    error: '无法加载',
  },
  message: {
    verified: '平台签名有效，信用码未撤销。',
    verifiedStale: '平台签名有效。当前离线，撤销状态来自 {time} 的缓存。',
    verifiedUnchecked: '平台签名有效。当前离线，未能检查是否已撤销。',
    expired: '此信用码已于 {date} 过期，请商户出示新的信用码。',
    revoked: '此信用码已被平台撤销，请勿信任。',
    invalid: '签名无效或内容被改动，这不是平台签发的有效信用码，请勿信任。',
    unverifiable: '当前离线，且本设备没有平台公钥的缓存，无法验证此信用码。联网后会自动重新验证。',
  },
  errors: {
    missing: '请设置 token 属性，或同时设置 merchant 与 publishable-key 属性。',
    secretKey: '不能在网页中使用密钥（sk_…），请改用可公开密钥（pk_…）。',
    unauthorized: '可公开密钥无效，或不属于该商户。',
    notFound: '找不到该商户。',
    conflict: '该商户暂时没有可用的信用码：{detail}',
    network: '无法连接平台，且本设备没有该商户信用码的缓存。',
    server: '平台暂时无法提供信用码，请稍后重试。',
  },
  retry: '重新验证',
};

export default creditCode;
