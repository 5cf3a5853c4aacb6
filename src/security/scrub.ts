/**
 * Masks personal data in free text the hub keeps or shows (quarantined raw rows, error
 * messages): resident ID numbers and phone numbers, wherever a department put them. A
 * USCC is not touched: all-digit USCCs start with 1, 5 or 9 and carry no birth date.
 */
import { isRealDate } from '../domain/date.js';
import { maskPhone } from '../domain/phone.js';
import { maskResidentId } from '../domain/resident-id.js';

const ID_CANDIDATE = /(?<![0-9A-Za-z])\d{17}[\dXx](?![0-9A-Za-z])/g;
const MOBILE = /(?<!\d)1[3-9]\d(?:[ -]?\d){8}(?!\d)/g;
const LANDLINE = /(?<!\d)0\d{2,3}-\d{7,8}(?!\d)/g;

/** Province codes 11–82 and a real birth date: a resident ID, valid check character or not. */
function looksLikeResidentId(s: string): boolean {
  const province = Number(s.slice(0, 2));
  if (province < 11 || province > 82) return false;
  const y = Number(s.slice(6, 10));
  return y >= 1900 && y <= 2100 && isRealDate(y, Number(s.slice(10, 12)), Number(s.slice(12, 14)));
}

export function scrubPersonalData(text: string): string {
  return text
    .replace(ID_CANDIDATE, (m) => (looksLikeResidentId(m) ? maskResidentId(m.toUpperCase()) : m))
    .replace(MOBILE, (m) => maskPhone(m.replace(/[ -]/g, '')))
    .replace(LANDLINE, (m) => maskPhone(m));
}
