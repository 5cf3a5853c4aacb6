/**
 * The audit log: who read personal data in clear and who changed what. A request collects its
 * entries and writes them in one statement before its answer leaves (the HTTP plugin and the
 * websocket server flush), so an answer is never sent without its audit record.
 */
import type { Queryable } from '../db/client.js';
import { scrubPersonalData } from './scrub.js';
import type { Principal } from './access.js';

export interface AuditEntry {
  /** `pii:read`, `mutation:createPartyBody`, … */
  action: string;
  entityType?: string | null;
  entityId?: number | null;
  /** Which fields were read in clear, or which arguments a mutation was given. */
  fields: string[];
  detail?: Record<string, unknown>;
}

export class AuditTrail {
  #pending: AuditEntry[] = [];

  constructor(
    private readonly db: Queryable,
    private readonly principal: Principal,
  ) {}

  record(entry: AuditEntry): void {
    this.#pending.push(entry);
  }

  async flush(): Promise<void> {
    if (this.#pending.length === 0) return;
    const entries = this.#pending;
    this.#pending = [];
    await this.db.query(
      `insert into audit_log (client_id, actor, action, entity_type, entity_id, fields, detail)
       select $1, $2, v.action, v.entity_type, v.entity_id, string_to_array(v.fields, chr(1)), v.detail::jsonb
       from unnest($3::text[], $4::text[], $5::bigint[], $6::text[], $7::text[]) as v(action, entity_type, entity_id, fields, detail)`,
      [
        this.principal.clientId,
        this.principal.name,
        entries.map((e) => e.action),
        entries.map((e) => e.entityType ?? null),
        entries.map((e) => e.entityId ?? null),
        entries.map((e) => e.fields.join('\u0001')),
        // Details are what a request asked for; personal data in them is masked before it is kept.
        entries.map((e) => scrubPersonalData(JSON.stringify(e.detail ?? {}))),
      ],
    );
  }
}

const SECRET_KEYS = /secret|password|token|^phone$|idNumber/i;

/** A mutation's arguments for the log: argument paths, and values with secrets and personal data removed. */
export function describeArguments(args: Record<string, unknown>): { fields: string[]; detail: Record<string, unknown> } {
  const fields: string[] = [];
  const clean = (value: unknown, path: string): unknown => {
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
      return Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, clean(v, path ? `${path}.${k}` : k)]));
    }
    fields.push(path);
    const key = path.split('.').at(-1) ?? '';
    return SECRET_KEYS.test(key) && value != null ? '[withheld]' : value;
  };
  const detail = clean(args, '') as Record<string, unknown>;
  return { fields, detail };
}
