import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEmptyPostgresDatabase } from '../helpers/db.js';
import { cliEnv, exitOf, runCli, startCli } from '../helpers/cli.js';
import { gql } from '../helpers/graphql.js';

describe('hub CLI (spawned)', () => {
  let database: { url: string; drop(): Promise<void> };
  beforeAll(async () => {
    database = await createEmptyPostgresDatabase();
  });
  afterAll(async () => {
    await database?.drop();
  });

  it('--help lists the commands and exits 0', async () => {
    const r = await runCli(['--help'], cliEnv({}));
    expect(r.code).toBe(0);
    for (const cmd of ['migrate', 'serve', 'demo', 'ingest', 'sync', 'connectors']) expect(r.stdout).toContain(cmd);
  });

  it('every command has its own --help', async () => {
    const r = await runCli(['ingest', '--help'], cliEnv({}));
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('--inbox');
  });

  it('an unknown command is a usage error (exit 2)', async () => {
    const r = await runCli(['frobnicate'], cliEnv({}));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/unknown command/);
  });

  it('invalid configuration exits 3 with the setting named', async () => {
    const r = await runCli(['migrate'], cliEnv({ DATABASE_URL: database.url, PORT: 'eighty' }));
    expect(r.code).toBe(3);
    expect(r.stderr).toContain('PORT');
  });

  it('migrate applies migrations to PostgreSQL and is repeatable', async () => {
    const env = cliEnv({ DATABASE_URL: database.url });
    const first = await runCli(['migrate'], env);
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(first.stdout).toContain('up to date (postgres)');
    expect((await runCli(['migrate'], env)).code).toBe(0);
  });

  it('serve answers GraphQL over HTTP and stops cleanly on SIGTERM', async () => {
    const { child, match } = await startCli(
      ['serve', '--port', '0'],
      cliEnv({ DATABASE_URL: database.url }),
      /GraphQL API at (http:\/\/\S+)/,
    );
    try {
      const url = match[1]!;
      const r = await gql<{ health: { ok: boolean; database: string } }>(url, '{ health { ok database } }');
      expect(r.data?.health).toEqual({ ok: true, database: 'postgres' });
      const list = await gql<{ organizations: { totalCount: number } }>(url, '{ organizations(first: 1) { totalCount } }');
      expect(list.data?.organizations.totalCount).toBe(0);
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exitOf(child)).toBe(0);
  });
});
