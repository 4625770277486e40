import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { GraphQLSchemaHost } from '@nestjs/graphql';
import { homeWithAdmin, login, signedIn, TEST_PASSWORD } from '../factories/accounts.js';
import { day, launchCampaign, LOG_SESSION, sessionInput } from '../factories/campaigns.js';
import { createUnit } from '../factories/organizations.js';
import { problemInput, REPORT, STEP } from '../factories/problems.js';
import { startTestApp, type TestApp } from '../setup/test-app.js';

let app: TestApp;
let home: Awaited<ReturnType<typeof homeWithAdmin>>;
beforeAll(async () => {
  app = await startTestApp();
  home = await homeWithAdmin(app, '中共审计测试市委员会');
});
afterAll(async () => {
  await app?.close();
});

/**
 * Runs every mutation of the schema once, in an order where each has something to act on, and
 * checks that each leaves exactly one audit event, named after it, with no secret in it.
 */
describe('the audit trail', () => {
  it('records exactly one event for every mutation in the schema, secrets redacted', async () => {
    const count = async () => Number((await app.sql(`SELECT count(*) AS n FROM audit_event`))[0].n);
    const county = await createUnit(app, { name: '审计县' });
    const branch = await createUnit(app, { parentId: county.id, kind: 'BRANCH', name: '审计村党支部' });
    const other = await createUnit(app, { name: '另一县' });
    const leader = await signedIn(app, county.id, ['LEADER']);
    const secretary = await signedIn(app, branch.id, ['SECRETARY']);
    // Signs in, changes its password (ending its other sessions) and signs out.
    const visitor = await signedIn(app, county.id, ['LEADER']);
    const campaign = await launchCampaign(app, leader.token, county.id);
    const admin = app.as(home.adminToken);
    const lead = app.as(leader.token);
    const sec = app.as(secretary.token);
    const state: Record<string, any> = {};

    const steps: [string, () => Promise<{ errors?: unknown } | unknown>][] = [
      [
        'createOrganization',
        () =>
          admin(`mutation($p: ID!) { createOrganization(input: { code: "AUD-1", name: "新单位", kind: BRANCH, parentId: $p }) { id } }`, {
            p: county.id,
          }),
      ],
      [
        'updateOrganization',
        () => admin(`mutation($id: ID!) { updateOrganization(id: $id, input: { memberCount: 7 }, version: 1) { id } }`, { id: other.id }),
      ],
      [
        'moveOrganization',
        () => admin(`mutation($id: ID!, $to: ID!) { moveOrganization(id: $id, newParentId: $to) { id } }`, { id: other.id, to: county.id }),
      ],
      ['archiveOrganization', () => admin(`mutation($id: ID!) { archiveOrganization(id: $id) { id } }`, { id: other.id })],
      [
        'createUser',
        async () => {
          const result = await admin(
            `mutation($o: ID!) { createUser(input: { username: "audit.every", displayName: "审计", organizationId: $o }) { temporaryPassword user { id } } }`,
            { o: county.id },
          );
          state.user = (result as any).data.createUser;
          return result;
        },
      ],
      ['resetPassword', () => admin(`mutation($u: ID!) { resetPassword(userId: $u) { temporaryPassword } }`, { u: state.user.user.id })],
      [
        'grantRole',
        async () => {
          const result = await admin(`mutation($u: ID!, $o: ID!) { grantRole(userId: $u, organizationId: $o, role: AUDITOR) { id } }`, {
            u: state.user.user.id,
            o: county.id,
          });
          state.grant = (result as any).data.grantRole.id;
          return result;
        },
      ],
      ['revokeGrant', () => admin(`mutation($g: ID!) { revokeGrant(grantId: $g) { id } }`, { g: state.grant })],
      [
        'setUserDisabled',
        () => admin(`mutation($u: ID!) { setUserDisabled(userId: $u, disabled: true) { id } }`, { u: state.user.user.id }),
      ],
      ['login', async () => ({ token: (state.token = await login(app, visitor.username)) })],
      [
        'changePassword',
        () =>
          app.gql(
            `mutation($c: String!) { changePassword(currentPassword: $c, newPassword: "Audit-pass-2026") { id } }`,
            { c: TEST_PASSWORD },
            state.token,
          ),
      ],
      ['logout', () => app.gql(`mutation { logout }`, {}, state.token)],
      [
        'launchCampaign',
        () =>
          lead(
            `mutation($o: ID!, $s: String!, $e: String!) { launchCampaign(input: { title: "草稿", scopeOrganizationId: $o, startsOn: $s, endsOn: $e, draft: true, requirements: [] }) { id } }`,
            { o: county.id, s: day(-10), e: day(10) },
          ),
      ],
      [
        'updateCampaign',
        () =>
          lead(
            `mutation($id: ID!, $s: String!, $e: String!) { updateCampaign(id: $id, input: { title: "改名", startsOn: $s, endsOn: $e, requirements: [] }, version: $v) { id } }`.replace(
              '$v',
              String(campaign.version),
            ),
            { id: campaign.id, s: campaign.startsOn, e: campaign.endsOn },
          ),
      ],
      [
        'exemptUnit',
        () =>
          lead(`mutation($c: ID!, $o: ID!) { exemptUnit(campaignId: $c, organizationId: $o, reason: "试点") { exempt } }`, {
            c: campaign.id,
            o: branch.id,
          }),
      ],
      [
        'includeUnit',
        () =>
          lead(`mutation($c: ID!, $o: ID!) { includeUnit(campaignId: $c, organizationId: $o) { exempt } }`, {
            c: campaign.id,
            o: branch.id,
          }),
      ],
      [
        'recordCampaignLaunch',
        () =>
          sec(
            `mutation($c: ID!, $o: ID!, $d: String!) { recordCampaignLaunch(campaignId: $c, organizationId: $o, launchedOn: $d) { launchedOn } }`,
            { c: campaign.id, o: branch.id, d: day(-1) },
          ),
      ],
      [
        'addStudyPlanItem',
        async () => {
          const result = await sec(
            `mutation($c: ID!, $o: ID!, $d: String!) { addStudyPlanItem(input: { campaignId: $c, organizationId: $o, type: READING_CLASS, plannedOn: $d, topic: "计划" }) { id } }`,
            { c: campaign.id, o: branch.id, d: day(1) },
          );
          state.plan = (result as any).data.addStudyPlanItem.id;
          return result;
        },
      ],
      ['removeStudyPlanItem', () => sec(`mutation($id: ID!) { removeStudyPlanItem(id: $id) { id } }`, { id: state.plan })],
      [
        'logStudySession',
        async () => {
          const result = await sec(LOG_SESSION, { input: sessionInput(campaign.id, branch.id) });
          state.session = (result as any).data.logStudySession;
          return result;
        },
      ],
      [
        'updateStudySession',
        () => {
          const { campaignId: _c, organizationId: _o, ...fields } = sessionInput(campaign.id, branch.id, { topic: '修改' });
          return sec(
            `mutation($id: ID!, $i: SessionFieldsInput!, $v: Int!) { updateStudySession(id: $id, input: $i, version: $v) { id } }`,
            { id: state.session.id, i: fields, v: state.session.version },
          );
        },
      ],
      [
        'deleteStudySession',
        () => sec(`mutation($id: ID!) { deleteStudySession(id: $id, reason: "重复") { id } }`, { id: state.session.id }),
      ],
      [
        'reportProblem',
        async () => {
          const result = await sec(REPORT, { input: problemInput(campaign.id, branch.id) });
          state.problem = (result as any).data.reportProblem;
          return result;
        },
      ],
      [
        'updateProblem',
        () => {
          const { campaignId: _c, organizationId: _o, ...fields } = problemInput(campaign.id, branch.id);
          const measures = [{ ...fields.measures[0], id: state.problem.measures[0].id, deadline: state.problem.measures[0].deadline }];
          return sec(`mutation($id: ID!, $i: ProblemFieldsInput!, $v: Int!) { updateProblem(id: $id, input: $i, version: $v) { id } }`, {
            id: state.problem.id,
            i: { ...fields, measures },
            v: state.problem.version,
          });
        },
      ],
      ['recordRectificationProgress', () => sec(STEP.PROGRESS, { p: state.problem.id })],
      [
        'completeMeasure',
        () =>
          sec(`mutation($p: ID!, $m: ID!) { completeMeasure(problemId: $p, measureId: $m, note: "已印发") { id } }`, {
            p: state.problem.id,
            m: state.problem.measures[0].id,
          }),
      ],
      ['submitRectification', () => sec(STEP.SUBMITTED, { p: state.problem.id })],
      ['rejectRectification', () => lead(STEP.REJECTED, { p: state.problem.id })],
      ['explainProblem', () => sec(STEP.EXPLAINED, { p: state.problem.id })],
      ['verifyProblem', () => lead(STEP.VERIFIED, { p: state.problem.id })],
      ['reopenProblem', () => lead(STEP.REOPENED, { p: state.problem.id })],
      ['sendBackProblem', () => lead(STEP.SENT_BACK, { p: state.problem.id })],
      ['markNotificationsRead', () => lead(`mutation { markNotificationsRead }`)],
      [
        'recordInstitutionalFix',
        () =>
          sec(`mutation($i: InstitutionalFixInput!) { recordInstitutionalFix(input: $i) { id } }`, {
            i: {
              campaignId: campaign.id,
              organizationId: branch.id,
              action: 'ADOPTED',
              title: '《决策论证办法》',
              effectiveOn: day(-1),
              problemIds: [state.problem.id],
            },
          }),
      ],
      [
        'pledgeCommitment',
        async () => {
          const result = await sec(`mutation($i: CommitmentInput!) { pledgeCommitment(input: $i) { id } }`, {
            i: { campaignId: campaign.id, organizationId: branch.id, kind: 'PEOPLE', title: '修缮村道 2 公里', dueOn: day(20) },
          });
          state.commitment = (result as any).data.pledgeCommitment.id;
          return result;
        },
      ],
      [
        'recordCommitmentProgress',
        () => sec(`mutation($id: ID!) { recordCommitmentProgress(commitmentId: $id, note: "已开工") { id } }`, { id: state.commitment }),
      ],
      [
        'receiveFeedback',
        async () => {
          const result = await sec(`mutation($i: FeedbackInput!) { receiveFeedback(input: $i) { id } }`, {
            i: {
              campaignId: campaign.id,
              organizationId: branch.id,
              channel: 'HOTLINE',
              content: '村道坑洼，雨天难行',
              receivedOn: day(-2),
            },
          });
          state.feedback = (result as any).data.receiveFeedback.id;
          return result;
        },
      ],
      [
        'replyFeedback',
        () => sec(`mutation($id: ID!) { replyFeedback(feedbackId: $id, reply: "已列入惠民实事") { id } }`, { id: state.feedback }),
      ],
      [
        'convertFeedbackToProblem',
        () => {
          const { campaignId: _c, organizationId: _o, ...fields } = problemInput(campaign.id, branch.id);
          return sec(`mutation($id: ID!, $i: ProblemFieldsInput!) { convertFeedbackToProblem(feedbackId: $id, input: $i) { id source } }`, {
            id: state.feedback,
            i: fields,
          });
        },
      ],
      ['activateCampaign', () => lead(`mutation($id: ID!) { activateCampaign(id: $id) { id } }`, { id: campaign.id })],
      ['closeCampaign', () => lead(`mutation($id: ID!) { closeCampaign(id: $id) { id } }`, { id: campaign.id })],
    ];

    for (const [operation, run] of steps) {
      const before = await count();
      const result = (await run()) as { errors?: unknown };
      expect({ operation, errors: result?.errors }).toEqual({ operation, errors: undefined });
      const [last] = await app.sql(`SELECT operation FROM audit_event ORDER BY id DESC LIMIT 1`);
      expect({ operation, added: (await count()) - before, last: last.operation }).toEqual({ operation, added: 1, last: operation });
    }

    const mutations = Object.keys(app.nest.get(GraphQLSchemaHost).schema.getMutationType()!.getFields()).sort();
    expect(steps.map(([operation]) => operation).sort()).toEqual(mutations);
    const dump = JSON.stringify(await app.sql(`SELECT before, after FROM audit_event`));
    expect(dump).not.toMatch(/scrypt\$|Test-pass|Audit-pass|temporaryPassword|eyJ/);
  });
});
