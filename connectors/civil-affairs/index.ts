/**
 * 民政局 · social organization register (社会组织登记) with annual inspection (年检) and
 * evaluation grade (评估等级). Contract: shared/contracts/README.md, "civil-affairs".
 */
import { z } from 'zod';
import { defineConnector } from '../../src/ingest/define.js';
import { socialOrgs } from './social-orgs.js';

export default defineConnector({
  id: 'civil-affairs',
  department: 'CIVIL_AFFAIRS',
  title: '民政局 · social organization register',
  description: 'social_orgs*.csv|xlsx (one row per organization, or per organization and inspection year)',
  configSchema: z.object({ inbox: z.string().optional() }),
  schedule: { cron: '0 2 * * *' },
  // A registrar: runs first so other sources link to the organizations it creates.
  order: 10,
  files: [socialOrgs],
});
