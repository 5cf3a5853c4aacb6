/**
 * What registrars write: enterprise types per legal form, registration
 * statuses, supervising departments, the USCC category of each social
 * organization type, founding dates and registered capital.
 */
import { type AsOf, fromDays, toDays, type Ymd } from './dates.js';
import type { OrgKind } from './model.js';
import type { LegalForm, SocialOrgType } from './names.js';
import type { Random } from './random.js';

export const ENT_TYPES: Record<Exclude<LegalForm, 'INDIVIDUAL'>, readonly string[]> = {
  LLC: [
    '有限责任公司（自然人投资或控股）',
    '有限责任公司（自然人独资）',
    '有限责任公司（非自然人投资或控股的法人独资）',
    '其他有限责任公司',
  ],
  JSC: ['股份有限公司（非上市、自然人投资或控股）', '股份有限公司（非上市）'],
  PARTNERSHIP: ['合伙企业', '有限合伙企业', '普通合伙企业'],
  SOLE: ['个人独资企业'],
  COOPERATIVE: ['农民专业合作社'],
  SOE: ['有限责任公司（国有独资）', '有限责任公司（国有控股）', '全民所有制', '股份有限公司（国有控股）'],
  FOREIGN: ['有限责任公司（外国法人独资）', '外商独资企业', '有限责任公司（台港澳与境内合资）'],
};
export const TAX_REG_TYPE: Record<LegalForm, string> = {
  LLC: '私营有限责任公司',
  JSC: '私营股份有限公司',
  PARTNERSHIP: '合伙企业',
  SOLE: '个人独资企业',
  COOPERATIVE: '农民专业合作社',
  SOE: '国有企业',
  FOREIGN: '外商投资企业',
  INDIVIDUAL: '个体工商户',
};
export const ALIVE_ENT = [
  ['存续（在营、开业、在册）', 60],
  ['存续', 10],
  ['在业', 15],
  ['开业', 10],
  ['在册', 5],
] as const;
export const DEAD_ENT = [
  ['注销', 45],
  ['吊销', 30],
  ['吊销，未注销', 10],
  ['迁出', 15],
] as const;
export const SUPERVISORS = [
  '乌海市教育局',
  '乌海市民政局',
  '乌海市人力资源和社会保障局',
  '乌海市工商业联合会',
  '乌海市卫生健康委员会',
  '乌海市文学艺术界联合会',
  '乌海市商务局',
  '乌海市工业和信息化局',
  '乌海市司法局',
  '乌海市住房和城乡建设局',
];
export const SO_PREFIX: Record<SocialOrgType, string> = { 社会团体: '51', 民办非企业单位: '52', 社会服务机构: '52', 基金会: '53' };

/** Founding date: old no-USCC firms before 2013, institutions long ago, the rest skewed to recent years. */
export function established(rng: Random, a: AsOf, kind: OrgKind, old: boolean): Ymd {
  const until = toDays(a.date) - 60;
  const yearStart = (y: number): number => toDays({ y, m: 1, d: 1 });
  if (old) return fromDays(rng.int(yearStart(1993), yearStart(2013) - 1));
  if (kind === 'PUBLIC_INSTITUTION') return fromDays(rng.int(yearStart(1960), yearStart(2011)));
  const from = rng.weighted([
    [1998, 20],
    [2010, 30],
    [2016, 50],
  ] as const);
  const to = from === 2016 ? until : Math.min(until, yearStart(from === 1998 ? 2010 : 2016) - 1);
  return fromDays(rng.int(yearStart(from), to));
}

export function capital(rng: Random, form: LegalForm): string {
  if (rng.chance(0.05)) return '';
  if (form === 'INDIVIDUAL') return rng.pick(['1', '3', '5', '10']);
  if (form === 'SOE') return String(rng.pick([5000, 10000, 30000, 713.0, 827.9]));
  return rng.chance(0.8) ? rng.pick(['10', '50', '100', '200', '300', '500', '1000', '3000']) : (rng.int(100, 9999) / 10).toFixed(1);
}
