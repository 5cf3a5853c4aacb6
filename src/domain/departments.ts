/**
 * The nineteen departments (DOMAIN.md) and how a department named in a source file
 * (业务主管单位, 派出单位: "乌海市人力资源和社会保障局", "市人社局") is recognised.
 * The list is seed data; deployments may add aliases through the `departments` table.
 */
import { toHalfWidth } from './text.js';

export type DepartmentRole = 'registrar' | 'supervisor' | 'data_source';

export interface DepartmentSeed {
  code: string;
  name: string;
  aliases: string[];
  roles: DepartmentRole[];
}

export const DEPARTMENTS: readonly DepartmentSeed[] = [
  { code: 'ORGANIZATION', name: '组织部', aliases: ['党委组织部', '委组织部'], roles: ['data_source', 'supervisor'] },
  { code: 'SOCIAL_WORK', name: '社会工作部', aliases: ['社工部', '委社会工作部'], roles: ['data_source', 'supervisor'] },
  {
    code: 'MARKET_REGULATION',
    name: '市场监督管理局',
    aliases: ['市场监管局', '工商局', '工商行政管理局'],
    roles: ['registrar', 'data_source'],
  },
  { code: 'CIVIL_AFFAIRS', name: '民政局', aliases: [], roles: ['registrar', 'data_source', 'supervisor'] },
  { code: 'TAX', name: '税务局', aliases: ['国家税务总局', '地方税务局', '国税局', '地税局'], roles: ['data_source'] },
  {
    code: 'HUMAN_RESOURCES',
    name: '人力资源和社会保障局',
    aliases: ['人社局', '人力资源社会保障局'],
    roles: ['data_source', 'supervisor'],
  },
  { code: 'FEDERATION_INDUSTRY_COMMERCE', name: '工商业联合会', aliases: ['工商联'], roles: ['data_source', 'supervisor'] },
  { code: 'STATISTICS', name: '统计局', aliases: [], roles: ['data_source'] },
  { code: 'DEVELOPMENT_AND_REFORM', name: '发展和改革委员会', aliases: ['发改委', '发展改革委'], roles: ['data_source', 'supervisor'] },
  { code: 'INDUSTRY_AND_IT', name: '工业和信息化局', aliases: ['工信局', '工业和信息化委员会'], roles: ['data_source', 'supervisor'] },
  { code: 'COMMERCE', name: '商务局', aliases: [], roles: ['data_source', 'supervisor'] },
  { code: 'EDUCATION', name: '教育局', aliases: ['教育委员会', '教委'], roles: ['data_source', 'supervisor'] },
  { code: 'HEALTH', name: '卫生健康委员会', aliases: ['卫健委', '卫生健康局', '卫生局'], roles: ['data_source', 'supervisor'] },
  { code: 'JUSTICE', name: '司法局', aliases: [], roles: ['data_source', 'supervisor'] },
  { code: 'FINANCE', name: '财政局', aliases: [], roles: ['data_source', 'supervisor'] },
  { code: 'HOUSING', name: '住房和城乡建设局', aliases: ['住建局', '住房城乡建设局'], roles: ['data_source', 'supervisor'] },
  {
    code: 'CYBERSPACE',
    name: '网信办',
    aliases: ['互联网信息办公室', '网络安全和信息化委员会办公室'],
    roles: ['data_source', 'supervisor'],
  },
  { code: 'STATE_ASSETS', name: '国有资产监督管理委员会', aliases: ['国资委'], roles: ['data_source', 'supervisor'] },
  { code: 'TALENT_SERVICE_CENTER', name: '人才服务中心', aliases: ['人才交流服务中心'], roles: ['data_source'] },
];

/** Leading administrative prefixes that name where a department sits, not which one it is. */
const PLACE_PREFIX = /^(中共)?[\u4e00-\u9fa5]{1,12}?(省|自治区|市|盟|自治州|地区|区|县|旗)(委)?(?=[\u4e00-\u9fa5]{2})/u;

function stripPlace(name: string): string {
  let s = toHalfWidth(name).replace(/\s+/gu, '');
  // Repeat: "内蒙古自治区乌海市海勃湾区民政局" carries several levels.
  for (let i = 0; i < 3; i++) {
    const next = s.replace(PLACE_PREFIX, '');
    if (next === s || next.length < 2) break;
    s = next;
  }
  return s;
}

/**
 * The department a free-text name refers to, or null when it is none of the list
 * (e.g. 文学艺术界联合会: kept as a name, with no department code).
 */
export function matchDepartment(name: string, list: readonly DepartmentSeed[] = DEPARTMENTS): DepartmentSeed | null {
  const bare = stripPlace(name);
  if (!bare) return null;
  for (const d of list) {
    const names = [d.name, ...d.aliases];
    if (names.some((n) => bare === n || bare === `市${n}` || bare.endsWith(n))) return d;
  }
  return null;
}
