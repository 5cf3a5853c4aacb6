/**
 * Small helpers shared by the per-connector emitters.
 */
import { type MonthIndex, monthOfYear, monthYear } from '../dates.js';
import { county } from '../divisions.js';
import { noisyCode } from '../defects.js';
import type { City } from '../model.js';
import { hashKey, type Random } from '../random.js';

export interface MonthChunk {
  readonly from: MonthIndex;
  readonly to: MonthIndex;
  /** `202505-202510`, for file names. */
  readonly label: string;
}

export const yyyymm = (mi: MonthIndex): string => `${monthYear(mi)}${String(monthOfYear(mi)).padStart(2, '0')}`;

/**
 * Three six-month files for monthly sources. The first ends 13 months before
 * the as-of month and the second starts 12 months before it, so the window
 * boundary falls between two files.
 */
export function monthChunks(city: City): MonthChunk[] {
  const last = city.asOf.month - 1;
  const bounds: [MonthIndex, MonthIndex][] = [
    [city.firstMonth, city.firstMonth + 5],
    [city.firstMonth + 6, city.firstMonth + 11],
    [city.firstMonth + 12, last],
  ];
  return bounds.map(([from, to]) => ({ from, to, label: `${yyyymm(from)}-${yyyymm(to)}` }));
}

export function chunkOf(chunks: readonly MonthChunk[], mi: MonthIndex): number {
  return chunks.findIndex((c) => mi >= c.from && mi <= c.to);
}

/** 所属区县: the county's name (海勃湾区) or its 6-digit code, as different offices write it. */
export function district(rng: Random, countyCode: string): string {
  return rng.chance(0.5) ? county(countyCode).name : countyCode;
}

/** Several codes in one cell, separated by `;` `；` `,` or `、`, sometimes with spaces. */
export function joinCodes(rng: Random, codes: readonly string[]): string {
  const sep = rng.pick([';', '；', ',', '、']);
  const pad = rng.chance(0.2) ? ' ' : '';
  return codes.map((c) => noisyCode(rng, c)).join(`${pad}${sep}${pad}`);
}

/** Spacing of the required defects so they fit in a file of about `rows` rows. */
export function gapFor(rows: number, required: number): readonly [number, number] {
  const hi = Math.max(1, Math.min(12, Math.floor(rows / (required + 1))));
  return [Math.max(1, Math.floor(hi / 3)), hi];
}

/** A stable 0–99 bucket per key, for routing an organization or person to a file. */
export function bucket(seed: number, ...key: readonly (string | number)[]): number {
  return hashKey(seed, ...key) % 100;
}
