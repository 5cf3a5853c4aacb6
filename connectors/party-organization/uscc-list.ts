/**
 * Cells that list several USCCs (覆盖单位统一社会信用代码, and the guidance connector's
 * 指导单位统一社会信用代码): codes separated by `;` `；` `,` `，` `、` or whitespace. Exports
 * also put spaces inside a code (`9115030363043724X H`), so a piece with spaces is first
 * read as one code and only split on its spaces when it is not one.
 */
import { linkableUscc, parseUscc } from '../../src/domain/uscc.js';
import type { CellReader } from '../../src/ingest/cells.js';

const SEPARATORS = /[;；,，、]+/;

/**
 * The usable codes of the cell, normalized and de-duplicated; masked and invalid ones are
 * dropped (a masked code is never a key). A non-empty cell with no usable code at all
 * rejects the row: it names units, but none the hub can find.
 */
export function usccList(r: CellReader, column: string, label: string): string[] {
  const text = r.text(column);
  if (text === null) return [];
  const codes = new Set<string>();
  const dropped: { masked: boolean; reason: string }[] = [];
  const take = (piece: string): void => {
    const parsed = parseUscc(piece);
    if (parsed.kind === 'valid' || parsed.kind === 'checkFailed') codes.add(parsed.code);
    else dropped.push({ masked: parsed.kind === 'masked', reason: parsed.reason });
  };
  for (const piece of text
    .split(SEPARATORS)
    .map((p) => p.trim())
    .filter(Boolean)) {
    if (!/\s/.test(piece)) {
      take(piece);
      continue;
    }
    const whole = linkableUscc(parseUscc(piece));
    if (whole) codes.add(whole);
    else piece.split(/\s+/).forEach(take);
  }
  if (codes.size === 0 && dropped.length > 0) {
    const code = dropped.every((d) => d.masked) ? 'MASKED_CODE' : 'BAD_CODE';
    r.reject(code, `${label}: none of its ${dropped.length} code(s) is usable (${[...new Set(dropped.map((d) => d.reason))].join('; ')})`);
  }
  return [...codes];
}
