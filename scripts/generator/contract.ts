/**
 * The six source shapes of /work/shared/contracts/README.md: Chinese header
 * and English alias, in contract order. Generated files use exactly these
 * (plus, where a file is meant to drift, unknown extra columns).
 */

export const CONNECTORS = ['business-registration', 'social-security', 'tax', 'civil-affairs', 'party-organization', 'guidance'] as const;
export type ConnectorId = (typeof CONNECTORS)[number];

type Shape = readonly (readonly [header: string, alias: string])[];

export const ENTERPRISES: Shape = [
  ['统一社会信用代码', 'uscc'],
  ['注册号', 'reg_no'],
  ['企业名称', 'name'],
  ['企业类型', 'enterprise_type'],
  ['法定代表人', 'legal_rep'],
  ['注册资本（万元）', 'capital_10k_cny'],
  ['成立日期', 'established_on'],
  ['登记状态', 'status'],
  ['住所', 'address'],
  ['行政区划代码', 'division_code'],
  ['国民经济行业代码', 'industry_code'],
  ['登记机关', 'authority'],
];

export const ANNUAL_REPORTS: Shape = [
  ['统一社会信用代码', 'uscc'],
  ['企业名称', 'name'],
  ['年报年度', 'report_year'],
  ['从业人数', 'employees'],
  ['中共党员人数（含预备党员）', 'party_members'],
  ['是否建立党组织', 'has_party_body'],
  ['法定代表人是否中共党员', 'legal_rep_is_member'],
  ['经营状态', 'operating_state'],
  ['生产经营地址', 'business_address'],
  ['报送日期', 'filed_on'],
];

export const INSURED_UNITS: Shape = [
  ['统一社会信用代码', 'uscc'],
  ['单位名称', 'name'],
  ['参保年月', 'period'],
  ['参保人数', 'insured'],
  ['单位参保状态', 'enrollment_state'],
  ['所属区县', 'district'],
];

export const TAXPAYERS: Shape = [
  ['纳税人识别号', 'taxpayer_id'],
  ['纳税人名称', 'name'],
  ['纳税人状态', 'tax_state'],
  ['登记注册类型', 'registration_type'],
  ['所属期', 'period'],
  ['个税扣缴人数', 'iit_withheld'],
  ['生产经营地址', 'business_address'],
  ['主管税务机关', 'tax_office'],
];

export const SOCIAL_ORGS: Shape = [
  ['统一社会信用代码', 'uscc'],
  ['社会组织名称', 'name'],
  ['社会组织类型', 'social_org_type'],
  ['业务主管单位', 'supervisor'],
  ['登记管理机关', 'registrar'],
  ['法定代表人', 'legal_rep'],
  ['成立登记日期', 'established_on'],
  ['登记状态', 'status'],
  ['住所', 'address'],
  ['行政区划代码', 'division_code'],
  ['是否行业协会商会', 'is_trade_association'],
  ['年检年度', 'inspection_year'],
  ['年检结论', 'inspection_result'],
  ['评估等级', 'evaluation_grade'],
];

export const PARTY_BODIES: Shape = [
  ['党组织编码', 'body_code'],
  ['党组织名称', 'name'],
  ['党组织类别', 'body_kind'],
  ['组建方式', 'formation'],
  ['上级党组织编码', 'parent_code'],
  ['成立日期', 'founded_on'],
  ['覆盖单位统一社会信用代码', 'covered_uscc'],
  ['行政区划代码', 'division_code'],
];

export const PARTY_MEMBERS: Shape = [
  ['姓名', 'name'],
  ['公民身份号码', 'id_number'],
  ['性别', 'gender'],
  ['人员类别', 'member_kind'],
  ['入党日期', 'joined_on'],
  ['所在党组织编码', 'body_code'],
  ['工作单位统一社会信用代码', 'employer_uscc'],
  ['工作单位', 'employer_name'],
  ['组织关系所在', 'relation_held_at'],
  ['是否流动党员', 'is_mobile'],
];

export const GUIDANCE_OFFICERS: Shape = [
  ['指导员姓名', 'officer_name'],
  ['派出单位', 'sent_by'],
  ['联系电话', 'phone'],
  ['指导单位统一社会信用代码', 'guided_uscc'],
  ['选派日期', 'assigned_on'],
];

/** Contract headers of a shape, in contract order. */
export const headers = (shape: Shape): string[] => shape.map(([h]) => h);

/** Chinese header → English alias. */
export const aliases = (shape: Shape): Record<string, string> => Object.fromEntries(shape.map(([h, a]) => [h, a]));
