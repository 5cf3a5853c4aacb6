import { describe, it, expect } from 'vitest';
import fixtures from '../fixtures/identifiers.json' with { type: 'json' };
import {
  USCC_ALPHABET,
  explainUscc,
  isMaskedCode,
  linkableUscc,
  parseUscc,
  usccCheckChar,
  usccOrgCategory,
  type UsccCategory,
} from '../../src/domain/uscc.js';

/** "USCC check mismatch: expected 3 got N" → { expected: '3', got: 'N' } */
function diagnosedCheck(diagnosis: string): { expected: string; got: string } | null {
  const m = /USCC check mismatch: expected (\S) got (\S)/.exec(diagnosis);
  return m ? { expected: m[1]!, got: m[2]! } : null;
}

describe('parseUscc: verified valid vectors', () => {
  it.each(fixtures.uscc.valid)('$code is valid with its parts', ({ code, parts }) => {
    const r = parseUscc(code);
    expect(r.kind).toBe('valid');
    if (r.kind !== 'valid') return;
    expect(r.code).toBe(code);
    expect(r.parts).toEqual(parts);
    expect(usccCheckChar(code.slice(0, 17))).toBe(parts.check);
  });
});

describe('parseUscc: verified invalid vectors', () => {
  it.each(fixtures.uscc.invalid)('$code is rejected or flagged: $diagnosis', ({ code, diagnosis }) => {
    const r = parseUscc(code);
    const check = diagnosedCheck(diagnosis);
    if (check) {
      expect(r.kind).toBe('checkFailed');
      if (r.kind !== 'checkFailed') return;
      // Flagged, never repaired: the delivered code is kept.
      expect(r.code).toBe(code);
      expect(r.expected).toBe(check.expected);
      expect(r.got).toBe(check.got);
      expect(r.reason).toBe(diagnosis);
      expect(explainUscc(code)).toContain(`Expected check character ${check.expected}`);
      expect(linkableUscc(r)).toBe(code);
    } else {
      expect(r.kind).toBe('invalid');
      expect(r.kind === 'invalid' && r.reason).toContain(diagnosis);
      expect(linkableUscc(r)).toBeNull();
    }
  });

  it('reports the embedded org-code mismatch alongside the USCC mismatch', () => {
    const r = parseUscc('51100000500000024G');
    expect(r.kind === 'checkFailed' && r.notes).toEqual(['embedded org-code check mismatch: expected 3 got 4']);
  });

  it('does not reject a passing USCC for an embedded org-code mismatch alone', () => {
    // Same first 16 characters as the fabricated vector, check character recomputed.
    const first17 = '51100000500000024';
    const code = first17 + usccCheckChar(first17)!;
    const r = parseUscc(code);
    expect(r.kind).toBe('valid');
    expect(r.kind === 'valid' && r.notes).toEqual(['embedded org-code check mismatch: expected 3 got 4']);
    expect(explainUscc(code)).toContain('embedded org-code check mismatch');
  });
});

describe('parseUscc: normalization', () => {
  it.each([
    ['９１１５０３００６８０３７１８４０Ｒ', '91150300680371840R'],
    ['  91350100m000100y43 ', '91350100M000100Y43'],
    ['9135 0100 M000 100Y 43', '91350100M000100Y43'],
    ['91350100M000100Y43\u00a0', '91350100M000100Y43'],
    ['\u3000911100006000\u300037341l', '91110000600037341L'],
  ])('%j → %s', (raw, code) => {
    const r = parseUscc(raw);
    expect(r.kind).toBe('valid');
    expect(r.kind === 'valid' && r.code).toBe(code);
  });
});

describe('parseUscc: absent, masked, malformed', () => {
  it.each([null, undefined, '', '   ', '\u3000'])('%j is absent', (raw) => {
    expect(parseUscc(raw).kind).toBe('absent');
  });

  it.each(['911101******92690J', '9111＊＊＊＊＊＊＊＊92690J', '911101××××××92690J', '911101xxxxxx92690J', '911101XXXXXX92690J'])(
    '%s is masked, never a key',
    (raw) => {
      const r = parseUscc(raw);
      expect(r.kind).toBe('masked');
      expect(isMaskedCode(raw)).toBe(true);
      expect(linkableUscc(r)).toBeNull();
      expect(explainUscc(raw)).toContain('masked');
    },
  );

  it('accepts a literally valid code that contains an X run', () => {
    const first17 = '91150300XXX371840';
    const code = first17 + usccCheckChar(first17)!;
    expect(parseUscc(code).kind).toBe('valid');
    expect(isMaskedCode(code)).toBe(false);
  });

  it.each([
    ['91350100M000100Y4', /18 characters, got 17/],
    ['91350100M000100Y433', /18 characters, got 19/],
    ['91350100M000100Y4?', /outside GB 32100 set: \?/],
    ['91350100-M000100Y4', /outside GB 32100 set: -/],
  ])('%s is invalid', (raw, reason) => {
    const r = parseUscc(raw);
    expect(r.kind).toBe('invalid');
    expect(r.kind === 'invalid' && r.reason).toMatch(reason);
  });

  it('rejects a numeric cell that lost precision', () => {
    const r = parseUscc(121200004013590816);
    expect(r.kind).toBe('invalid');
    expect(r.kind === 'invalid' && r.reason).toMatch(/precision/);
  });

  it('explains absent and valid codes', () => {
    expect(explainUscc('')).toBe('no USCC: not stated');
    expect(explainUscc('91350100M000100Y43')).toBe(
      '91350100M000100Y43 is a valid USCC: ENTERPRISE (9-1), division 350100, organization code M000100Y4',
    );
  });
});

describe('usccOrgCategory', () => {
  it.each<[string, UsccCategory]>([
    ['91350100M000100Y43', 'ENTERPRISE'],
    ['92340602MA2PBMEM24', 'INDIVIDUAL_BUSINESS'],
    ['93150300MA0N000000', 'FARMERS_COOP'],
    ['51100000500009247D', 'SOCIAL_ASSOCIATION'],
    ['52150300MJ0000000X', 'SOCIAL_SERVICE'],
    ['53100000500021676K', 'FOUNDATION'],
    ['59150300MJ0000000X', 'SOCIAL_OTHER'],
    ['11150300000000000X', 'GOVERNMENT'],
    ['121200004013590816', 'PUBLIC_INSTITUTION'],
    ['19150300000000000X', 'INSTITUTIONAL_OTHER'],
    ['Y1150300000000000X', 'OTHER'],
    ['94150300000000000X', 'OTHER'],
    ['', 'OTHER'],
  ])('%s → %s', (code, category) => {
    expect(usccOrgCategory(code)).toBe(category);
  });

  it('normalizes before reading the category', () => {
    expect(usccOrgCategory(' ５２15')).toBe('SOCIAL_SERVICE');
  });

  it('the alphabet has 31 characters without I, O, S, V, Z', () => {
    expect(USCC_ALPHABET).toHaveLength(31);
    expect(USCC_ALPHABET).not.toMatch(/[IOSVZ]/);
  });
});
