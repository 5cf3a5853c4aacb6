import { describe, it, expect } from 'vitest';
import { absent, invalid, isInvalid, mapParsed, ok, valueOrNull, type Parsed } from '../../src/domain/result.js';

describe('Parsed', () => {
  const cases: [string, Parsed<number>][] = [
    ['ok', ok(3)],
    ['absent', absent()],
    ['invalid', invalid('bad')],
  ];

  it('discriminates ok, absent and invalid', () => {
    expect(cases.map(([, r]) => [r.ok, !r.ok && r.absent, isInvalid(r)])).toEqual([
      [true, false, false],
      [false, true, false],
      [false, false, true],
    ]);
  });

  it('valueOrNull and mapParsed', () => {
    expect(cases.map(([, r]) => valueOrNull(r))).toEqual([3, null, null]);
    expect(mapParsed(ok(3), (n) => n * 2)).toEqual(ok(6));
    expect(mapParsed(invalid('bad'), (n: number) => n * 2)).toEqual(invalid('bad'));
    expect(mapParsed(absent(), (n: number) => n * 2)).toBe(absent());
  });
});
