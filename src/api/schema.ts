/**
 * The executable schema: every `schema/*.graphql` file joined with the resolver module of
 * the same area, every root field behind its permission (./guard.ts). Adding an area means one
 * SDL file, one resolver module and its root fields' permissions.
 */
import fs from 'node:fs';
import path from 'node:path';
import { makeExecutableSchema } from '@graphql-tools/schema';
import type { GraphQLSchema } from 'graphql';
import { healthResolvers } from './resolvers/health.js';
import { organizationResolvers } from './resolvers/organizations.js';
import { scalarResolvers } from './resolvers/scalars.js';
import { ingestResolvers } from './resolvers/ingest.js';
import { partyResolvers } from './resolvers/party.js';
import { memberResolvers } from './resolvers/members.js';
import { regionResolvers } from './resolvers/regions.js';
import { coverageResolvers } from './resolvers/coverage.js';
import { ruleResolvers } from './resolvers/rules.js';
import { feedResolvers } from './resolvers/feed.js';
import { securityResolvers } from './resolvers/security.js';
import { guardRootFields } from './guard.js';
import { projectPath } from '../paths.js';

export const SCHEMA_DIR = projectPath('schema');

export function loadTypeDefs(dir = SCHEMA_DIR): string[] {
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.graphql'))
    .sort()
    .map((f) => fs.readFileSync(path.join(dir, f), 'utf8'));
}

export function buildSchema(): GraphQLSchema {
  return guardRootFields(
    makeExecutableSchema({
      typeDefs: loadTypeDefs(),
      resolvers: [
        scalarResolvers,
        healthResolvers,
        organizationResolvers,
        ruleResolvers,
        coverageResolvers,
        partyResolvers,
        memberResolvers,
        regionResolvers,
        ingestResolvers,
        feedResolvers,
        securityResolvers,
      ],
    }),
  );
}
