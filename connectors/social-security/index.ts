/**
 * 人社局 · insured units (参保单位): one row per unit and month.
 * Contract: shared/contracts/README.md, "social-security".
 */
import { z } from 'zod';
import { defineConnector } from '../../src/ingest/define.js';
import { insuredUnits } from './insured-units.js';

export default defineConnector({
  id: 'social-security',
  department: 'HUMAN_RESOURCES',
  title: '人社局 · insured units',
  description: 'insured_units*.csv|xlsx (one row per unit and month: insured headcount and enrollment state)',
  configSchema: z.object({ inbox: z.string().optional() }),
  schedule: { cron: '0 3 * * *' },
  // After the registrars (order 10), so units link to the organizations they created.
  order: 30,
  files: [insuredUnits],
});
