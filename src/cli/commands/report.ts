import type { Command } from 'commander';
import { openHub } from '../../app.js';
import { coverageReport, type CoverageGrouping, type CoverageReport } from '../../coverage/report.js';
import { asOfOption, choiceOption, divisionOption } from '../options.js';
import { renderTable } from '../ui/table.js';

/** CLI spellings of the groupings. */
const BY: Record<string, CoverageGrouping> = {
  total: 'total',
  county: 'county',
  township: 'township',
  community: 'community',
  kind: 'kind',
  department: 'department',
  'industry-committee': 'industryCommittee',
};

const percent = (r: number | null) => (r === null ? '—' : `${(r * 100).toFixed(1)}%`);
const KIND = { ALL: '合计', ENTERPRISE: '企业', SOCIAL_ORGANIZATION: '社会组织' } as const;

export function coverageTable(r: CoverageReport): string {
  const head = `coverage as of ${r.asOf}${r.division ? ` for ${r.division.code} ${r.division.name ?? ''}`.trimEnd() : ''}\n`;
  return (
    head +
    renderTable(
      ['group', 'name', 'kind', 'in scope', 'ledger', 'covered by body', 'org. rate', 'covered by work', 'work rate'],
      r.groups.map((g) => [
        g.total ? 'total' : (g.key ?? '(none)'),
        g.label ?? '',
        KIND[g.kind],
        g.inScope,
        g.ledger,
        g.coveredByBody,
        percent(g.organizationalRate),
        g.coveredByWork,
        percent(g.workRate),
      ]),
    )
  );
}

export function registerReport(program: Command): void {
  const report = program.command('report').description('reports over the derived facts');
  report
    .command('coverage')
    .description('organizational and work coverage (两个覆盖) of the ledger, for enterprises, social organizations and both')
    .option('--division <code>', 'division subtree (province … community code); default: everything', divisionOption)
    .option('--as-of <date>', 'evaluate the rules for this date (default: HUB_AS_OF or today)', asOfOption)
    .option('--by <grouping>', `one row group per ${Object.keys(BY).join(' | ')}`, choiceOption(Object.keys(BY)), 'total')
    .option('--json', 'print JSON instead of a table')
    .action(async (opts: { division?: string; asOf?: string; by: string; json?: boolean }) => {
      const hub = await openHub();
      try {
        const r = await coverageReport(hub.db, hub, { division: opts.division, asOf: opts.asOf, by: BY[opts.by]! });
        process.stdout.write(opts.json ? `${JSON.stringify(r, null, 2)}\n` : coverageTable(r));
      } finally {
        await hub.close();
      }
    });
}
