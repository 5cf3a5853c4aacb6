/**
 * Key rotation, second half: after HUB_PII_KEY gains a new first key (`k2:<new>,k1:<old>`), new
 * values are sealed with it at once; `hub pii reseal` seals every stored value again with it,
 * chunk by chunk, so older encryption keys can then be dropped (all but the last one, which
 * derives the lookup hashes; see SECURITY.md). Running it twice changes nothing the second time.
 */
import type { Database } from '../db/client.js';
import type { Pii } from './pii.js';

/** Every sealed column: table, key column, sealed column. */
const SEALED = [
  { table: 'members', column: 'id_number_enc' },
  { table: 'guidance_officers', column: 'phone_enc' },
  { table: 'webhooks', column: 'secret_enc' },
] as const;

const CHUNK = 1_000;

export async function resealAll(
  db: Database,
  pii: Pii,
  onProgress?: (table: string, done: number) => void,
): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  const prefix = `${pii.currentKeyId}.`;
  for (const { table, column } of SEALED) {
    let done = 0;
    let after = 0;
    for (;;) {
      const rows = await db.query<{ id: number; sealed: string }>(
        `select id, ${column} as sealed from ${table} where id > $1 and ${column} is not null and not starts_with(${column}, $2)
         order by id limit ${CHUNK}`,
        [after, prefix],
      );
      if (rows.length === 0) break;
      after = rows.at(-1)!.id;
      await db.query(
        `update ${table} t set ${column} = v.sealed from unnest($1::bigint[], $2::text[]) as v(id, sealed) where t.id = v.id`,
        [rows.map((r) => r.id), rows.map((r) => pii.encrypt(pii.decrypt(r.sealed)))],
      );
      done += rows.length;
      onProgress?.(table, done);
    }
    counts[table] = done;
  }
  return counts;
}
