/**
 * The noise real exports carry. Two kinds:
 * - cosmetic: a correct hub normalizes it away (width, case, spaces,
 *   Traditional characters, bracket style, date/month/yes-no formats);
 * - destructive: the row cannot be read and must go to quarantine. Those
 *   rows contribute nothing to the truth (see truth.ts).
 */
import { maskUscc, withWrongCheck } from './codes.js';
import { type MonthIndex, monthOfYear, monthYear, type Ymd } from './dates.js';
import type { Random } from './random.js';

/**
 * Quarantine reason categories a hub is expected to report:
 * - BAD_MONTH: 参保年月/所属期 unreadable (`202600`, `2026-13`, `2026年13月`, `2026-0`);
 * - BAD_DATE: a date that does not exist (`2021-02-30`, `20220431`, `2025/13/5`);
 * - NEGATIVE_COUNT: a headcount or member count below zero;
 * - TOO_FEW_COLUMNS: a CSV line cut short;
 * - NO_KEY: neither a name nor a code (nor, for people, an id);
 * - UNDECODABLE: 0xFF bytes inside a GB18030 line;
 * - CHECK_DIGIT: a USCC whose check fails and that no other source carries;
 * - MASKED_CODE: the only code is masked (`911503******92690J`) and nothing else places the row.
 */
export type Category =
  'BAD_MONTH' | 'BAD_DATE' | 'NEGATIVE_COUNT' | 'TOO_FEW_COLUMNS' | 'NO_KEY' | 'UNDECODABLE' | 'CHECK_DIGIT' | 'MASKED_CODE';

/**
 * Rows that are odd but placeable: the hub must link them, not quarantine them.
 * CHECK_DIGIT here is a pilot code carried by two sources; MASKED_CODE a
 * social-security row placed by 单位名称 + 所属区县; NAME_ONLY the same with no
 * code at all; OLD_TAX_ID a 15-character taxpayer id; OLD_REG_NO an enterprise
 * known only by its 注册号; DUPLICATE the same row (or enterprise) again.
 */
export type LinkCategory = 'CHECK_DIGIT' | 'MASKED_CODE' | 'NAME_ONLY' | 'OLD_TAX_ID' | 'OLD_REG_NO' | 'DUPLICATE';

/**
 * Characters whose Traditional form converts back unambiguously (verified
 * against opencc-js hk/tw → cn), so a Traditional variant has one right key.
 */
const TRADITIONAL_PAIRS =
  '党黨协協会會贸貿区區务務医醫药藥门門车車业業开開银銀饮飲乐樂东東电電书書经經营營术術设設' +
  '计計广廣运運输輸筑築饰飾装裝养養学學训訓华華凤鳳飞飛龙龍兴興达達丰豐汇匯联聯财財产產资資' +
  '农農机機网網络絡劳勞动動环環节節鸿鴻圆圓园園际際顺順阳陽云雲红紅蓝藍绿綠实實汉漢马馬亿億' +
  '万萬丽麗伟偉单單织織组組备備质質检檢测測证證场場厂廠';
export const TRADITIONAL = new Map<string, string>();
for (let i = 0; i + 1 < TRADITIONAL_PAIRS.length; i += 2) TRADITIONAL.set(TRADITIONAL_PAIRS[i]!, TRADITIONAL_PAIRS[i + 1]!);

export function toTraditional(s: string): string {
  let out = '';
  for (const ch of s) out += TRADITIONAL.get(ch) ?? ch;
  return out;
}

/** ASCII → full-width (`９１ＡＢ`), the way some Windows exports type codes. */
export function fullWidth(s: string): string {
  let out = '';
  for (const ch of s) {
    const cp = ch.charCodeAt(0);
    out += cp > 0x20 && cp < 0x7f ? String.fromCharCode(cp + 0xfee0) : ch;
  }
  return out;
}

function swapBrackets(s: string): string {
  if (s.includes('（')) return s.replace(/（/g, '(').replace(/）/g, ')');
  return s.replace(/\(/g, '（').replace(/\)/g, '）');
}

function insertSpace(rng: Random, s: string): string {
  const chars = [...s];
  if (chars.length < 3) return ` ${s} `;
  const at = rng.int(1, chars.length - 1);
  return chars.slice(0, at).join('') + rng.pick([' ', '  ', '\u3000']) + chars.slice(at).join('');
}

/** Names: Traditional characters, bracket width, stray spaces — each now and then. */
export function noisyName(rng: Random, name: string, rate = 0.06): string {
  let s = name;
  if (rng.chance(rate)) s = toTraditional(s);
  if (rng.chance(rate * 1.5) && /[（()）]/.test(s)) s = swapBrackets(s);
  if (rng.chance(rate)) s = insertSpace(rng, s);
  if (rng.chance(rate / 2)) s = rng.pick([` ${s}`, `${s} `, ` ${s} `, `${s}  `]);
  return s;
}

/** Codes: full-width, lower case, inner spaces (`91 150303 506077507 J`), padding. */
export function noisyCode(rng: Random, code: string, rate = 0.03): string {
  if (code === '') return code;
  let s = code;
  const roll = rng.float();
  if (roll < rate) s = fullWidth(s);
  else if (roll < rate * 2) s = s.toLowerCase();
  else if (roll < rate * 3) s = s.length === 18 ? `${s.slice(0, 2)} ${s.slice(2, 8)} ${s.slice(8, 17)} ${s[17]}` : insertSpace(rng, s);
  else if (roll < rate * 3.6) s = ` ${s} `;
  return s;
}

/** Digits typed full-width now and then (division codes, counts). */
export function noisyDigits(rng: Random, s: string, rate = 0.01): string {
  return rng.chance(rate) ? fullWidth(s) : s;
}

/** `2021-01-19`, `2021/1/19`, `20210119` or `2021年1月19日`. */
export function fmtDate(rng: Random, d: Ymd): string {
  const mm = String(d.m).padStart(2, '0');
  const dd = String(d.d).padStart(2, '0');
  switch (
    rng.weighted([
      [0, 5],
      [1, 2],
      [2, 2],
      [3, 1],
    ] as const)
  ) {
    case 0:
      return `${d.y}-${mm}-${dd}`;
    case 1:
      return `${d.y}/${d.m}/${d.d}`;
    case 2:
      return `${d.y}${mm}${dd}`;
    default:
      return `${d.y}年${d.m}月${d.d}日`;
  }
}

/** `202410`, `2024-10` or `2024年10月`. */
export function fmtMonth(rng: Random, mi: MonthIndex): string {
  const y = monthYear(mi);
  const m = monthOfYear(mi);
  switch (rng.int(0, 2)) {
    case 0:
      return `${y}${String(m).padStart(2, '0')}`;
    case 1:
      return `${y}-${String(m).padStart(2, '0')}`;
    default:
      return `${y}年${m}月`;
  }
}

const YES_NO: readonly (readonly [string, string])[] = [
  ['是', '否'],
  ['Y', 'N'],
  ['1', '0'],
  ['true', 'false'],
];

export function fmtYesNo(rng: Random, b: boolean): string {
  const pair = rng.weighted([
    [YES_NO[0]!, 5],
    [YES_NO[1]!, 2],
    [YES_NO[2]!, 2],
    [YES_NO[3]!, 1],
  ]);
  return b ? pair[0] : pair[1];
}

/** Which cells a destructive defect may touch in a file. */
export interface DefectFields {
  /** Cells that, emptied together, leave the row without a key (NO_KEY). */
  readonly keys: readonly string[];
  /** The cell holding a USCC (CHECK_DIGIT, MASKED_CODE). */
  readonly code?: string;
  /** Cleared together with masking, when the row would otherwise still be placeable by name. */
  readonly clearOnMask?: string;
  readonly name?: string;
  readonly month?: string;
  readonly dates?: readonly string[];
  readonly counts?: readonly string[];
}

export interface DestructionTarget {
  readonly cells: Record<string, string | number>;
  readonly uscc?: string;
}

export interface RowView {
  readonly cells: Readonly<Record<string, string | number>>;
  readonly uscc?: string;
}

/** Whether the category can be applied to this row of this file at all. */
export function applicable(c: Category, f: DefectFields, row: RowView, format: { csv: boolean; gb18030: boolean }): boolean {
  const filled = (k: string): boolean => row.cells[k] !== undefined && row.cells[k] !== '';
  switch (c) {
    case 'BAD_MONTH':
      return f.month !== undefined && filled(f.month);
    case 'BAD_DATE':
      return (f.dates ?? []).some(filled);
    case 'NEGATIVE_COUNT':
      return (f.counts ?? []).some(filled);
    case 'TOO_FEW_COLUMNS':
      return format.csv;
    case 'UNDECODABLE':
      return format.gb18030 && f.name !== undefined && filled(f.name);
    case 'NO_KEY':
      return f.keys.length > 0;
    case 'CHECK_DIGIT':
    case 'MASKED_CODE':
      return f.code !== undefined && row.uscc !== undefined;
  }
}

const IMPOSSIBLE_DATES = ['2021-02-30', '2023/2/29', '20220431', '2022年6月31日', '2019-11-31', '2025/13/5'];

/** Garble the cells in place the way the category says. */
export function destroy(rng: Random, c: Category, f: DefectFields, row: DestructionTarget): void {
  const cells = row.cells;
  const filled = (k: string): boolean => cells[k] !== undefined && cells[k] !== '';
  switch (c) {
    case 'BAD_MONTH': {
      const y = /^\d{4}/.exec(String(cells[f.month!]))?.[0] ?? '2026';
      cells[f.month!] = rng.pick([`${y}00`, `${y}-13`, `${y}年13月`, `${y}-0`]);
      return;
    }
    case 'BAD_DATE':
      cells[rng.pick((f.dates ?? []).filter(filled))] = rng.pick(IMPOSSIBLE_DATES);
      return;
    case 'NEGATIVE_COUNT':
      cells[rng.pick((f.counts ?? []).filter(filled))] = -rng.int(1, 30);
      return;
    case 'NO_KEY':
      for (const k of f.keys) cells[k] = '';
      return;
    case 'CHECK_DIGIT':
      cells[f.code!] = withWrongCheck(row.uscc!, rng);
      return;
    case 'MASKED_CODE':
      cells[f.code!] = maskUscc(row.uscc!);
      if (f.clearOnMask) cells[f.clearOnMask] = '';
      return;
    case 'TOO_FEW_COLUMNS':
    case 'UNDECODABLE':
      return; // applied by the writer: they live in the bytes, not the cells
  }
}
