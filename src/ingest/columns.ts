/**
 * Header matching: each file's header row is mapped onto a source's canonical columns
 * through the contract header and its aliases, whatever the order, case, width or spacing.
 */
import { toHalfWidth } from '../domain/text.js';
import type { ColumnSpec } from './connector.js';

/** Header text reduced to what distinguishes it: no BOM, spaces, brackets' width or case. */
export function headerKey(text: string): string {
  return toHalfWidth(text.replace(/^\uFEFF/, ''))
    .replace(/[\s\u00A0\u3000]+/g, '')
    .replace(/[[\]【】〔〕]/g, (c) => (c === '[' || c === '【' || c === '〔' ? '(' : ')'))
    .toLowerCase();
}

export interface HeaderMapping {
  /** canonical column → index in the row */
  index: Map<string, number>;
  /** required columns the header lacks */
  missing: string[];
  /** how many of the source's columns the header names (to find the header row) */
  matched: number;
}

export function mapHeader(headerCells: readonly string[], columns: Record<string, ColumnSpec>): HeaderMapping {
  const lookup = new Map<string, string>();
  for (const [canonical, spec] of Object.entries(columns)) {
    lookup.set(headerKey(spec.header), canonical);
    lookup.set(headerKey(canonical), canonical);
    for (const alias of spec.aliases ?? []) lookup.set(headerKey(alias), canonical);
  }
  const index = new Map<string, number>();
  headerCells.forEach((cell, i) => {
    const canonical = lookup.get(headerKey(cell));
    if (canonical && !index.has(canonical)) index.set(canonical, i);
  });
  const missing = Object.entries(columns)
    .filter(([name, spec]) => spec.required && !index.has(name))
    .map(([name, spec]) => `${spec.header} [${name}]`);
  return { index, missing, matched: index.size };
}

/**
 * A row is taken as the header when it names two of the source's columns: title rows above
 * a header name none, and a header missing required columns must still be recognised so the
 * file is quarantined for the missing column rather than as headerless.
 */
export function looksLikeHeader(m: HeaderMapping, columns: Record<string, ColumnSpec>): boolean {
  return m.matched >= Math.min(2, Object.keys(columns).length);
}
