import { describe, it, expect } from 'vitest';
import fixtures from '../fixtures/identifiers.json' with { type: 'json' };
import { parseRegNo, regNoCheckDigit } from '../../src/domain/reg-no.js';

describe('parseRegNo: verified GS15-2006 vectors', () => {
  it.each(fixtures.gs15RegNo.valid)('$code is valid', ({ code }) => {
    expect(parseRegNo(code)).toEqual({
      kind: 'valid',
      code,
      parts: { division: code.slice(0, 6), sequence: code.slice(6, 14), check: code.slice(14) },
    });
    expect(regNoCheckDigit(code.slice(0, 14))).toBe(code[14]);
  });

  it.each(fixtures.gs15RegNo.invalid)('$code is flagged: $reason', ({ code, reason }) => {
    const expected = /expected (\d)/.exec(reason)![1];
    const r = parseRegNo(code);
    expect(r.kind).toBe('checkFailed');
    expect(r.kind === 'checkFailed' && [r.code, r.expected, r.got]).toEqual([code, expected, code[14]]);
  });
});

describe('parseRegNo: normalization and failures', () => {
  it.each([' 110108 000000016 ', '１１０１０８０００００００１６', 110108000000016])('%j is valid', (raw) => {
    const r = parseRegNo(raw);
    expect(r.kind === 'valid' && r.code).toBe('110108000000016');
  });

  it.each([
    ['11010800000001', /15 digits, got 14/],
    ['1101080000000160', /15 digits, got 16/],
    ['11010800000001A', /only hold digits/],
  ])('%s is invalid', (raw, reason) => {
    const r = parseRegNo(raw);
    expect(r.kind).toBe('invalid');
    expect(r.kind === 'invalid' && r.reason).toMatch(reason);
  });

  it('empty is absent and stars are masked', () => {
    expect(parseRegNo('').kind).toBe('absent');
    expect(parseRegNo('110108*****0016').kind).toBe('masked');
  });

  it('every digit appended by regNoCheckDigit validates', () => {
    for (const first14 of ['31023000171614', '15030200000000', '99999999999999', '00000000000000']) {
      expect(parseRegNo(first14 + regNoCheckDigit(first14)).kind).toBe('valid');
    }
    expect(regNoCheckDigit('1101080000000')).toBeNull();
  });
});
