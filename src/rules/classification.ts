/**
 * What kind of organization a record describes, from what the registrars say and the USCC.
 * Pure: the projection and the scope rules both use these.
 */
import { usccOrgCategory, type UsccCategory } from '../domain/uscc.js';
import { cleanText as clean } from './facts.js';

export type OrganizationKind =
  'ENTERPRISE' | 'INDIVIDUAL_BUSINESS' | 'FARMERS_COOP' | 'SOCIAL_ORGANIZATION' | 'GOVERNMENT' | 'PUBLIC_INSTITUTION' | 'OTHER';
export type SocialOrgType = 'ASSOCIATION' | 'SOCIAL_SERVICE' | 'FOUNDATION' | 'OTHER';
export type Ownership = 'PRIVATE' | 'STATE' | 'FOREIGN' | 'PUBLIC_INSTITUTION' | 'GOVERNMENT';
export type RegistrationStatus = 'ACTIVE' | 'REVOKED' | 'DEREGISTERED' | 'MOVED_OUT' | 'OTHER';

/** 社会组织类型: 社会团体 / 民办非企业单位 / 社会服务机构 / 基金会 */
export function socialOrgTypeOf(text: string | null | undefined): SocialOrgType | null {
  if (!text) return null;
  const t = clean(text);
  if (t.includes('社会团体') || t === '社团') return 'ASSOCIATION';
  if (t.includes('民办非企业') || t.includes('社会服务机构')) return 'SOCIAL_SERVICE';
  if (t.includes('基金会')) return 'FOUNDATION';
  return 'OTHER';
}

/** DOMAIN.md condition 2: the enterprise type names state ownership. */
export function isStateOwnedType(enterpriseType: string | null | undefined): boolean {
  if (!enterpriseType) return false;
  const t = clean(enterpriseType);
  return t.includes('国有') || t.includes('全民所有制');
}

export function registrationStatusOf(text: string | null | undefined): RegistrationStatus | null {
  if (!text) return null;
  const t = clean(text);
  // "吊销，未注销" is revoked: check the stronger words first.
  if (t.includes('吊销') || t.includes('撤销')) return 'REVOKED';
  if (t.includes('注销')) return 'DEREGISTERED';
  if (t.includes('迁出')) return 'MOVED_OUT';
  if (/存续|在业|在营|开业|在册|正常/.test(t)) return 'ACTIVE';
  return 'OTHER';
}

export interface ClassificationInput {
  uscc: string | null;
  enterpriseType: string | null;
  socialOrgType: string | null;
}

export interface Classification {
  kind: OrganizationKind | null;
  socialOrgType: SocialOrgType | null;
  ownership: Ownership | null;
}

const KIND_BY_CATEGORY: Record<UsccCategory, OrganizationKind> = {
  ENTERPRISE: 'ENTERPRISE',
  INDIVIDUAL_BUSINESS: 'INDIVIDUAL_BUSINESS',
  FARMERS_COOP: 'FARMERS_COOP',
  SOCIAL_ASSOCIATION: 'SOCIAL_ORGANIZATION',
  SOCIAL_SERVICE: 'SOCIAL_ORGANIZATION',
  FOUNDATION: 'SOCIAL_ORGANIZATION',
  SOCIAL_OTHER: 'SOCIAL_ORGANIZATION',
  GOVERNMENT: 'GOVERNMENT',
  PUBLIC_INSTITUTION: 'PUBLIC_INSTITUTION',
  INSTITUTIONAL_OTHER: 'OTHER',
  OTHER: 'OTHER',
};

const SOCIAL_TYPE_BY_CATEGORY: Partial<Record<UsccCategory, SocialOrgType>> = {
  SOCIAL_ASSOCIATION: 'ASSOCIATION',
  SOCIAL_SERVICE: 'SOCIAL_SERVICE',
  FOUNDATION: 'FOUNDATION',
  SOCIAL_OTHER: 'OTHER',
};

/** The registrar's own type wins over the USCC category, which is the fallback. */
export function classify(input: ClassificationInput): Classification {
  const socialOrgType = socialOrgTypeOf(input.socialOrgType);
  const category = input.uscc ? usccOrgCategory(input.uscc) : null;
  let kind: OrganizationKind | null = null;
  if (socialOrgType) kind = 'SOCIAL_ORGANIZATION';
  else if (input.enterpriseType) {
    const t = clean(input.enterpriseType);
    kind = t.includes('个体') ? 'INDIVIDUAL_BUSINESS' : t.includes('农民专业合作社') ? 'FARMERS_COOP' : 'ENTERPRISE';
  } else if (category) {
    kind = KIND_BY_CATEGORY[category];
  }
  const fromCategory = SOCIAL_TYPE_BY_CATEGORY[category ?? 'OTHER'] ?? null;
  let ownership: Ownership | null = null;
  if (kind === 'GOVERNMENT') ownership = 'GOVERNMENT';
  else if (kind === 'PUBLIC_INSTITUTION' || category === 'PUBLIC_INSTITUTION') ownership = 'PUBLIC_INSTITUTION';
  else if (isStateOwnedType(input.enterpriseType)) ownership = 'STATE';
  else if (input.enterpriseType && /外商|外资|中外|港澳台|台港澳/.test(input.enterpriseType)) ownership = 'FOREIGN';
  else if (kind) ownership = 'PRIVATE';
  return { kind, socialOrgType: socialOrgType ?? (kind === 'SOCIAL_ORGANIZATION' ? fromCategory : null), ownership };
}
