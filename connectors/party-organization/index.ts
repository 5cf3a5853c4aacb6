/**
 * 组织部 · Party bodies (党组织) and members (党员) from the party member information system.
 * Contract: shared/contracts/README.md, "party-organization". Members are personal data:
 * the pipeline seals id numbers before they are written.
 */
import { z } from 'zod';
import { defineConnector } from '../../src/ingest/define.js';
import { partyBodies } from './party-bodies.js';
import { partyMembers } from './party-members.js';

export default defineConnector({
  id: 'party-organization',
  department: 'ORGANIZATION',
  title: '组织部 · Party bodies and members',
  description: 'party_bodies*.csv|xlsx (bodies with the units they cover) and party_members*.csv|xlsx (one row per member)',
  configSchema: z.object({ inbox: z.string().optional() }),
  schedule: { cron: '0 4 * * *' },
  // After the organization sources, so covered units and employers link on arrival.
  order: 40,
  files: [partyBodies, partyMembers],
});
