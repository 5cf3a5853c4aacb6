/**
 * Shared result and input types for every domain parser.
 *
 * A source cell is either absent (empty: "not stated", which is never the same
 * as zero or "no"), readable, or unreadable. Unreadable cells quarantine the
 * row with the reason, so the reason is part of the result instead of an
 * exception.
 */

/** What a CSV/XLSX cell may hold once read (XLSX gives numbers, booleans and Dates). */
export type CellValue = string | number | boolean | Date | null | undefined;

export type Parsed<T> = Ok<T> | Absent | Invalid;

export interface Ok<T> {
  readonly ok: true;
  readonly value: T;
}

/** Empty cell: unknown, never satisfies a condition. */
export interface Absent {
  readonly ok: false;
  readonly absent: true;
  readonly reason: 'not stated';
}

/** Present but unreadable: the caller quarantines the row with `reason`. */
export interface Invalid {
  readonly ok: false;
  readonly absent: false;
  readonly reason: string;
}

export function ok<T>(value: T): Ok<T> {
  return { ok: true, value };
}

const ABSENT: Absent = Object.freeze({ ok: false, absent: true, reason: 'not stated' });

export function absent(): Absent {
  return ABSENT;
}

export function invalid(reason: string): Invalid {
  return { ok: false, absent: false, reason };
}

export function isInvalid<T>(r: Parsed<T>): r is Invalid {
  return !r.ok && !r.absent;
}

/** The value, or null when absent or invalid (only for callers that already handled invalid). */
export function valueOrNull<T>(r: Parsed<T>): T | null {
  return r.ok ? r.value : null;
}

/** Map an Ok value, passing Absent/Invalid through unchanged. */
export function mapParsed<T, U>(r: Parsed<T>, f: (v: T) => U): Parsed<U> {
  return r.ok ? ok(f(r.value)) : r;
}

/*
 * Identifier results. Codes have more outcomes than plain values: a masked
 * code is present yet never a key, and a code whose check character fails is
 * flagged but kept (a few legal pilot codes fail it), so it can still link
 * when another source carries the same code.
 */

export interface CodeAbsent {
  readonly kind: 'absent';
  readonly reason: 'not stated';
}

export interface CodeMasked {
  readonly kind: 'masked';
  readonly reason: string;
}

export interface CodeInvalid {
  readonly kind: 'invalid';
  readonly reason: string;
}

/** Structurally well formed, but the check character is not the computed one. */
export interface CodeCheckFailed {
  readonly kind: 'checkFailed';
  /** Normalized code, exactly as delivered (never repaired). */
  readonly code: string;
  readonly expected: string;
  readonly got: string;
  readonly reason: string;
}

export const CODE_ABSENT: CodeAbsent = Object.freeze({ kind: 'absent', reason: 'not stated' });

export function codeInvalid(reason: string): CodeInvalid {
  return { kind: 'invalid', reason };
}

export function codeMasked(what: string): CodeMasked {
  return { kind: 'masked', reason: `masked ${what}: never usable as a key` };
}

/**
 * Masking is checked before anything else: `*` always masks; a run of x/X masks unless the
 * code reads as a valid one literally (X is a legal character of USCCs and org codes).
 */
export function unlessMasked<R extends { kind: string }>(
  raw: CellValue,
  what: string,
  parse: (raw: CellValue) => R,
  signal: (s: string) => 'stars' | 'xRun' | null,
): R | CodeMasked {
  if (typeof raw === 'string') {
    const s = signal(raw);
    if (s === 'stars') return codeMasked(what);
    if (s === 'xRun') {
      const literal = parse(raw);
      return literal.kind === 'valid' ? literal : codeMasked(what);
    }
  }
  return parse(raw);
}
