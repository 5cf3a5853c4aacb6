import { describe, it, expect } from 'vitest';
import fixtures from '../fixtures/identifiers.json' with { type: 'json' };
import { parseTaxpayerId } from '../../src/domain/tax-id.js';

describe('parseTaxpayerId', () => {
  it.each(fixtures.uscc.valid)('USCC $code', ({ code, parts }) => {
    const r = parseTaxpayerId(code.toLowerCase());
    expect(r.kind).toBe('uscc');
    if (r.kind !== 'uscc') return;
    expect([r.code, r.checkPassed]).toEqual([code, true]);
    expect(r.uscc.parts).toEqual(parts);
  });

  it('keeps a check-failed USCC, flagged', () => {
    const r = parseTaxpayerId('91350211M00013FA1N');
    expect(r.kind === 'uscc' && [r.checkPassed, r.uscc.kind]).toEqual([false, 'checkFailed']);
  });

  it('old 15-character id: division + organization code', () => {
    expect(parseTaxpayerId('150302 D2143569X')).toEqual({
      kind: 'oldTaxId',
      code: '150302D2143569X',
      division: '150302',
      orgCode: 'D2143569X',
      orgCodeValid: true,
    });
    // The embedded code of a real USCC links the old id to it.
    const r = parseTaxpayerId('350100M000100Y4');
    expect(r.kind === 'oldTaxId' && [r.orgCode, r.orgCodeValid]).toEqual(['M000100Y4', true]);
  });

  it('old id with a failing org-code check is returned, flagged', () => {
    const r = parseTaxpayerId('150302D21435691');
    expect(r).toMatchObject({ kind: 'oldTaxId', orgCodeValid: false });
    expect(r.kind === 'oldTaxId' && r.reason).toMatch(/expected X got 1/);
  });

  it.each([
    ['', 'absent'],
    ['911101******92690J', 'masked'],
    ['150302D214****X', 'masked'],
    ['9111000060003IOZSV', 'invalid'],
    ['15030AD2143569X', 'invalid'],
    ['150302D2143569#', 'invalid'],
    ['1503021234', 'invalid'],
  ] as const)('%j → %s', (raw, kind) => {
    expect(parseTaxpayerId(raw).kind).toBe(kind);
  });
});
