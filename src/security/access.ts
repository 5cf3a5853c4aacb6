/**
 * What a client may see, as SQL predicates — the one definition of scope that every query of
 * the API, every coverage figure, export, subscription and webhook delivery includes.
 *
 * A scoped client (DEPARTMENT, PARTNER) sees an organization when its division lies under one
 * of the client's divisions, or when the client's department supervises it. From there:
 * a Party body when it lies in those divisions, belongs to that department or covers a visible
 * organization (it may change only the first two); a member when their employer is visible or
 * their body is one of the client's own; a guidance officer when sent by that department or
 * assigned to a visible organization; a change event when it lies in
 * those divisions or concerns something visible. ADMIN and ANALYST see everything.
 *
 * Predicates carry their values as literals, which is safe because they are checked against
 * strict patterns here (digits; capitals and underscores) before any text is built; that keeps
 * them usable inside any query without renumbering its parameters.
 */
import { isUnrestricted, type Permission, type Role } from './roles.js';

export interface Principal {
  clientId: number;
  name: string;
  role: Role;
  departmentCode: string | null;
  /** Division prefixes (2 to 12 digits, trailing zeros of a level removed). */
  divisions: string[];
  permissions: ReadonlySet<Permission>;
  rateLimitPerMinute: number | null;
}

const DIVISION = /^\d{2,12}$/;
const DEPARTMENT = /^[A-Z][A-Z0-9_]{0,31}$/;

export class Access {
  readonly unrestricted: boolean;
  readonly #divisions: string[];
  readonly #department: string | null;

  constructor(readonly principal: Principal) {
    this.unrestricted = isUnrestricted(principal.role);
    for (const d of principal.divisions) if (!DIVISION.test(d)) throw new Error(`client ${principal.clientId}: bad division prefix`);
    if (principal.departmentCode !== null && !DEPARTMENT.test(principal.departmentCode))
      throw new Error(`client ${principal.clientId}: bad department code`);
    this.#divisions = principal.divisions;
    this.#department = principal.departmentCode;
  }

  get role(): Role {
    return this.principal.role;
  }

  can(permission: Permission): boolean {
    return this.principal.permissions.has(permission);
  }

  /** `column like 'prefix%' or …` for the client's divisions; false without any. */
  #inDivisions(column: string): string {
    return this.#divisions.length ? this.#divisions.map((d) => `${column} like '${d}%'`).join(' or ') : 'false';
  }

  #isDepartment(column: string): string {
    return this.#department ? `${column} = '${this.#department}'` : 'false';
  }

  /** Over `organizations` (or the facts table of another date) aliased `o`. */
  organizations(o = 'o'): string {
    if (this.unrestricted) return 'true';
    return `(${this.#inDivisions(`${o}.division_code`)} or ${this.#isDepartment(`${o}.supervising_department_code`)})`;
  }

  /** Over `party_bodies` aliased `b`. */
  partyBodies(b = 'b'): string {
    if (this.unrestricted) return 'true';
    return `(${this.#inDivisions(`${b}.division_code`)} or ${this.#isDepartment(`${b}.department_code`)}
      or exists (select 1 from party_body_coverage sc join organizations so on so.id = sc.organization_id
                 where sc.body_id = ${b}.id and ${this.organizations('so')}))`;
  }

  /**
   * Over `party_bodies` aliased `b`: the bodies the client may change — those in its divisions
   * or of its department. A body it sees only because it covers one of its organizations (a
   * joint branch across counties, another department's body) it may read but not change.
   */
  ownPartyBodies(b = 'b'): string {
    if (this.unrestricted) return 'true';
    return `(${this.#inDivisions(`${b}.division_code`)} or ${this.#isDepartment(`${b}.department_code`)})`;
  }

  /**
   * Over `members` aliased `m`: employed at a visible organization, or registered with one of
   * the client's own bodies (not with any body that merely covers one of its organizations: its
   * members employed elsewhere are someone else's).
   */
  members(m = 'm'): string {
    if (this.unrestricted) return 'true';
    return `(exists (select 1 from organizations so where so.id = ${m}.employer_id and ${this.organizations('so')})
      or exists (select 1 from party_bodies sb where sb.id = ${m}.body_id and ${this.ownPartyBodies('sb')}))`;
  }

  /** Over `guidance_officers` aliased `g`. */
  officers(g = 'g'): string {
    if (this.unrestricted) return 'true';
    return `(${this.#isDepartment(`${g}.sent_by_code`)}
      or exists (select 1 from guidance_assignments sa join organizations so on so.id = sa.organization_id
                 where sa.officer_id = ${g}.id and ${this.organizations('so')}))`;
  }

  /** Over `guidance_assignments` aliased `a`: the organization guided is visible. */
  assignments(a = 'a'): string {
    if (this.unrestricted) return 'true';
    return `exists (select 1 from organizations so where so.id = ${a}.organization_id and ${this.organizations('so')})`;
  }

  /** Over `change_events` aliased `e`. */
  events(e = 'e'): string {
    if (this.unrestricted) return 'true';
    return `(${this.#inDivisions(`${e}.division_code`)}
      or exists (select 1 from organizations so where so.id = ${e}.organization_id and ${this.organizations('so')})
      or (${e}.entity_type = 'partyBody' and exists (select 1 from party_bodies sb where sb.id = ${e}.entity_id and ${this.partyBodies('sb')})))`;
  }

  /** Over `webhooks` aliased `w`: a client manages its own; ADMIN every one. */
  webhooks(w = 'w'): string {
    if (this.role === 'ADMIN') return 'true';
    return `${w}.client_id = ${Number(this.principal.clientId)}`;
  }
}
