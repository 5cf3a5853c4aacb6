/**
 * The ledgers (台账) officials keep, as column lists with Chinese headers: what each row
 * shows and where it comes from. Pure; the query reads these names.
 */
export const LEDGER_KINDS = ['enterprises', 'social-organizations', 'zones'] as const;
export type LedgerKind = (typeof LEDGER_KINDS)[number];

export interface LedgerColumn {
  /** Column of the ledger query's result. */
  key: string;
  header: string;
  /** Excel column width in characters. */
  width: number;
  type?: 'text' | 'number' | 'percent' | 'date';
}

const common = {
  uscc: { key: 'uscc', header: '统一社会信用代码', width: 22 },
  division: { key: 'division_code', header: '行政区划代码', width: 15 },
  county: { key: 'county_name', header: '所属区县', width: 12 },
  township: { key: 'township_name', header: '所属乡镇（街道）', width: 16 },
  address: { key: 'business_address', header: '生产经营地址', width: 36 },
  bodyCovered: { key: 'covered_by_body', header: '是否建立党组织', width: 10 },
  bodies: { key: 'body_names', header: '党组织名称', width: 36 },
  bodyKinds: { key: 'body_kinds', header: '党组织类别', width: 14 },
  work: { key: 'work_coverage', header: '工作覆盖方式', width: 16 },
  officers: { key: 'officer_names', header: '党建工作指导员', width: 14 },
  members: { key: 'members_total', header: '党员人数', width: 8, type: 'number' },
  formal: { key: 'members_formal', header: '正式党员（非流动）', width: 10, type: 'number' },
  pocket: { key: 'members_pocket', header: '口袋党员', width: 8, type: 'number' },
  advice: { key: 'advice_label', header: '组建方式建议', width: 16 },
  asOf: { key: 'facts_as_of', header: '统计日期', width: 12, type: 'date' },
} satisfies Record<string, LedgerColumn>;

/** Party work at the organization: the same columns end both organization ledgers. */
const partyColumns: LedgerColumn[] = [
  common.bodyCovered,
  common.bodies,
  common.bodyKinds,
  common.work,
  common.officers,
  common.members,
  common.formal,
  common.pocket,
  common.advice,
  common.asOf,
];

export const LEDGER_COLUMNS: Record<LedgerKind, LedgerColumn[]> = {
  enterprises: [
    common.uscc,
    { key: 'name', header: '企业名称', width: 36 },
    { key: 'enterprise_type', header: '企业类型', width: 24 },
    { key: 'industry_code', header: '国民经济行业代码', width: 10 },
    common.division,
    common.county,
    common.township,
    common.address,
    { key: 'legal_representative', header: '法定代表人', width: 10 },
    { key: 'headcount', header: '从业人数', width: 8, type: 'number' },
    { key: 'headcount_source_label', header: '人数来源', width: 12 },
    { key: 'headcount_period', header: '人数所属期', width: 10 },
    ...partyColumns,
  ],
  'social-organizations': [
    common.uscc,
    { key: 'name', header: '社会组织名称', width: 36 },
    { key: 'social_org_type_label', header: '社会组织类型', width: 14 },
    { key: 'supervising_department_name', header: '业务主管单位', width: 20 },
    { key: 'trade_association', header: '是否行业协会商会', width: 10 },
    common.division,
    common.county,
    common.township,
    { key: 'registered_address', header: '住所', width: 36 },
    { key: 'inspection_year', header: '年检年度', width: 8 },
    { key: 'inspection_result', header: '年检结论', width: 10 },
    ...partyColumns,
  ],
  zones: [
    { key: 'zone_kind_label', header: '类型', width: 10 },
    { key: 'zone_name', header: '名称', width: 28 },
    common.division,
    common.county,
    { key: 'organizations', header: '入驻两新组织（台账）', width: 12, type: 'number' },
    { key: 'enterprises', header: '其中：企业', width: 10, type: 'number' },
    { key: 'social_orgs', header: '其中：社会组织', width: 10, type: 'number' },
    { key: 'covered_by_body', header: '已建党组织单位', width: 12, type: 'number' },
    { key: 'organizational_rate', header: '组织覆盖率', width: 10, type: 'percent' },
    { key: 'covered_by_work', header: '工作覆盖单位', width: 12, type: 'number' },
    { key: 'work_rate', header: '工作覆盖率', width: 10, type: 'percent' },
    { key: 'members_total', header: '党员人数', width: 8, type: 'number' },
    common.asOf,
  ],
};

export const LEDGER_TITLES: Record<LedgerKind, string> = {
  enterprises: '非公有制企业台账',
  'social-organizations': '社会组织台账',
  zones: '园区、商圈、商务楼宇台账',
};

export const ADVICE_LABELS: Record<string, string> = {
  COMMITTEE: '单独建立党委',
  GENERAL_BRANCH: '单独建立党总支',
  BRANCH: '单独建立党支部',
  JOINT_BRANCH: '建立联合党支部',
  TEMPORARY_BRANCH: '建立临时党支部',
  GUIDANCE_OFFICER: '选派党建工作指导员',
};

export const BODY_KIND_LABELS: Record<string, string> = {
  COMMITTEE: '党委',
  GENERAL_BRANCH: '党总支',
  BRANCH: '党支部',
  JOINT_BRANCH: '联合党支部',
  TEMPORARY_BRANCH: '临时党支部',
  FUNCTIONAL: '功能型党组织',
};

export const ZONE_KIND_LABELS: Record<string, string> = { PARK: '园区', BUSINESS_DISTRICT: '商圈', BUILDING: '商务楼宇' };
