import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiServer } from '../../src/api/http.js';
import { startTestApi } from '../helpers/api.js';
import { getConnector } from '../../src/ingest/registry.js';
import { runConnector } from '../../src/ingest/pipeline.js';
import { rebuildAll } from '../../src/resolve/rebuild.js';
import { createTestHub, testEngines, type TestHub } from '../helpers/db.js';
import { gql } from '../helpers/graphql.js';

const ENTERPRISES = `统一社会信用代码,企业名称,企业类型,登记状态,行政区划代码
91150302110796388X,利联运输有限公司,有限责任公司（自然人投资或控股）,存续,150302
91150303625946234D,亿良旅游开发中心（有限合伙）,合伙企业,存续,150303
`;
const INSURED_HEADER = '统一社会信用代码,单位名称,参保年月,参保人数,单位参保状态,所属区县';

interface Review {
  id: string;
  sourceKey: string;
  decision: string;
  score: number;
  organization: { id: string; name: string } | null;
  candidate: { id: string; uscc: string };
}

const REVIEWS = `query($d: MatchDecision) { matchReviews(decision: $d) { totalCount nodes { id sourceKey decision score organization { id name } candidate { id uscc } } } }`;
const DECIDE = `mutation($id: ID!, $d: MatchDecision!) { decideMatchReview(id: $id, decision: $d, decidedBy: "analyst 王") { id decision decidedBy decidedAt organization { id } } }`;

describe.each(testEngines())('match reviews on %s', (engine) => {
  let hub: TestHub;
  let server: ApiServer;
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'hub-reviews-'));
  const deliver = async (connector: string, file: string, text: string) => {
    fs.mkdirSync(path.join(root, connector), { recursive: true });
    fs.writeFileSync(path.join(root, connector, file), text);
    return runConnector(hub, await getConnector(connector), { inboxRoot: root });
  };

  beforeAll(async () => {
    hub = await createTestHub(engine);
    server = await startTestApi(hub, { port: 0 });
    await deliver('business-registration', 'enterprises_1.csv', ENTERPRISES);
    // Name-only rows whose names are close to, but not the same as, registered ones.
    await deliver(
      'social-security',
      'insured_units_1.csv',
      `${INSURED_HEADER}\n,利联运输有限责任公司,202609,12,正常,海勃湾区\n,亿良旅游开发中心,202609,4,正常,海南区\n`,
    );
  });
  afterAll(async () => {
    await server?.close();
    await hub?.destroy();
    fs.rmSync(root, { recursive: true, force: true });
  });

  it('proposes a review for a close name in the same county, with the record on its own organization meanwhile', async () => {
    const r = await gql<{ matchReviews: { totalCount: number; nodes: Review[] } }>(server.url, REVIEWS);
    expect(r.errors).toBeUndefined();
    const byCandidate = Object.fromEntries(r.data!.matchReviews.nodes.map((n) => [n.candidate.uscc, n]));
    expect(Object.keys(byCandidate).sort()).toEqual(['91150302110796388X', '91150303625946234D']);
    const lilian = byCandidate['91150302110796388X']!;
    expect(lilian.organization?.name).toBe('利联运输有限责任公司');
    expect(lilian.organization?.id).not.toBe(lilian.candidate.id);
    expect(lilian.score).toBeGreaterThanOrEqual(0.6);
  });

  it('MERGE moves the record and its statements onto the candidate, which keeps its id', async () => {
    const list = (await gql<{ matchReviews: { nodes: Review[] } }>(server.url, REVIEWS)).data!.matchReviews.nodes;
    const review = list.find((n) => n.candidate.uscc === '91150302110796388X')!;
    const mergedId = Number(review.organization!.id);
    const r = await gql<{ decideMatchReview: { decision: string; decidedBy: string; decidedAt: string; organization: { id: string } } }>(
      server.url,
      DECIDE,
      {
        id: review.id,
        d: 'MERGE',
      },
    );
    expect(r.errors).toBeUndefined();
    expect(r.data!.decideMatchReview).toMatchObject({
      decision: 'MERGE',
      decidedBy: 'analyst 王',
      organization: { id: review.candidate.id },
    });
    const [merged] = await hub.db.query<{ merged_into_id: number }>(`select merged_into_id from organizations where id = $1`, [mergedId]);
    expect(merged!.merged_into_id).toBe(Number(review.candidate.id));
    const insured = await hub.db.query(`select 1 from statements where entity_id = $1 and property = 'insured'`, [
      Number(review.candidate.id),
    ]);
    expect(insured).toHaveLength(1);
    const [event] = await hub.db.query<{ kind: string }>(`select kind from change_events where entity_id = $1 order by seq desc limit 1`, [
      mergedId,
    ]);
    expect(event!.kind).toBe('MERGED');
  });

  it('a later delivery of the merged record links to the survivor: no new organization, no new review', async () => {
    const [{ n: orgsBefore }] = (await hub.db.query<{ n: number }>(`select count(*)::int as n from organizations`)) as [{ n: number }];
    await deliver('social-security', 'insured_units_2.csv', `${INSURED_HEADER}\n,利联运输有限责任公司,202610,13,正常,海勃湾区\n`);
    const [{ n: orgsAfter }] = (await hub.db.query<{ n: number }>(`select count(*)::int as n from organizations`)) as [{ n: number }];
    expect(orgsAfter).toBe(orgsBefore);
    const [{ n }] = (await hub.db.query<{ n: number }>(
      `select count(*)::int as n from statements s join organizations o on o.id = s.entity_id where o.uscc = '91150302110796388X' and s.property = 'insured'`,
    )) as [{ n: number }];
    expect(n).toBe(2);
    const pending = await gql<{ matchReviews: { nodes: Review[] } }>(server.url, REVIEWS);
    expect(pending.data!.matchReviews.nodes.map((x) => x.candidate.uscc)).toEqual(['91150303625946234D']);
  });

  it('KEEP_APART is recorded and never proposed again; a decided review cannot be decided twice', async () => {
    const review = (await gql<{ matchReviews: { nodes: Review[] } }>(server.url, REVIEWS)).data!.matchReviews.nodes[0]!;
    const kept = await gql(server.url, DECIDE, { id: review.id, d: 'KEEP_APART' });
    expect(kept.errors).toBeUndefined();
    await deliver('social-security', 'insured_units_3.csv', `${INSURED_HEADER}\n,亿良旅游开发中心,202610,5,正常,海南区\n`);
    expect((await gql<{ matchReviews: { totalCount: number } }>(server.url, REVIEWS)).data!.matchReviews.totalCount).toBe(0);
    const decided = await gql<{ matchReviews: { totalCount: number } }>(server.url, REVIEWS, { d: 'KEEP_APART' });
    expect(decided.data!.matchReviews.totalCount).toBe(1);
    const again = await gql(server.url, DECIDE, { id: review.id, d: 'MERGE' });
    expect(again.errors?.[0]?.extensions?.code).toBe('CONFLICT');
  });

  it('answers NOT_FOUND for an unknown review and BAD_USER_INPUT for PENDING', async () => {
    expect((await gql(server.url, DECIDE, { id: '999999', d: 'MERGE' })).errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    expect((await gql(server.url, DECIDE, { id: '1', d: 'PENDING' })).errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('a full rebuild keeps every decision and id', async () => {
    const before = await hub.db.query(`select id, merged_into_id, uscc, name from organizations order by id`);
    await rebuildAll(hub.db, hub);
    expect(await hub.db.query(`select id, merged_into_id, uscc, name from organizations order by id`)).toEqual(before);
  });
});
