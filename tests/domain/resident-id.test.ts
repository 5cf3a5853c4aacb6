import { describe, it, expect } from 'vitest';
import fixtures from '../fixtures/identifiers.json' with { type: 'json' };
import { maskResidentId, parseResidentId, residentIdCheckChar } from '../../src/domain/resident-id.js';

/** "checksum (expected 1); bluesky335" → '1' */
function expectedFromReason(reason: string): string | null {
  return /checksum \(expected (\S)\)/.exec(reason)?.[1] ?? null;
}

describe('parseResidentId: verified vectors', () => {
  it.each(fixtures.residentId.valid)('$code is valid', ({ code }) => {
    const r = parseResidentId(code);
    expect(r.kind).toBe('valid');
    expect(r.kind === 'valid' && r.code).toBe(code);
    expect(residentIdCheckChar(code.slice(0, 17))).toBe(code[17]);
  });

  it.each(fixtures.residentId.invalid)('$code is rejected: $reason', ({ code, reason }) => {
    const r = parseResidentId(code);
    const expected = expectedFromReason(reason);
    if (expected) {
      expect(r.kind).toBe('checkFailed');
      expect(r.kind === 'checkFailed' && r.expected).toBe(expected);
      expect(r.kind === 'checkFailed' && r.got).toBe(code[17]);
    } else {
      expect(r.kind).toBe('invalid');
      expect(r.kind === 'invalid' && r.reason).toMatch(/birth date/);
    }
  });

  it('reads division, birth date and sex of the GB 11643 examples', () => {
    expect(parseResidentId('11010519491231002X')).toEqual({
      kind: 'valid',
      code: '11010519491231002X',
      division: '110105',
      birthDate: '1949-12-31',
      sex: 'F',
    });
    const male = parseResidentId('440524188001010014');
    expect(male.kind === 'valid' && [male.birthDate, male.sex]).toEqual(['1880-01-01', 'M']);
  });
});

describe('parseResidentId: normalization and failures', () => {
  it.each(['44011320141005001x', ' 440113 20141005 001X ', '４４０１１３２０１４１００５００１ｘ'])('%j is valid', (raw) => {
    const r = parseResidentId(raw);
    expect(r.kind === 'valid' && r.code).toBe('44011320141005001X');
  });

  it.each([
    ['11010519490229002X', /birth date/], // 1949 is not a leap year
    ['110105194912310', /15 characters/],
    ['1101051949123100', /18 characters, got 16/],
    ['1101051949123100X2', /17 digits followed by a digit or X/],
  ])('%s is invalid', (raw, reason) => {
    const r = parseResidentId(raw);
    expect(r.kind).toBe('invalid');
    expect(r.kind === 'invalid' && r.reason).toMatch(reason);
  });

  it('never puts the number into a reason', () => {
    const r = parseResidentId('11010519491231001X');
    expect(r.kind === 'checkFailed' && r.reason).not.toContain('110105');
  });

  it.each([
    ['', 'absent'],
    ['1101**********002X', 'masked'],
    ['110105xxxxxxxx002X', 'masked'],
  ] as const)('%j → %s', (raw, kind) => {
    expect(parseResidentId(raw).kind).toBe(kind);
  });

  it('rejects an 18-digit number cell (precision already lost)', () => {
    // The lost precision is the point: XLSX stores such IDs as doubles.
    // eslint-disable-next-line no-loss-of-precision
    expect(parseResidentId(110105195001010039).kind).toBe('invalid');
  });
});

describe('maskResidentId', () => {
  it.each([
    ['11010519491231002X', '1101**********002X'],
    ['11010519491231002x', '1101**********002X'],
    ['110105194912310', '1101*******2310'],
    ['12345678', '********'],
    ['', ''],
  ])('%j → %j', (raw, masked) => {
    expect(maskResidentId(raw)).toBe(masked);
  });
});
