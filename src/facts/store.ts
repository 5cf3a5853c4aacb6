/**
 * Writes derived facts onto `organizations` (so lists and counts read plain indexed columns)
 * in one multi-row update, and a change event for each organization whose headline facts
 * changed — entering or leaving the ledger, gaining coverage — so partners hear of it.
 */
import type { Queryable } from '../db/client.js';
import { writeChangeEvents, type ChangeEventInput } from '../feed/outbox.js';
import type { OrganizationFacts } from '../rules/evaluate.js';

/** The stored columns of the facts, in update order. */
export interface FactColumns {
  facts_as_of: string;
  in_scope: boolean;
  scope_kind: string | null;
  scope_reasons: string[];
  has_10_employees: boolean | null;
  has_premises: boolean | null;
  has_business_activity: boolean | null;
  three_haves: boolean | null;
  headcount: number | null;
  headcount_source: string | null;
  operates_normally: boolean | null;
  in_ledger: boolean;
  covered_by_body: boolean;
  covered_by_work: boolean;
  advice: string | null;
  members_formal: number;
  members_total: number;
  members_pocket: number;
}

const COLUMN_TYPES: Record<keyof FactColumns, string> = {
  facts_as_of: 'date',
  in_scope: 'boolean',
  scope_kind: 'text',
  scope_reasons: 'text',
  has_10_employees: 'boolean',
  has_premises: 'boolean',
  has_business_activity: 'boolean',
  three_haves: 'boolean',
  headcount: 'integer',
  headcount_source: 'text',
  operates_normally: 'boolean',
  in_ledger: 'boolean',
  covered_by_body: 'boolean',
  covered_by_work: 'boolean',
  advice: 'text',
  members_formal: 'integer',
  members_total: 'integer',
  members_pocket: 'integer',
};
const COLUMNS = Object.keys(COLUMN_TYPES) as (keyof FactColumns)[];

/** Facts a subscriber cares about: a change of one of these is an UPDATED event. */
const HEADLINE: (keyof FactColumns)[] = [
  'in_scope',
  'in_ledger',
  'three_haves',
  'operates_normally',
  'covered_by_body',
  'covered_by_work',
  'advice',
];

export function factColumns(f: OrganizationFacts): FactColumns {
  const th = f.threeHaves;
  return {
    facts_as_of: f.asOf,
    in_scope: f.scope.inScope,
    scope_kind: f.scope.kind,
    scope_reasons: f.scope.reasons,
    has_10_employees: th ? th.employees.holds : null,
    has_premises: th ? th.premises.holds : null,
    has_business_activity: th ? th.activity.holds : null,
    three_haves: th ? th.all : null,
    headcount: th ? th.headcount.count : null,
    headcount_source: th ? th.headcount.source : null,
    operates_normally: f.operatesNormally ? f.operatesNormally.holds : null,
    in_ledger: f.inLedger,
    covered_by_body: f.coverage.byBody.holds,
    covered_by_work: f.coverage.byWork.holds,
    advice: f.advice?.advice ?? null,
    members_formal: f.members.formal,
    members_total: f.members.total,
    members_pocket: f.members.pocket,
  };
}

type Current = Record<keyof FactColumns, unknown> & {
  id: number;
  division_code: string | null;
  kind: string | null;
  facts_as_of: string | null;
};

export async function storeFacts(tx: Queryable, facts: ReadonlyMap<number, OrganizationFacts>, cause: string): Promise<number> {
  if (facts.size === 0) return 0;
  const current = await tx.query<Current>(
    // Locked in id order, as the projection locks them (see src/resolve/project.ts).
    `select id, division_code, kind, facts_as_of, ${HEADLINE.join(', ')} from organizations where id = any($1::bigint[]) order by id for update`,
    [[...facts.keys()]],
  );
  const events: ChangeEventInput[] = [];
  for (const row of current) {
    // An organization's first facts are not a change: its CREATED event (or, on upgrade, its
    // existence) came first, and a first full derive must not flood the feed.
    if (row.facts_as_of === null) continue;
    const next = factColumns(facts.get(row.id)!);
    const changes: Record<string, { old: unknown; new: unknown }> = {};
    for (const c of HEADLINE) if ((row[c] ?? null) !== (next[c] ?? null)) changes[c] = { old: row[c] ?? null, new: next[c] };
    if (Object.keys(changes).length > 0)
      events.push({
        entityType: 'organization',
        entityId: row.id,
        kind: 'UPDATED',
        changes,
        divisionCode: row.division_code,
        orgKind: row.kind,
        cause,
      });
  }
  await writeFactColumns(tx, 'organizations', facts);
  await writeChangeEvents(tx, events);
  return events.length;
}

/**
 * The multi-row update of the fact columns of `relation`: `organizations`, or a temporary
 * table with the same columns holding facts for another as-of date. Rows whose facts (the
 * evidence includes every column's source) are unchanged are not rewritten: a re-derive of
 * a consistent graph writes nothing.
 */
export async function writeFactColumns(
  tx: Queryable,
  relation: 'organizations' | 'facts_for_date',
  facts: ReadonlyMap<number, OrganizationFacts>,
): Promise<void> {
  if (facts.size === 0) return;
  if (relation === 'organizations') {
    // Facts of another date than the recorded one: the stored set is mixed until a complete derive.
    const dates = [...new Set([...facts.values()].map((f) => f.asOf))];
    // Once cleared it stays null, so concurrent chunks do not queue on this row.
    await tx.query(`update facts_state set as_of = null, updated_at = now() where as_of is not null and not (as_of = any($1::date[]))`, [
      dates,
    ]);
  }
  const ids = [...facts.keys()];
  const rows = ids.map((id) => factColumns(facts.get(id)!));
  // One text split in SQL: escaping thousands of evidence documents into a text[] parameter
  // cost half a second per chunk. JSON never holds a raw U+0001 (it is written \u0001).
  const evidence = ids.map((id) => JSON.stringify(facts.get(id)!)).join('\u0001');
  // scope_reasons travel as '{A,B}' text: a text[][] parameter cannot hold ragged rows.
  const value = (c: keyof FactColumns, r: FactColumns) => (c === 'scope_reasons' ? `{${r.scope_reasons.join(',')}}` : r[c]);
  const casts = COLUMNS.map((c, i) => `$${i + 3}::${COLUMN_TYPES[c]}[]`);
  const sets = COLUMNS.map((c) => (c === 'scope_reasons' ? `${c} = v.${c}::text[]` : `${c} = v.${c}`));
  await tx.query(
    `update ${relation} o set ${sets.join(', ')}, facts = v.facts::jsonb
     from unnest($1::bigint[], string_to_array($2::text, chr(1)), ${casts.join(', ')}) as v(id, facts, ${COLUMNS.join(', ')})
     where o.id = v.id and o.facts is distinct from v.facts::jsonb`,
    [ids, evidence, ...COLUMNS.map((c) => rows.map((r) => value(c, r)))],
  );
}
