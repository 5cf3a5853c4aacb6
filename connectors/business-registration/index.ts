/**
 * 市场监管局 · enterprise register (企业登记) and annual reports (企业年报).
 * Contract: shared/contracts/README.md, "business-registration".
 */
import { z } from 'zod';
import { defineConnector } from '../../src/ingest/define.js';
import { enterprises } from './enterprises.js';
import { annualReports } from './annual-reports.js';

export default defineConnector({
  id: 'business-registration',
  department: 'MARKET_REGULATION',
  title: '市场监管局 · enterprise register and annual reports',
  description: 'enterprises*.csv|xlsx (one row per registration) and annual_reports*.csv|xlsx (one row per enterprise and year)',
  configSchema: z.object({ inbox: z.string().optional() }),
  schedule: { cron: '0 2 * * *' },
  order: 10,
  files: [enterprises, annualReports],
});
