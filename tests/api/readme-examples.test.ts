/**
 * The example queries people copy — README's GraphQL blocks and the one `hub demo` prints —
 * stay valid against the schema as it changes.
 */
import fs from 'node:fs';
import { parse, validate } from 'graphql';
import { describe, expect, it } from 'vitest';
import { buildSchema } from '../../src/api/schema.js';
import { projectPath } from '../../src/paths.js';

const schema = buildSchema();
const readme = fs.readFileSync(projectPath('README.md'), 'utf8');
const blocks = [...readme.matchAll(/```graphql\n([\s\S]*?)```/g)].map((m) => m[1]!);
const demo = /EXAMPLE_QUERY = `([\s\S]*?)`;/.exec(fs.readFileSync(projectPath('src', 'cli', 'commands', 'demo.ts'), 'utf8'))![1]!;

describe('example queries', () => {
  it('README has GraphQL examples', () => {
    expect(blocks.length).toBeGreaterThanOrEqual(3);
  });
  it.each([...blocks.map((q, i) => [`README block ${i + 1}`, q]), ['hub demo', demo]])('%s validates against the schema', (_, query) => {
    expect(validate(schema, parse(query)).map((e) => e.message)).toEqual([]);
  });
});
