/**
 * USCCs that fail their check digit (DOMAIN.md): a few legal pilot codes do, so such a code
 * is never repaired and never trusted alone. A row carrying one waits in quarantine ("held")
 * until a row from another source carries the same code for the same organization name;
 * then both are linked to one organization flagged `uscc_check_failed`, and the held row's
 * statements are written as if it had linked on arrival.
 */
import type { Queryable } from '../db/client.js';
import type { OrganizationRecord } from '../ingest/records.js';
import { createOrganizations, upsertLinks } from './key-resolver.js';
import type { Resolution } from './resolver.js';

export interface HeldRecord {
  connector: string;
  record: OrganizationRecord;
}

export interface Corroboration {
  /** sourceKey (of the arriving records) → the organization they now link to */
  linked: Map<string, number>;
  /** Held rows released by this batch, with the organization they joined. */
  released: (HeldRecord & { entityId: number })[];
  created: Set<number>;
}

interface HeldRow {
  id: number;
  connector: string;
  held_key: string;
  held_source: string;
  held_name: string | null;
  record: OrganizationRecord;
}

/** Names agree when equal after normalization, or when either side has none to compare. */
const sameName = (a: string | null | undefined, b: string | null | undefined) => !a || !b || a === b;

/**
 * For arriving records whose check-failed code found no organization: looks for held rows
 * of another source with the same code and name, and links both when found.
 */
export async function corroborateHeldCodes(
  tx: Queryable,
  connector: string,
  source: string,
  arriving: readonly OrganizationRecord[],
): Promise<Corroboration> {
  const result: Corroboration = { linked: new Map(), released: [], created: new Set() };
  const codes = [...new Set(arriving.map((r) => r.keys.usccCheckFailed).filter((c): c is string => Boolean(c)))];
  if (codes.length === 0) return result;
  const held = await tx.query<HeldRow>(
    `select id, connector, held_key, held_source, held_name, record from quarantine
     where held_key = any($1::text[]) and released_at is null and held_source <> $2`,
    [codes, `${connector}:${source}`],
  );
  if (held.length === 0) return result;
  const toCreate: OrganizationRecord[] = [];
  const partners = new Map<string, HeldRow[]>();
  for (const rec of arriving) {
    const code = rec.keys.usccCheckFailed!;
    const match = held.filter((h) => h.held_key === code && sameName(h.held_name, rec.keys.normalizedName));
    if (match.length === 0 || partners.has(rec.sourceKey)) continue;
    partners.set(rec.sourceKey, match);
    toCreate.push(rec);
  }
  const ids = await createOrganizations(
    tx,
    toCreate.map((r) => ({ sourceKey: r.sourceKey, keys: r.keys })),
  );
  const releasedIds: number[] = [];
  const releasedTo: number[] = [];
  const links = new Map<string, Map<string, Resolution>>();
  const linkFor = (c: string) => links.get(c) ?? links.set(c, new Map()).get(c)!;
  for (const rec of toCreate) {
    const entityId = ids.get(rec.sourceKey);
    if (entityId === undefined) continue;
    result.linked.set(rec.sourceKey, entityId);
    result.created.add(entityId);
    linkFor(connector).set(rec.sourceKey, { resolved: true, entityId, method: 'USCC_FLAGGED', score: 0.95, created: true });
    for (const h of partners.get(rec.sourceKey)!) {
      result.released.push({ connector: h.connector, record: h.record, entityId });
      releasedIds.push(h.id);
      releasedTo.push(entityId);
      linkFor(h.connector).set(h.record.sourceKey, { resolved: true, entityId, method: 'USCC_FLAGGED', score: 0.95, created: false });
    }
  }
  for (const [c, map] of links) await upsertLinks(tx, c, map);
  if (releasedIds.length > 0) {
    await tx.query(
      `update quarantine q set released_at = now(), released_to = v.org from unnest($1::bigint[], $2::bigint[]) as v(id, org) where q.id = v.id`,
      [releasedIds, releasedTo],
    );
  }
  return result;
}
