/**
 * The permission every root field needs, checked in one wrapper around all of them, and every
 * mutation written to the audit log (who, which mutation, which arguments, on what, how it
 * went). A root field missing from the table stops the server from starting, so a new field
 * cannot go out unguarded. What a client may see *within* a field is its scope
 * (src/security/access.ts), applied by the queries themselves.
 */
import { GraphQLError, defaultFieldResolver, getNamedType, type GraphQLFieldResolver, type GraphQLSchema } from 'graphql';
import { describeArguments } from '../security/audit.js';
import type { Permission } from '../security/roles.js';
import type { ApiContext } from './context.js';

/** `null`: any client with a valid key. */
type Need = Permission | null;

export const ROOT_FIELD_PERMISSIONS: Record<'Query' | 'Mutation' | 'Subscription', Record<string, Need>> = {
  Query: {
    health: null,
    viewer: null,
    organization: 'org:read',
    organizations: 'org:read',
    partyBody: 'org:read',
    partyBodies: 'org:read',
    guidanceOfficers: 'org:read',
    member: 'org:read',
    members: 'org:read',
    pocketMembers: 'org:read',
    coverage: 'org:read',
    coverageBreakdown: 'org:read',
    ledger: 'org:read',
    ledgerDownload: 'org:read',
    gaps: 'org:read',
    departments: 'org:read',
    department: 'org:read',
    regions: 'org:read',
    region: 'org:read',
    zones: 'org:read',
    zone: 'org:read',
    changes: 'feed:read',
    webhooks: 'webhook:manage',
    webhook: 'webhook:manage',
    queue: 'ops:read',
    connectors: 'ops:read',
    syncRuns: 'ops:read',
    syncRun: 'ops:read',
    quarantine: 'ops:read',
    matchReviews: 'ops:read',
    auditLog: 'audit:read',
  },
  Mutation: {
    setSupervisingDepartment: 'org:write',
    setZone: 'org:write',
    recordLifecycleEvent: 'org:write',
    createPartyBody: 'org:write',
    updatePartyBody: 'org:write',
    assignGuidanceOfficer: 'org:write',
    withdrawGuidanceOfficer: 'org:write',
    decideMatchReview: 'ops:write',
    runConnector: 'ops:write',
    registerWebhook: 'webhook:manage',
    updateWebhook: 'webhook:manage',
    replayWebhook: 'webhook:manage',
    deleteWebhook: 'webhook:manage',
  },
  Subscription: {
    changes: 'feed:read',
    organizationChanged: 'feed:read',
    coverageChanged: 'feed:read',
  },
};

function check(ctx: ApiContext, need: Need, field: string): void {
  if (need !== null && !ctx.access.can(need))
    throw new GraphQLError(`${field}: this client (${ctx.access.role}) lacks the ${need} permission`, {
      extensions: { code: 'FORBIDDEN', permission: need },
    });
}

const codeOf = (err: unknown) => (err instanceof GraphQLError ? String(err.extensions.code ?? 'ERROR') : 'INTERNAL_SERVER_ERROR');

/** Wraps every root field of `schema` (in place) and returns it. */
export function guardRootFields(schema: GraphQLSchema): GraphQLSchema {
  for (const [typeName, table] of Object.entries(ROOT_FIELD_PERMISSIONS)) {
    const type =
      typeName === 'Query' ? schema.getQueryType() : typeName === 'Mutation' ? schema.getMutationType() : schema.getSubscriptionType();
    if (!type) continue;
    for (const [name, field] of Object.entries(type.getFields())) {
      if (!(name in table)) throw new Error(`${typeName}.${name} has no entry in ROOT_FIELD_PERMISSIONS (src/api/guard.ts)`);
      const need = table[name]!;
      if (typeName === 'Subscription') {
        const subscribe = field.subscribe!;
        field.subscribe = (source, args, ctx: ApiContext, info) => {
          check(ctx, need, name);
          return subscribe(source, args, ctx, info);
        };
        continue;
      }
      const resolve: GraphQLFieldResolver<unknown, ApiContext> = field.resolve ?? defaultFieldResolver;
      if (typeName === 'Query') {
        field.resolve = (source, args, ctx: ApiContext, info) => {
          check(ctx, need, name);
          return resolve(source, args, ctx, info);
        };
        continue;
      }
      const entityType = getNamedType(field.type).name;
      field.resolve = async (source, args: Record<string, unknown>, ctx: ApiContext, info) => {
        const { fields, detail } = describeArguments(args);
        const record = (outcome: string, entityId: unknown) =>
          ctx.audit.record({
            action: `mutation:${name}`,
            entityType,
            entityId: entityId != null && /^\d{1,15}$/.test(String(entityId)) ? Number(entityId) : null,
            fields,
            detail: { ...detail, outcome },
          });
        try {
          check(ctx, need, name);
          const result: unknown = await resolve(source, args, ctx, info);
          record('done', (result as { id?: unknown } | null)?.id ?? null);
          return result;
        } catch (err) {
          record(`refused: ${codeOf(err)}`, (args.input as { id?: unknown } | undefined)?.id ?? args.id ?? null);
          throw err;
        }
      };
    }
  }
  return schema;
}
