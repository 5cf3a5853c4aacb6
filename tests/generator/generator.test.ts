import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { parse } from 'csv-parse/sync';
import * as OpenCC from 'opencc-js/t2cn';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { usccCheckChar } from '../../src/domain/uscc.js';
import {
  ANNUAL_REPORTS,
  CONNECTORS,
  ENTERPRISES,
  GUIDANCE_OFFICERS,
  headers,
  INSURED_UNITS,
  PARTY_BODIES,
  PARTY_MEMBERS,
  SOCIAL_ORGS,
  TAXPAYERS,
} from '../../scripts/generator/contract.js';
import { TRADITIONAL } from '../../scripts/generator/defects.js';
import { generateCity } from '../../scripts/generator/generate.js';
import { advise, type TruthCounts } from '../../scripts/generator/truth.js';

interface Truth {
  counts: TruthCounts & { sourceRows: number; quarantinedRows: number; defects: Record<string, { QUARANTINE: number; LINK: number }> };
  organizations: {
    id: string;
    uscc?: string;
    usccCheckValid?: boolean;
    known: boolean;
    inScope: boolean;
    isEnterprise: boolean;
    scopeReasons: string[];
    primaryReason?: string;
    inLedger: boolean;
    coveredByBody: boolean;
    coveredByWork: boolean;
    advice?: string;
  }[];
  files: {
    connector: string;
    file: string;
    format: string;
    encoding: string | null;
    headerLine: number;
    dataRows: number;
    quarantined: number;
    rows?: string[][];
  }[];
  defects: { connector: string; file: string; line: number; category: string; expect: string; orgs: string[] }[];
}

const SHAPES: [string, readonly (readonly [string, string])[]][] = [
  ['enterprises', ENTERPRISES],
  ['annual_reports', ANNUAL_REPORTS],
  ['insured_units', INSURED_UNITS],
  ['taxpayers', TAXPAYERS],
  ['social_orgs', SOCIAL_ORGS],
  ['party_bodies', PARTY_BODIES],
  ['party_members', PARTY_MEMBERS],
  ['guidance_officers', GUIDANCE_OFFICERS],
];
const shapeOf = (file: string) => SHAPES.find(([prefix]) => file.startsWith(prefix))![1];
const CODE_COLUMNS = [
  '统一社会信用代码',
  '纳税人识别号',
  '覆盖单位统一社会信用代码',
  '工作单位统一社会信用代码',
  '指导单位统一社会信用代码',
  'uscc',
];
const normalize = (s: string) =>
  s
    .replace(/[\uff01-\uff5e]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/[\s\u3000]+/g, '')
    .toUpperCase();

const dirs: string[] = [];
let a = '';
let truth: Truth;

function listFiles(dir: string): string[] {
  return CONNECTORS.flatMap((c) =>
    readdirSync(join(dir, c))
      .sort()
      .map((f) => join(c, f)),
  ).concat('truth.json');
}

beforeAll(async () => {
  for (let i = 0; i < 2; i++) {
    const dir = mkdtempSync(join(tmpdir(), 'city-'));
    dirs.push(dir);
    await generateCity({ out: dir, organizations: 60, seed: 4242, asOf: '2026-11-01' });
  }
  a = dirs[0]!;
  truth = JSON.parse(readFileSync(join(a, 'truth.json'), 'utf8')) as Truth;
});

afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe('city generator', () => {
  it('is deterministic for a seed: the same bytes twice', () => {
    const files = listFiles(a);
    expect(listFiles(dirs[1]!)).toEqual(files);
    for (const f of files) expect(readFileSync(join(dirs[1]!, f)).equals(readFileSync(join(a, f))), f).toBe(true);
  });

  it('gives every organization a USCC whose check passes, except the pilot codes', () => {
    const withCode = truth.organizations.filter((o) => o.uscc);
    expect(withCode.length).toBeGreaterThan(40);
    for (const o of withCode) expect(usccCheckChar(o.uscc!.slice(0, 17)) === o.uscc![17], o.uscc).toBe(o.usccCheckValid);
    expect(withCode.some((o) => o.usccCheckValid === false)).toBe(true);
  });

  it('emits only valid USCCs in CSV rows, apart from pilots and rows meant for quarantine', () => {
    const pilots = new Set(truth.organizations.filter((o) => o.usccCheckValid === false).map((o) => o.uscc));
    const quarantined = new Set(truth.defects.filter((d) => d.expect === 'QUARANTINE').map((d) => `${d.connector}/${d.file}:${d.line}`));
    let checked = 0;
    for (const f of truth.files.filter((x) => x.format === 'csv')) {
      const buf = readFileSync(join(a, f.connector, f.file));
      const text = f.encoding === 'gb18030' ? iconv.decode(buf, 'gb18030') : buf.toString('utf8').replace(/^\uFEFF/, '');
      const lines = text.split(/\r?\n/);
      const header = (parse(lines[0]!) as string[][])[0]!;
      lines.slice(1).forEach((line, i) => {
        if (line === '' || quarantined.has(`${f.connector}/${f.file}:${i + 2}`)) return;
        const cells = (parse(line, { relax_column_count: true }) as string[][])[0]!;
        header.forEach((h, k) => {
          if (!CODE_COLUMNS.includes(h)) return;
          for (const code of (cells[k] ?? '').split(/[;；,、]/).map(normalize)) {
            if (code.length !== 18 || code.includes('*')) continue;
            checked++;
            if (!pilots.has(code)) expect(usccCheckChar(code.slice(0, 17)), `${f.file}:${i + 2} ${code}`).toBe(code[17]);
          }
        });
      });
    }
    expect(checked).toBeGreaterThan(100);
  });

  it('writes GB18030 files that are GB18030, not UTF-8, and UTF-8 files that are UTF-8', () => {
    const gb = truth.files.filter((f) => f.encoding === 'gb18030');
    expect(new Set(gb.map((f) => f.connector)).size).toBeGreaterThanOrEqual(5);
    for (const f of truth.files.filter((x) => x.format === 'csv')) {
      const buf = readFileSync(join(a, f.connector, f.file));
      const strictUtf8 = () => new TextDecoder('utf-8', { fatal: true }).decode(buf);
      if (f.encoding === 'gb18030') {
        expect(strictUtf8, f.file).toThrow();
        const header = iconv.decode(buf, 'gb18030').split('\n')[0]!;
        expect(header.split(','), f.file).toEqual(headers(shapeOf(f.file)));
      } else {
        expect(strictUtf8, f.file).not.toThrow();
        expect(buf.subarray(0, 3).equals(Buffer.from([0xef, 0xbb, 0xbf])), f.file).toBe(f.encoding === 'utf8bom');
      }
    }
  });

  it('writes XLSX workbooks that exceljs opens, with the contract headers on the header row', async () => {
    const xlsx = truth.files.filter((f) => f.format === 'xlsx');
    expect(new Set(xlsx.map((f) => f.connector)).size).toBe(CONNECTORS.length);
    expect(xlsx.some((f) => f.headerLine > 1)).toBe(true);
    for (const f of xlsx) {
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.readFile(join(a, f.connector, f.file));
      const ws = wb.worksheets[0]!;
      const header = (ws.getRow(f.headerLine).values as unknown[]).slice(1);
      expect(header, f.file).toEqual(headers(shapeOf(f.file)));
      expect(ws.rowCount, f.file).toBe(f.headerLine + f.dataRows);
    }
  });

  it('keeps truth counts internally consistent', () => {
    const known = truth.organizations.filter((o) => o.known);
    const ledger = known.filter((o) => o.inLedger);
    const c = truth.counts;
    expect(c.knownOrganizations).toBe(known.length);
    expect(c.inScope).toBe(known.filter((o) => o.inScope).length);
    expect(c.ledger).toBe(ledger.length);
    expect(c.ledgerEnterprises + c.ledgerSocialOrgs).toBe(c.ledger);
    expect(c.ledgerEnterprises).toBe(ledger.filter((o) => o.isEnterprise).length);
    expect(c.coveredByBody).toBe(ledger.filter((o) => o.coveredByBody).length);
    expect(c.coveredByWork).toBe(ledger.filter((o) => o.coveredByWork).length);
    expect(c.coveredByBody).toBeLessThanOrEqual(c.coveredByWork);
    expect(Object.values(c.advice).reduce((x, y) => x + y, 0)).toBe(c.ledger - c.coveredByBody);
    for (const o of truth.organizations) {
      expect(o.inScope).toBe(o.scopeReasons.length === 0);
      expect(o.primaryReason ?? null).toBe(o.scopeReasons[0] ?? null);
      if (o.inLedger) expect(o.inScope).toBe(true);
      if (o.coveredByBody) expect(o.coveredByWork).toBe(true);
      expect(o.advice !== undefined).toBe(o.inLedger && !o.coveredByBody);
    }
    const quarantines = truth.defects.filter((d) => d.expect === 'QUARANTINE');
    expect(c.quarantinedRows).toBe(quarantines.length);
    expect(c.sourceRows).toBe(truth.files.reduce((n, f) => n + f.dataRows, 0));
    for (const f of truth.files) {
      expect(f.rows!.length).toBe(f.dataRows);
      expect(f.quarantined).toBe(quarantines.filter((d) => d.file === f.file && d.connector === f.connector).length);
    }
    for (const d of truth.defects) {
      const f = truth.files.find((x) => x.file === d.file && x.connector === d.connector)!;
      expect(d.line).toBeGreaterThan(f.headerLine);
      expect(d.line).toBeLessThanOrEqual(f.headerLine + f.dataRows);
      expect(f.rows![d.line - f.headerLine - 1]).toEqual(d.orgs);
    }
    for (const connector of CONNECTORS)
      expect(
        quarantines.some((d) => d.connector === connector),
        connector,
      ).toBe(true);
  });

  it('uses only Traditional characters that fold back to one Simplified form', () => {
    const toSimplified = OpenCC.Converter({ from: 'hk', to: 'cn' });
    for (const [simplified, traditional] of TRADITIONAL) expect(toSimplified(traditional), traditional).toBe(simplified);
  });

  it('advises by formal members with the DOMAIN.md thresholds', () => {
    expect(advise(100, 0)).toBe('COMMITTEE');
    expect(advise(99, 5)).toBe('GENERAL_BRANCH');
    expect(advise(50, 0)).toBe('GENERAL_BRANCH');
    expect(advise(3, 0)).toBe('BRANCH');
    expect(advise(2, 9)).toBe('JOINT_BRANCH');
    expect(advise(0, 1)).toBe('TEMPORARY_BRANCH');
    expect(advise(0, 0)).toBe('GUIDANCE_OFFICER');
  });
});
