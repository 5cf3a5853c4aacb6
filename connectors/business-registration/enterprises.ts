import type { FileSource } from '../../src/ingest/connector.js';
import { CellReader } from '../../src/ingest/cells.js';
import { organizationKeys } from '../../src/ingest/org-keys.js';
import { parseDivision } from '../../src/domain/division.js';

const columns = {
  uscc: { header: '统一社会信用代码', aliases: ['社会信用代码', 'credit_code'] },
  reg_no: { header: '注册号', aliases: ['registration_no'] },
  name: { header: '企业名称', aliases: ['名称', 'company_name'], required: true },
  enterprise_type: { header: '企业类型', aliases: ['类型'] },
  legal_rep: { header: '法定代表人', aliases: ['法定代表人（负责人）', '负责人'] },
  capital_10k_cny: { header: '注册资本（万元）', aliases: ['注册资本', 'capital'] },
  established_on: { header: '成立日期', aliases: ['established'] },
  status: { header: '登记状态', aliases: ['经营状态', 'reg_status'] },
  address: { header: '住所', aliases: ['注册地址', '住所（经营场所）'] },
  division_code: { header: '行政区划代码', aliases: ['区划代码', 'division'] },
  industry_code: { header: '国民经济行业代码', aliases: ['行业代码', 'industry'] },
  authority: { header: '登记机关', aliases: ['registrar'] },
};

export const enterprises: FileSource = {
  name: 'enterprises',
  match: /^enterprises.*\.(csv|xlsx)$/i,
  columns,
  map(row) {
    const r = new CellReader(row, columns);
    const name = r.orgName('name');
    const established = r.date('established_on');
    const capital = r.decimal('capital_10k_cny');
    const divisionText = r.text('division_code');
    const division = divisionText ? parseDivision(divisionText) : null;
    if (division && !division.ok) r.reject('BAD_CODE', `行政区划代码 "${divisionText}": ${division.reason}`);
    const keys = organizationKeys({
      uscc: r.cell('uscc'),
      regNo: r.cell('reg_no'),
      name,
      district: division?.ok ? division.value.code : undefined,
    });
    return r.organization(keys, () => {
      return [
        { property: 'name', value: name?.name ?? '' },
        { property: 'enterprise_type', value: r.text('enterprise_type') ?? '' },
        { property: 'legal_rep', value: r.text('legal_rep') ?? '' },
        { property: 'capital_10k', value: capital === null ? '' : String(capital) },
        { property: 'established_on', value: established ?? '' },
        { property: 'registration_status', value: r.text('status') ?? '' },
        { property: 'address', value: r.text('address') ?? '' },
        { property: 'division_code', value: division?.ok ? division.value.code12 : '' },
        { property: 'industry_code', value: (r.text('industry_code') ?? '').toUpperCase() },
        { property: 'registrar', value: r.text('authority') ?? '' },
      ];
    });
  },
};
