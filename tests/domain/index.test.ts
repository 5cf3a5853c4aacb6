import { describe, it, expect } from 'vitest';
import * as domain from '../../src/domain/index.js';

describe('domain index', () => {
  it.each([
    'parseUscc',
    'explainUscc',
    'usccOrgCategory',
    'isMaskedCode',
    'parseOrgCode',
    'parseResidentId',
    'maskResidentId',
    'parsePhone',
    'maskPhone',
    'parseRegNo',
    'parseTaxpayerId',
    'parseDivision',
    'isInSubtree',
    'parentOf',
    'parseDate',
    'parseMonth',
    'parseYear',
    'twelveMonthWindow',
    'monthsBefore',
    'parseCount',
    'parseDecimal',
    'normalizeOrgName',
    'displayName',
    'normalizeCode',
    'toHalfWidth',
    'parseYesNo',
  ])('exports %s', (name) => {
    expect(typeof (domain as Record<string, unknown>)[name]).toBe('function');
  });
});
