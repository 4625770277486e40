import { describe, expect, it } from '@jest/globals';
import { OrganizationKind } from '../organizations/organization-kind.js';
import { DEMO_SECRETARY_UNIT_CODE, buildDemoCityTree } from './city-tree.js';
import { buildDemoSessions, DEMO_REQUIREMENTS } from './demo-campaign.js';

const units = buildDemoCityTree().map((u, i) => ({
  id: i + 1,
  code: u.code,
  kind: u.kind as OrganizationKind,
  memberCount: u.memberCount,
}));

describe('demo campaign sessions', () => {
  const sessions = buildDemoSessions(units, '2026-10-10', '2026-11-24');

  it('stay inside the campaign, before today, with attendance that adds up', () => {
    expect(sessions.length).toBeGreaterThan(1000);
    for (const s of sessions) {
      expect(s.heldOn >= '2026-10-11' && s.heldOn < '2026-11-24').toBe(true);
      expect(s.actual).toBeLessThanOrEqual(s.expected);
      expect(s.hours).toBeGreaterThan(0);
    }
  });

  it('leave some units complete, some started and some not started', () => {
    const complete = units.filter((unit) =>
      DEMO_REQUIREMENTS.filter((r) => r.appliesTo.includes(unit.kind)).every(
        (r) => sessions.filter((s) => s.organizationId === unit.id && s.type === r.sessionType).length >= r.minCount,
      ),
    );
    const started = new Set(sessions.map((s) => s.organizationId));
    expect(complete.length / units.length).toBeGreaterThan(0.2);
    expect(complete.length / units.length).toBeLessThan(0.6);
    expect(units.length - started.size).toBeGreaterThan(100);
  });

  it('leave the demo secretary’s branch one 读书班 short', () => {
    const branch = units.find((u) => u.code === DEMO_SECRETARY_UNIT_CODE)!;
    const own = sessions.filter((s) => s.organizationId === branch.id);
    expect(own.filter((s) => s.type === 'READING_CLASS')).toHaveLength(1);
    expect(own.filter((s) => s.type === 'THEMED_PARTY_DAY')).toHaveLength(1);
  });
});
