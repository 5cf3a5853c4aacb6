import { HUB_VERSION } from '../../version.js';
import type { ApiContext } from '../context.js';

export const healthResolvers = {
  Query: {
    async health(_: unknown, __: unknown, ctx: ApiContext) {
      await ctx.db.query('select 1');
      return { ok: true, version: HUB_VERSION, database: ctx.db.engine };
    },
  },
};
