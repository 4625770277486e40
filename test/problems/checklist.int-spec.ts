import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { Clock } from '../../server/src/common/clock.js';
import { homeWithAdmin } from '../factories/accounts.js';
import { day, launchCampaign } from '../factories/campaigns.js';
import { PROBLEM_FIELDS, problemCounty, problemInput, REPORT, STEP } from '../factories/problems.js';
import { startTestApp, type TestApp } from '../setup/test-app.js';

let app: TestApp;
let c: Awaited<ReturnType<typeof problemCounty>>;
let clock: Clock;
beforeAll(async () => {
  app = await startTestApp();
  c = await problemCounty(app, (await homeWithAdmin(app)).adminToken);
  clock = app.nest.get(Clock);
});
afterEach(() => clock.reset());
afterAll(async () => {
  await app?.close();
});

const DAY_MS = 86_400_000;
const travel = (days: number) => clock.travelTo(new Date(Date.now() + days * DAY_MS));
const fieldsOf = (input: ReturnType<typeof problemInput>) => {
  const { campaignId: _c, organizationId: _o, ...fields } = input;
  return fields;
};
const report = (input: Record<string, unknown>, token = c.secretaryA.token) => app.gql(REPORT, { input }, token);
const problemCount = async () => (await app.sql(`SELECT count(*)::int AS n FROM problem`))[0].n;

describe('reporting problems', () => {
  it.each([
    ['personName', { scope: 'INDIVIDUAL' }],
    ['deadline', { deadline: null }],
    ['foundOn', { foundOn: day(1) }],
    ['deadline', { deadline: day(-10) }],
    ['measures', { measures: [] }],
    ['description', { description: '' }],
    ['owner', { measures: [{ content: '整改', owner: '', deadline: day(5) }] }],
    ['category', { category: 'NOT_A_CATEGORY' }],
  ])('refuses a bad %s with BAD_USER_INPUT naming it, storing nothing', async (field, overrides) => {
    const before = await problemCount();
    const { errors } = await report(problemInput(c.campaign.id, c.branchA.id, overrides));
    expect(errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
    expect(errors![0].extensions.messages['zh-CN']).toBeTruthy();
    expect(await problemCount()).toBe(before);
  });

  it('a retry with the same clientRequestId returns the first problem', async () => {
    const input = problemInput(c.campaign.id, c.branchA.id, { clientRequestId: 'retry-problem-1' });
    const results = await Promise.all([report(input), report(input), report(input)]);
    const ids = new Set(results.map((r) => r.data?.reportProblem.id));
    expect(ids.size).toBe(1);
    expect((await app.sql(`SELECT count(*)::int AS n FROM problem WHERE client_request_id = 'retry-problem-1'`))[0].n).toBe(1);
  });

  it('an individual problem names the person; the checklist requirement counts the unit’s problems', async () => {
    const campaign = await launchCampaign(app, c.leader.token, c.county.id, [
      { title: '形成查摆问题清单', kind: 'PROBLEM_CHECKLIST', minCount: 2, appliesTo: ['BRANCH'] },
    ]);
    const status = async () =>
      (
        await app.gql(
          `query($c: ID!, $o: ID!) { unitCampaignStatus(campaignId: $c, organizationId: $o) { complete requirements { done required } } }`,
          { c: campaign.id, o: c.branchB.id },
          c.secretaryB.token,
        )
      ).data!.unitCampaignStatus;
    expect(await status()).toEqual({ complete: false, requirements: [{ done: 0, required: 2 }] });
    const individual = await report(
      problemInput(campaign.id, c.branchB.id, { scope: 'INDIVIDUAL', personName: '赵某' }),
      c.secretaryB.token,
    );
    expect(individual.data!.reportProblem).toMatchObject({ scope: 'INDIVIDUAL', personName: '赵某' });
    await report(problemInput(campaign.id, c.branchB.id), c.secretaryB.token);
    expect(await status()).toEqual({ complete: true, requirements: [{ done: 2, required: 2 }] });
  });

  it('lists a unit’s checklist to its readers only, filtered', async () => {
    const mine = (await report(problemInput(c.campaign.id, c.branchA.id, { source: 'INSPECTION', category: 'WORK_STYLE' }))).data!
      .reportProblem;
    const list = (token: string, args: Record<string, unknown>) =>
      app.gql(
        `query($c: ID!, $o: ID, $s: ProblemSource, $cat: ProblemCategory, $sub: Boolean!) {
          problems(campaignId: $c, organizationId: $o, source: $s, category: $cat, includeSubtree: $sub) { totalCount edges { node { id organization { id } } } } }`,
        { c: c.campaign.id, sub: false, ...args },
        token,
      );
    const byLeader = await list(c.leader.token, { o: c.county.id, sub: true, s: 'INSPECTION', cat: 'WORK_STYLE' });
    expect(byLeader.data!.problems.edges.map((e: any) => e.node.id)).toContain(mine.id);
    expect(byLeader.data!.problems.edges.every((e: any) => [c.branchA.id, c.branchB.id].includes(e.node.organization.id))).toBe(true);
    expect((await list(c.secretaryB.token, { o: c.branchA.id })).errors![0].extensions.code).toBe('FORBIDDEN');
    const ownList = await list(c.secretaryB.token, {});
    expect(ownList.data!.problems.edges.every((e: any) => e.node.organization.id === c.branchB.id)).toBe(true);
    const read = await app.gql(`query($id: ID!) { problem(id: $id) { id } }`, { id: mine.id }, c.secretaryB.token);
    expect(read.errors![0].extensions.code).toBe('FORBIDDEN');
  });
});

describe('overdue, on both sides of a deadline', () => {
  it('a measure and then the problem fall overdue as the clock passes their deadlines, and stop when rectified', async () => {
    const input = problemInput(c.campaign.id, c.branchB.id, {
      deadline: day(5),
      measures: [{ content: '修订接待管理办法', owner: '王主任', deadline: day(3), deliverable: '印发《公务接待管理办法》' }],
    });
    const problem = (await report(input, c.secretaryB.token)).data!.reportProblem;
    const read = async () =>
      (await app.gql(`query($id: ID!) { problem(id: $id) { ${PROBLEM_FIELDS} } }`, { id: problem.id }, c.leader.token)).data!.problem;
    const figures = async () =>
      (
        await app.gql(
          `query($c: ID!, $o: ID!) { problemFigures(campaignId: $c, organizationId: $o) { overdue found } }`,
          {
            c: c.campaign.id,
            o: c.branchB.id,
          },
          c.leader.token,
        )
      ).data!.problemFigures.overdue;
    const overdueList = async () =>
      (
        await app.gql(
          `query($c: ID!, $o: ID!) { problems(campaignId: $c, organizationId: $o, overdue: true) { edges { node { id } } } }`,
          {
            c: c.campaign.id,
            o: c.branchB.id,
          },
          c.leader.token,
        )
      ).data!.problems.edges.map((e: any) => e.node.id);

    travel(3); // the measure's deadline day itself: not yet overdue
    expect(await read()).toMatchObject({ overdue: false, daysLeft: 0, measures: [{ overdue: false }] });
    const base = await figures();
    expect(await overdueList()).not.toContain(problem.id);

    travel(4); // a day past the measure's deadline
    expect(await read()).toMatchObject({ overdue: true, daysLeft: -1, measures: [{ overdue: true }] });
    expect(await figures()).toBe(base + 1);
    expect(await overdueList()).toContain(problem.id);

    const measureId = problem.measures[0].id;
    const done = await app.gql(
      `mutation($p: ID!, $m: ID!) { completeMeasure(problemId: $p, measureId: $m, note: "已印发") { overdue } }`,
      {
        p: problem.id,
        m: measureId,
      },
      c.secretaryB.token,
    );
    expect(done.data!.completeMeasure.overdue).toBe(false);
    expect(await figures()).toBe(base);

    travel(6); // past the problem's own deadline
    expect(await read()).toMatchObject({ overdue: true, status: 'IN_PROGRESS' });
    expect(await figures()).toBe(base + 1);

    await app.gql(STEP.SUBMITTED, { p: problem.id }, c.secretaryB.token);
    expect(await read()).toMatchObject({ overdue: false, status: 'RECTIFIED', daysLeft: null });
    expect(await figures()).toBe(base);
  });

  it('a deadline change (延期) needs a reason, is recorded and counted, and moves the overdue line', async () => {
    const input = problemInput(c.campaign.id, c.branchB.id, { deadline: day(2) });
    const problem = (await report(input, c.secretaryB.token)).data!.reportProblem;
    const update = (deadline: string, reason?: string, version = problem.version) =>
      app.gql(
        `mutation($id: ID!, $i: ProblemFieldsInput!, $v: Int!, $r: String) { updateProblem(id: $id, input: $i, version: $v, deadlineChangeReason: $r) { ${PROBLEM_FIELDS} } }`,
        {
          id: problem.id,
          v: version,
          r: reason,
          i: { ...fieldsOf(input), deadline, measures: [{ ...input.measures[0], id: problem.measures[0].id }] },
        },
        c.secretaryB.token,
      );
    travel(3);
    const refused = await update(day(10));
    expect(refused.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'deadlineChangeReason' });
    const extended = await update(day(10), '涉及财政资金调整，需延期');
    expect(extended.errors).toBeUndefined();
    expect(extended.data!.updateProblem).toMatchObject({ deadline: day(10), deadlineChanges: 1, overdue: false });
    expect(extended.data!.updateProblem.records.at(-1)).toMatchObject({ action: 'DEADLINE_CHANGED', note: '涉及财政资金调整，需延期' });
    const stale = await update(day(12), '再次延期', problem.version);
    expect(stale.errors![0].extensions).toMatchObject({ code: 'CONFLICT', field: 'version' });
  });
});

describe('formalism flags', () => {
  const measure = '建立健全重大项目决策前调研论证和风险评估制度，对近三年新建项目逐一复盘，形成问题清单并限期整改到位';

  it('flags a measure copied from another unit of the campaign, and one with no deliverable or deadline', async () => {
    const original = (
      await report(
        problemInput(c.campaign.id, c.branchA.id, {
          measures: [{ content: measure, owner: '王主任', deadline: day(20), deliverable: '复盘报告1份' }],
        }),
      )
    ).data!.reportProblem;
    expect(original.flags).toEqual([]);
    // The same text again in the same unit is not copying from another unit.
    const again = (
      await report(
        problemInput(c.campaign.id, c.branchA.id, {
          measures: [{ content: measure, owner: '王主任', deadline: day(20), deliverable: '复盘报告1份' }],
        }),
      )
    ).data!.reportProblem;
    expect(again.flags).toEqual([]);
    const copy = (
      await report(
        problemInput(c.campaign.id, c.branchB.id, {
          rectificationKind: 'ONGOING',
          deadline: null,
          measures: [{ content: `${measure}。`, owner: '刘主任', deliverable: '进一步加强学习' }],
        }),
        c.secretaryB.token,
      )
    ).data!.reportProblem;
    const kinds = copy.flags.map((f: any) => f.kind).sort();
    expect(kinds).toEqual(['NO_DEADLINE', 'NO_DELIVERABLE', 'SIMILAR_MEASURE']);
    const similar = copy.flags.find((f: any) => f.kind === 'SIMILAR_MEASURE');
    // The copying unit's secretary is told it repeats another unit, not which problem; the leader above both sees it.
    expect(similar).toMatchObject({ measureId: copy.measures[0].id, similarProblemId: null });
    expect(similar.similarity).toBeGreaterThanOrEqual(0.9);
    const seenAbove = await app.gql(
      `query($id: ID!) { problem(id: $id) { flags { kind similarProblemId } } }`,
      { id: copy.id },
      c.leader.token,
    );
    expect(seenAbove.data!.problem.flags).toContainEqual({ kind: 'SIMILAR_MEASURE', similarProblemId: original.id });
  });

  it('flags a copied description; the leader sees it and sends it back; revising clears the flag', async () => {
    const description = '在项目谋划中存在重显绩轻潜绩、重速度轻质量的倾向，个别项目脱离实际盲目上马，造成资金沉淀和资源浪费';
    await report(problemInput(c.campaign.id, c.branchA.id, { description }));
    const input = problemInput(c.campaign.id, c.branchB.id, { description: `${description}。` });
    const copied = (await report(input, c.secretaryB.token)).data!.reportProblem;
    expect(copied.flags.map((f: any) => f.kind)).toEqual(['SIMILAR_DESCRIPTION']);

    const flagged = await app.gql(
      `query($c: ID!, $o: ID!) { problems(campaignId: $c, organizationId: $o, includeSubtree: true, flagged: true) { edges { node { id } } } }`,
      { c: c.campaign.id, o: c.county.id },
      c.leader.token,
    );
    expect(flagged.data!.problems.edges.map((e: any) => e.node.id)).toContain(copied.id);
    const sent = await app.gql(STEP.SENT_BACK, { p: copied.id }, c.leader.token);
    expect(sent.data!.sendBackProblem).toMatchObject({ sentBack: true, status: 'OPEN' });

    const revised = await app.gql(
      `mutation($id: ID!, $i: ProblemFieldsInput!, $v: Int!) { updateProblem(id: $id, input: $i, version: $v) { sentBack flags { kind } } }`,
      {
        id: copied.id,
        v: sent.data!.sendBackProblem.version,
        i: {
          ...fieldsOf(input),
          description: '本村在产业项目选择上照搬外地经验，未结合本村土地和劳动力实际，合作社两年未分红',
          measures: [{ ...input.measures[0], id: copied.measures[0].id }],
        },
      },
      c.secretaryB.token,
    );
    expect(revised.errors).toBeUndefined();
    expect(revised.data!.updateProblem).toEqual({ sentBack: false, flags: [] });
  });
});

describe('feedback, commitments and institutional fixes', () => {
  it('counts 办结率 as replied out of received, and converts feedback into a PUBLIC_OPINION problem once', async () => {
    const receive = (content: string) =>
      app.gql(
        `mutation($i: FeedbackInput!) { receiveFeedback(input: $i) { id } }`,
        {
          i: { campaignId: c.campaign.id, organizationId: c.branchA.id, channel: 'ONLINE_MESSAGE', content, receivedOn: day(-1) },
        },
        c.secretaryA.token,
      );
    const figures = async () =>
      (
        await app.gql(
          `query($c: ID!, $o: ID!) { feedbackFigures(campaignId: $c, organizationId: $o) { received replied converted completionRate } }`,
          {
            c: c.campaign.id,
            o: c.branchA.id,
          },
          c.leader.token,
        )
      ).data!.feedbackFigures;
    const first = (await receive('村务公开栏长期不更新')).data!.receiveFeedback.id;
    await receive('希望增设便民服务点');
    expect(await figures()).toEqual({ received: 2, replied: 0, converted: 0, completionRate: 0 });
    await app.gql(
      `mutation($id: ID!) { replyFeedback(feedbackId: $id, reply: "已安排专人每月更新") { id } }`,
      { id: first },
      c.secretaryA.token,
    );
    expect(await figures()).toEqual({ received: 2, replied: 1, converted: 0, completionRate: 0.5 });

    const convert = () =>
      app.gql(
        `mutation($id: ID!, $i: ProblemFieldsInput!) { convertFeedbackToProblem(feedbackId: $id, input: $i) { id source records { action } } }`,
        {
          id: first,
          i: fieldsOf(problemInput(c.campaign.id, c.branchA.id)),
        },
        c.secretaryA.token,
      );
    const converted = await convert();
    expect(converted.data!.convertFeedbackToProblem).toMatchObject({ source: 'PUBLIC_OPINION', records: [{ action: 'REPORTED' }] });
    expect((await convert()).errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'feedbackId' });
    expect((await figures()).converted).toBe(1);
    const outsider = await app.gql(
      `mutation($id: ID!) { replyFeedback(feedbackId: $id, reply: "越权答复") { id } }`,
      { id: first },
      c.secretaryB.token,
    );
    expect(outsider.errors![0].extensions.code).toBe('FORBIDDEN');
  });

  it('tracks a commitment to done, overdue past its due date until then', async () => {
    const pledged = await app.gql(
      `mutation($i: CommitmentInput!) { pledgeCommitment(input: $i) { id status overdue } }`,
      {
        i: {
          campaignId: c.campaign.id,
          organizationId: c.branchA.id,
          kind: 'ENTERPRISE',
          title: '为园区企业开通办事绿色通道',
          dueOn: day(5),
        },
      },
      c.secretaryA.token,
    );
    const id = pledged.data!.pledgeCommitment.id;
    expect(pledged.data!.pledgeCommitment).toMatchObject({ status: 'PLEDGED', overdue: false });
    travel(6);
    const progress = (done: boolean) =>
      app.gql(
        `mutation($id: ID!, $d: Boolean!) { recordCommitmentProgress(commitmentId: $id, note: "进展", done: $d) { status overdue doneOn progress { note } } }`,
        {
          id,
          d: done,
        },
        c.secretaryA.token,
      );
    expect((await progress(false)).data!.recordCommitmentProgress).toMatchObject({ status: 'IN_PROGRESS', overdue: true });
    expect((await progress(true)).data!.recordCommitmentProgress).toMatchObject({
      status: 'DONE',
      overdue: false,
      progress: [{ note: '进展' }, { note: '进展' }],
    });
    expect((await progress(false)).errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'commitmentId' });
  });

  it('links a rule to the unit’s problems and records the link in each ledger; another unit’s problem is refused', async () => {
    const own = (await report(problemInput(c.campaign.id, c.branchA.id))).data!.reportProblem;
    const other = (await report(problemInput(c.campaign.id, c.branchB.id), c.secretaryB.token)).data!.reportProblem;
    const record = (problemIds: string[]) =>
      app.gql(
        `mutation($i: InstitutionalFixInput!) { recordInstitutionalFix(input: $i) { id problemIds } }`,
        {
          i: {
            campaignId: c.campaign.id,
            organizationId: c.branchA.id,
            action: 'ADOPTED',
            title: '《村级重大事项决策规则》',
            effectiveOn: day(-1),
            problemIds,
          },
        },
        c.secretaryA.token,
      );
    expect((await record([own.id, other.id])).errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'problemIds' });
    const fix = await record([own.id]);
    expect(fix.data!.recordInstitutionalFix.problemIds).toEqual([own.id]);
    const ledger = await app.gql(
      `query($id: ID!) { problem(id: $id) { records { action note } ledgerIntegrity { ok } } }`,
      { id: own.id },
      c.auditor.token,
    );
    expect(ledger.data!.problem).toEqual({
      records: [
        { action: 'REPORTED', note: '' },
        { action: 'FIX_LINKED', note: '《村级重大事项决策规则》' },
      ],
      ledgerIntegrity: { ok: true },
    });
  });
});
