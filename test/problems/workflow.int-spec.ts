import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { homeWithAdmin } from '../factories/accounts.js';
import { problemCounty, problemInput, REPORT, STEP, type StepName } from '../factories/problems.js';
import { startTestApp, type TestApp } from '../setup/test-app.js';

let app: TestApp;
let c: Awaited<ReturnType<typeof problemCounty>>;
beforeAll(async () => {
  app = await startTestApp();
  c = await problemCounty(app, (await homeWithAdmin(app)).adminToken);
});
afterAll(async () => {
  await app?.close();
});

type Status = 'OPEN' | 'IN_PROGRESS' | 'RECTIFIED' | 'VERIFIED';

/** DESIGN.md's workflow, written out independently of the code: from which statuses each step goes where. */
const ALLOWED: Record<StepName, Partial<Record<Status, Status>>> = {
  PROGRESS: { OPEN: 'IN_PROGRESS', IN_PROGRESS: 'IN_PROGRESS' },
  SUBMITTED: { OPEN: 'RECTIFIED', IN_PROGRESS: 'RECTIFIED' },
  EXPLAINED: { OPEN: 'RECTIFIED', IN_PROGRESS: 'RECTIFIED' },
  VERIFIED: { RECTIFIED: 'VERIFIED' },
  REJECTED: { RECTIFIED: 'IN_PROGRESS' },
  REOPENED: { VERIFIED: 'IN_PROGRESS' },
  SENT_BACK: { OPEN: 'OPEN', IN_PROGRESS: 'IN_PROGRESS', RECTIFIED: 'IN_PROGRESS' },
};
const UNIT_STEPS: StepName[] = ['PROGRESS', 'SUBMITTED', 'EXPLAINED'];
const PATH_TO: Record<Status, StepName[]> = {
  OPEN: [],
  IN_PROGRESS: ['PROGRESS'],
  RECTIFIED: ['PROGRESS', 'SUBMITTED'],
  VERIFIED: ['PROGRESS', 'SUBMITTED', 'VERIFIED'],
};

const rightful = (step: StepName) => (UNIT_STEPS.includes(step) ? c.secretaryA.token : c.leader.token);

async function problemIn(status: Status): Promise<string> {
  const reported = await app.gql(REPORT, { input: problemInput(c.campaign.id, c.branchA.id) }, c.secretaryA.token);
  expect(reported.errors).toBeUndefined();
  const id = reported.data!.reportProblem.id;
  for (const step of PATH_TO[status]) {
    const { errors } = await app.gql(STEP[step], { p: id }, rightful(step));
    expect(errors).toBeUndefined();
  }
  return id;
}

const recordCount = async (id: string) =>
  (await app.sql(`SELECT count(*)::int AS n FROM rectification_record WHERE problem_id = $1`, [id]))[0].n;

describe('the rectification workflow', () => {
  const cases = (Object.keys(ALLOWED) as StepName[]).flatMap((step) =>
    (['OPEN', 'IN_PROGRESS', 'RECTIFIED', 'VERIFIED'] as Status[]).map((status) => [step, status] as const),
  );

  it.each(cases)(
    '%s from %s: allowed steps move the status and append one record; others are refused and write nothing',
    async (step, status) => {
      const id = await problemIn(status);
      const before = await recordCount(id);
      const { data, errors } = await app.gql(STEP[step], { p: id }, rightful(step));
      const to = ALLOWED[step][status];
      if (to) {
        expect(errors).toBeUndefined();
        const problem = Object.values(data!)[0] as any;
        expect(problem.status).toBe(to);
        expect(problem.records.at(-1)).toMatchObject({ seq: before + 1, action: step });
        expect(problem.ledgerIntegrity).toEqual({ ok: true, firstBrokenSeq: null, records: before + 1 });
        if (step === 'EXPLAINED') expect(problem.resolution).toBe('NOT_A_PROBLEM');
        if (step === 'SUBMITTED') expect(problem.resolution).toBe('FIXED');
        if (step === 'SENT_BACK') expect(problem.sentBack).toBe(true);
      } else {
        expect(errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'problemId', key: 'problem/step-refused' });
        expect(errors![0].extensions.messages['zh-CN']).toContain('不能');
        expect(await recordCount(id)).toBe(before);
        const [row] = await app.sql(`SELECT status FROM problem WHERE id = $1`, [id]);
        expect(row.status).toBe(status);
      }
    },
  );

  it('refuses every step to everyone but its rightful party, writing nothing', async () => {
    const rectified = await problemIn('RECTIFIED');
    const verified = await problemIn('VERIFIED');
    const open = await problemIn('OPEN');
    const target: Record<StepName, string> = {
      PROGRESS: open,
      SUBMITTED: open,
      EXPLAINED: open,
      VERIFIED: rectified,
      REJECTED: rectified,
      REOPENED: verified,
      SENT_BACK: rectified,
    };
    for (const step of Object.keys(STEP) as StepName[]) {
      const unitStep = UNIT_STEPS.includes(step);
      // A unit never verifies its own problem, nor does a leader holding a grant at the unit itself.
      const wrong = unitStep
        ? [c.leader, c.secretaryB, c.auditor, c.leaderAtA]
        : [c.secretaryA, c.leaderAtA, c.leaderAtB, c.auditor, c.secretaryB];
      for (const user of wrong) {
        const before = await recordCount(target[step]);
        const { errors } = await app.gql(STEP[step], { p: target[step] }, user.token);
        expect([step, user.username, errors?.[0].extensions.code]).toEqual([step, user.username, 'FORBIDDEN']);
        expect(await recordCount(target[step])).toBe(before);
      }
    }
  });

  it('shows each caller exactly the steps it may take', async () => {
    const id = await problemIn('RECTIFIED');
    const actions = async (token: string) =>
      (await app.gql(`query($id: ID!) { problem(id: $id) { availableActions } }`, { id }, token)).data!.problem.availableActions;
    expect(await actions(c.leader.token)).toEqual(['VERIFIED', 'REJECTED', 'SENT_BACK']);
    expect(await actions(c.secretaryA.token)).toEqual([]);
    expect(await actions(c.leaderAtA.token)).toEqual([]);
    expect(await actions(c.auditor.token)).toEqual([]);
  });

  it('a closing “not a problem” needs the verifier: rejected it goes back to work, verified it closes as NOT_A_PROBLEM', async () => {
    const id = await problemIn('OPEN');
    await app.gql(STEP.EXPLAINED, { p: id }, c.secretaryA.token);
    const rejected = await app.gql(STEP.REJECTED, { p: id }, c.leader.token);
    expect(rejected.data!.rejectRectification).toMatchObject({ status: 'IN_PROGRESS', resolution: null });
    await app.gql(STEP.EXPLAINED, { p: id }, c.secretaryA.token);
    const verified = await app.gql(STEP.VERIFIED, { p: id }, c.leader.token);
    expect(verified.data!.verifyProblem).toMatchObject({ status: 'VERIFIED', resolution: 'NOT_A_PROBLEM' });
    expect(verified.data!.verifyProblem.records.map((r: any) => r.action)).toEqual([
      'REPORTED',
      'EXPLAINED',
      'REJECTED',
      'EXPLAINED',
      'VERIFIED',
    ]);
  });

  it('two leaders verifying at once: one succeeds, the other is refused, one record', async () => {
    const id = await problemIn('RECTIFIED');
    const second = await (await import('../factories/accounts.js')).signedIn(app, c.county.id, ['LEADER']);
    const results = await Promise.all([app.gql(STEP.VERIFIED, { p: id }, c.leader.token), app.gql(STEP.VERIFIED, { p: id }, second.token)]);
    expect(results.filter((r) => !r.errors)).toHaveLength(1);
    expect(results.find((r) => r.errors)!.errors![0].extensions.key).toBe('problem/step-refused');
    const records = await app.sql(`SELECT action FROM rectification_record WHERE problem_id = $1 ORDER BY seq`, [id]);
    expect(records.map((r) => r.action)).toEqual(['REPORTED', 'PROGRESS', 'SUBMITTED', 'VERIFIED']);
  });
});
