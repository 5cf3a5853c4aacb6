import { describe, it, expect } from 'vitest';
import type { CellValue } from '../../src/domain/result.js';
import {
  cellCode,
  cellText,
  collapseSpaces,
  isBlank,
  looksMasked,
  maskSignal,
  normalizeCode,
  parseYesNo,
  removeSpaces,
  toHalfWidth,
} from '../../src/domain/text.js';

describe('toHalfWidth', () => {
  it.each([
    ['ＡＢＣ１２３', 'ABC123'],
    ['（有限合伙）', '(有限合伙)'],
    ['！～', '!~'],
    ['a\u3000b', 'a b'],
    ['乌达区【】', '乌达区【】'],
  ])('%j → %j', (s, out) => {
    expect(toHalfWidth(s)).toBe(out);
  });
});

describe('spaces', () => {
  it('collapseSpaces trims and collapses every kind of space', () => {
    expect(collapseSpaces('  华凤 \u00a0\u3000 物业\t\n公司 ')).toBe('华凤 物业 公司');
    expect(collapseSpaces('a\u200Bb')).toBe('ab');
  });

  it('removeSpaces removes inner spaces too', () => {
    expect(removeSpaces(' 9135 0100\u00a0M000\u3000100Y43\uFEFF')).toBe('91350100M000100Y43');
  });
});

describe('normalizeCode', () => {
  it.each([
    ['９１１５０３００６８０３７１８４０Ｒ', '91150300680371840R'],
    [' 91350100m000100y43 ', '91350100M000100Y43'],
    ['9135 0100\u00a0M000\u3000100Y43', '91350100M000100Y43'],
    ['d2143569-x', 'D2143569-X'],
  ])('%j → %j', (s, out) => {
    expect(normalizeCode(s)).toBe(out);
  });
});

describe('cell helpers', () => {
  it('cellText', () => {
    expect(cellText('  a  b ')).toBe('a b');
    expect(cellText(' \u3000 ')).toBeNull();
    expect(cellText(null)).toBeNull();
    expect(cellText(12)).toBe('12');
    expect(cellText(false)).toBe('false');
    expect(cellText(new Date(Date.UTC(2021, 0, 19)))).toBe('2021-01-19T00:00:00.000Z');
    expect(isBlank('')).toBe(true);
    expect(isBlank('0')).toBe(false);
  });

  it('cellCode refuses numbers that cannot hold a code exactly', () => {
    expect(cellCode(110108000000016)).toEqual({ ok: true, value: '110108000000016' });
    expect(cellCode(11010519491231002)).toMatchObject({ ok: false, absent: false });
    expect(cellCode(' ab c ')).toEqual({ ok: true, value: 'ABC' });
    expect(cellCode('')).toMatchObject({ ok: false, absent: true });
  });

  it('masking signals', () => {
    expect(maskSignal('911101******92690J')).toBe('stars');
    expect(maskSignal('1101＊＊＊＊002X')).toBe('stars');
    expect(maskSignal('110105xxxxxxxx002X')).toBe('xRun');
    expect(maskSignal('9135020026015919XW')).toBeNull();
    expect(looksMasked(null)).toBe(false);
    expect(looksMasked('××')).toBe(true);
  });
});

describe('parseYesNo', () => {
  it.each<[CellValue, boolean]>([
    ['是', true],
    ['否', false],
    ['Y', true],
    ['n', false],
    ['yes', true],
    ['NO', false],
    ['1', true],
    ['0', false],
    ['true', true],
    ['FALSE', false],
    ['True', true],
    ['有', true],
    ['无', false],
    [' 是 ', true],
    ['Ｙ', true],
    [true, true],
    [false, false],
    [1, true],
    [0, false],
  ])('%j → %s', (raw, value) => {
    expect(parseYesNo(raw)).toEqual({ ok: true, value });
  });

  it.each([null, undefined, '', '   '])('%j is not stated (absent), never "no"', (raw) => {
    expect(parseYesNo(raw)).toEqual({ ok: false, absent: true, reason: 'not stated' });
  });

  it.each<CellValue>(['maybe', '2', '是的吧', 2, new Date(0)])('%j is invalid', (raw) => {
    const r = parseYesNo(raw);
    expect(r).toMatchObject({ ok: false, absent: false });
    expect(!r.ok && r.reason).toMatch(/yes\/no/);
  });
});
