/**
 * 税务局 · taxpayer register (纳税人登记): monthly tax state, withheld-tax headcount and
 * business address, from `taxpayers*.csv|xlsx` or, when `baseUrl` is configured, from the
 * paged HTTP API (then the inbox is not read). Contract: shared/contracts/README.md, "tax".
 */
import { z } from 'zod';
import { defineConnector } from '../../src/ingest/define.js';
import { readInbox } from '../../src/ingest/readers/inbox.js';
import { readTaxpayerApi } from './api.js';
import { taxpayers } from './taxpayers.js';

const configSchema = z.object({
  inbox: z.string().optional(),
  /** e.g. `https://gateway.example/tax/v1`; requests go to `{baseUrl}/taxpayers`. */
  baseUrl: z.url({ protocol: /^https?$/ }).optional(),
  /** Bearer token, when the gateway asks for one. */
  token: z.string().min(1).optional(),
  // Values may arrive as environment strings, hence coerce.
  pageSize: z.coerce.number().int().min(1).max(1000).default(200),
  retries: z.coerce.number().int().min(0).max(20).default(5),
  retryBaseMs: z.coerce.number().int().min(0).default(500),
  retryMaxMs: z.coerce.number().int().min(0).default(30_000),
  timeoutMs: z.coerce.number().int().min(1).default(30_000),
});

export default defineConnector({
  id: 'tax',
  department: 'TAX',
  title: '税务局 · taxpayer register',
  description: 'taxpayers*.csv|xlsx, or GET {baseUrl}/taxpayers (paged, incremental by updatedSince) when baseUrl is set',
  configSchema,
  schedule: { cron: '30 3 * * *' },
  // After the registrars (order 10), so taxpayers link to the organizations they created.
  order: 30,
  files: [taxpayers],
  read: (ctx) => (ctx.config.baseUrl ? readTaxpayerApi(ctx) : readInbox(ctx, [taxpayers])),
});
