import type { FileSource } from '../../src/ingest/connector.js';
import { CellReader } from '../../src/ingest/cells.js';
import type { GuidanceOfficerRecord } from '../../src/ingest/records.js';
import { parsePhone } from '../../src/domain/phone.js';
// The same list convention as 覆盖单位统一社会信用代码; one reading for both.
import { usccList } from '../party-organization/uscc-list.js';

const columns = {
  officer_name: { header: '指导员姓名', aliases: ['党建工作指导员', '党建指导员姓名', '姓名', 'name'], required: true },
  sent_by: { header: '派出单位', aliases: ['选派单位', '派出部门', 'department'] },
  phone: { header: '联系电话', aliases: ['手机号码', '联系方式', '电话', 'mobile'] },
  guided_uscc: { header: '指导单位统一社会信用代码', aliases: ['联系单位统一社会信用代码', '指导单位信用代码', 'guided'] },
  assigned_on: { header: '选派日期', aliases: ['选派时间', '派驻日期', 'assigned'] },
};

/** 联系电话, personal data: a reason says what is wrong, never the number. */
function phoneOf(r: CellReader): string | null {
  const parsed = parsePhone(r.cell('phone'));
  if (parsed.ok) return parsed.value.number;
  if (!parsed.absent) r.reject('BAD_VALUE', `联系电话 is not a phone number (${parsed.reason})`);
  return null;
}

export const guidanceOfficers: FileSource = {
  name: 'guidance_officers',
  match: /^guidance_officers.*\.(csv|xlsx)$/i,
  columns,
  map(row) {
    const r = new CellReader(row, columns);
    const name = r.text('officer_name');
    // No officer and no unit: nothing the row could be about (contract: NO_KEY).
    if (name === null && r.text('guided_uscc') === null) r.reject('NO_KEY', '指导员姓名 and 指导单位统一社会信用代码 are both empty');
    else if (name === null) r.reject('MISSING_VALUE', '指导员姓名 is empty');
    const phone = phoneOf(r);
    const guided = usccList(r, 'guided_uscc', '指导单位统一社会信用代码');
    const assigned = r.date('assigned_on');
    return r.result(() => {
      if (name === null) return [];
      const record: GuidanceOfficerRecord = {
        type: 'guidanceOfficer',
        name,
        sentBy: r.text('sent_by'),
        phone,
        guided,
        assignedOn: assigned,
      };
      return [record];
    });
  },
};
