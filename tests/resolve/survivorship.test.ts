import { describe, expect, it } from 'vitest';
import { DEFAULT_SOURCE_PRIORITY } from '../../src/config/survivorship.js';
import { choose, type StatementView } from '../../src/resolve/survivorship.js';
import { projectOrganization } from '../../src/resolve/projection.js';

const s = (property: string, value: string, source: string, period = '', lastSeen = '2026-01-01 00:00:00+00'): StatementView => ({
  id: `${source}:${property}:${period}:${value}`,
  property,
  value,
  source,
  period,
  lastSeen,
});

describe('survivorship', () => {
  it('prefers the higher-priority source over a more recent period', () => {
    const c = choose(
      'business_address',
      [s('business_address', '税务地址', 'tax', '2026-10'), s('business_address', '年报地址', 'business-registration', '2024')],
      DEFAULT_SOURCE_PRIORITY,
    );
    expect(c?.statement.value).toBe('年报地址');
    expect(c?.why).toMatch(/source priority/);
  });
  it('within one source takes the most recent period', () => {
    const c = choose(
      'business_address',
      [s('business_address', '旧', 'tax', '2025-01'), s('business_address', '新', 'tax', '2026-02')],
      DEFAULT_SOURCE_PRIORITY,
    );
    expect(c?.statement.value).toBe('新');
    expect(c?.why).toMatch(/most recent period/);
  });
  it('ranks a source missing from the priority list last', () => {
    const c = choose('name', [s('name', 'B', 'somewhere-else'), s('name', 'A', 'tax')], DEFAULT_SOURCE_PRIORITY);
    expect(c?.statement.value).toBe('A');
  });
  it('gives nothing for a property no source stated', () => {
    expect(choose('industry_code', [s('name', 'A', 'tax')], DEFAULT_SOURCE_PRIORITY)).toBeNull();
  });
});

describe('projection', () => {
  it('projects registrar facts and derives kind, county and department', () => {
    const p = projectOrganization(
      [
        s('uscc', '51150304MJ6766KU9L', 'civil-affairs'),
        s('name', '乌达区凤骏摄影家协会', 'civil-affairs'),
        s('name', '乌达區凤骏摄影家協會', 'party-organization'),
        s('social_org_type', '社会团体', 'civil-affairs'),
        s('registration_status', '正常', 'civil-affairs'),
        s('division_code', '150304008008', 'civil-affairs'),
        s('supervisor', '乌海市人力资源和社会保障局', 'civil-affairs'),
        s('is_trade_association', '否', 'civil-affairs'),
      ],
      DEFAULT_SOURCE_PRIORITY,
    );
    expect(p).toMatchObject({
      name: '乌达区凤骏摄影家协会',
      kind: 'SOCIAL_ORGANIZATION',
      social_org_type: 'ASSOCIATION',
      registration_status: 'ACTIVE',
      division_code: '150304008008',
      county_code: '150304',
      supervising_department_code: 'HUMAN_RESOURCES',
      is_trade_association: false,
      org_code: 'MJ6766KU9',
    });
  });
  it('uses USCC characters 3–8 as the division when no registrar gives one', () => {
    const p = projectOrganization([s('uscc', '91150302685981736Q', 'tax')], DEFAULT_SOURCE_PRIORITY);
    expect(p.division_code).toBe('150302000000');
    expect(p.kind).toBe('ENTERPRISE');
  });
});
