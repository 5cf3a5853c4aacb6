import { describe, it, expect } from 'vitest';
import { maskPhone, parsePhone, type Phone } from '../../src/domain/phone.js';

describe('parsePhone', () => {
  it.each<[string | number, Phone]>([
    ['13812341234', { kind: 'mobile', number: '13812341234' }],
    ['138 1234 1234', { kind: 'mobile', number: '13812341234' }],
    ['138-1234-1234', { kind: 'mobile', number: '13812341234' }],
    ['+86 138 1234 1234', { kind: 'mobile', number: '13812341234' }],
    ['１３８１２３４１２３４', { kind: 'mobile', number: '13812341234' }],
    [13812341234, { kind: 'mobile', number: '13812341234' }],
    ['0473-1234567', { kind: 'landline', areaCode: '0473', local: '1234567', number: '0473-1234567' }],
    ['(0473) 3123456', { kind: 'landline', areaCode: '0473', local: '3123456', number: '0473-3123456' }],
    ['04733123456', { kind: 'landline', areaCode: '0473', local: '3123456', number: '0473-3123456' }],
    ['010-62345678', { kind: 'landline', areaCode: '010', local: '62345678', number: '010-62345678' }],
    ['3123456', { kind: 'landline', areaCode: null, local: '3123456', number: '3123456' }],
  ])('%j', (raw, phone) => {
    expect(parsePhone(raw)).toEqual({ ok: true, value: phone });
  });

  it.each(['1381234123', '23812341234', '138123412345', 'call me', '0473-12345'])('%j is invalid', (raw) => {
    const r = parsePhone(raw);
    expect(r.ok).toBe(false);
    expect(!r.ok && r.absent).toBe(false);
    // Personal data: the number must not leak into the quarantine reason.
    expect(!r.ok && r.reason).not.toMatch(/\d{5,}/);
  });

  it('empty is absent', () => {
    expect(parsePhone('  ')).toEqual({ ok: false, absent: true, reason: 'not stated' });
    expect(parsePhone(null)).toMatchObject({ ok: false, absent: true });
  });
});

describe('maskPhone', () => {
  it.each([
    ['13812341234', '138****1234'],
    ['138 1234 1234', '138****1234'],
    ['0473-1234567', '0473-***4567'],
    ['010-62345678', '010-****5678'],
    ['garbage12345', '********2345'],
    ['123', '***'],
  ])('%j → %j', (raw, masked) => {
    expect(maskPhone(raw)).toBe(masked);
  });
});
