/**
 * The files `hub connector new` writes, as template strings: a connector definition, one
 * file-source module, its fixtures script and the two-line contract test. The fixture rows
 * are data (`scaffoldFixtures`), rendered into make-fixtures.ts and written by the same
 * `writeFixtures` the fixtures script uses, so the committed files and the script agree.
 */
import type { FixtureCell, FixtureFile, FixtureRow, FixtureSet } from '../../../scripts/make-connector-fixtures.js';
import { BAD_BYTES, bad, day, ok } from '../../../scripts/make-connector-fixtures.js';

export interface ConnectorTemplateInput {
  id: string;
  /** A department code from src/domain/departments.ts. */
  department: string;
  /** The department's name, for comments. */
  departmentName: string;
  title: string;
  /** Source family name (lower_snake), also the file-name prefix it reads. */
  source: string;
  cron: string;
  /** Relative path (POSIX) from the connector folder to the project root: `../..`. */
  root: string;
}

/** `insured_units` → `insured-units` (the module's file name, without `.ts`). */
export const moduleFileName = (source: string): string => source.replace(/_/g, '-');

const RESERVED = new Set(
  'break case catch class const continue debugger default delete do else enum export extends false finally for function if import in instanceof new null return super switch this throw true try typeof var void while with yield let static implements interface package private protected public await'.split(
    ' ',
  ),
);

/** `insured_units` → `insuredUnits`: the exported FileSource. */
export function sourceIdentifier(source: string): string {
  const camel = source.replace(/_+([a-z0-9])/g, (_, c: string) => c.toUpperCase()).replace(/_/g, '');
  return RESERVED.has(camel) ? `${camel}Source` : camel;
}

const quote = (s: string): string => `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'").replace(/\r/g, '\\r').replace(/\n/g, '\\n')}'`;

export function renderIndex(t: ConnectorTemplateInput): string {
  const ident = sourceIdentifier(t.source);
  return `/**
 * ${t.title}.
 * Scaffolded by \`hub connector new\`. TODO: say what ${t.departmentName} delivers and where its
 * contract is written down (for the built-in departments: shared/contracts/README.md).
 */
import { z } from 'zod';
import { defineConnector } from '${t.root}/src/ingest/define.js';
import { ${ident} } from './${moduleFileName(t.source)}.js';

export default defineConnector({
  // The folder name: files arrive in <inbox>/${t.id}/.
  id: ${quote(t.id)},
  // A code from src/domain/departments.ts (${t.departmentName}).
  department: ${quote(t.department)},
  title: ${quote(t.title)},
  // TODO: which files, and what one row is.
  description: ${quote(`${t.source}*.csv|xlsx (one row per organization and date)`)},
  // Settings, validated on every run. Keep \`inbox\` (the folder read without --inbox); add what the source needs.
  configSchema: z.object({ inbox: z.string().optional() }),
  // When the worker runs it: change to the department's delivery rhythm.
  schedule: { cron: ${quote(t.cron)} },
  // Order in \`hub ingest\`: the registrars run at 10, sources that link to their organizations at 30 and later.
  order: 50,
  // One module per kind of file the department delivers.
  files: [${ident}],
});
`;
}

export function renderSource(t: ConnectorTemplateInput): string {
  const ident = sourceIdentifier(t.source);
  return `/**
 * ${t.departmentName} · \`${t.source}*.csv|xlsx\`. TODO: what one row is.
 * Scaffolded by \`hub connector new\`: change the column table to the department's headers,
 * then map() to the facts its columns state. Every cell parser and reason code is in
 * src/ingest/cells.ts; the keys an organization is found by in src/ingest/org-keys.ts.
 */
import type { FileSource } from '${t.root}/src/ingest/connector.js';
import { CellReader } from '${t.root}/src/ingest/cells.js';
import { organizationKeys } from '${t.root}/src/ingest/org-keys.js';

// One entry per column the hub reads: the header the department's export uses, and the other
// spellings seen in real files (Chinese or English; order, case, width and spaces do not
// matter). Columns not listed are ignored. \`required: true\` quarantines a file whose header
// lacks the column (MISSING_COLUMN); a row's empty cell is checked in map().
const columns = {
  uscc: { header: '统一社会信用代码', aliases: ['社会信用代码', 'credit_code'] },
  name: { header: '单位名称', aliases: ['企业名称', 'unit_name'] },
  // TODO: the date the row describes (a month instead? use r.month(); a year? r.year()).
  reported_on: { header: '统计日期', aliases: ['报送日期', 'report_date'], required: true },
  // TODO: the count the department states.
  headcount: { header: '从业人数', aliases: ['职工人数', 'employees'] },
};

export const ${ident}: FileSource = {
  // The source family: part of every value's provenance. Do not rename once data is loaded.
  name: ${quote(t.source)},
  // The files in <inbox>/${t.id}/ this module reads.
  match: /^${t.source}.*\\.(csv|xlsx)$/i,
  columns,
  map(row) {
    const r = new CellReader(row, columns);
    // Each getter parses one cell; a cell it cannot read adds a reason (BAD_DATE, NEGATIVE_COUNT, …).
    const name = r.orgName('name');
    const reportedOn = r.date('reported_on', true);
    const headcount = r.count('headcount');
    // How the row finds its organization: the USCC, else the name. Give \`district\` (a county
    // code or name) when the source has one, \`regNo\` for an old 注册号.
    const keys = organizationKeys({ uscc: r.cell('uscc'), name });
    // Any reason quarantines the row with all its reasons; otherwise the records are written.
    return r.organization(keys, () => {
      if (reportedOn === null) return null;
      return [
        { property: 'name', value: name?.name ?? '' },
        // TODO: one statement per fact, named in lower_snake; \`period\` is the date (or month, year) it describes.
        { property: 'headcount', value: headcount === null ? '' : String(headcount), period: reportedOn },
      ];
    });
  },
};
`;
}

export function renderTest(t: ConnectorTemplateInput): string {
  return `import { connectorContract } from '${t.root}/tests/connector-contract.js';
connectorContract(${quote(t.id)});
`;
}

interface ScaffoldFile extends FixtureFile {
  /** A comment above the file in make-fixtures.ts. */
  comment?: string;
}

/**
 * A few good and bad rows in each delivery shape the contract suite asks for. Codes and
 * names are the shared contract samples' (乌海, 1503), so the rows are realistic.
 */
export function scaffoldFixtures(source: string): { files: ScaffoldFile[]; counts: Record<string, number>; countsComment: string } {
  const header = ['统一社会信用代码', '单位名称', '统计日期', '从业人数', '备注'];
  return {
    files: [
      {
        name: `${source}_2026_gbk.csv`,
        format: 'csv-gb18030',
        eol: '\r\n',
        header,
        rows: [
          ok('91150302MA821FCH5E', '泽中汽车服务中心（有限合伙）', '2026-01-31', '12', ''),
          ok('９１１５０３０３５０６０７７５０７Ｊ', '通昌（乌海）文化传媒有限公司', '2026年1月31日', '0', '全角代码'),
          bad('BAD_DATE', '91150304MA5A070N2K', '安天物流有限公司', '2026-02-30', '7', ''),
          bad('NEGATIVE_COUNT', '91150304MA5A070N2K', '安天物流有限公司', '20260131', '-3', ''),
          bad('NO_KEY', '', '', '2026-01-31', '5', ''),
          bad('TOO_FEW_COLUMNS', '91150304MA5A070N2K', '安天物流有限公司'),
          bad('UNDECODABLE', '91150304MA5A070N2K', `安天${BAD_BYTES}物流有限公司`, '2026-01-31', '7', ''),
        ],
      },
      {
        comment: "Another system's export: English headers in its own order, and a column the hub does not know.",
        name: `${source}_2026_bom.csv`,
        format: 'csv-utf8-bom',
        header: ['unit_name', 'report_date', 'credit_code', 'employees', 'batch'],
        rows: [
          ok('安天物流有限公司', '2026/2/28', ' 91150304ma5a070n2k ', '7', 'B1'),
          bad('MISSING_VALUE', '利联运输有限公司', '', '91150302110796388X', '3', 'B1'),
          bad('BAD_CODE', '', '2026-02-28', '9115030X', '3', 'B1'),
          bad('BAD_COUNT', '利联运输有限公司', '2026-02-28', '91150302110796388X', '三', 'B1'),
        ],
      },
      {
        comment: 'A report with a title row above the header; dates and counts as Excel stores them.',
        name: `${source}_2026_title.xlsx`,
        format: 'xlsx',
        title: ['月度统计表（2026年3月）'],
        header: ['社会信用代码', '企业名称', '报送日期', '职工人数'],
        rows: [
          ok('91150302110796388X', '利联运输有限公司', day('2026-03-31'), 3),
          ok('91150302MA821FCH5E', '泽中汽车服务中心(有限合伙)', 20260331, 13),
          bad('NO_KEY', null, null, day('2026-03-31'), 2),
          bad('NEGATIVE_COUNT', '91150302110796388X', '利联运输有限公司', day('2026-03-31'), -1),
        ],
      },
    ],
    counts: { organizations: 4 },
    countsComment: '泽中, 通昌, 安天, 利联.',
  };
}

/** The fixture set without the comments, as writeFixtures takes it. */
export function fixtureSet(s: ReturnType<typeof scaffoldFixtures>): FixtureSet {
  return { files: s.files.map(({ comment: _comment, ...file }) => file), counts: s.counts };
}

function renderCell(cell: FixtureCell): string {
  if (cell === null) return 'null';
  if (cell instanceof Date) return `day('${cell.toISOString().slice(0, 10)}')`;
  if (typeof cell !== 'string') return String(cell);
  if (!cell.includes(BAD_BYTES)) return quote(cell);
  return `\`${cell
    .split(BAD_BYTES)
    .map((piece) => piece.replace(/[`\\$]/g, (c) => `\\${c}`))
    .join('${BAD_BYTES}')}\``;
}

const renderRow = (r: FixtureRow): string =>
  r.expect ? `bad(${quote(r.expect)}, ${r.cells.map(renderCell).join(', ')})` : `ok(${r.cells.map(renderCell).join(', ')})`;

export function renderMakeFixtures(t: ConnectorTemplateInput, s: ReturnType<typeof scaffoldFixtures>): string {
  const files = s.files.map((f) => {
    const lines = [
      ...(f.comment ? [`      // ${f.comment}`] : []),
      `      name: ${quote(f.name)},`,
      `      format: ${quote(f.format)},`,
      ...(f.eol ? [`      eol: ${JSON.stringify(f.eol).replace(/"/g, "'")},`] : []),
      ...(f.title ? [`      title: [${f.title.map(quote).join(', ')}],`] : []),
      `      header: [${f.header.map(quote).join(', ')}],`,
      `      rows: [`,
      ...f.rows.map((r) => `        ${renderRow(r)},`),
      `      ],`,
    ];
    return `    {\n${lines.join('\n')}\n    },`;
  });
  const counts = Object.entries(s.counts)
    .map(([k, v]) => `${k}: ${v}`)
    .join(', ');
  return `/**
 * Fixtures of the ${t.id} connector; \`npx tsx scripts/make-connector-fixtures.ts ${t.id}\`
 * writes them next to this file with expected.json. Scaffolded by \`hub connector new\`.
 *
 * TODO: replace these rows with rows shaped like the department's real exports: the headers
 * (and aliases) it uses, good rows with the quirks it has (full-width or lower-case codes,
 * spaces, every date format), and one bad row per defect it can carry. \`ok(...)\` is a row
 * that must be accepted, \`bad('REASON', ...)\` one that must be quarantined with that reason
 * code. Keep one GB18030 CSV, one UTF-8 BOM CSV and one XLSX: the contract suite asks for all
 * three. \`counts\` are table sizes after ingesting every file into an empty hub.
 */
import { BAD_BYTES, bad, day, ok, type FixtureSet } from '../${t.root}/scripts/make-connector-fixtures.js';

const set: FixtureSet = {
  files: [
${files.join('\n')}
  ],
  // ${s.countsComment}
  counts: { ${counts} },
};

export default set;
`;
}
