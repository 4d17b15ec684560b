/** @module Code tables for USCC positions 1–2 (GB 32100-2015 as amended) and GB/T 2260 province prefixes. */

/**
 * A registration authority (登记管理部门, USCC position 1) and the entity types
 * (机构类别, position 2) it may issue.
 *
 * @category Identifiers
 */
export interface RegistrationAuthority {
  /** Chinese name of the authority, as in the standard. */
  name: string;
  /** Allowed position-2 characters mapped to the entity-type name. */
  entityTypes: Readonly<Record<string, string>>;
}

/**
 * GB 32100-2015 code table for positions 1 and 2, including the later additions
 * A (中央军委改革和编制办公室) and N (农业).
 *
 * Why not the table some libraries ship (3 教育, 4 公安, A 旅游局, B–G …): real codes contradict
 * it — law firms are `31…`, trade unions `81…`, rural collectives `N2…` — and the published
 * amendment lists 3 司法行政, 4 文化, 6 旅游, 7 宗教, 8 工会. Codes outside this table are
 * reported with `overridable: true`, because the table has been extended before.
 *
 * @category Identifiers
 */
export const REGISTRATION_AUTHORITIES: Readonly<Record<string, RegistrationAuthority>> = Object.freeze({
  '1': { name: '机构编制', entityTypes: { '1': '机关', '2': '事业单位', '3': '中央编办直接管理机构编制的群众团体', '9': '其他' } },
  '2': { name: '外交', entityTypes: { '1': '外国常驻新闻机构', '9': '其他' } },
  '3': {
    name: '司法行政',
    entityTypes: { '1': '律师执业机构', '2': '公证处', '3': '基层法律服务所', '4': '司法鉴定机构', '5': '仲裁委员会', '9': '其他' },
  },
  '4': { name: '文化', entityTypes: { '1': '外国在华文化中心', '9': '其他' } },
  '5': { name: '民政', entityTypes: { '1': '社会团体', '2': '民办非企业单位', '3': '基金会', '9': '其他' } },
  '6': {
    name: '旅游',
    entityTypes: { '1': '外国旅游部门常驻代表机构', '2': '港澳台地区旅游部门常驻内地（大陆）代表机构', '9': '其他' },
  },
  '7': { name: '宗教', entityTypes: { '1': '宗教活动场所', '2': '宗教院校', '9': '其他' } },
  '8': { name: '工会', entityTypes: { '1': '基层工会', '9': '其他' } },
  '9': { name: '工商', entityTypes: { '1': '企业', '2': '个体工商户', '3': '农民专业合作社' } },
  A: { name: '中央军委改革和编制办公室', entityTypes: { '1': '军队事业单位', '9': '其他' } },
  N: { name: '农业', entityTypes: { '1': '组级集体经济组织', '2': '村级集体经济组织', '3': '乡镇级集体经济组织', '9': '其他' } },
  Y: { name: '其他', entityTypes: { '1': '其他' } },
});

/**
 * First two digits of GB/T 2260 division codes in use: the 31 mainland provinces plus
 * Taiwan (71), Hong Kong (81) and Macao (82), whose codes appear on residence permits.
 */
const PROVINCES = new Set([
  '11', '12', '13', '14', '15', '21', '22', '23', '31', '32', '33', '34', '35', '36', '37',
  '41', '42', '43', '44', '45', '46', '50', '51', '52', '53', '54', '61', '62', '63', '64', '65',
  '71', '81', '82',
]);

/**
 * Whether a 6-digit administrative-division code is plausible: a known province prefix, or
 * `100000`, which national-level registration authorities use in USCCs.
 */
export function isPlausibleDivision(division: string, allowNational: boolean): boolean {
  if (!/^\d{6}$/.test(division)) return false;
  if (allowNational && division === '100000') return true;
  return PROVINCES.has(division.slice(0, 2));
}
