/**
 * Name parts for Wuhai organizations and people. Every organization name is
 * unique in its canonical (Simplified, full-width bracket) form, so a resolver
 * matching 单位名称 + 所属区县 has exactly one right answer.
 */
import { CITY, county } from './divisions.js';
import type { Random } from './random.js';

const chars = (s: string): string[] => [...s];

const ZIHAO_FIRST = chars(
  '嘉辉泰利亿晨岩飞星春通联安丰宏万绣诚润品新永融凤银远达鑫恒盛华顺兴金和瑞祥德福佳创天鸿博益众信昊宇东方正卓越铭腾骏峰晟泽浩瀚祺锦云蓝翔',
);
const ZIHAO_SECOND = chars('远峰骏和联良众源腾丰明鑫美科昌福利天航银东禾雨正光中聚方嘉阳泰宇盛达汇恒信海辰智诚洋禧康隆安泓宏启晖');

/** Business words with a plausible GB/T 4754 class. */
export const INDUSTRIES: readonly (readonly [word: string, code: string])[] = [
  ['生物科技', 'M7340'],
  ['商务咨询', 'L7243'],
  ['贸易', 'F5191'],
  ['商贸', 'F5291'],
  ['医药', 'F5151'],
  ['运输', 'G5430'],
  ['物流', 'G5810'],
  ['图书发行', 'F5143'],
  ['建筑工程', 'E4700'],
  ['劳务服务', 'L7269'],
  ['信息技术', 'I6510'],
  ['网络科技', 'I6490'],
  ['房地产开发', 'K7010'],
  ['食品', 'C1499'],
  ['文化传媒', 'R8710'],
  ['广告', 'L7251'],
  ['酒店管理', 'H6110'],
  ['餐饮管理', 'H6210'],
  ['汽车服务', 'O8111'],
  ['门窗制造', 'C3312'],
  ['家政服务', 'O8010'],
  ['煤业', 'B0610'],
  ['机械制造', 'C3490'],
  ['旅游开发', 'N7869'],
  ['化工', 'C2614'],
  ['焦化', 'C2521'],
  ['装饰工程', 'E5011'],
  ['物业管理', 'K7020'],
  ['教育咨询', 'P8391'],
  ['新材料', 'C2651'],
  ['能源', 'D4411'],
  ['环保科技', 'N7723'],
  ['电子商务', 'I6432'],
  ['葡萄酒', 'C1515'],
  ['农牧业', 'A0311'],
];

export type LegalForm = 'LLC' | 'JSC' | 'PARTNERSHIP' | 'SOLE' | 'INDIVIDUAL' | 'COOPERATIVE' | 'SOE' | 'FOREIGN';

const FORM_SUFFIX: Record<LegalForm, readonly string[]> = {
  LLC: ['有限公司', '有限责任公司'],
  JSC: ['股份有限公司'],
  PARTNERSHIP: ['中心（有限合伙）'],
  SOLE: ['经营部', '商行', '中心'],
  INDIVIDUAL: ['店', '商行', '经营部', '门市部'],
  COOPERATIVE: ['专业合作社'],
  SOE: ['有限责任公司', '集团有限公司', '公司'],
  FOREIGN: ['有限公司'],
};

type Trade = readonly (readonly [word: string, code: string])[];

const INDIVIDUAL_TRADES: Trade = [
  ['烟酒', 'F5227'],
  ['便利', 'F5212'],
  ['五金', 'F5234'],
  ['餐饮', 'H6210'],
  ['理发', 'O8070'],
  ['日用百货', 'F5211'],
  ['水果', 'F5223'],
  ['手机维修', 'O8122'],
  ['汽车美容', 'O8111'],
  ['茶叶', 'F5225'],
];
const COOP_TRADES: Trade = [
  ['葡萄种植', 'A0151'],
  ['蔬菜种植', 'A0141'],
  ['肉羊养殖', 'A0312'],
  ['奶牛养殖', 'A0311'],
  ['枸杞种植', 'A0169'],
  ['农机', 'A0511'],
];
const SOE_TRADES: Trade = [
  ['公用事业', 'D4430'],
  ['热力', 'D4430'],
  ['供水', 'D4610'],
  ['城市建设投资', 'K7010'],
  ['国有资本投资运营', 'L7212'],
  ['交通投资', 'G5480'],
  ['能源', 'D4411'],
];

/** Business words (with an industry class) that fit the legal form's names. */
export function tradesFor(form: LegalForm): Trade {
  return form === 'INDIVIDUAL' ? INDIVIDUAL_TRADES : form === 'COOPERATIVE' ? COOP_TRADES : form === 'SOE' ? SOE_TRADES : INDUSTRIES;
}

export function zihao(rng: Random): string {
  return rng.pick(ZIHAO_FIRST) + rng.pick(ZIHAO_SECOND);
}

/** Place prefix the way real names carry it: 乌海市X, 乌海X, X（乌海）, 海勃湾区X, or none. */
function placed(rng: Random, countyCode: string, core: string, rest: string): string {
  switch (
    rng.weighted([
      ['city', 3],
      ['short', 1],
      ['bracket', 1],
      ['county', 2],
      ['none', 3],
    ] as const)
  ) {
    case 'city':
      return `${CITY}${core}${rest}`;
    case 'short':
      return `乌海${core}${rest}`;
    case 'bracket':
      return `${core}（乌海）${rest}`;
    case 'county':
      return `${county(countyCode).name}${core}${rest}`;
    default:
      return `${core}${rest}`;
  }
}

export function enterpriseName(rng: Random, form: LegalForm, countyCode: string, industryWord: string): string {
  const z = zihao(rng);
  const suffix = rng.pick(FORM_SUFFIX[form]);
  switch (form) {
    case 'INDIVIDUAL':
      return `${county(countyCode).name}${z}${industryWord}${suffix}`;
    case 'COOPERATIVE':
      return `${CITY}${county(countyCode).name}${z}${industryWord}${suffix}`;
    case 'SOE':
      return `${CITY}${z}${industryWord}${suffix}`;
    default:
      return placed(rng, countyCode, z, industryWord + suffix);
  }
}

export type SocialOrgType = '社会团体' | '民办非企业单位' | '社会服务机构' | '基金会';

const ASSOCIATION_WORDS = ['摄影家协会', '志愿者协会', '书法家协会', '户外运动协会', '老年体育协会', '青年创业协会', '围棋协会'];
const SERVICE_WORDS = ['幼儿园', '培训学校', '文化艺术中心', '养老院', '社会工作服务中心', '康复中心', '职业技能培训学校'];
const FOUNDATION_WORDS = ['慈善基金会', '教育基金会', '助学基金会'];

export function socialOrgName(rng: Random, type: SocialOrgType, countyCode: string, tradeIndustry: string | null): string {
  const where = rng.chance(0.6) ? CITY : county(countyCode).name;
  const z = zihao(rng);
  if (tradeIndustry) return `${where}${z}${tradeIndustry}${rng.pick(['商会', '行业协会'])}`;
  if (type === '社会团体') return `${where}${z}${rng.pick(ASSOCIATION_WORDS)}`;
  if (type === '基金会') return `${CITY}${z}${rng.pick(FOUNDATION_WORDS)}`;
  return `${where}${z}${rng.pick(SERVICE_WORDS)}`;
}

const INSTITUTION_WORDS = ['中心学校', '人民医院', '卫生院', '实验幼儿园', '文化馆', '职业技术学校', '社区卫生服务中心'];

export function institutionName(rng: Random, countyCode: string): string {
  return `${county(countyCode).name}${zihao(rng)}${rng.pick(INSTITUTION_WORDS)}`;
}

const SURNAMES = chars(
  '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严武戴孔汤',
);
const GIVEN = chars('伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉萍红鹏辉建海波宇浩然斌欣怡雨涵子轩文志国兰凤梅娥兵晨琳颖');

export function personName(rng: Random): string {
  const given = rng.chance(0.7) ? rng.pick(GIVEN) + rng.pick(GIVEN) : rng.pick(GIVEN);
  return rng.pick(SURNAMES) + given;
}

/** Remembers canonical names so no two organizations share one. */
export class NameBook {
  private readonly seen = new Set<string>();

  unique(make: () => string): string {
    for (let attempt = 0; attempt < 60; attempt++) {
      const name = make();
      if (!this.seen.has(name)) {
        this.seen.add(name);
        return name;
      }
    }
    // A crowded pool at very large sizes: a branch suffix keeps the name real-looking and unique.
    for (let n = 2; ; n++) {
      const name = `${make()}第${n}分公司`;
      if (!this.seen.has(name)) {
        this.seen.add(name);
        return name;
      }
    }
  }
}
