import { describe, expect, it } from 'vitest';
import { pickMatch, type Candidates } from '../../src/resolve/candidates.js';
import type { ResolveInput } from '../../src/resolve/resolver.js';

const empty = (): Candidates => ({
  links: new Map(),
  byUscc: new Map(),
  byOrgCode: new Map(),
  byRegNo: new Map(),
  byName: new Map(),
  counties: new Map(),
});
const input = (keys: ResolveInput['keys'], sourceKey = 'k'): ResolveInput => ({ sourceKey, keys });

describe('pickMatch: strongest key first', () => {
  it('an existing link wins over everything', () => {
    const c = { ...empty(), links: new Map([['k', 7]]), byUscc: new Map([['91150300680371840R', 9]]) };
    expect(pickMatch(input({ uscc: '91150300680371840R' }), c)).toEqual({ id: 7, method: 'LINK' });
  });
  it('a valid USCC', () => {
    const c = { ...empty(), byUscc: new Map([['91150300680371840R', 9]]), byName: new Map([['150304|X', [{ id: 3, hasUscc: false }]]]) };
    expect(pickMatch(input({ uscc: '91150300680371840R', normalizedName: 'X', countyCode: '150304' }), c)).toEqual({
      id: 9,
      method: 'USCC',
    });
  });
  it('the organization code of an old taxpayer id, only when it names one organization', () => {
    const c = { ...empty(), byOrgCode: new Map([['680371840', [9]]]) };
    expect(pickMatch(input({ orgCode: '680371840' }), c)).toEqual({ id: 9, method: 'ORG_CODE' });
    const twice = { ...empty(), byOrgCode: new Map([['680371840', [9, 10]]]) };
    expect(pickMatch(input({ orgCode: '680371840' }), twice)).toBeNull();
  });
  it('the old registration number', () => {
    const c = { ...empty(), byRegNo: new Map([['150302000123452', [4]]]) };
    expect(pickMatch(input({ regNo: '150302000123452' }), c)).toEqual({ id: 4, method: 'REG_NO' });
  });
  it('the normalized name within the county, a county named in words too', () => {
    const c = {
      ...empty(),
      byName: new Map([['150302|利联运输有限公司', [{ id: 5, hasUscc: true }]]]),
      counties: new Map([['海勃湾区', '150302']]),
    };
    expect(pickMatch(input({ normalizedName: '利联运输有限公司', countyName: '海勃湾区' }), c)).toEqual({ id: 5, method: 'NAME' });
    expect(pickMatch(input({ normalizedName: '利联运输有限公司', countyCode: '150303' }), c)).toBeNull();
  });
  it('a record with a USCC claims by name only an organization that has none', () => {
    const c = { ...empty(), byName: new Map([['150302|A', [{ id: 5, hasUscc: true }]]]) };
    expect(pickMatch(input({ uscc: '91150302110796388X', normalizedName: 'A', countyCode: '150302' }), c)).toBeNull();
    const bare = { ...empty(), byName: new Map([['150302|A', [{ id: 6, hasUscc: false }]]]) };
    expect(pickMatch(input({ uscc: '91150302110796388X', normalizedName: 'A', countyCode: '150302' }), bare)).toEqual({
      id: 6,
      method: 'NAME',
    });
  });
  it('two same-named organizations in a county: no guess', () => {
    const c = {
      ...empty(),
      byName: new Map([
        [
          '150302|A',
          [
            { id: 5, hasUscc: false },
            { id: 6, hasUscc: false },
          ],
        ],
      ]),
    };
    expect(pickMatch(input({ normalizedName: 'A', countyCode: '150302' }), c)).toBeNull();
  });
  it('a check-failed USCC links only to the organization holding it, never by name or code', () => {
    const held = { ...empty(), byUscc: new Map([['91150302MA0UK47A00', 8]]) };
    expect(pickMatch(input({ usccCheckFailed: '91150302MA0UK47A00' }), held)).toEqual({ id: 8, method: 'USCC_FLAGGED' });
    const byName = { ...empty(), byName: new Map([['150302|A', [{ id: 5, hasUscc: false }]]]) };
    expect(pickMatch(input({ usccCheckFailed: '91150302MA0UK47A00', normalizedName: 'A', countyCode: '150302' }), byName)).toBeNull();
  });
});
