import type { FileSource } from '../../src/ingest/connector.js';
import { CellReader } from '../../src/ingest/cells.js';
import { organizationKeys } from '../../src/ingest/org-keys.js';

/** Also the API's item fields: the canonical names are the contract's [alias] names. */
export const taxpayerColumns = {
  // 纳税人识别号: a USCC, or an old 15-character id that links through its organization code.
  taxpayer_id: { header: '纳税人识别号', aliases: ['纳税人识别号（统一社会信用代码）', '统一社会信用代码', '社会信用代码', 'tax_id'] },
  name: { header: '纳税人名称', aliases: ['企业名称', '单位名称', 'taxpayer_name'] },
  tax_state: { header: '纳税人状态', aliases: ['纳税人状态名称', '登记状态', 'taxpayer_status'] },
  registration_type: { header: '登记注册类型', aliases: ['登记注册类型名称', '注册类型', 'reg_type'] },
  // 所属期: the tax state and withheld count describe a month; without one they cannot be placed.
  period: { header: '所属期', aliases: ['税款所属期', '所属期起', '所属年月', 'month'], required: true },
  iit_withheld: { header: '个税扣缴人数', aliases: ['个人所得税扣缴人数', '扣缴人数', 'withheld_count'] },
  business_address: { header: '生产经营地址', aliases: ['经营地址', '生产经营地', 'address'] },
  tax_office: { header: '主管税务机关', aliases: ['主管税务所（科、分局）', '税务机关', 'tax_authority'] },
};

export const taxpayers: FileSource = {
  name: 'taxpayers',
  match: /^taxpayers.*\.(csv|xlsx)$/i,
  columns: taxpayerColumns,
  map(row) {
    const r = new CellReader(row, taxpayerColumns);
    const name = r.orgName('name');
    const month = r.month('period', true);
    const withheld = r.count('iit_withheld');
    const keys = organizationKeys({ taxpayerId: r.cell('taxpayer_id'), name });
    return r.organization(keys, () => {
      if (month === null) return null;
      return [
        { property: 'name', value: name?.name ?? '' },
        { property: 'tax_state', value: r.text('tax_state') ?? '', period: month },
        { property: 'iit_withheld', value: withheld === null ? '' : String(withheld), period: month },
        { property: 'business_address', value: r.text('business_address') ?? '', period: month },
        { property: 'registration_type', value: r.text('registration_type') ?? '' },
        { property: 'tax_office', value: r.text('tax_office') ?? '' },
      ];
    });
  },
};
