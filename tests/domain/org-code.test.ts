import { describe, it, expect } from 'vitest';
import fixtures from '../fixtures/identifiers.json' with { type: 'json' };
import { checkOrgCode, orgCodeCheckChar, parseOrgCode } from '../../src/domain/org-code.js';

describe('parseOrgCode: verified vectors', () => {
  it.each(fixtures.orgCode.valid)('$code is valid', ({ code }) => {
    expect(parseOrgCode(code)).toEqual({ kind: 'valid', code });
    expect(orgCodeCheckChar(code.slice(0, 8))).toBe(code.slice(8));
  });

  it('the embedded org codes of the valid USCC vectors are valid', () => {
    for (const { parts } of fixtures.uscc.valid) {
      expect(checkOrgCode(parts.orgCode).kind, parts.orgCode).toBe('valid');
    }
  });
});

describe('parseOrgCode: normalization', () => {
  it.each(['D2143569-X', 'd2143569x', 'd2143569-x', ' D214 3569 X ', 'Ｄ２１４３５６９－Ｘ', 'D2143569—X'])('%j → D2143569X', (raw) => {
    expect(parseOrgCode(raw)).toEqual({ kind: 'valid', code: 'D2143569X' });
  });
});

describe('parseOrgCode: failures', () => {
  it('flags a wrong check character with the expected one', () => {
    expect(parseOrgCode('D21435691')).toEqual({
      kind: 'checkFailed',
      code: 'D21435691',
      expected: 'X',
      got: '1',
      reason: 'organization code check mismatch: expected X got 1',
    });
  });

  it('maps 11 to 0 (MA1MRHG20) and flags MA1MRHG2X', () => {
    const r = parseOrgCode('MA1MRHG2X');
    expect(r.kind === 'checkFailed' && r.expected).toBe('0');
  });

  it.each([
    ['D2143569', /9 characters, got 8/],
    ['D2143569XX', /9 characters, got 10/],
    ['D2143569#', /digits and letters/],
    ['D214-3569X', /9 characters/],
  ])('%s is invalid', (raw, reason) => {
    const r = parseOrgCode(raw);
    expect(r.kind).toBe('invalid');
    expect(r.kind === 'invalid' && r.reason).toMatch(reason);
  });

  it.each([
    [null, 'absent'],
    ['', 'absent'],
    ['D214****X', 'masked'],
    ['D2xxxxxxX', 'masked'],
  ] as const)('%j → %s', (raw, kind) => {
    expect(parseOrgCode(raw).kind).toBe(kind);
  });

  it('orgCodeCheckChar refuses wrong length or characters', () => {
    expect(orgCodeCheckChar('D214356')).toBeNull();
    expect(orgCodeCheckChar('D214356#')).toBeNull();
  });
});
