import type { FileSource } from '../../src/ingest/connector.js';
import { CellReader } from '../../src/ingest/cells.js';
import { organizationKeys } from '../../src/ingest/org-keys.js';

const columns = {
  uscc: { header: '统一社会信用代码', aliases: ['社会信用代码'] },
  name: { header: '企业名称', aliases: ['名称'] },
  report_year: { header: '年报年度', aliases: ['年度', 'year'], required: true },
  employees: { header: '从业人数', aliases: ['从业人员', 'employee_count'] },
  party_members: { header: '中共党员人数（含预备党员）', aliases: ['中共党员人数', '党员人数'] },
  has_party_body: { header: '是否建立党组织', aliases: ['是否建立党组织（是/否）'] },
  legal_rep_is_member: { header: '法定代表人是否中共党员', aliases: ['法定代表人是否党员'] },
  operating_state: { header: '经营状态', aliases: ['企业经营状态'] },
  business_address: { header: '生产经营地址', aliases: ['经营地址', '通信地址'] },
  filed_on: { header: '报送日期', aliases: ['年报日期', '报送时间'] },
};

export const annualReports: FileSource = {
  name: 'annual_reports',
  match: /^annual_reports.*\.(csv|xlsx)$/i,
  columns,
  map(row) {
    const r = new CellReader(row, columns);
    const name = r.orgName('name');
    const year = r.year('report_year', true);
    const employees = r.count('employees');
    const members = r.count('party_members');
    const hasBody = r.yesNo('has_party_body');
    const repIsMember = r.yesNo('legal_rep_is_member');
    const filed = r.date('filed_on');
    const keys = organizationKeys({ uscc: r.cell('uscc'), name });
    return r.organization(keys, () => {
      if (year === null) return null;
      const period = String(year);
      const yes = (b: boolean | null) => (b === null ? '' : String(b));
      return [
        { property: 'name', value: name?.name ?? '' },
        { property: 'ar_employees', value: employees === null ? '' : String(employees), period },
        { property: 'ar_party_members', value: members === null ? '' : String(members), period },
        { property: 'ar_has_party_body', value: yes(hasBody), period },
        { property: 'ar_legal_rep_is_member', value: yes(repIsMember), period },
        { property: 'ar_operating_state', value: r.text('operating_state') ?? '', period },
        { property: 'business_address', value: r.text('business_address') ?? '', period },
        // The filing itself is a fact (an annual report exists for the year) even when every cell is empty.
        { property: 'ar_filed', value: filed ?? 'yes', period },
      ];
    });
  },
};
