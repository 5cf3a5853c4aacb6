/** Rows and files that could not be read or mapped, kept with file, line, raw text and reasons. */
import type { Queryable } from '../../db/client.js';
import { scrubPersonalData } from '../../security/scrub.js';

export interface QuarantineEntry {
  file: string;
  fileHash: string;
  /** 0 for a whole-file problem. */
  line: number;
  raw: string | null;
  reasons: string[];
  /** A row held for a check-failed USCC, with what is needed to release it later. */
  held?: { key: string; source: string; name: string | null; record: unknown };
}

/** The same row quarantined again (a re-run) changes nothing. */
export async function writeQuarantine(
  tx: Queryable,
  connector: string,
  runId: number,
  entries: readonly QuarantineEntry[],
): Promise<number> {
  if (entries.length === 0) return 0;
  const unique = new Map(entries.map((e) => [`${e.fileHash}:${e.line}`, e]));
  const list = [...unique.values()];
  const rows = await tx.query(
    `insert into quarantine (run_id, connector, file, file_hash, line, raw, reasons, held_key, held_source, held_name, record)
     select $1, $2, v.file, v.hash, v.line, v.raw, string_to_array(v.reasons, E'\\x1f'), v.held_key, v.held_source, v.held_name, v.record::jsonb
     from unnest($3::text[], $4::text[], $5::int[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[], $11::text[])
       as v(file, hash, line, raw, reasons, held_key, held_source, held_name, record)
     on conflict (connector, file_hash, line) do nothing
     returning id`,
    [
      runId,
      connector,
      list.map((e) => e.file),
      list.map((e) => e.fileHash),
      list.map((e) => e.line),
      // Raw rows of member and officer files carry ID and phone numbers: never stored in clear.
      // PostgreSQL text cannot hold NUL (a UTF-16 or binary file): shown as U+FFFD.
      list.map((e) => (e.raw === null ? null : scrubPersonalData(e.raw.replaceAll('\u0000', '\uFFFD')))),
      list.map((e) => e.reasons.join('\x1f')),
      list.map((e) => e.held?.key ?? null),
      list.map((e) => e.held?.source ?? null),
      list.map((e) => e.held?.name ?? null),
      list.map((e) => (e.held ? JSON.stringify(e.held.record) : null)),
    ],
  );
  return rows.length;
}
