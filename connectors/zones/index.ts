/**
 * 园区、商圈、商务楼宇: the zones where organizations cluster, kept by the organization
 * department (or the two-new work committee). Not a department export of the contract: the
 * hub's own format, documented in docs/add-a-department.md. A zone lists its units by USCC
 * or names address words that place organizations in it.
 */
import { z } from 'zod';
import { defineConnector } from '../../src/ingest/define.js';
import { zones } from './zones.js';

export default defineConnector({
  id: 'zones',
  department: 'ORGANIZATION',
  title: '组织部 · parks, business districts and buildings',
  description: 'zones*.csv|xlsx (类型, 名称, 行政区划代码, 地址关键词, 入驻单位统一社会信用代码)',
  configSchema: z.object({ inbox: z.string().optional() }),
  schedule: { cron: '30 4 * * *' },
  // After the organization sources, so listed units exist when the zone arrives.
  order: 50,
  files: [zones],
});
