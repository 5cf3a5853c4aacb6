/**
 * Every mutation runs through `mutate`: the change and the rebuild of what it affects happen
 * in one transaction, so no reader ever sees a Party body without its coverage facts or a
 * department set without the organization's projection following it. Change events written
 * by the rebuild carry the mutation as their cause.
 */
import type { Queryable } from '../db/client.js';
import type { Access } from '../security/access.js';
import { deriveFacts } from '../facts/derive.js';
import { projectOrganizations } from '../resolve/project.js';
import type { ApiContext } from './context.js';

export interface MutationScope {
  tx: Queryable;
  /** What the client may touch: a mutation finds only what it may see (else NOT_FOUND). */
  access: Access;
  /** `mutation:<name>`: the cause recorded on change events. */
  cause: string;
  /** The organizations' facts must be re-derived (a body, member or officer around them changed). */
  derive(ids: Iterable<number | null | undefined>): void;
  /** Their statements changed: project them again, then derive. */
  project(ids: Iterable<number | null | undefined>): void;
}

export async function mutate<T>(ctx: ApiContext, name: string, fn: (m: MutationScope) => Promise<T>): Promise<T> {
  const cause = `mutation:${name}`;
  return ctx.db.transaction(async (tx) => {
    const toProject = new Set<number>();
    const toDerive = new Set<number>();
    const add = (set: Set<number>) => (ids: Iterable<number | null | undefined>) => {
      for (const id of ids) if (id != null) set.add(id);
    };
    const result = await fn({ tx, access: ctx.access, cause, derive: add(toDerive), project: add(toProject) });
    if (toProject.size) await projectOrganizations(tx, [...toProject], ctx.priorities, cause);
    const all = [...new Set([...toProject, ...toDerive])];
    if (all.length) await deriveFacts(tx, all, ctx.rules, ctx.priorities, cause);
    return result;
  });
}
