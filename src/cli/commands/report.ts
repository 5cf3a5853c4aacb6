import type { Command } from 'commander';
import { openHub } from '../../app.js';
import { coverageReport, type CoverageGrouping, type CoverageReport } from '../../coverage/report.js';
import { asOfOption, choiceOption, divisionOption } from '../options.js';
import { renderTable } from '../ui/table.js';
import { adviceGaps, jointBranchPlan, pocketMembersByEmployer } from '../../coverage/gaps.js';
import { divisionPrefixOf } from '../../ledger/export.js';

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
  registerGapReport(report);
}

const ADVICE_WORDS: Record<string, string> = {
  COMMITTEE: '党委',
  GENERAL_BRANCH: '党总支',
  BRANCH: '党支部',
  JOINT_BRANCH: '联合党支部',
  TEMPORARY_BRANCH: '临时党支部',
  GUIDANCE_OFFICER: '党建工作指导员',
};

export function registerGapReport(report: Command): void {
  report
    .command('gaps')
    .description('ledger organizations without a Party body by advice, pocket members by employer, joint-branch suggestions')
    .option('--division <code>', 'division subtree (default: everything)', divisionOption)
    .option('--json', 'print JSON instead of tables')
    .action(async (opts: { division?: string; json?: boolean }) => {
      const hub = await openHub();
      try {
        const prefix = divisionPrefixOf(opts.division);
        const [byAdvice, pocket, joint] = [
          await adviceGaps(hub.db, prefix),
          await pocketMembersByEmployer(hub.db, prefix),
          await jointBranchPlan(hub.db, prefix),
        ];
        if (opts.json) {
          process.stdout.write(`${JSON.stringify({ byAdvice, pocketMembers: pocket, jointBranches: joint }, null, 2)}\n`);
          return;
        }
        const names = (list: { name: string | null }[]) =>
          list
            .slice(0, 3)
            .map((o) => o.name ?? '?')
            .join('、') + (list.length > 3 ? ' …' : '');
        process.stdout.write(`ledger organizations without a Party body, by advice (as of ${hub.rules.asOf()})\n`);
        process.stdout.write(
          renderTable(
            ['advice', '建议', 'organizations', 'for example'],
            byAdvice.map((g) => [g.advice, ADVICE_WORDS[g.advice] ?? '', g.organizations.length, names(g.organizations)]),
          ),
        );
        process.stdout.write(
          `\npocket members (口袋党员): ${pocket.reduce((n, e) => n + e.pocketMembers.length, 0)} at ${pocket.length} employers\n`,
        );
        process.stdout.write(
          renderTable(
            ['employer', 'pocket members', 'members'],
            pocket.slice(0, 10).map((e) => [e.organization.name, e.pocketMembers.length, e.organization.totalMembers]),
          ),
        );
        process.stdout.write(
          `\njoint-branch suggestions (≤ 5 units, ≥ 3 formal members): ${joint.suggestions.length}, unplaced units: ${joint.unplaced.length}\n`,
        );
        process.stdout.write(
          renderTable(
            ['basis', 'shared', 'units', 'formal members', 'organizations'],
            joint.suggestions.map((s) => [s.basis, s.shared, s.units.length, s.formalMembers, names(s.units)]),
          ),
        );
      } finally {
        await hub.close();
      }
    });
}
