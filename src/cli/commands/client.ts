import fs from 'node:fs';
import path from 'node:path';
import { CommanderError, type Command } from 'commander';
import { openHub, type Hub } from '../../app.js';
import { ClientInputError, clientByKey, createClient, listClients, revokeClient, revokeTarget } from '../../security/clients.js';
import { PERMISSIONS, ROLES } from '../../security/roles.js';
import { EXIT } from '../exit-codes.js';
import { renderTable } from '../ui/table.js';

const list = (v: string) =>
  v
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);

/** Wrong client settings are wrong usage: exit 2 with the reason. */
function usage(err: unknown): never {
  if (err instanceof ClientInputError) throw new CommanderError(EXIT.USAGE, 'hub.client', `hub client: ${err.message}`);
  throw err;
}

export function registerClient(program: Command): void {
  const client = program.command('client').description('API clients: one key per department or dashboard, with a role and a scope');

  client
    .command('create')
    .description('create a client and print its key (shown this once; only a hash is kept)')
    .requiredOption('--role <role>', `${ROLES.join(' | ')}`)
    .option('--name <name>', 'who it is for (default: the department or role)')
    .option('--department <code>', 'its department (a DEPARTMENT or PARTNER sees the organizations that department supervises)')
    .option('--divisions <codes>', 'division codes it is limited to, comma-separated (e.g. 150302,150303)', list)
    .option('--permissions <list>', `extra permissions, comma-separated (${PERMISSIONS.join(', ')})`, list)
    .option('--rate-limit <n>', 'requests a minute (default HUB_RATE_LIMIT_PER_MINUTE)', (v) => Number(v))
    .option('--json', 'print the client and key as JSON')
    .action(
      async (opts: {
        role: string;
        name?: string;
        department?: string;
        divisions?: string[];
        permissions?: string[];
        rateLimit?: number;
        json?: boolean;
      }) => {
        const hub = await openHub();
        try {
          const { client: c, key } = await createClient(hub.db, {
            name: opts.name ?? `${opts.department ?? opts.role.toUpperCase()} client`,
            role: opts.role,
            departmentCode: opts.department,
            divisions: opts.divisions,
            permissions: opts.permissions,
            rateLimitPerMinute: opts.rateLimit,
          }).catch(usage);
          if (opts.json) process.stdout.write(`${JSON.stringify({ ...c, key })}\n`);
          else
            process.stdout.write(
              `client ${c.id} (${c.name}): ${c.role}${c.departmentCode ? `, department ${c.departmentCode}` : ''}` +
                `${c.divisions.length ? `, divisions ${c.divisions.join(', ')}` : ''}${c.permissions.length ? `, + ${c.permissions.join(', ')}` : ''}\n` +
                `key (shown once; send it as "Authorization: Bearer <key>"):\n${key}\n`,
            );
        } finally {
          await hub.close();
        }
      },
    );

  client
    .command('list')
    .description('every client: role, scope, key prefix, last use, revoked or not (never the keys)')
    .option('--json', 'as JSON')
    .action(async (opts: { json?: boolean }) => {
      const hub = await openHub();
      try {
        const rows = await listClients(hub.db);
        if (opts.json) return void process.stdout.write(`${JSON.stringify(rows)}\n`);
        process.stdout.write(
          renderTable(
            ['id', 'key prefix', 'name', 'role', 'department', 'divisions', 'extra permissions', 'last used', 'revoked'],
            rows.map((r) => [
              r.id,
              `hub_${r.keyPrefix}_…`,
              r.name,
              r.role,
              r.departmentCode,
              r.divisions.join(','),
              r.permissions.join(','),
              r.lastUsedAt?.slice(0, 19) ?? '',
              r.revokedAt?.slice(0, 19) ?? '',
            ]),
          ),
        );
      } finally {
        await hub.close();
      }
    });

  client
    .command('revoke')
    .description('revoke a client by id or key prefix: its key stops working (within HUB_AUTH_CACHE_MS on running servers)')
    .argument('<client>', 'client id, or hub_<prefix> (the start of its key, as hub client list shows it)')
    .action(async (which: string) => {
      const target = revokeTarget(which);
      if (!target)
        throw new CommanderError(EXIT.USAGE, 'hub.client', `hub client: "${which}" is neither a client id nor hub_<8 hex characters>`);
      const hub = await openHub();
      try {
        const row = await revokeClient(hub.db, target);
        if (!row) throw new CommanderError(EXIT.FAILURE, 'hub.client', `hub client: no client "${which}"`);
        process.stdout.write(`client ${row.id} (${row.name}) revoked at ${row.revokedAt}\n`);
      } finally {
        await hub.close();
      }
    });
}

/**
 * The local administrator key of an embedded demo: kept in the data folder (mode 600) so the
 * demo works out of the box and across restarts, made anew if its client is gone or revoked.
 */
export async function localAdminKey(hub: Hub): Promise<{ key: string; file: string }> {
  const file = path.resolve(hub.env.HUB_DATA_DIR, 'admin.key');
  if (fs.existsSync(file)) {
    const key = fs.readFileSync(file, 'utf8').trim();
    if (await clientByKey(hub.db, key)) return { key, file };
  }
  const { key } = await createClient(hub.db, { name: 'local administrator (demo)', role: 'ADMIN' });
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, `${key}\n`, { mode: 0o600 });
  return { key, file };
}
