/**
 * What a change event may never carry: resident ID numbers, phone numbers, and who a Party
 * member is (name, gender, birth). Members and guidance officers appear in the feed by their
 * hub id; a consumer allowed to see more asks the API, which masks and audits.
 */
const PERSONAL_EVERYWHERE = /idNumber|phone|birth/i;
const PERSONAL_BY_ENTITY: Record<string, ReadonlySet<string>> = {
  member: new Set(['name', 'gender', 'employerName']),
  assignment: new Set(['officerName']),
};

export function personalFields(entityType: string, fields: Iterable<string>): string[] {
  const own = PERSONAL_BY_ENTITY[entityType];
  return [...fields].filter((f) => PERSONAL_EVERYWHERE.test(f) || own?.has(f));
}

/** A writer that tries to put personal data in the outbox is a bug: fail loudly, in tests first. */
export function assertNoPersonalFields(entityType: string, changes: Record<string, unknown>): void {
  const bad = personalFields(entityType, Object.keys(changes));
  if (bad.length > 0) throw new Error(`change event for ${entityType} would carry personal data (${bad.join(', ')})`);
}

/**
 * Fields naming a person who is not a member or officer: the legal representative is public
 * registration data (on the business licence), but a feed that reaches partners without
 * org:read carries it masked all the same — the family name and a star per further character.
 */
const PERSON_NAMES = new Set(['legalRepresentative']);

export function maskPersonName(name: string): string {
  const chars = [...name.trim()];
  return chars.length <= 1 ? '*' : `${chars[0]}${'*'.repeat(chars.length - 1)}`;
}

/** The value a change event carries for `field`: names of people masked, everything else as it is. */
export function eventValue(field: string, value: unknown): unknown {
  return PERSON_NAMES.has(field) && typeof value === 'string' && value ? maskPersonName(value) : value;
}
