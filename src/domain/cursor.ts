/**
 * The opaque cursor of lists keyed by one number (an id, a feed position): `k:<n>` in
 * base64url. The API decodes it (src/api/pagination.ts); webhooks hand it out too.
 */
export function encodeCursor(key: number): string {
  return Buffer.from(`k:${key}`).toString('base64url');
}

/** The key, or null when the text is not such a cursor. */
export function cursorKey(cursor: string): number | null {
  const m = /^k:(\d{1,15})$/.exec(Buffer.from(cursor, 'base64url').toString());
  return m ? Number(m[1]) : null;
}
