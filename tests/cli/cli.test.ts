import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectPath } from '../../src/paths.js';
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

  it('hub ingest --as-of derives the facts for that date; a bad date is a usage error', async () => {
    // Its own database: the tests below expect an empty one.
    const own = await createEmptyPostgresDatabase();
    const env = cliEnv({ DATABASE_URL: own.url, HUB_AS_OF: undefined });
    const inbox = projectPath('connectors', 'civil-affairs', 'fixtures');
    const bad = await runCli(['ingest', '--inbox', inbox, '--only', 'civil-affairs', '--as-of', '2026-02-30'], env);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/YYYY-MM-DD/);
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'hub-asof-'));
    fs.cpSync(inbox, path.join(tmp, 'civil-affairs'), { recursive: true });
    const r = await runCli(['ingest', '--inbox', tmp, '--only', 'civil-affairs', '--as-of', '2025-06-15'], env);
    fs.rmSync(tmp, { recursive: true, force: true });
    expect(r.code).toBe(0);
    const sql = postgres(own.url, { max: 1, onnotice: () => {} });
    try {
      const rows = await sql<{ d: string; n: number }[]>`select facts_as_of::text as d, count(*)::int as n from organizations group by 1`;
      expect(rows.map((x) => x.d)).toEqual(['2025-06-15']);
    } finally {
      await sql.end();
      await own.drop();
    }
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

  it('client create prints a key once; serve answers it over HTTP (and refuses no key, then a revoked one) and stops on SIGTERM', async () => {
    const env = cliEnv({ DATABASE_URL: database.url, HUB_AUTH_CACHE_MS: '0' });
    expect((await runCli(['client', 'create', '--role', 'NOBODY'], env)).code).toBe(2);
    expect((await runCli(['client', 'create', '--role', 'DEPARTMENT'], env)).stderr).toMatch(/needs --divisions or --department/);
    const created = await runCli(
      ['client', 'create', '--role', 'DEPARTMENT', '--department', 'civil_affairs', '--divisions', '150302,1503030'],
      env,
    );
    expect(created.code, created.stderr).toBe(2);
    const made = await runCli(
      ['client', 'create', '--role', 'DEPARTMENT', '--department', 'civil_affairs', '--divisions', '150302,150303'],
      env,
    );
    expect(made.code, made.stderr).toBe(0);
    const key = /^(hub_[0-9a-f]{8}_[\w-]{43})$/m.exec(made.stdout)?.[1];
    expect(key).toBeTruthy();
    expect(made.stdout).toMatch(/DEPARTMENT, department CIVIL_AFFAIRS, divisions 150302, 150303/);
    const listed = await runCli(['client', 'list'], env);
    expect(listed.stdout).toContain(`hub_${key!.slice(4, 12)}_…`);
    expect(listed.stdout).not.toContain(key!);
    const { child, match } = await startCli(['serve', '--port', '0'], env, /GraphQL API at (http:\/\/\S+)/);
    try {
      const url = match[1]!;
      const auth = { authorization: `Bearer ${key}` };
      expect((await gql(url, '{ health { ok } }', undefined, { authorization: '' })).status).toBe(401);
      const r = await gql<{ health: { ok: boolean; database: string } }>(url, '{ health { ok database } }', undefined, auth);
      expect(r.data?.health).toEqual({ ok: true, database: 'postgres' });
      const list = await gql<{ organizations: { totalCount: number } }>(url, '{ organizations(first: 1) { totalCount } }', undefined, auth);
      expect(list.data?.organizations.totalCount).toBe(0);
      expect((await runCli(['client', 'revoke', key!.slice(0, 12)], env)).stdout).toMatch(/revoked/);
      expect((await gql(url, '{ health { ok } }', undefined, auth)).status).toBe(401);
      expect((await runCli(['client', 'revoke', 'hub_ffffffff'], env)).code).toBe(1);
      expect((await runCli(['client', 'revoke', 'ffffffff'], env)).code).toBe(2);
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exitOf(child)).toBe(0);
  });
});
