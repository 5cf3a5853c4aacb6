/**
 * `defineConnector`: turns a definition into a runnable connector. File connectors list
 * their file sources; the kit gives them `read` (the inbox reader) and `map` (dispatch to
 * the row's source). HTTP connectors bring their own `read` and `map`.
 */
import type { z } from 'zod';
import type { Connector, ConnectorDefinition, MapResult, SourceRow } from './connector.js';
import { readInbox } from './readers/inbox.js';

export function defineConnector<S extends z.ZodType>(def: ConnectorDefinition<S>): Connector<S> {
  if (!/^[a-z][a-z0-9-]*$/.test(def.id)) throw new Error(`connector id "${def.id}" must be lower-case letters, digits and dashes`);
  const sources = def.files ?? [];
  const customRead = def.read;
  const customMap = def.map;
  if (!customRead && sources.length === 0) throw new Error(`connector ${def.id}: give file sources or a read()`);
  return {
    ...def,
    read: customRead ?? ((ctx) => readInbox(ctx, sources)),
    map(row: SourceRow): MapResult {
      const source = sources.find((s) => s.name === row.source);
      if (source) return source.map(row);
      if (customMap) return customMap(row);
      return { ok: false, reasons: [`BAD_VALUE: connector ${def.id} has no source "${row.source}"`] };
    },
    parseConfig: (input: unknown) => def.configSchema.parse(input ?? {}) as z.infer<S>,
  };
}
