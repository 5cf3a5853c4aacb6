import type { FileSource } from '../../src/ingest/connector.js';
import { CellReader } from '../../src/ingest/cells.js';
import type { MemberRecord } from '../../src/ingest/records.js';
import { parseResidentId } from '../../src/domain/resident-id.js';
import { parseUscc } from '../../src/domain/uscc.js';
import { GENDERS, MEMBER_KINDS, bodyCode, closedTerm } from './terms.js';

const columns = {
  name: { header: '姓名', aliases: ['党员姓名', 'member_name'], required: true },
  id_number: { header: '公民身份号码', aliases: ['公民身份证号码', '身份证号码', '身份证号', 'id_no'], required: true },
  gender: { header: '性别', aliases: ['sex'] },
  member_kind: { header: '人员类别', aliases: ['党员类别', '党员类型', 'kind'] },
  joined_on: { header: '入党日期', aliases: ['入党时间', 'joined'] },
  // May be empty: the relation is kept elsewhere (a pocket member, 口袋党员, is one case).
  body_code: { header: '所在党组织编码', aliases: ['所在党组织代码', '党组织编码', 'party_body_code'] },
  employer_uscc: { header: '工作单位统一社会信用代码', aliases: ['单位统一社会信用代码', '工作单位信用代码', 'employer_credit_code'] },
  employer_name: { header: '工作单位', aliases: ['工作单位名称', '工作单位及职务', 'employer'] },
  relation_held_at: { header: '组织关系所在', aliases: ['组织关系所在单位', '组织关系所在地', 'relation'] },
  is_mobile: { header: '是否流动党员', aliases: ['流动党员', 'mobile'] },
};

/**
 * 公民身份号码, the member's key. Personal data: no reason names the number (the domain
 * parser's reasons do not either), only what is wrong with it.
 */
function residentId(r: CellReader, nameGiven: boolean): string | null {
  const parsed = parseResidentId(r.cell('id_number'));
  switch (parsed.kind) {
    case 'valid':
      return parsed.code;
    case 'absent':
      // Neither name nor ID: nobody the row could be about (contract: NO_KEY).
      r.reject(nameGiven ? 'MISSING_VALUE' : 'NO_KEY', nameGiven ? '公民身份号码 is empty' : '姓名 and 公民身份号码 are both empty');
      return null;
    case 'masked':
      r.reject('MASKED_CODE', '公民身份号码 is masked: never usable as a key');
      return null;
    case 'checkFailed':
      r.reject('CHECK_DIGIT', '公民身份号码 fails its GB 11643 check character');
      return null;
    case 'invalid':
      r.reject('BAD_CODE', `公民身份号码 is not a resident id: ${parsed.reason}`);
      return null;
  }
}

/** 工作单位统一社会信用代码: a masked code is no link (null); an unreadable one is a reason. */
function employerUscc(r: CellReader): string | null {
  const parsed = parseUscc(r.cell('employer_uscc'));
  if (parsed.kind === 'valid' || parsed.kind === 'checkFailed') return parsed.code;
  if (parsed.kind === 'invalid') r.reject('BAD_CODE', `工作单位统一社会信用代码: ${parsed.reason}`);
  return null;
}

export const partyMembers: FileSource = {
  name: 'party_members',
  match: /^party_members.*\.(csv|xlsx)$/i,
  columns,
  map(row) {
    const r = new CellReader(row, columns);
    const name = r.text('name');
    const idNumber = residentId(r, name !== null);
    if (name === null && idNumber !== null) r.reject('MISSING_VALUE', '姓名 is empty');
    const gender = closedTerm(r, 'gender', '性别', GENDERS);
    const kind = closedTerm(r, 'member_kind', '人员类别', MEMBER_KINDS);
    const joined = r.date('joined_on');
    const body = bodyCode(r, 'body_code', '所在党组织编码');
    const employer = employerUscc(r);
    const mobile = r.yesNo('is_mobile');
    return r.result(() => {
      if (name === null || idNumber === null) return [];
      const record: MemberRecord = {
        type: 'member',
        idNumber,
        name,
        gender,
        kind,
        joinedOn: joined,
        bodyCode: body,
        employerUscc: employer,
        employerName: r.orgName('employer_name')?.name ?? null,
        relationHeldAt: r.text('relation_held_at'),
        isMobile: mobile,
      };
      return [record];
    });
  },
};
