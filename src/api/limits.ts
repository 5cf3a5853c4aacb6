/**
 * Query limits, checked before anything executes: nesting depth, the number of aliases, and an
 * estimated cost in which every `first` multiplies the subtree under it. One request with
 * nested connections or a thousand aliased fields would otherwise fan out into millions of rows.
 *
 * The rules are ordinary graphql-js validation rules built from a `QueryLimits` object, so the
 * same rules serve HTTP and the websocket, and a caller can build stricter ones per client role.
 * They need the request's variables (a `first: $n` costs what `$n` is), which is why HTTP runs
 * them per request (`queryLimitsPlugin`) instead of through Apollo's `validationRules`: Apollo
 * validates a query text once and caches the result for every later set of variables.
 */
import {
  GraphQLError,
  Kind,
  getNamedType,
  isInterfaceType,
  isObjectType,
  validate,
  valueFromASTUntyped,
  type ASTVisitor,
  type FieldNode,
  type GraphQLField,
  type GraphQLNamedType,
  type OperationDefinitionNode,
  type SelectionNode,
  type SelectionSetNode,
  type ValidationContext,
  type ValidationRule,
  type ValueNode,
} from 'graphql';
import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import type { HubEnv } from '../config/env.js';

export interface QueryLimits {
  /** Deepest chain of nested fields (`{ a { b } }` is 2). */
  maxDepth: number;
  /** Aliased fields, counted once per use, fragments included. */
  maxAliases: number;
  /** Estimated cost: 1 per field, the subtree under a field with `first` counted `first` times. */
  maxCost: number;
  /** A larger `first` is refused by the resolvers anyway (BAD_USER_INPUT), so it never multiplies by more. */
  maxPageSize: number;
}

/** What `pageSize` in pagination.ts uses when `first` is null and the schema declares no default. */
export const DEFAULT_PAGE_SIZE = 50;

export const LIMIT_CODES = { depth: 'QUERY_TOO_DEEP', aliases: 'TOO_MANY_ALIASES', cost: 'QUERY_TOO_COSTLY' } as const;

export function limitsFromEnv(env: HubEnv): QueryLimits {
  return {
    maxDepth: env.HUB_MAX_QUERY_DEPTH,
    maxAliases: env.HUB_MAX_QUERY_ALIASES,
    maxCost: env.HUB_MAX_QUERY_COST,
    maxPageSize: env.HUB_MAX_PAGE_SIZE,
  };
}

/**
 * The limits for a client's role: HUB_ROLE_QUERY_LIMITS may tighten (or loosen) any of them per
 * role; PARTNER clients, who read the feed, get shallower and cheaper queries by default.
 */
export function limitsForRole(env: HubEnv, role: string): QueryLimits {
  const base = limitsFromEnv(env);
  const defaults: Record<string, Partial<QueryLimits>> = {
    PARTNER: { maxDepth: Math.min(8, base.maxDepth), maxCost: Math.min(2_000, base.maxCost) },
  };
  let configured: Record<string, Partial<QueryLimits>> = {};
  if (env.HUB_ROLE_QUERY_LIMITS) configured = JSON.parse(env.HUB_ROLE_QUERY_LIMITS) as Record<string, Partial<QueryLimits>>;
  return { ...base, ...defaults[role], ...configured[role] };
}

export interface LimitRequest {
  /** The request's variables; without them a `first: $n` counts as `$n`'s default. */
  variables?: Readonly<Record<string, unknown>> | null;
  /** Only this operation is measured when the document holds several. */
  operationName?: string | null;
}

/** The three limit rules, for `validate(schema, document, rules)`. */
export function queryLimitRules(limits: QueryLimits, request: LimitRequest = {}): ValidationRule[] {
  return [
    limitRule(request, limits, (m) =>
      m.depth > limits.maxDepth
        ? limitError('depth', `Query is too deep: depth ${m.depth} exceeds the limit of ${limits.maxDepth}.`, limits.maxDepth, m.depth)
        : null,
    ),
    limitRule(request, limits, (m) =>
      m.aliases > limits.maxAliases
        ? limitError(
            'aliases',
            `Query has too many aliases: ${reported(m.aliases)} exceed the limit of ${limits.maxAliases}.`,
            limits.maxAliases,
            m.aliases,
          )
        : null,
    ),
    limitRule(request, limits, (m) =>
      m.cost > limits.maxCost
        ? limitError(
            'cost',
            `Query is too costly: estimated cost ${reported(m.cost)} exceeds the limit of ${limits.maxCost} ` +
              '(each field costs 1; the fields under a `first` argument count `first` times).',
            limits.maxCost,
            m.cost,
          )
        : null,
    ),
  ];
}

/**
 * Apollo Server plugin applying the limits once the operation is known. The error carries an
 * HTTP status of 400, which Apollo applies to the response and strips from the JSON.
 */
export function queryLimitsPlugin<TContext extends BaseContext>(limitsOf: (ctx: TContext) => QueryLimits): ApolloServerPlugin<TContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ schema, document, request, contextValue }) {
          const rules = queryLimitRules(limitsOf(contextValue), { variables: request.variables, operationName: request.operationName });
          const [first] = validate(schema, document, rules);
          if (first)
            throw new GraphQLError(first.message, { nodes: first.nodes, extensions: { ...first.extensions, http: { status: 400 } } });
        },
      };
    },
  };
}

interface Measure {
  depth: number;
  aliases: number;
  cost: number;
}

const NOTHING: Measure = { depth: 0, aliases: 0, cost: 0 };

function limitRule(request: LimitRequest, limits: QueryLimits, check: (m: Measure) => GraphQLError | null): ValidationRule {
  return (context: ValidationContext): ASTVisitor => ({
    OperationDefinition(node) {
      if (request.operationName && node.name?.value !== request.operationName) return false;
      const error = check(new OperationMeasure(context, node, request.variables ?? {}, limits).total());
      if (error) context.reportError(error);
      return false;
    },
  });
}

function limitError(kind: keyof typeof LIMIT_CODES, message: string, limit: number, measured: number): GraphQLError {
  return new GraphQLError(message, { extensions: { code: LIMIT_CODES[kind], limit, measured: reported(measured) } });
}

/** Fragment bombs can overflow any count; report the largest exact integer instead of Infinity (null in JSON). */
function reported(n: number): number {
  return Math.min(n, Number.MAX_SAFE_INTEGER);
}

/**
 * Walks one operation through its fragments. Each fragment is measured once and reused, so
 * fragments spreading each other many times cost linear time, and a fragment already being
 * measured counts as nothing (a cycle: NoFragmentCyclesRule reports it; this must not hang).
 */
class OperationMeasure {
  private readonly fragments = new Map<string, Measure>();
  private readonly inProgress = new Set<string>();
  private readonly variableDefaults = new Map<string, unknown>();

  constructor(
    private readonly context: ValidationContext,
    private readonly operation: OperationDefinitionNode,
    private readonly variables: Readonly<Record<string, unknown>>,
    private readonly limits: QueryLimits,
  ) {
    for (const def of operation.variableDefinitions ?? []) {
      if (def.defaultValue) this.variableDefaults.set(def.variable.name.value, valueFromASTUntyped(def.defaultValue));
    }
  }

  total(): Measure {
    const schema = this.context.getSchema();
    return this.selectionSet(this.operation.selectionSet, schema.getRootType(this.operation.operation) ?? undefined);
  }

  private selectionSet(set: SelectionSetNode, type: GraphQLNamedType | undefined): Measure {
    let depth = 0;
    let aliases = 0;
    let cost = 0;
    for (const selection of set.selections) {
      const m = this.selection(selection, type);
      depth = Math.max(depth, m.depth);
      aliases += m.aliases;
      cost += m.cost;
    }
    return { depth, aliases, cost };
  }

  private selection(node: SelectionNode, type: GraphQLNamedType | undefined): Measure {
    switch (node.kind) {
      case Kind.FIELD:
        return this.field(node, type);
      case Kind.INLINE_FRAGMENT:
        return this.selectionSet(node.selectionSet, node.typeCondition ? this.namedType(node.typeCondition.name.value) : type);
      case Kind.FRAGMENT_SPREAD:
        return this.fragment(node.name.value);
    }
  }

  private field(node: FieldNode, parent: GraphQLNamedType | undefined): Measure {
    const alias = node.alias ? 1 : 0;
    // Introspection (__schema, __type, __typename) is bounded by the schema's size, and GraphiQL's
    // own introspection query nests deeper than any sane limit: it is free and not walked.
    if (node.name.value.startsWith('__')) return { depth: 0, aliases: alias, cost: 0 };
    const def = fieldDef(parent, node.name.value);
    const below = node.selectionSet ? this.selectionSet(node.selectionSet, def ? getNamedType(def.type) : undefined) : NOTHING;
    return { depth: below.depth + 1, aliases: below.aliases + alias, cost: 1 + this.multiplier(node, def) * below.cost };
  }

  private fragment(name: string): Measure {
    const known = this.fragments.get(name);
    if (known) return known;
    const def = this.context.getFragment(name);
    if (!def || this.inProgress.has(name)) return NOTHING;
    this.inProgress.add(name);
    const m = this.selectionSet(def.selectionSet, this.namedType(def.typeCondition.name.value));
    this.inProgress.delete(name);
    this.fragments.set(name, m);
    return m;
  }

  /** How many rows a field with a `first` argument may return, as its resolver will see it. */
  private multiplier(node: FieldNode, def: GraphQLField<unknown, unknown> | undefined): number {
    const arg = def?.args.find((a) => a.name === 'first');
    if (!arg) return 1;
    const given = node.arguments?.find((a) => a.name.value === 'first');
    let value = given ? this.value(given.value) : undefined;
    // Absent (or an unset variable) means the schema default; an explicit null means the resolver's.
    if (value === undefined) value = arg.defaultValue;
    const n = typeof value === 'number' && Number.isFinite(value) ? value : DEFAULT_PAGE_SIZE;
    return Math.min(Math.max(n, 0), this.limits.maxPageSize);
  }

  private value(node: ValueNode): unknown {
    if (node.kind !== Kind.VARIABLE) return valueFromASTUntyped(node);
    const name = node.name.value;
    return Object.hasOwn(this.variables, name) ? this.variables[name] : this.variableDefaults.get(name);
  }

  private namedType(name: string): GraphQLNamedType | undefined {
    return this.context.getSchema().getType(name) ?? undefined;
  }
}

function fieldDef(parent: GraphQLNamedType | undefined, name: string): GraphQLField<unknown, unknown> | undefined {
  return parent && (isObjectType(parent) || isInterfaceType(parent)) ? parent.getFields()[name] : undefined;
}
