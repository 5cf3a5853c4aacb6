import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getConnector } from '../../src/ingest/registry.js';
import { deriveQueued, runConnector } from '../../src/ingest/pipeline.js';
import { runConnectors } from '../../src/ingest/run-all.js';
import { createTestHub, testEngines, type TestHub } from '../helpers/db.js';
import { CONTRACT_SAMPLES } from '../helpers/samples.js';

const HEADER =
  '统一社会信用代码,注册号,企业名称,企业类型,法定代表人,注册资本（万元）,成立日期,登记状态,住所,行政区划代码,国民经济行业代码,登记机关';
const ROW_A =
  '91150300680371840R,,嘉远（乌海）生物科技有限公司,有限责任公司（自然人投资或控股）,余然斌,1000,20021009,存续（在营、开业、在册）,乌海市乌达区海北大街319号,150304,M7340,乌海市市场监督管理局';
const ROW_B =
  '91150302110796388X,,利联运输有限公司,有限责任公司（自然人投资或控股）,丁国宇,100,2008/8/10,在业,乌海市海勃湾区黄河东街169号,150302001002,G5430,乌海市海勃湾区市场监督管理局';

const roots: string[] = [];
afterAll(() => roots.forEach((r) => fs.rmSync(r, { recursive: true, force: true })));

function inbox(files: Record<string, string | Buffer>): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'hub-inbox-'));
  roots.push(root);
  const dir = path.join(root, 'business-registration');
  fs.mkdirSync(dir);
  for (const [name, content] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), content);
  return root;
}

describe.each(testEngines())('ingest pipeline on %s', (engine) => {
  let hub: TestHub;
  beforeAll(async () => {
    hub = await createTestHub(engine);
  });
  afterAll(async () => {
    await hub?.destroy();
  });

  const count = async (table: string) => (await hub.db.query<{ n: number }>(`select count(*)::int as n from ${table}`))[0]!.n;

  it('reads UTF-8 and GB18030 files alike and quarantines bad rows with file, line and reason', async () => {
    const root = inbox({
      'enterprises_1.csv': `\uFEFF${HEADER}\n${ROW_A}\n只有,四,列,而已\n`,
      'enterprises_2.csv': iconv.encode(
        `${HEADER}\n${ROW_B}\n,,,,,,,,,,,\n91150302110796388X,,利联运输有限公司,,,,2021-02-30,,,,,\n`,
        'gb18030',
      ),
    });
    const c = await getConnector('business-registration');
    const s = await runConnector(hub, c, { inboxRoot: root });
    expect(s.status).toBe('SUCCEEDED');
    expect(s.filesProcessed).toBe(2);
    expect(s.rowsAccepted).toBe(2);
    const q = await hub.db.query<{ file: string; line: number; reasons: string[] }>(
      `select file, line, reasons from quarantine order by file, line`,
    );
    expect(q).toEqual([
      { file: 'enterprises_1.csv', line: 3, reasons: ['TOO_FEW_COLUMNS: 4 of 12 columns'] },
      { file: 'enterprises_2.csv', line: 4, reasons: [expect.stringMatching(/^BAD_DATE: 成立日期 "2021-02-30"/)] },
    ]);
    const orgs = await hub.db.query<{ name: string; kind: string; registration_status: string; county_code: string }>(
      `select name, kind, registration_status, county_code from organizations order by uscc`,
    );
    expect(orgs).toEqual([
      { name: '嘉远（乌海）生物科技有限公司', kind: 'ENTERPRISE', registration_status: 'ACTIVE', county_code: '150304' },
      { name: '利联运输有限公司', kind: 'ENTERPRISE', registration_status: 'ACTIVE', county_code: '150302' },
    ]);
    const events = await hub.db.query<{ kind: string }>(`select kind from change_events where entity_type = 'organization'`);
    expect(events.map((e) => e.kind)).toEqual(['CREATED', 'CREATED']);
    const [change] = await hub.db.query<{ changes: Record<string, { old: unknown; new: unknown }> }>(
      `select changes from change_events where changes ? 'name' order by seq limit 1`,
    );
    expect(change!.changes.name).toEqual({ old: null, new: '嘉远（乌海）生物科技有限公司' });
    const [cursor] = await hub.db.query<{ kind: string }>(`select jsonb_typeof(cursor) as kind from connector_state`);
    expect(cursor!.kind).toBe('object');

    // The same inbox again: both files skipped by hash, nothing changes.
    const before = {
      s: await count('statements'),
      o: await count('organizations'),
      q: await count('quarantine'),
      e: await count('change_events'),
    };
    const again = await runConnector(hub, c, { inboxRoot: root });
    expect(again.filesSkipped).toBe(2);
    expect(again.rowsRead).toBe(0);
    expect({
      s: await count('statements'),
      o: await count('organizations'),
      q: await count('quarantine'),
      e: await count('change_events'),
    }).toEqual(before);
  });

  it('a re-delivered row under another file name adds no statement', async () => {
    const root = inbox({ 'enterprises_3.csv': `${HEADER}\n${ROW_A}\n` });
    const before = await count('statements');
    const s = await runConnector(hub, await getConnector('business-registration'), { inboxRoot: root });
    expect(s.rowsAccepted).toBe(1);
    expect(await count('statements')).toBe(before);
  });

  it('quarantines a whole file missing a required column, an empty file and a truncated file, and goes on', async () => {
    const root = inbox({
      'enterprises_4_empty.csv': '',
      'enterprises_5_nocol.csv': `统一社会信用代码,注册号\n${'9'.repeat(18)},\n`,
      'enterprises_6_cut.csv': `${HEADER}\n${ROW_B}\n91150303625946234D,,亿良旅游`,
      'enterprises_8_quote.csv': `${HEADER}\n${ROW_B}\n91150303625946234D,,"亿良旅游开发中心,合伙企业\n`,
      'enterprises_7.xlsx': Buffer.from('PK\u0003\u0004 this is not a real workbook'),
      // Neither UTF-8 nor GB18030: UTF-16 decodes to nothing that names a column.
      'enterprises_9_utf16.csv': Buffer.from(`\uFEFF${HEADER}\n${ROW_A}\n`, 'utf16le'),
    });
    const s = await runConnector(hub, await getConnector('business-registration'), { inboxRoot: root });
    expect(s.status).toBe('SUCCEEDED');
    const q = await hub.db.query<{ file: string; line: number; reasons: string[] }>(
      `select file, line, reasons from quarantine where file ~ '^enterprises_[4-9]' order by file, line`,
    );
    const byFile = Object.fromEntries(q.map((r) => [r.file, r.reasons[0]!.split(':')[0]]));
    expect(byFile).toEqual({
      'enterprises_4_empty.csv': 'EMPTY_FILE',
      'enterprises_5_nocol.csv': 'MISSING_COLUMN',
      'enterprises_6_cut.csv': 'TOO_FEW_COLUMNS',
      'enterprises_8_quote.csv': 'MALFORMED_FILE',
      'enterprises_9_utf16.csv': 'NO_HEADER',
      'enterprises_7.xlsx': 'UNREADABLE_FILE',
    });
  });

  it('ingests the shared contract samples of business registration', async () => {
    const s = await runConnector(hub, await getConnector('business-registration'), {
      inboxRoot: CONTRACT_SAMPLES,
    });
    expect(s.status).toBe('SUCCEEDED');
    expect(s.rowsRead).toBeGreaterThan(100);
    expect(s.rowsAccepted + s.rowsQuarantined).toBe(s.rowsRead);
    const [{ n }] = (await hub.db.query<{ n: number }>(`select count(*)::int as n from quarantine where cardinality(reasons) = 0`)) as [
      { n: number },
    ];
    expect(n).toBe(0);
  });

  it('links a check-digit-failing USCC once a second source carries it for the same name, and holds a lone one', async () => {
    // In the samples, 91150302MA0UK47A00 is in the annual reports and the register; 91150304QAD11YPK1R only in the register.
    const [org] = await hub.db.query<{ id: number; uscc_check_failed: boolean; name: string }>(
      `select id, uscc_check_failed, name from organizations where uscc = '91150302MA0UK47A00'`,
    );
    expect(org?.uscc_check_failed).toBe(true);
    const links = await hub.db.query<{ source_key: string; method: string }>(
      `select source_key, method from source_links where entity_id = $1`,
      [org!.id],
    );
    expect(links).toEqual([{ source_key: 'uscc:91150302MA0UK47A00', method: 'USCC_FLAGGED' }]);
    const held = await hub.db.query<{ file: string; released_to: number | null }>(
      `select file, released_to from quarantine where held_key = '91150302MA0UK47A00' order by file`,
    );
    expect(held.length).toBeGreaterThan(0);
    expect(held.every((h) => h.released_to === org!.id)).toBe(true);
    const years = await hub.db.query<{ period: string }>(
      `select distinct period from statements where entity_id = $1 and property = 'ar_filed' order by period`,
      [org!.id],
    );
    expect(years.length).toBeGreaterThan(0);
    const lone = await hub.db.query<{ reasons: string[]; released_at: string | null }>(
      `select reasons, released_at from quarantine where held_key = '91150304QAD11YPK1R'`,
    );
    expect(lone).toHaveLength(1);
    expect(lone[0]!.reasons[0]).toMatch(/^CHECK_DIGIT:/);
    expect(lone[0]!.released_at).toBeNull();
    expect(await hub.db.query(`select 1 from organizations where uscc = '91150304QAD11YPK1R'`)).toEqual([]);
  });

  it('a deferred derive leaves facts queued until deriveQueued; runConnectors derives once after the last run', async () => {
    const ROW_C = ROW_B.replace('91150302110796388X', '91150302MA0N4AQE3E').replace('利联运输有限公司', '顺达物流有限公司');
    const c = await getConnector('business-registration');
    const s = await runConnector(hub, c, { inboxRoot: inbox({ 'enterprises_4.csv': `${HEADER}\n${ROW_C}\n` }), deferDerive: true });
    expect(s.status).toBe('SUCCEEDED');
    const factsOf = async () =>
      (
        await hub.db.query<{ facts_as_of: string | null; queued: boolean }>(
          `select facts_as_of::text, exists (select 1 from derive_queue q where q.entity_id = o.id) as queued
           from organizations o where uscc = '91150302MA0N4AQE3E'`,
        )
      )[0];
    // Projected (it has its name), but its facts wait.
    expect(await factsOf()).toEqual({ facts_as_of: null, queued: true });
    await deriveQueued(hub, 'test');
    expect(await factsOf()).toEqual({ facts_as_of: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/), queued: false });

    const ROW_D = ROW_B.replace('91150302110796388X', '91150302MA0N4AQF19').replace('利联运输有限公司', '顺捷物流有限公司');
    const [run] = await runConnectors(hub, [c], { inboxRoot: inbox({ 'enterprises_5.csv': `${HEADER}\n${ROW_D}\n` }) });
    expect(run!.rowsAccepted).toBe(1);
    expect(await count('derive_queue')).toBe(0);
    const [d] = await hub.db.query<{ facts_as_of: string | null }>(
      `select facts_as_of::text from organizations where uscc = '91150302MA0N4AQF19'`,
    );
    expect(d!.facts_as_of).not.toBeNull();
  });

  it('a batch whose write fails fails the run, with the rows written before it kept', async () => {
    // Batches of one row: the second row's write fails (a trigger refuses its code) while
    // the third is being read; the run stops as FAILED and the first row stays written.
    await hub.db.query(`create or replace function refuse_code() returns trigger language plpgsql as $$
      begin if new.uscc = '91150302MA0N4AQH81' then raise exception 'refused by test'; end if; return new; end $$`);
    await hub.db.query(`create trigger refuse_code before insert on organizations for each row execute function refuse_code()`);
    try {
      const rows = ['91150302MA0N4AQG07', '91150302MA0N4AQH81', '91150302MA0N4AQJ4M'].map((code, i) =>
        ROW_B.replace('91150302110796388X', code).replace('利联运输有限公司', `测试${i}号商贸有限公司`),
      );
      const s = await runConnector(hub, await getConnector('business-registration'), {
        inboxRoot: inbox({ 'enterprises_6.csv': `${HEADER}\n${rows.join('\n')}\n` }),
        batchSize: 1,
      });
      expect(s.status).toBe('FAILED');
      expect(s.error).toMatch(/refused by test/);
      const codes = await hub.db.query<{ uscc: string }>(`select uscc from organizations where uscc like '91150302MA0N4AQ%' order by uscc`);
      expect(codes.map((r) => r.uscc)).toContain('91150302MA0N4AQG07');
      expect(codes.map((r) => r.uscc)).not.toContain('91150302MA0N4AQH81');
      const [run] = await hub.db.query<{ status: string }>(`select status from sync_runs where id = $1`, [s.runId]);
      expect(run!.status).toBe('FAILED');
    } finally {
      await hub.db.query(`drop trigger refuse_code on organizations`);
    }
  });
});
