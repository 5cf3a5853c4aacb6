/**
 * Identifier construction. Check characters come from src/domain so the
 * generator and the hub can never disagree about what "valid" means.
 */
import { orgCodeCheckChar } from '../../src/domain/org-code.js';
import { regNoCheckDigit } from '../../src/domain/reg-no.js';
import { residentIdCheckChar } from '../../src/domain/resident-id.js';
import { USCC_ALPHABET, usccCheckChar } from '../../src/domain/uscc.js';
import type { Random } from './random.js';
import type { Ymd } from './dates.js';

/**
 * Characters an organization code body may use that also survive inside a
 * USCC (no I, O, S, V, Z). X is left out too: with an X check character a
 * run of three X would read as a mask (`xxx`) to a careful parser.
 */
const BODY_CHARS = USCC_ALPHABET.replace('X', '');
const DIGITS = '0123456789';

/**
 * 9-character organization code (8 + check). Codes issued since the 2015
 * reform start with `MA` (enterprises), `MJ` (social organizations) or `MB`
 * (public institutions); older ones are digits.
 */
export function makeOrgCode(rng: Random, series: 'DIGITS' | 'MA' | 'MJ' | 'MB'): string {
  let body = series === 'DIGITS' ? '' : series;
  const pool = series === 'DIGITS' ? DIGITS : BODY_CHARS;
  while (body.length < 8) body += pool[rng.int(0, pool.length - 1)];
  const check = orgCodeCheckChar(body);
  if (check === null) throw new Error(`bad organization code body ${body}`);
  return body + check;
}

/** 18-character USCC: authority + category + 6-digit division + organization code + check. */
export function makeUscc(authorityAndCategory: string, division: string, orgCode: string): string {
  const first17 = authorityAndCategory + division + orgCode;
  const check = usccCheckChar(first17);
  if (check === null) throw new Error(`bad USCC body ${first17}`);
  return first17 + check;
}

/** The same code with a check character that fails (a pilot-era code or a typo). */
export function withWrongCheck(uscc: string, rng: Random): string {
  const right = uscc[17]!;
  let wrong = right;
  while (wrong === right) wrong = USCC_ALPHABET[rng.int(0, USCC_ALPHABET.length - 1)]!;
  return uscc.slice(0, 17) + wrong;
}

export function usccIsValid(code: string): boolean {
  return code.length === 18 && usccCheckChar(code.slice(0, 17)) === code[17];
}

/** `911503******92690J`: the way published lists hide the middle of a code. */
export function maskUscc(uscc: string): string {
  return uscc.slice(0, 6) + '******' + uscc.slice(12);
}

/** GS15 registration number: authority division + 8-digit sequence + ISO 7064 MOD 11,10 check. */
export function makeRegNo(rng: Random, division: string): string {
  let seq = '';
  while (seq.length < 8) seq += DIGITS[rng.int(0, 9)];
  const first14 = division + seq;
  return first14 + regNoCheckDigit(first14)!;
}

/** Old 15-character taxpayer id: division + the 9-character organization code. */
export function oldTaxpayerId(division: string, orgCode: string): string {
  return division + orgCode;
}

/** 18-character resident ID; the 17th digit's parity is the sex (odd = male). */
export function makeResidentId(rng: Random, division: string, birth: Ymd, male: boolean): string {
  const date = `${birth.y}${String(birth.m).padStart(2, '0')}${String(birth.d).padStart(2, '0')}`;
  const order = rng.int(0, 99) * 10 + (male ? rng.pick([1, 3, 5, 7, 9]) : rng.pick([0, 2, 4, 6, 8]));
  const first17 = division + date + String(order).padStart(3, '0');
  return first17 + residentIdCheckChar(first17)!;
}

/** Mobile number: 1 + carrier digit + 9 digits. */
export function makePhone(rng: Random): string {
  let s = '1' + rng.pick(['3', '5', '7', '8', '9']) + String(rng.int(0, 9));
  while (s.length < 11) s += DIGITS[rng.int(0, 9)];
  return s;
}
