import type { FileSource } from '../../src/ingest/connector.js';
import { CellReader } from '../../src/ingest/cells.js';
import type { PartyBodyRecord } from '../../src/ingest/records.js';
import { parseDivision } from '../../src/domain/division.js';
import { BODY_KINDS, FORMATIONS, bodyCode, closedTerm } from './terms.js';
import { usccList } from './uscc-list.js';

const columns = {
  body_code: { header: '党组织编码', aliases: ['党组织代码', '组织编码', 'party_body_code'], required: true },
  name: { header: '党组织名称', aliases: ['党组织全称', '组织名称', 'body_name'], required: true },
  body_kind: { header: '党组织类别', aliases: ['党组织类型', '组织类别', 'kind'] },
  formation: { header: '组建方式', aliases: ['组建形式', 'formation_mode'] },
  parent_code: { header: '上级党组织编码', aliases: ['上级党组织代码', '上级组织编码', 'parent'] },
  founded_on: { header: '成立日期', aliases: ['建立日期', '成立时间', 'founded'] },
  covered_uscc: { header: '覆盖单位统一社会信用代码', aliases: ['覆盖单位信用代码', '所在单位统一社会信用代码', 'covered'] },
  division_code: { header: '行政区划代码', aliases: ['区划代码', 'division'] },
};

export const partyBodies: FileSource = {
  name: 'party_bodies',
  match: /^party_bodies.*\.(csv|xlsx)$/i,
  columns,
  map(row) {
    const r = new CellReader(row, columns);
    const name = r.orgName('name');
    // Neither a code nor a name: the row cannot be placed at all (contract: NO_KEY).
    if (!name && r.text('body_code') === null) r.reject('NO_KEY', '党组织编码 and 党组织名称 are both empty');
    const code = bodyCode(r, 'body_code', '党组织编码', Boolean(name));
    if (!name && code) r.reject('MISSING_VALUE', '党组织名称 is empty');
    const kind = closedTerm(r, 'body_kind', '党组织类别', BODY_KINDS, true);
    const formation = closedTerm(r, 'formation', '组建方式', FORMATIONS);
    const parent = bodyCode(r, 'parent_code', '上级党组织编码');
    const founded = r.date('founded_on');
    const divisionText = r.text('division_code');
    const division = divisionText ? parseDivision(divisionText) : null;
    if (division && !division.ok) r.reject('BAD_CODE', `行政区划代码 "${divisionText}": ${division.reason}`);
    const covered = usccList(r, 'covered_uscc', '覆盖单位统一社会信用代码');
    return r.result(() => {
      if (!code || !name || !kind) return [];
      const record: PartyBodyRecord = {
        type: 'partyBody',
        bodyCode: code,
        name: name.name,
        kind,
        formation,
        parentCode: parent,
        foundedOn: founded,
        divisionCode: division?.ok ? division.value.code12 : null,
        covered,
      };
      return [record];
    });
  },
};
