/** Events of Party relations from before/after snapshots: pure. */
import { describe, expect, it } from 'vitest';
import { relationEvents, relinkEvents } from '../../src/ingest/write/relation-events.js';

const snap = (id: number, fields: Record<string, unknown>) => ({
  id,
  divisionCode: '150302001000',
  orgKind: 'ENTERPRISE',
  organizationId: 9,
  fields,
});

describe('relation events', () => {
  it('a row absent before is CREATED with its non-empty fields', () => {
    const after = new Map([['k', snap(1, { kind: 'FORMAL', bodyCode: null, isMobile: false })]]);
    expect(relationEvents('member', new Map(), after, 'run:1')).toEqual([
      {
        entityType: 'member',
        entityId: 1,
        kind: 'CREATED',
        changes: { kind: { old: null, new: 'FORMAL' }, isMobile: { old: null, new: false } },
        divisionCode: '150302001000',
        orgKind: 'ENTERPRISE',
        organizationId: 9,
        cause: 'run:1',
      },
    ]);
  });

  it('a changed row is UPDATED with what changed, lists compared by value; an unchanged one writes nothing', () => {
    const before = new Map([
      ['a', snap(1, { name: 'x', coveredUnits: ['A', 'B'] })],
      ['b', snap(2, { name: 'y', coveredUnits: ['C'] })],
    ]);
    const after = new Map([
      ['a', snap(1, { name: 'x', coveredUnits: ['A', 'B'] })],
      ['b', snap(2, { name: 'z', coveredUnits: ['C', 'D'] })],
    ]);
    const events = relationEvents('partyBody', before, after, 'mutation:updatePartyBody');
    expect(events.map((e) => [e.entityId, e.kind, e.changes])).toEqual([
      [2, 'UPDATED', { name: { old: 'y', new: 'z' }, coveredUnits: { old: ['C'], new: ['C', 'D'] } }],
    ]);
  });

  it('a membership or assignment moved to another organization changes only the organization it names', () => {
    const to = { id: 9, divisionCode: '150303001001', kind: 'ENTERPRISE' };
    const events = relinkEvents(
      [
        { entityType: 'member', id: 4, from: 7, organization: to },
        { entityType: 'assignment', id: 5, from: null, organization: to },
      ],
      'run:3',
    );
    expect(events.map((e) => [e.entityType, e.entityId, e.changes, e.organizationId, e.divisionCode])).toEqual([
      ['member', 4, { employerId: { old: 7, new: 9 } }, 9, '150303001001'],
      ['assignment', 5, { organizationId: { old: null, new: 9 } }, 9, '150303001001'],
    ]);
  });
});
