/** @module epcis/labels — zh-CN and English labels for CBV 2.0 business steps and dispositions. */

import { CBV_BASE, type BizStep, type Disposition } from './vocab.js';

/**
 * Languages the vocabulary labels come in.
 * @category EPCIS
 */
export type EpcisLabelLocale = 'zh-CN' | 'en';

type LabelTable<K extends string> = Readonly<Record<K, readonly [zh: string, en: string]>>;

// Wording follows what Chinese 一物一码 traceability pages show consumers (赋码, 入库, 出库 …);
// the English is the CBV 2.0 definition's name.
const BIZ_STEP_LABELS: LabelTable<BizStep> = {
  accepting: ['验收', 'Accepting'],
  arriving: ['到达', 'Arriving'],
  assembling: ['组装', 'Assembling'],
  collecting: ['回收', 'Collecting'],
  commissioning: ['赋码/生产', 'Commissioning'],
  consigning: ['托运', 'Consigning'],
  creating_class_instance: ['创建批次', 'Creating class instance'],
  cycle_counting: ['循环盘点', 'Cycle counting'],
  decommissioning: ['注销赋码', 'Decommissioning'],
  departing: ['离场', 'Departing'],
  destroying: ['销毁', 'Destroying'],
  disassembling: ['拆解', 'Disassembling'],
  dispensing: ['分装', 'Dispensing'],
  encoding: ['写码', 'Encoding'],
  entering_exiting: ['进出场', 'Entering or exiting'],
  holding: ['暂扣', 'Holding'],
  inspecting: ['质检', 'Inspecting'],
  installing: ['安装', 'Installing'],
  killing: ['标签灭活', 'Killing'],
  loading: ['装车', 'Loading'],
  other: ['其他', 'Other'],
  packing: ['装箱', 'Packing'],
  picking: ['拣货', 'Picking'],
  receiving: ['入库/收货', 'Receiving'],
  removing: ['取出', 'Removing'],
  repackaging: ['重新包装', 'Repackaging'],
  repairing: ['维修', 'Repairing'],
  replacing: ['更换', 'Replacing'],
  reserving: ['预留', 'Reserving'],
  retail_selling: ['零售', 'Retail selling'],
  shipping: ['出库/发货', 'Shipping'],
  staging_outbound: ['出库备货', 'Staging outbound'],
  stock_taking: ['盘点', 'Stock taking'],
  stocking: ['上架', 'Stocking'],
  storing: ['仓储', 'Storing'],
  transporting: ['运输', 'Transporting'],
  unloading: ['卸货', 'Unloading'],
  unpacking: ['拆箱', 'Unpacking'],
  void_shipping: ['撤销发货', 'Void shipping'],
  sensor_reporting: ['传感器上报', 'Sensor reporting'],
  sampling: ['抽样', 'Sampling'],
};

const DISPOSITION_LABELS: LabelTable<Disposition> = {
  active: ['已激活', 'Active'],
  container_closed: ['容器已封闭', 'Container closed'],
  damaged: ['已损坏', 'Damaged'],
  destroyed: ['已销毁', 'Destroyed'],
  dispensed: ['已分装', 'Dispensed'],
  disposed: ['已处置', 'Disposed'],
  encoded: ['已写码', 'Encoded'],
  expired: ['已过期', 'Expired'],
  in_progress: ['处理中', 'In progress'],
  in_transit: ['运输中', 'In transit'],
  inactive: ['未激活', 'Inactive'],
  no_pedigree_match: ['谱系不符', 'No pedigree match'],
  non_sellable_other: ['不可销售', 'Non-sellable (other)'],
  partially_dispensed: ['部分分装', 'Partially dispensed'],
  recalled: ['已召回', 'Recalled'],
  reserved: ['已预留', 'Reserved'],
  retail_sold: ['已售出', 'Retail sold'],
  returned: ['已退货', 'Returned'],
  sellable_accessible: ['在售', 'Sellable, accessible'],
  sellable_not_accessible: ['可售未上架', 'Sellable, not accessible'],
  stolen: ['被盗', 'Stolen'],
  unknown: ['未知', 'Unknown'],
  available: ['可用', 'Available'],
  completeness_verified: ['完整性已核验', 'Completeness verified'],
  completeness_inferred: ['完整性已推定', 'Completeness inferred'],
  conformant: ['合格', 'Conformant'],
  container_open: ['容器已开启', 'Container open'],
  mismatch_instance: ['实物不符', 'Mismatch (instance)'],
  mismatch_class: ['品类不符', 'Mismatch (class)'],
  mismatch_quantity: ['数量不符', 'Mismatch (quantity)'],
  needs_replacement: ['需更换', 'Needs replacement'],
  non_conformant: ['不合格', 'Non-conformant'],
  unavailable: ['不可用', 'Unavailable'],
};

/** Reduces the bare word, the CBV web URI and the legacy URN to the bare word. */
function bareWord(value: string, webPrefix: string, urnPrefix: string): string {
  if (value.startsWith(CBV_BASE + webPrefix)) return value.slice(CBV_BASE.length + webPrefix.length);
  if (value.startsWith(urnPrefix)) return value.slice(urnPrefix.length);
  return value;
}

function pick<K extends string>(table: LabelTable<K>, word: string, locale: EpcisLabelLocale): string | undefined {
  if (!Object.prototype.hasOwnProperty.call(table, word)) return undefined;
  const pair = table[word as K];
  return locale === 'en' ? pair[1] : pair[0];
}

/**
 * Human label of a CBV business step. Accepts the bare word, the CBV web URI or the legacy
 * `urn:epcglobal:cbv:bizstep:` URN; a value outside CBV 2.0 (a company's own URI) comes back
 * unchanged so a page can still show something.
 *
 * @param locale `'zh-CN'` (default) or `'en'`.
 * @example
 * ```ts
 * bizStepLabel('shipping');        // '出库/发货'
 * bizStepLabel('shipping', 'en');  // 'Shipping'
 * bizStepLabel('https://ref.gs1.org/cbv/BizStep-inspecting'); // '质检'
 * ```
 * @category EPCIS
 */
export function bizStepLabel(step: BizStep | (string & {}), locale: EpcisLabelLocale = 'zh-CN'): string {
  const word = bareWord(step, 'BizStep-', 'urn:epcglobal:cbv:bizstep:');
  return pick(BIZ_STEP_LABELS, word, locale) ?? step;
}

/**
 * Human label of a CBV disposition (bare word, web URI or legacy URN); values outside
 * CBV 2.0 come back unchanged.
 *
 * @param locale `'zh-CN'` (default) or `'en'`.
 * @example
 * ```ts
 * dispositionLabel('recalled');          // '已召回'
 * dispositionLabel('in_transit', 'en');  // 'In transit'
 * ```
 * @category EPCIS
 */
export function dispositionLabel(disposition: Disposition | (string & {}), locale: EpcisLabelLocale = 'zh-CN'): string {
  const word = bareWord(disposition, 'Disp-', 'urn:epcglobal:cbv:disp:');
  return pick(DISPOSITION_LABELS, word, locale) ?? disposition;
}
