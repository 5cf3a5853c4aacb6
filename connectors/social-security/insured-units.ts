import type { FileSource } from '../../src/ingest/connector.js';
import { CellReader } from '../../src/ingest/cells.js';
import { organizationKeys } from '../../src/ingest/org-keys.js';

const columns = {
  uscc: { header: '统一社会信用代码', aliases: ['社会信用代码', '单位统一社会信用代码', 'credit_code'] },
  name: { header: '单位名称', aliases: ['参保单位名称', '缴费单位名称', 'unit_name'] },
  // 参保年月: without a month the headcount cannot be placed, so the column is required.
  period: { header: '参保年月', aliases: ['费款所属期', '缴费年月', '年月', 'month'], required: true },
  insured: { header: '参保人数', aliases: ['在职参保人数', '缴费人数', 'insured_count'] },
  enrollment_state: { header: '单位参保状态', aliases: ['参保状态', '单位状态', 'unit_status'] },
  // 所属区县: a county name or code; a unit without USCC is matched by name within it.
  district: { header: '所属区县', aliases: ['所属区域', '区县', '行政区划', 'county'] },
};

export const insuredUnits: FileSource = {
  name: 'insured_units',
  match: /^insured_units.*\.(csv|xlsx)$/i,
  columns,
  map(row) {
    const r = new CellReader(row, columns);
    const name = r.orgName('name');
    const month = r.month('period', true);
    const insured = r.count('insured');
    const keys = organizationKeys({ uscc: r.cell('uscc'), name, district: r.cell('district') });
    return r.organization(keys, () => {
      if (month === null) return null;
      return [
        { property: 'name', value: name?.name ?? '' },
        { property: 'insured', value: insured === null ? '' : String(insured), period: month },
        { property: 'enrollment_state', value: r.text('enrollment_state') ?? '', period: month },
      ];
    });
  },
};
