import type { FileSource } from '../../src/ingest/connector.js';
import { CellReader } from '../../src/ingest/cells.js';
import type { ZoneRecord } from '../../src/ingest/records.js';
import { parseDivision } from '../../src/domain/division.js';
import { cleanText } from '../../src/rules/facts.js';
import { usccList } from '../party-organization/uscc-list.js';

const columns = {
  kind: { header: '类型', aliases: ['载体类型', '园区类型', 'kind'], required: true },
  name: { header: '名称', aliases: ['园区名称', '载体名称', '楼宇名称', 'name'], required: true },
  division: { header: '行政区划代码', aliases: ['所属区划', 'division_code'] },
  keywords: { header: '地址关键词', aliases: ['地址关键字', 'keywords'] },
  units: { header: '入驻单位统一社会信用代码', aliases: ['入驻单位', 'units'] },
};

const KINDS: Record<string, ZoneRecord['kind']> = {
  园区: 'PARK',
  产业园区: 'PARK',
  工业园区: 'PARK',
  开发区: 'PARK',
  商圈: 'BUSINESS_DISTRICT',
  商业街区: 'BUSINESS_DISTRICT',
  商务楼宇: 'BUILDING',
  楼宇: 'BUILDING',
  PARK: 'PARK',
  BUSINESS_DISTRICT: 'BUSINESS_DISTRICT',
  BUILDING: 'BUILDING',
};

export const zones: FileSource = {
  name: 'zones',
  match: /^zones.*\.(csv|xlsx)$/i,
  columns,
  map(row) {
    const r = new CellReader(row, columns);
    const kindText = r.text('kind');
    const kind = kindText ? KINDS[cleanText(kindText).toUpperCase()] : undefined;
    if (!kindText) r.reject('MISSING_VALUE', '类型 is empty');
    else if (!kind) r.reject('BAD_VALUE', `类型 "${kindText}" is not 园区, 商圈 or 商务楼宇`);
    const name = r.text('name');
    if (!name) r.reject('MISSING_VALUE', '名称 is empty');
    const divisionCell = r.text('division');
    const division = divisionCell ? parseDivision(divisionCell) : null;
    if (division && !division.ok) r.reject('BAD_VALUE', `行政区划代码: ${division.absent ? 'empty' : division.reason}`);
    const keywords = (r.text('keywords') ?? '')
      .split(/[;；,，、\s]+/)
      .map((k) => k.trim())
      .filter((k) => k.length >= 2);
    const units = usccList(r, 'units', '入驻单位统一社会信用代码');
    return r.result(() => {
      if (!kind || !name) return [];
      const record: ZoneRecord = {
        type: 'zone',
        kind,
        name: cleanText(name),
        divisionCode: division?.ok ? division.value.code12 : null,
        keywords,
        units,
      };
      return [record];
    });
  },
};
