import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { verifyLedger } from '../../server/src/problems/ledger-cli.js';
import { login } from '../factories/accounts.js';
import { startTestApp, type TestApp } from '../setup/test-app.js';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp({ demo: true });
});
afterAll(async () => {
  await app?.close();
});

describe('the demo campaign’s problems', () => {
  it('holds problems in every status, some overdue, with intact ledgers', async () => {
    const statuses = await app.sql(`SELECT status, count(*)::int AS n FROM problem GROUP BY status ORDER BY status`);
    expect(statuses.map((s) => s.status)).toEqual(['IN_PROGRESS', 'OPEN', 'RECTIFIED', 'VERIFIED']);
    const leader = await login(app, 'demo-leader', 'Demo@2026');
    const [{ id: campaignId }] = await app.sql(`SELECT id::text FROM campaign`);
    const [{ id: cityId }] = await app.sql(`SELECT id::text FROM organization WHERE depth = 1`);
    const figures = await app.gql(
      `query($c: ID!, $o: ID!) { problemFigures(campaignId: $c, organizationId: $o, includeSubtree: true) { found open inProgress rectified verified overdue } }`,
      { c: campaignId, o: cityId },
      leader,
    );
    const f = figures.data!.problemFigures;
    expect(f.found).toBe(statuses.reduce((sum, s) => sum + s.n, 0));
    expect(f.open + f.inProgress + f.rectified + f.verified).toBe(f.found);
    expect(f.overdue).toBeGreaterThan(0);
    const lines: string[] = [];
    expect(await verifyLedger({ DATABASE_URL: app.databaseUrl }, (line) => lines.push(line))).toBe(0);
    expect(lines.at(-1)).toMatch(/^OK: \d+ records of \d+ problems/);
  });

  it('gives the demo secretary a problem being fixed and a met checklist requirement', async () => {
    const secretary = await login(app, 'demo-secretary', 'Demo@2026');
    const [{ id: campaignId }] = await app.sql(`SELECT id::text FROM campaign`);
    const [{ id: unitId }] = await app.sql(`SELECT id::text FROM organization WHERE code = '530602004001'`);
    const list = await app.gql(
      `query($c: ID!) { problems(campaignId: $c) { edges { node { status availableActions organization { id } } } } }`,
      { c: campaignId },
      secretary,
    );
    expect(list.data!.problems.edges.map((e: any) => e.node)).toEqual([
      {
        status: 'IN_PROGRESS',
        availableActions: ['UPDATED', 'DEADLINE_CHANGED', 'PROGRESS', 'MEASURE_COMPLETED', 'SUBMITTED', 'EXPLAINED'],
        organization: { id: unitId },
      },
    ]);
    const status = await app.gql(
      `query($c: ID!, $o: ID!) { unitCampaignStatus(campaignId: $c, organizationId: $o) { requirements { done required requirement { kind } } } }`,
      { c: campaignId, o: unitId },
      secretary,
    );
    expect(status.data!.unitCampaignStatus.requirements.find((r: any) => r.requirement.kind === 'PROBLEM_CHECKLIST')).toMatchObject({
      done: 1,
      required: 1,
    });
  });
});
