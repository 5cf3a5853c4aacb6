/**
 * 社会工作部 · Party-building guidance officers (党建工作指导员) and the organizations each
 * guides. Contract: shared/contracts/README.md, "guidance". Phones are personal data: the
 * pipeline seals them before they are written.
 */
import { z } from 'zod';
import { defineConnector } from '../../src/ingest/define.js';
import { guidanceOfficers } from './guidance-officers.js';

export default defineConnector({
  id: 'guidance',
  department: 'SOCIAL_WORK',
  title: '社会工作部 · guidance officers',
  description: 'guidance_officers*.csv|xlsx (one row per officer, with the units they guide)',
  configSchema: z.object({ inbox: z.string().optional() }),
  schedule: { cron: '0 4 * * *' },
  // After the organization sources, so guided units link on arrival.
  order: 40,
  files: [guidanceOfficers],
});
