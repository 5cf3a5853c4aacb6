/**
 * Seeded randomness. Two kinds of stream:
 * - one sequential stream for building the city (order of calls is fixed);
 * - keyed streams (`Random.keyed(seed, 'tax', orgIdx, month)`) for per-row
 *   choices, so a row's noise does not depend on which file or pass asked
 *   first — the writer and the truth never disagree about a row.
 */

/** mulberry32: tiny, fast, good enough for test data; same output on every platform. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** FNV-1a over the parts' text, then avalanche-mixed so neighbouring keys diverge. */
export function hashKey(...parts: readonly (string | number)[]): number {
  let h = 0x811c9dc5;
  const s = parts.join('\u0001');
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

export class Random {
  private readonly next: () => number;

  constructor(seed: number) {
    this.next = mulberry32(seed);
  }

  static keyed(...parts: readonly (string | number)[]): Random {
    return new Random(hashKey(...parts));
  }

  float(): number {
    return this.next();
  }

  /** Integer in [lo, hi], both inclusive. */
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error('pick from an empty list');
    return items[Math.floor(this.next() * items.length)]!;
  }

  /** Pick by weight: `[['a', 3], ['b', 1]]` gives 'a' three times as often. */
  weighted<T>(pairs: readonly (readonly [T, number])[]): T {
    let total = 0;
    for (const [, w] of pairs) total += w;
    let r = this.next() * total;
    for (const [v, w] of pairs) {
      r -= w;
      if (r < 0) return v;
    }
    return pairs[pairs.length - 1]![0];
  }

  /** k distinct items, in random order. */
  sample<T>(items: readonly T[], k: number): T[] {
    if (k * 4 < items.length) {
      // Few from many (officers from 100k organizations): draw indexes, don't copy the pool.
      const picked = new Set<number>();
      while (picked.size < k) picked.add(Math.floor(this.next() * items.length));
      return [...picked].map((i) => items[i]!);
    }
    const copy = items.slice();
    const n = Math.min(k, copy.length);
    for (let i = 0; i < n; i++) {
      const j = i + Math.floor(this.next() * (copy.length - i));
      [copy[i], copy[j]] = [copy[j]!, copy[i]!];
    }
    return copy.slice(0, n);
  }

  /** A skewed size: mostly small, a long tail up to `max` (log-uniform). */
  logInt(min: number, max: number): number {
    const lo = Math.log(min);
    const hi = Math.log(max + 1);
    return Math.min(max, Math.floor(Math.exp(lo + this.next() * (hi - lo))));
  }
}
