import type { FileSource } from '../../src/ingest/connector.js';
import { CellReader } from '../../src/ingest/cells.js';
import { organizationKeys } from '../../src/ingest/org-keys.js';
import { parseDivision } from '../../src/domain/division.js';
import { toSimplifiedChinese } from '../../src/domain/name.js';
import { toHalfWidth } from '../../src/domain/text.js';

const columns = {
  uscc: { header: '统一社会信用代码', aliases: ['社会信用代码', 'credit_code'] },
  name: { header: '社会组织名称', aliases: ['名称', '组织名称', 'org_name'], required: true },
  social_org_type: { header: '社会组织类型', aliases: ['组织类型', '类型', 'org_type'] },
  // 业务主管单位: empty for organizations registered directly (直接登记).
  supervisor: { header: '业务主管单位', aliases: ['主管单位', 'supervising_department'] },
  registrar: { header: '登记管理机关', aliases: ['登记机关', 'registration_authority'] },
  legal_rep: { header: '法定代表人', aliases: ['法定代表人（负责人）', '负责人'] },
  established_on: { header: '成立登记日期', aliases: ['成立日期', '登记日期', 'established'] },
  status: { header: '登记状态', aliases: ['状态', 'reg_status'] },
  address: { header: '住所', aliases: ['地址', '住所地址'] },
  division_code: { header: '行政区划代码', aliases: ['区划代码', 'division'] },
  is_trade_association: { header: '是否行业协会商会', aliases: ['是否行业协会', '行业协会商会', 'trade_association'] },
  inspection_year: { header: '年检年度', aliases: ['年度检查年度', '年报年度', 'year'] },
  inspection_result: { header: '年检结论', aliases: ['年度检查结论', '年检结果', 'result'] },
  evaluation_grade: { header: '评估等级', aliases: ['等级评估', '社会组织评估等级', 'grade'] },
};

/** 年检结论 as the rules name them; Traditional and spaced spellings fold onto these. */
const INSPECTION_RESULTS = ['合格', '基本合格', '不合格', '未参检'];

/** 评估等级: `3A`, `3A级`, `AAA` (and full-width forms) → `3A`; null when unreadable. */
function gradeOf(text: string): string | null {
  const t = toHalfWidth(text).replace(/\s+/g, '').toUpperCase().replace(/级$/, '');
  const digits = /^([1-5])A$/.exec(t);
  if (digits) return `${digits[1]}A`;
  return /^A{1,5}$/.test(t) ? `${t.length}A` : null;
}

export const socialOrgs: FileSource = {
  name: 'social_orgs',
  match: /^social_orgs.*\.(csv|xlsx)$/i,
  columns,
  map(row) {
    const r = new CellReader(row, columns);
    const name = r.orgName('name');
    const established = r.date('established_on');
    const trade = r.yesNo('is_trade_association');
    const year = r.year('inspection_year');
    const divisionText = r.text('division_code');
    const division = divisionText ? parseDivision(divisionText) : null;
    if (division && !division.ok) r.reject('BAD_CODE', `行政区划代码 "${divisionText}": ${division.reason}`);

    const resultText = r.text('inspection_result');
    const result = resultText === null ? null : toSimplifiedChinese(resultText.replace(/\s+/g, ''));
    if (result !== null && !INSPECTION_RESULTS.includes(result))
      r.reject('BAD_VALUE', `年检结论 "${resultText}" is not one of ${INSPECTION_RESULTS.join(' / ')}`);
    // A conclusion belongs to an inspection year; without one it cannot be placed.
    if (result !== null && r.text('inspection_year') === null) r.reject('MISSING_VALUE', '年检年度 is empty but 年检结论 is given');
    const gradeText = r.text('evaluation_grade');
    const grade = gradeText === null ? null : gradeOf(gradeText);
    if (gradeText !== null && grade === null) r.reject('BAD_VALUE', `评估等级 "${gradeText}" is not 1A … 5A`);

    const keys = organizationKeys({ uscc: r.cell('uscc'), name, district: division?.ok ? division.value.code : undefined });
    return r.organization(keys, () => {
      const period = year === null ? '' : String(year);
      return [
        { property: 'name', value: name?.name ?? '' },
        { property: 'social_org_type', value: r.text('social_org_type') ?? '' },
        { property: 'supervisor', value: r.text('supervisor') ?? '' },
        { property: 'registrar', value: r.text('registrar') ?? '' },
        { property: 'legal_rep', value: r.text('legal_rep') ?? '' },
        { property: 'established_on', value: established ?? '' },
        { property: 'registration_status', value: r.text('status') ?? '' },
        { property: 'address', value: r.text('address') ?? '' },
        { property: 'division_code', value: division?.ok ? division.value.code12 : '' },
        { property: 'is_trade_association', value: trade === null ? '' : String(trade) },
        { property: 'inspection_result', value: result ?? '', period },
        // A grade is awarded for several years, not per inspection; it takes the row's year when there is one.
        { property: 'evaluation_grade', value: grade ?? '', period },
      ];
    });
  },
};
