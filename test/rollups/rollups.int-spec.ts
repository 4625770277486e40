import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Clock } from '../../server/src/common/clock.js';
import { checkRollups } from '../../server/src/rollups/rollups-cli.js';
import { homeWithAdmin, signedIn } from '../factories/accounts.js';
import { day, launchCampaign, LOG_SESSION, sessionInput } from '../factories/campaigns.js';
import { createUnit } from '../factories/organizations.js';
import { problemInput, REPORT, STEP, type StepName } from '../factories/problems.js';
import { startTestApp, type TestApp } from '../setup/test-app.js';

const FIGURES = 'participating exempt launched complete behind sessions hours problems open inProgress rectified verified overdue';
type Figures = Record<'participating' | 'exempt' | 'launched' | 'complete' | 'behind' | 'sessions' | 'hours' | 'problems', number> &
  Record<'open' | 'inProgress' | 'rectified' | 'verified' | 'overdue', number>;
const ROLLUP = `query($c: ID!, $o: ID!) { rollup(campaignId: $c, organizationId: $o) { figures { ${FIGURES} } } }`;
const DAY_MS = 86_400_000;

let app: TestApp;
let clock: Clock;
let t: Awaited<ReturnType<typeof tree>>;

/**
 * home → county A → town A1 → branches A1x, A1y; home → county B → town B1 → branch B1x; the
 * campaign covers home's subtree. Branches need 2 读书班; committees also 1 中心组学习.
 */
async function tree() {
  const home = await homeWithAdmin(app, '中共汇总测试市委员会');
  const countyA = await createUnit(app, { name: '甲县委' });
  const countyB = await createUnit(app, { name: '乙县委' });
  const townA1 = await createUnit(app, { parentId: countyA.id, name: '甲一镇党委' });
  const townB1 = await createUnit(app, { parentId: countyB.id, name: '乙一镇党委' });
  const a1x = await createUnit(app, { parentId: townA1.id, name: '甲一镇x村党支部', kind: 'BRANCH' });
  const a1y = await createUnit(app, { parentId: townA1.id, name: '甲一镇y村党支部', kind: 'BRANCH' });
  const b1x = await createUnit(app, { parentId: townB1.id, name: '乙一镇x村党支部', kind: 'BRANCH' });
  const leader = await signedIn(app, home.id, ['LEADER']);
  const campaign = await launchCampaign(app, leader.token, home.id);
  const secretary = {
    a1x: await signedIn(app, a1x.id, ['SECRETARY']),
    a1y: await signedIn(app, a1y.id, ['SECRETARY']),
    b1x: await signedIn(app, b1x.id, ['SECRETARY']),
    townA1: await signedIn(app, townA1.id, ['SECRETARY']),
  };
  return { home, countyA, countyB, townA1, townB1, a1x, a1y, b1x, leader, campaign, secretary };
}

beforeAll(async () => {
  app = await startTestApp();
  clock = app.nest.get(Clock);
  t = await tree();
});
afterAll(async () => {
  clock?.reset();
  await app?.close();
});

/** Waits until the folding job has taken every queued write (it commits the queue and the rollups together). */
async function settled() {
  for (let i = 0; i < 400; i++) {
    const [{ n }] = await app.sql<{ n: number }>('SELECT count(*)::int AS n FROM rollup_queue');
    if (n === 0) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error('the rollups did not catch up');
}

async function figures(unitId: string, token = t.leader.token): Promise<Figures> {
  await settled();
  const { data, errors } = await app.gql(ROLLUP, { c: t.campaign.id, o: unitId }, token);
  expect(errors).toBeUndefined();
  return data!.rollup.figures;
}

async function logSession(unit: 'a1x' | 'a1y' | 'b1x' | 'townA1', overrides: Record<string, unknown> = {}) {
  const { data, errors } = await app.gql(
    LOG_SESSION,
    { input: sessionInput(t.campaign.id, t[unit].id, overrides) },
    t.secretary[unit].token,
  );
  expect(errors).toBeUndefined();
  return data!.logStudySession as { id: string; version: number };
}

const DELETE = `mutation($id: ID!) { deleteStudySession(id: $id, reason: "重复录入") { id } }`;
const UPDATE = `mutation($id: ID!, $v: Int!, $i: SessionFieldsInput!) { updateStudySession(id: $id, version: $v, input: $i) { id version } }`;
const MOVE = `mutation($id: ID!, $to: ID!) { moveOrganization(id: $id, newParentId: $to) { id } }`;
const EXEMPT = `mutation($c: ID!, $o: ID!) { exemptUnit(campaignId: $c, organizationId: $o, reason: "合并撤销中") { exempt } }`;
const INCLUDE = `mutation($c: ID!, $o: ID!) { includeUnit(campaignId: $c, organizationId: $o) { exempt } }`;

const sessionFields = (overrides: Record<string, unknown> = {}) => {
  const { campaignId: _c, organizationId: _o, ...fields } = sessionInput('0', '0', overrides);
  return fields;
};

describe('rollups', () => {
  it('show a logged session in the unit and every ancestor, and nowhere else', async () => {
    const units = [t.a1x, t.townA1, t.countyA, t.home, t.countyB];
    const before = await Promise.all(units.map((u) => figures(u.id)));
    await logSession('a1x', { hours: 2.5 });
    const after = await Promise.all(units.map((u) => figures(u.id)));
    expect(after.map((f, i) => f.sessions - before[i].sessions)).toEqual([1, 1, 1, 1, 0]);
    expect(after.map((f, i) => f.hours - before[i].hours)).toEqual([2.5, 2.5, 2.5, 2.5, 0]);
    expect(after[3].participating).toBe(8);
  });

  it('count a unit complete when it crosses the requirement line, and not after a session is deleted or changes type', async () => {
    const before = await figures(t.townA1.id);
    const first = await logSession('a1y');
    expect((await figures(t.a1y.id)).complete).toBe(0);
    const second = await logSession('a1y');
    expect((await figures(t.a1y.id)).complete).toBe(1);
    expect((await figures(t.townA1.id)).complete).toBe(before.complete + 1);

    await app.gql(DELETE, { id: first.id }, t.secretary.a1y.token);
    expect((await figures(t.townA1.id)).complete).toBe(before.complete);
    const again = await logSession('a1y');
    expect((await figures(t.a1y.id)).complete).toBe(1);

    const edited = await app.gql(UPDATE, { id: again.id, v: again.version, i: sessionFields({ type: 'SEMINAR' }) }, t.secretary.a1y.token);
    expect(edited.errors).toBeUndefined();
    expect((await figures(t.a1y.id)).complete).toBe(0);
    const byType = await app.gql(
      `query($c: ID!, $o: ID!) { rollup(campaignId: $c, organizationId: $o) { own { sessionsByType { key count } } } }`,
      { c: t.campaign.id, o: t.a1y.id },
      t.leader.token,
    );
    const counts = Object.fromEntries(byType.data!.rollup.own.sessionsByType.map((c: { key: string; count: number }) => [c.key, c.count]));
    expect(counts).toMatchObject({ READING_CLASS: 1, SEMINAR: 1 });
    expect(second.id).toBeDefined();
  });

  it('follow a problem through its statuses, and count it overdue once the day passes its deadline', async () => {
    const before = await figures(t.countyA.id);
    const reported = await app.gql(
      REPORT,
      {
        input: problemInput(t.campaign.id, t.a1x.id, {
          deadline: day(2),
          measures: [{ content: '建立台账', owner: '王主任', deadline: day(1), deliverable: '台账' }],
        }),
      },
      t.secretary.a1x.token,
    );
    expect(reported.errors).toBeUndefined();
    const id = reported.data!.reportProblem.id;
    expect(await figures(t.countyA.id)).toMatchObject({ problems: before.problems + 1, open: before.open + 1, overdue: before.overdue });

    // Three days on, the deadline has passed without a write: the day's rollover finds it.
    clock.travelTo(new Date(Date.now() + 3 * DAY_MS));
    await waitFor(async () => (await figures(t.countyA.id)).overdue === before.overdue + 1);
    // The town above the branch hears of it: its secretary gets the day's escalation.
    const note = await waitFor(async () => {
      const { data } = await app.gql(
        `{ unreadNotificationCount notifications(first: 5) { edges { node { id kind day payload } } } }`,
        {},
        t.secretary.townA1.token,
      );
      return data!.unreadNotificationCount > 0 ? data!.notifications.edges[0].node : undefined;
    });
    expect(note).toMatchObject({ kind: 'ESCALATION', day: clock.today() });
    expect(note.payload.units).toEqual(
      expect.arrayContaining([expect.objectContaining({ id: t.a1x.id, reasons: expect.arrayContaining(['OVERDUE']) })]),
    );
    expect(note.payload.problems).toEqual(expect.arrayContaining([expect.objectContaining({ id })]));
    clock.reset();
    await waitFor(async () => (await figures(t.countyA.id)).overdue === before.overdue);

    for (const [step, token] of [
      ['PROGRESS', t.secretary.a1x.token],
      ['SUBMITTED', t.secretary.a1x.token],
    ] as [StepName, string][]) {
      expect((await app.gql(STEP[step], { p: id }, token)).errors).toBeUndefined();
    }
    expect(await figures(t.countyA.id)).toMatchObject({ rectified: before.rectified + 1, open: before.open });
    expect((await app.gql(STEP.VERIFIED, { p: id }, t.leader.token)).errors).toBeUndefined();
    expect(await figures(t.countyA.id)).toMatchObject({ rectified: before.rectified, verified: before.verified + 1 });
  });

  it('stop counting an exempted unit as participating, and count it again once included', async () => {
    const before = await figures(t.home.id);
    expect((await app.gql(EXEMPT, { c: t.campaign.id, o: t.b1x.id }, t.leader.token)).errors).toBeUndefined();
    expect(await figures(t.home.id)).toMatchObject({ participating: before.participating - 1, exempt: before.exempt + 1 });
    expect((await app.gql(INCLUDE, { c: t.campaign.id, o: t.b1x.id }, t.leader.token)).errors).toBeUndefined();
    expect(await figures(t.home.id)).toMatchObject({ participating: before.participating, exempt: before.exempt });
  });

  it('move a subtree’s figures from its old ancestors to its new ones', async () => {
    const town = await createUnit(app, { parentId: t.countyA.id, name: '迁移镇党委' });
    const branch = await createUnit(app, { parentId: town.id, name: '迁移村党支部', kind: 'BRANCH' });
    const secretary = await signedIn(app, branch.id, ['SECRETARY']);
    await app.gql(LOG_SESSION, { input: sessionInput(t.campaign.id, branch.id, { hours: 4 }) }, secretary.token);
    const [a, b, home, moving] = await Promise.all([t.countyA, t.countyB, t.home, town].map((u) => figures(u.id)));
    expect(moving).toMatchObject({ participating: 2, sessions: 1, hours: 4 });

    expect((await app.gql(MOVE, { id: town.id, to: t.countyB.id })).errors).toBeUndefined();
    const [a2, b2, home2, moved] = await Promise.all([t.countyA, t.countyB, t.home, town].map((u) => figures(u.id)));
    expect(a2).toMatchObject({ participating: a.participating - 2, sessions: a.sessions - 1, hours: a.hours - 4 });
    expect(b2).toMatchObject({ participating: b.participating + 2, sessions: b.sessions + 1, hours: b.hours + 4 });
    expect(home2).toEqual(home);
    expect(moved).toEqual(moving);
  });

  it('rank children by any figure, keep a weekly trend, and list the units behind with their reasons', async () => {
    const ranked = await app.gql(
      `query($c: ID!, $o: ID!) { rollup(campaignId: $c, organizationId: $o) {
         figures { sessions behind }
         children(orderBy: SESSIONS, descending: true) { organization { id } figures { sessions } }
         trend(weeks: 4) { week sessions } } }`,
      { c: t.campaign.id, o: t.home.id },
      t.leader.token,
    );
    expect(ranked.errors).toBeUndefined();
    const rollup = ranked.data!.rollup;
    const sessions = rollup.children.map((c: { figures: { sessions: number } }) => c.figures.sessions);
    expect(sessions).toEqual([...sessions].sort((x, y) => y - x));
    expect(rollup.children.map((c: { organization: { id: string } }) => c.organization.id).sort()).toEqual(
      [t.countyA.id, t.countyB.id].sort(),
    );
    expect(rollup.trend).toHaveLength(4);
    expect(rollup.trend[3].sessions).toBe(rollup.figures.sessions);

    const behind = await app.gql(
      `query($c: ID!, $o: ID!) { unitsBehind(campaignId: $c, organizationId: $o, first: 50) { totalCount edges { node { organization { id } reasons lastSessionOn } } } }`,
      { c: t.campaign.id, o: t.home.id },
      t.leader.token,
    );
    expect(behind.data!.unitsBehind.totalCount).toBe(rollup.figures.behind);
    const b1x = behind.data!.unitsBehind.edges.find((e: { node: { organization: { id: string } } }) => e.node.organization.id === t.b1x.id);
    // Nobody recorded B1x's launch and it has held no session.
    expect(b1x.node).toMatchObject({ reasons: ['NOT_LAUNCHED', 'IDLE'], lastSessionOn: null });
  });

  it('describe the unit and its children as the organization query does, times to the millisecond', async () => {
    const UNIT_FIELDS = 'id code name kind depth memberCount version archivedAt createdAt updatedAt parent { id }';
    const dashboard = await app.gql(
      `query($c: ID!, $o: ID!) { rollup(campaignId: $c, organizationId: $o) {
         organization { ${UNIT_FIELDS} } children { organization { ${UNIT_FIELDS} } } } }`,
      { c: t.campaign.id, o: t.countyA.id },
      t.leader.token,
    );
    expect(dashboard.errors).toBeUndefined();
    const { organization, children } = dashboard.data!.rollup;
    for (const shown of [organization, ...children.map((c: { organization: unknown }) => c.organization)]) {
      const read = await app.gql(`query($id: ID!) { organization(id: $id) { ${UNIT_FIELDS} } }`, { id: shown.id }, t.leader.token);
      expect(shown).toEqual(read.data!.organization);
    }
    expect(children.map((c: { organization: { id: string } }) => c.organization.id)).toEqual([t.townA1.id]);
  });

  it('answer only callers who read the unit, for campaigns they read', async () => {
    const countyBLeader = await signedIn(app, t.countyB.id, ['LEADER']);
    const refused = await app.gql(ROLLUP, { c: t.campaign.id, o: t.countyA.id }, countyBLeader.token);
    expect(refused.errors?.[0].extensions.code).toBe('FORBIDDEN');
    expect((await app.gql(ROLLUP, { c: t.campaign.id, o: t.a1x.id }, t.secretary.a1x.token)).errors).toBeUndefined();
    expect((await app.gql(ROLLUP, { c: t.campaign.id, o: t.townA1.id }, t.secretary.a1x.token)).errors?.[0].extensions.code).toBe(
      'FORBIDDEN',
    );
    expect((await app.gql(ROLLUP, { c: '999999', o: t.home.id }, t.leader.token)).errors?.[0].extensions.code).toBe('FORBIDDEN');
  });

  it('show a secretary of a unit with units below it only that unit’s own figures', async () => {
    const asSecretary = await app.gql(
      `query($c: ID!, $o: ID!) { rollup(campaignId: $c, organizationId: $o) {
         figures { sessions participating } own { sessions participating } children { organization { id } } trend { week } }
         unitsBehind(campaignId: $c, organizationId: $o) { totalCount edges { node { organization { id } } } } }`,
      { c: t.campaign.id, o: t.townA1.id },
      t.secretary.townA1.token,
    );
    expect(asSecretary.errors).toBeUndefined();
    const { rollup, unitsBehind } = asSecretary.data!;
    expect(rollup.figures).toEqual(rollup.own);
    expect(rollup.figures.participating).toBe(1);
    expect(rollup.children).toEqual([]);
    expect(rollup.trend).toEqual([]);
    expect(unitsBehind.edges.every((e: { node: { organization: { id: string } } }) => e.node.organization.id === t.townA1.id)).toBe(true);
    expect((await figures(t.townA1.id)).participating).toBeGreaterThan(1);
  });

  it('let each user mark only their own notifications read', async () => {
    const [other] = await app.sql<{ id: string }>(`SELECT id::text FROM notification WHERE user_id <> $1 LIMIT 1`, [t.secretary.a1x.id]);
    const mine = await app.gql(
      `mutation($ids: [ID!]) { markNotificationsRead(ids: $ids) }`,
      { ids: other ? [other.id] : ['1'] },
      t.secretary.a1x.token,
    );
    expect(mine.data!.markNotificationsRead).toBe(0);
    const count = async () => (await app.gql(`{ unreadNotificationCount }`, {}, t.secretary.townA1.token)).data!.unreadNotificationCount;
    expect(await count()).toBeGreaterThan(0);
    expect((await app.gql(`mutation { markNotificationsRead }`, {}, t.secretary.townA1.token)).data!.markNotificationsRead).toBeGreaterThan(
      0,
    );
    expect(await count()).toBe(0);
  });
});

describe('rollups:check', () => {
  it('finds no difference after a randomized run of logs, edits, deletes, problem steps, exemptions and moves', async () => {
    const random = seeded(20261124);
    const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)];
    const writers = ['a1x', 'a1y', 'b1x', 'townA1'] as const;
    const sessions: { id: string; version: number; unit: (typeof writers)[number] }[] = [];
    const problems: { id: string; unit: (typeof writers)[number]; status: string }[] = [];
    const towns = [t.townA1.id, t.townB1.id];
    const next: Record<string, StepName[]> = {
      OPEN: ['PROGRESS', 'SUBMITTED'],
      IN_PROGRESS: ['SUBMITTED'],
      RECTIFIED: ['VERIFIED', 'REJECTED'],
    };
    for (let i = 0; i < 60; i++) {
      const unit = pick(writers);
      let action = pick(['log', 'log', 'edit', 'delete', 'report', 'step', 'step', 'exempt', 'move'] as const);
      if ((action === 'edit' || action === 'delete') && sessions.length === 0) action = 'log';
      if (action === 'log') {
        const input = sessionInput(t.campaign.id, t[unit].id, {
          type: pick(['READING_CLASS', 'SEMINAR', 'CENTRAL_GROUP_STUDY']),
          hours: 1 + Math.floor(random() * 4),
        });
        // An exempted unit's log is refused; that is part of the run too.
        const { data } = await app.gql(LOG_SESSION, { input }, t.secretary[unit].token);
        if (data) sessions.push({ ...data.logStudySession, unit });
      } else if (action === 'edit') {
        const s = pick(sessions);
        const edited = await app.gql(
          UPDATE,
          { id: s.id, v: s.version, i: sessionFields({ type: 'READING_CLASS', hours: 2 }) },
          t.secretary[s.unit].token,
        );
        if (!edited.errors) s.version = edited.data!.updateStudySession.version;
      } else if (action === 'delete') {
        const s = sessions.splice(Math.floor(random() * sessions.length), 1)[0];
        await app.gql(DELETE, { id: s.id }, t.secretary[s.unit].token);
      } else if (action === 'report') {
        const { data } = await app.gql(REPORT, { input: problemInput(t.campaign.id, t[unit].id) }, t.secretary[unit].token);
        if (data) problems.push({ id: data.reportProblem.id, unit, status: 'OPEN' });
      } else if (action === 'step' && problems.length > 0) {
        const p = pick(problems);
        const step = next[p.status] ? pick(next[p.status]) : 'REOPENED';
        const token = ['VERIFIED', 'REJECTED', 'REOPENED'].includes(step) ? t.leader.token : t.secretary[p.unit].token;
        const { data } = await app.gql(STEP[step], { p: p.id }, token);
        if (data) p.status = Object.values(data)[0].status;
      } else if (action === 'exempt') {
        await app.gql(
          random() < 0.5 ? EXEMPT : INCLUDE,
          { c: t.campaign.id, o: t[pick(['a1x', 'a1y', 'b1x'] as const)].id },
          t.leader.token,
        );
      } else if (action === 'move') {
        const branch = pick([t.a1x, t.a1y, t.b1x]);
        await app.gql(MOVE, { id: branch.id, to: pick(towns) });
      }
    }
    const [facts] = await app.sql(
      `SELECT (SELECT count(*) FROM study_session WHERE campaign_id = $1 AND deleted_at IS NOT NULL)::int AS deleted,
              (SELECT count(*) FROM problem WHERE campaign_id = $1 AND status <> 'OPEN')::int AS stepped,
              (SELECT count(*) FROM audit_event WHERE operation IN ('moveOrganization', 'exemptUnit', 'includeUnit', 'updateStudySession'))::int AS other`,
      [t.campaign.id],
    );
    // The run did exercise every kind of write.
    expect(facts.deleted).toBeGreaterThan(2);
    expect(facts.stepped).toBeGreaterThan(2);
    expect(facts.other).toBeGreaterThan(8);
    await settled();
    const lines: string[] = [];
    const env = { DATABASE_URL: app.databaseUrl, NODE_ENV: 'test' };
    expect(await checkRollups(env, [], (line) => lines.push(line))).toBe(0);
    expect(lines.at(-1)).toMatch(/^OK: rollups of \d+ \(campaign, unit\) pairs match the facts/);

    // A figure changed behind the job's back is found and named, and --repair restores it.
    const { sessions: stored } = await figures(t.countyB.id);
    await app.sql(`UPDATE rollup_subtree SET sessions = sessions + 5 WHERE campaign_id = $1 AND organization_id = $2`, [
      t.campaign.id,
      t.countyB.id,
    ]);
    lines.length = 0;
    expect(await checkRollups(env, ['--repair'], (line) => lines.push(line))).toBe(1);
    expect(lines).toContain(
      `DIFFERS rollup_subtree campaign ${t.campaign.id} unit ${t.countyB.id}: sessions ${stored + 5} (facts: ${stored})`,
    );
    expect((await figures(t.countyB.id)).sessions).toBe(stored);
    lines.length = 0;
    expect(await checkRollups(env, [], (line) => lines.push(line))).toBe(0);
  });
});

async function waitFor<T>(probe: () => Promise<T | false | undefined>): Promise<T> {
  for (let i = 0; i < 200; i++) {
    const value = await probe();
    if (value) return value;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error('condition not met in 10 s');
}

/** A small deterministic generator, so a failing run can be replayed. */
function seeded(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    return state / 2_147_483_648;
  };
}
