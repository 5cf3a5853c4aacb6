/** Run records (`sync_runs`), the saved cursor and the set of processed files. */
import type { Database, Queryable } from '../db/client.js';
import type { Cursor } from './connector.js';

export interface RunCounts {
  rowsRead: number;
  rowsAccepted: number;
  rowsQuarantined: number;
  filesProcessed: number;
  filesSkipped: number;
  entitiesCreated: number;
  entitiesUpdated: number;
}

export async function loadState(db: Queryable, connector: string): Promise<{ cursor: Cursor; config: Record<string, unknown> }> {
  const [row] = await db.query<{ cursor: Cursor; config: Record<string, unknown> | null }>(
    `select cursor, config from connector_state where connector = $1`,
    [connector],
  );
  return { cursor: row?.cursor ?? {}, config: row?.config ?? {} };
}

export async function saveCursor(tx: Queryable, connector: string, cursor: Cursor): Promise<void> {
  await tx.query(
    `insert into connector_state (connector, cursor) values ($1, $2::text::jsonb)
     on conflict (connector) do update set cursor = connector_state.cursor || excluded.cursor, updated_at = now()`,
    [connector, JSON.stringify(cursor)],
  );
}

export async function startRun(db: Queryable, connector: string, trigger: string): Promise<number> {
  const [row] = await db.query<{ id: number }>(
    `insert into sync_runs (connector, status, trigger) values ($1, 'RUNNING', $2) returning id`,
    [connector, trigger],
  );
  return row!.id;
}

export async function markFilesProcessed(
  tx: Queryable,
  connector: string,
  runId: number,
  files: readonly { file: string; fileHash: string; rows: number }[],
): Promise<void> {
  if (files.length === 0) return;
  await tx.query(
    `insert into processed_files (connector, content_hash, file_name, run_id, rows)
     select $1, v.hash, v.name, $2, v.rows from unnest($3::text[], $4::text[], $5::int[]) as v(hash, name, rows)
     on conflict (connector, content_hash) do nothing`,
    [connector, runId, files.map((f) => f.fileHash), files.map((f) => f.file), files.map((f) => f.rows)],
  );
}

/**
 * Closes the run; a completed one also clears the in-file position of the cursor (its
 * files are all processed) while keeping incremental cursors such as `updatedSince`.
 */
export async function finishRun(
  db: Database,
  runId: number,
  status: string,
  c: RunCounts,
  error: string | null,
  completed: boolean,
): Promise<void> {
  await db.transaction(async (tx) => {
    const [run] = await tx.query<{ connector: string }>(
      `update sync_runs set status = $2, finished_at = now(), rows_read = rows_read + $3, rows_accepted = rows_accepted + $4,
         rows_quarantined = rows_quarantined + $5, files_processed = files_processed + $6, files_skipped = files_skipped + $7,
         entities_created = entities_created + $8, entities_updated = entities_updated + $9, error = $10
       where id = $1 returning connector`,
      [
        runId,
        status,
        c.rowsRead,
        c.rowsAccepted,
        c.rowsQuarantined,
        c.filesProcessed,
        c.filesSkipped,
        c.entitiesCreated,
        c.entitiesUpdated,
        error,
      ],
    );
    if (completed && run) {
      await tx.query(`update connector_state set cursor = cursor - 'fileHash' - 'line' - 'page', updated_at = now() where connector = $1`, [
        run.connector,
      ]);
    }
  });
}
