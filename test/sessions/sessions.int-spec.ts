import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { homeWithAdmin, signedIn } from '../factories/accounts.js';
import { day, launchCampaign, LOG_SESSION, sessionInput } from '../factories/campaigns.js';
import { createUnit } from '../factories/organizations.js';
import { startTestApp, type TestApp } from '../setup/test-app.js';

let app: TestApp;
let city: Awaited<ReturnType<typeof homeWithAdmin>>;
let admin: string;
beforeAll(async () => {
  app = await startTestApp();
  city = await homeWithAdmin(app, '中共测试市委员会');
  admin = city.adminToken;
});
afterAll(async () => {
  await app?.close();
});

/** A county with two branches, a county leader and a secretary for each branch. */
async function county() {
  app.token = admin;
  const unit = await createUnit(app, { name: '中共测试县委员会' });
  const branchA = await createUnit(app, { parentId: unit.id, name: '甲村党支部', kind: 'BRANCH' });
  const branchB = await createUnit(app, { parentId: unit.id, name: '乙村党支部', kind: 'BRANCH' });
  return {
    unit,
    branchA,
    branchB,
    leader: await signedIn(app, unit.id, ['LEADER']),
    secretaryA: await signedIn(app, branchA.id, ['SECRETARY']),
    secretaryB: await signedIn(app, branchB.id, ['SECRETARY']),
  };
}

const STATUS = `query($c: ID!, $o: ID!) { unitCampaignStatus(campaignId: $c, organizationId: $o) {
  participating exempt exemptReason exemptedBy complete requirements { done required met requirement { sessionType } } } }`;

describe('campaigns and participating units', () => {
  it('a leader launches a campaign for a county; its secretaries see it; an exempted unit stops counting', async () => {
    const c = await county();
    const campaign = await launchCampaign(app, c.leader.token, c.unit.id);
    for (const secretary of [c.secretaryA, c.secretaryB]) {
      const seen = await app.gql(`{ campaigns { edges { node { id title scope { id } } } } }`, {}, secretary.token);
      expect(seen.data!.campaigns.edges.map((e: any) => e.node.id)).toContain(campaign.id);
    }
    const outsider = await signedIn(app, (await createUnit(app, { name: '别的县' })).id, ['SECRETARY']);
    const notSeen = await app.gql(`{ campaigns { edges { node { id } } } }`, {}, outsider.token);
    expect(notSeen.data!.campaigns.edges.map((e: any) => e.node.id)).not.toContain(campaign.id);
    expect(
      (await app.gql(`query($id: ID!) { campaign(id: $id) { id } }`, { id: campaign.id }, outsider.token)).errors![0].extensions.code,
    ).toBe('FORBIDDEN');

    const exempted = await app.gql(
      `mutation($c: ID!, $o: ID!) { exemptUnit(campaignId: $c, organizationId: $o, reason: "正在合并撤销") { exempt exemptedBy } }`,
      { c: campaign.id, o: c.branchB.id },
      c.leader.token,
    );
    expect(exempted.data!.exemptUnit).toEqual({ exempt: true, exemptedBy: c.leader.username });
    const status = await app.gql(STATUS, { c: campaign.id, o: c.branchB.id }, c.secretaryB.token);
    expect(status.data!.unitCampaignStatus).toMatchObject({
      participating: false,
      exempt: true,
      exemptReason: '正在合并撤销',
      exemptedBy: c.leader.username,
      complete: false,
    });
    const refused = await app.gql(LOG_SESSION, { input: sessionInput(campaign.id, c.branchB.id) }, c.secretaryB.token);
    expect(refused.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'organizationId', key: 'session/unit-exempt' });

    // The exemption is approved by the launching side, never by the unit itself.
    const selfExempt = await app.gql(
      `mutation($c: ID!, $o: ID!) { exemptUnit(campaignId: $c, organizationId: $o, reason: "x") { exempt } }`,
      { c: campaign.id, o: c.branchA.id },
      c.secretaryA.token,
    );
    expect(selfExempt.errors![0].extensions.code).toBe('FORBIDDEN');
    const listed = await app.gql(
      `query($c: ID!) { campaignUnits(campaignId: $c) { exemptReason exemptedBy organization { id } } }`,
      { c: campaign.id },
      c.leader.token,
    );
    expect(listed.data!.campaignUnits).toEqual([
      { exemptReason: '正在合并撤销', exemptedBy: c.leader.username, organization: { id: c.branchB.id } },
    ]);
    const [event] = await app.sql(
      `SELECT actor_name, operation FROM audit_event WHERE entity_type = 'CampaignUnit' ORDER BY id DESC LIMIT 1`,
    );
    expect(event).toEqual({ actor_name: c.leader.username, operation: 'exemptUnit' });
  });
});

describe('logging study sessions', () => {
  it('creates one session for two logs with one clientRequestId, and all of 50 concurrent logs', async () => {
    const c = await county();
    const campaign = await launchCampaign(app, c.leader.token, c.unit.id);
    const input = sessionInput(campaign.id, c.branchA.id, { clientRequestId: 'retry-1' });
    const first = await app.gql(LOG_SESSION, { input }, c.secretaryA.token);
    const again = await app.gql(LOG_SESSION, { input }, c.secretaryA.token);
    expect(again.data!.logStudySession.id).toBe(first.data!.logStudySession.id);
    const racing = await Promise.all(
      [1, 2, 3].map(() => app.gql(LOG_SESSION, { input: { ...input, clientRequestId: 'race-1' } }, c.secretaryA.token)),
    );
    expect(new Set(racing.map((r) => r.data!.logStudySession.id)).size).toBe(1);

    const concurrent = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        app.gql(
          LOG_SESSION,
          { input: sessionInput(campaign.id, c.branchA.id, { clientRequestId: `c-${i}`, type: 'THEMED_PARTY_DAY' }) },
          c.secretaryA.token,
        ),
      ),
    );
    expect(concurrent.filter((r) => r.errors)).toEqual([]);
    const counts = await app.sql(
      `SELECT type, count(*)::int AS n FROM study_session WHERE organization_id = $1 GROUP BY type ORDER BY type`,
      [c.branchA.id],
    );
    expect(counts).toEqual([
      { type: 'READING_CLASS', n: 2 },
      { type: 'THEMED_PARTY_DAY', n: 50 },
    ]);
    const audited = await app.sql(
      `SELECT count(*)::int AS n FROM audit_event WHERE operation = 'logStudySession' AND organization_id = $1`,
      [c.branchA.id],
    );
    expect(audited[0].n).toBe(52);
  });

  it('refuses each invalid input with BAD_USER_INPUT naming the field, storing nothing', async () => {
    const c = await county();
    const campaign = await launchCampaign(app, c.leader.token, c.unit.id);
    const cases: [string, Record<string, unknown>, string][] = [
      ['before the campaign', { heldOn: day(-31) }, 'heldOn'],
      ['in the future', { heldOn: day(1) }, 'heldOn'],
      ['not a date', { heldOn: '2026-02-30' }, 'heldOn'],
      ['zero hours', { hours: 0 }, 'hours'],
      ['25 hours', { hours: 25 }, 'hours'],
      ['more present than expected', { expectedAttendance: 10, actualAttendance: 11 }, 'actualAttendance'],
      ['negative attendance', { actualAttendance: -1 }, 'actualAttendance'],
      ['negative expected', { expectedAttendance: -1, actualAttendance: 0 }, 'expectedAttendance'],
      ['unknown audience', { audiences: ['EVERYONE'] }, 'audiences'],
      ['empty topic', { topic: '  ' }, 'topic'],
      ['201-character topic', { topic: '学'.repeat(201) }, 'topic'],
      ['20,001-character summary', { summary: '要'.repeat(20_001) }, 'summary'],
    ];
    for (const [label, overrides, field] of cases) {
      const { errors } = await app.gql(LOG_SESSION, { input: sessionInput(campaign.id, c.branchA.id, overrides) }, c.secretaryA.token);
      expect({ label, code: errors?.[0].extensions.code, field: errors?.[0].extensions.field }).toEqual({
        label,
        code: 'BAD_USER_INPUT',
        field,
      });
    }
    const stored = await app.sql(`SELECT count(*)::int AS n FROM study_session WHERE campaign_id = $1`, [campaign.id]);
    expect(stored[0].n).toBe(0);
    // Another unit's secretary cannot log for this unit.
    const foreign = await app.gql(LOG_SESSION, { input: sessionInput(campaign.id, c.branchA.id) }, c.secretaryB.token);
    expect(foreign.errors![0].extensions.code).toBe('FORBIDDEN');
  });

  it('completes a unit exactly when its sessions meet every requirement, and an edit or delete turns it back', async () => {
    const c = await county();
    const campaign = await launchCampaign(app, c.leader.token, c.unit.id);
    const status = async () => (await app.gql(STATUS, { c: campaign.id, o: c.branchA.id }, c.secretaryA.token)).data!.unitCampaignStatus;
    // A branch has one requirement (2 reading classes); the committee-only one does not apply to it.
    expect((await status()).requirements).toEqual([{ done: 0, required: 2, met: false, requirement: { sessionType: 'READING_CLASS' } }]);
    const first = (await app.gql(LOG_SESSION, { input: sessionInput(campaign.id, c.branchA.id) }, c.secretaryA.token)).data!
      .logStudySession;
    expect(await status()).toMatchObject({ complete: false, requirements: [{ done: 1, met: false }] });
    const second = (await app.gql(LOG_SESSION, { input: sessionInput(campaign.id, c.branchA.id) }, c.secretaryA.token)).data!
      .logStudySession;
    expect(await status()).toMatchObject({ participating: true, complete: true, requirements: [{ done: 2, met: true }] });

    const UPDATE = `mutation($id: ID!, $input: SessionFieldsInput!, $v: Int!, $note: String) {
      updateStudySession(id: $id, input: $input, version: $v, amendmentNote: $note) { version type amendments } }`;
    const { campaignId: _c, organizationId: _o, ...fields } = sessionInput(campaign.id, c.branchA.id, { type: 'SEMINAR' });
    const edited = await app.gql(UPDATE, { id: second.id, input: fields, v: second.version }, c.secretaryA.token);
    expect(edited.data!.updateStudySession).toMatchObject({ type: 'SEMINAR', amendments: 0 });
    expect(await status()).toMatchObject({ complete: false, requirements: [{ done: 1 }] });
    const stale = await app.gql(UPDATE, { id: second.id, input: fields, v: second.version }, c.secretaryA.token);
    expect(stale.errors![0].extensions.code).toBe('CONFLICT');

    const third = (await app.gql(LOG_SESSION, { input: sessionInput(campaign.id, c.branchA.id) }, c.secretaryA.token)).data!
      .logStudySession;
    expect((await status()).complete).toBe(true);
    await app.gql(`mutation($id: ID!) { deleteStudySession(id: $id, reason: "重复登记") { id } }`, { id: first.id }, c.secretaryA.token);
    expect(await status()).toMatchObject({ complete: false, requirements: [{ done: 1 }] });
    expect((await app.sql(`SELECT deleted_at IS NOT NULL AS gone FROM study_session WHERE id = $1`, [first.id]))[0].gone).toBe(true);

    // After the edit window an edit is an amendment and needs a note.
    await app.sql(`UPDATE study_session SET created_at = now() - interval '8 days' WHERE id = $1`, [third.id]);
    const late = await app.gql(UPDATE, { id: third.id, input: { ...fields, type: 'READING_CLASS' }, v: third.version }, c.secretaryA.token);
    expect(late.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'amendmentNote' });
    const amended = await app.gql(
      UPDATE,
      { id: third.id, input: { ...fields, type: 'READING_CLASS', topic: '更正后的主题' }, v: third.version, note: '主题登记有误' },
      c.secretaryA.token,
    );
    expect(amended.data!.updateStudySession).toMatchObject({ amendments: 1 });
    const [audit] = await app.sql(`SELECT after FROM audit_event WHERE operation = 'updateStudySession' ORDER BY id DESC LIMIT 1`);
    expect(audit.after.amendmentNote).toBe('主题登记有误');
  });

  it('fulfils a plan item with the session that carries it out', async () => {
    const c = await county();
    const campaign = await launchCampaign(app, c.leader.token, c.unit.id);
    const added = await app.gql(
      `mutation($i: PlanItemInput!) { addStudyPlanItem(input: $i) { id type } }`,
      { i: { campaignId: campaign.id, organizationId: c.branchA.id, type: 'READING_CLASS', plannedOn: day(-3), topic: '第一期读书班' } },
      c.secretaryA.token,
    );
    const item = added.data!.addStudyPlanItem;
    const logged = await app.gql(
      `mutation($input: LogStudySessionInput!) { logStudySession(input: $input) { id planItemId } }`,
      { input: sessionInput(campaign.id, c.branchA.id, { planItemId: item.id }) },
      c.secretaryA.token,
    );
    expect(logged.data!.logStudySession.planItemId).toBe(item.id);
    const plan = await app.gql(
      `query($c: ID!, $o: ID!) { studyPlan(campaignId: $c, organizationId: $o) { id fulfilledBy { id } } }`,
      { c: campaign.id, o: c.branchA.id },
      c.secretaryA.token,
    );
    expect(plan.data!.studyPlan).toEqual([{ id: item.id, fulfilledBy: { id: logged.data!.logStudySession.id } }]);
  });

  it('lists a subtree’s sessions for its leader, filtered by type, unit and dates', async () => {
    const c = await county();
    const campaign = await launchCampaign(app, c.leader.token, c.unit.id);
    await app.gql(LOG_SESSION, { input: sessionInput(campaign.id, c.branchA.id) }, c.secretaryA.token);
    await app.gql(LOG_SESSION, { input: sessionInput(campaign.id, c.branchB.id, { type: 'PARTY_LECTURE' }) }, c.secretaryB.token);
    const LIST = `query($c: ID!, $o: ID, $sub: Boolean!, $t: SessionType) { studySessions(campaignId: $c, organizationId: $o, includeSubtree: $sub, type: $t) {
      totalCount edges { node { type organization { id } } } } }`;
    const all = await app.gql(LIST, { c: campaign.id, o: c.unit.id, sub: true }, c.leader.token);
    expect(all.data!.studySessions.totalCount).toBe(2);
    const lectures = await app.gql(LIST, { c: campaign.id, o: c.unit.id, sub: true, t: 'PARTY_LECTURE' }, c.leader.token);
    expect(lectures.data!.studySessions.edges.map((e: any) => e.node.organization.id)).toEqual([c.branchB.id]);
    const own = await app.gql(LIST, { c: campaign.id, sub: false }, c.secretaryA.token);
    expect(own.data!.studySessions.edges.map((e: any) => e.node.organization.id)).toEqual([c.branchA.id]);
  });

  it('pages a long list by cursor, latest first, without repeats', async () => {
    const c = await county();
    const campaign = await launchCampaign(app, c.leader.token, c.unit.id);
    for (const offset of [-5, -3, -3, -1]) {
      await app.gql(LOG_SESSION, { input: sessionInput(campaign.id, c.branchA.id, { heldOn: day(offset) }) }, c.secretaryA.token);
    }
    const PAGE = `query($c: ID!, $after: String) { studySessions(campaignId: $c, first: 3, after: $after) {
      totalCount pageInfo { hasNextPage endCursor } edges { node { id heldOn } } } }`;
    const first = (await app.gql(PAGE, { c: campaign.id }, c.leader.token)).data!.studySessions;
    const second = (await app.gql(PAGE, { c: campaign.id, after: first.pageInfo.endCursor }, c.leader.token)).data!.studySessions;
    const days = [...first.edges, ...second.edges].map((e: any) => e.node.heldOn);
    expect(days).toEqual([day(-1), day(-3), day(-3), day(-5)]);
    expect(new Set([...first.edges, ...second.edges].map((e: any) => e.node.id)).size).toBe(4);
    expect([first.pageInfo.hasNextPage, second.pageInfo.hasNextPage, first.totalCount]).toEqual([true, false, 4]);
  });
});
