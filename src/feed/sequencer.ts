/**
 * Gives committed change events their feed position, in the order they became visible.
 *
 * `seq` (a bigserial) is taken when a row is inserted, not when its transaction commits: a
 * long transaction can commit seq 10 after another committed seq 11. A reader that had moved
 * its cursor past 11 would never see 10. So readers never use `seq`: one sequencer at a time
 * (an advisory lock held to commit) numbers the rows it can see that have no position yet,
 * continuing from the highest position. Positions are assigned only to committed rows and
 * only in increasing order, and a sequencer's numbers become visible all at once, so a
 * reader that sees position N sees every position below it. Every process that tails the
 * feed runs the sequencer when woken; the lock makes the others wait and then find nothing.
 */
import type { Database } from '../db/client.js';

const SEQUENCER_LOCK = 7_262_012; // arbitrary, constant across versions (the migrator uses 7_262_011)
/** Rows numbered per transaction: a first ingest writes hundreds of thousands of events. */
const CHUNK = 20_000;

/** Numbers every committed unnumbered event; returns the feed's head (highest position). */
export async function sequenceChanges(db: Database): Promise<number> {
  for (;;) {
    const numbered = await db.transaction(async (tx) => {
      await tx.query('select pg_advisory_xact_lock($1)', [SEQUENCER_LOCK]);
      // A statement after the lock: its snapshot sees what the previous holder committed.
      const [row] = await tx.query<{ n: number }>(
        `with next as (
           select seq, row_number() over (order by seq) as rn
           from (select seq from change_events where position is null order by seq limit ${CHUNK}) s),
         base as (select coalesce(max(position), 0) as top from change_events),
         numbered as (
           update change_events c set position = base.top + next.rn from next, base where c.seq = next.seq returning 1)
         select count(*)::int as n from numbered`,
      );
      return row?.n ?? 0;
    });
    if (numbered < CHUNK) break;
  }
  return feedHead(db);
}

/** The highest position given out: every event at or below it is committed and numbered. */
export async function feedHead(db: Database): Promise<number> {
  const [row] = await db.query<{ head: number }>(`select coalesce(max(position), 0)::bigint as head from change_events`);
  return row?.head ?? 0;
}
