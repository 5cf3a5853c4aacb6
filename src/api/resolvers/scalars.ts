import { GraphQLError, GraphQLScalarType, Kind, type ValueNode } from 'graphql';
import { isoTimestamp, parseDate } from '../../domain/date.js';

function literalToJson(ast: ValueNode): unknown {
  switch (ast.kind) {
    case Kind.STRING:
    case Kind.BOOLEAN:
      return ast.value;
    case Kind.INT:
    case Kind.FLOAT:
      return Number(ast.value);
    case Kind.OBJECT:
      return Object.fromEntries(ast.fields.map((f) => [f.name.value, literalToJson(f.value)]));
    case Kind.LIST:
      return ast.values.map(literalToJson);
    default:
      return null;
  }
}

function parseDateInput(value: unknown): string {
  if (typeof value !== 'string') throw new GraphQLError('Date must be a string YYYY-MM-DD', { extensions: { code: 'BAD_USER_INPUT' } });
  const r = parseDate(value);
  if (!r.ok || r.value === null) throw new GraphQLError(`Date: ${r.ok ? 'empty' : r.reason}`, { extensions: { code: 'BAD_USER_INPUT' } });
  return r.value;
}

export const scalarResolvers = {
  Date: new GraphQLScalarType({
    name: 'Date',
    serialize: (v) => String(v).slice(0, 10),
    parseValue: parseDateInput,
    parseLiteral: (ast) => parseDateInput(ast.kind === Kind.STRING ? ast.value : undefined),
  }),
  DateTime: new GraphQLScalarType({
    name: 'DateTime',
    serialize: (v) => isoTimestamp(v as string | Date),
    parseValue: (v) => {
      const d = new Date(String(v));
      if (Number.isNaN(d.getTime())) throw new GraphQLError('DateTime must be ISO 8601', { extensions: { code: 'BAD_USER_INPUT' } });
      return d.toISOString();
    },
  }),
  JSON: new GraphQLScalarType({
    name: 'JSON',
    serialize: (v) => v,
    parseValue: (v) => v,
    parseLiteral: literalToJson,
  }),
};
