import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { homeWithAdmin, login, seedUser, signedIn } from '../factories/accounts.js';
import { launchCampaign, LOG_SESSION, sessionInput } from '../factories/campaigns.js';
import { createUnit } from '../factories/organizations.js';
import { startTestApp, type TestApp } from '../setup/test-app.js';

let app: TestApp;
let city: Awaited<ReturnType<typeof homeWithAdmin>>;
beforeAll(async () => {
  app = await startTestApp();
  city = await homeWithAdmin(app, '中共回归测试市委员会');
});
afterAll(async () => {
  await app?.close();
});

describe('authorization edges', () => {
  it('keeps a county admin from resetting, disabling or re-granting a user who holds a grant above it', async () => {
    const county = await createUnit(app, { name: '县委' });
    const countyAdmin = await signedIn(app, county.id, ['ADMIN']);
    // Lives at the county but administers the city.
    const cityAdmin = await seedUser(app, county.id, []);
    await app.sql(`INSERT INTO role_grant (user_id, organization_id, role) VALUES ($1, $2, 'ADMIN')`, [cityAdmin.id, city.id]);
    const as = app.as(countyAdmin.token);
    expect(
      (await as(`mutation($u: ID!) { resetPassword(userId: $u) { temporaryPassword } }`, { u: cityAdmin.id })).errors![0].extensions.code,
    ).toBe('FORBIDDEN');
    expect(
      (await as(`mutation($u: ID!) { setUserDisabled(userId: $u, disabled: true) { id } }`, { u: cityAdmin.id })).errors![0].extensions
        .code,
    ).toBe('FORBIDDEN');
    // Its grants above the county are not even listed to the county admin.
    const listed = await as(
      `query($o: ID!) { users(organizationId: $o) { edges { node { username grants { role organization { id } } } } } }`,
      { o: county.id },
    );
    const row = listed.data!.users.edges.find((e: any) => e.node.username === cityAdmin.username).node;
    expect(row.grants).toEqual([]);
  });

  it('answers login with the user’s own grants', async () => {
    const user = await seedUser(app, city.id, ['LEADER', 'AUDITOR']);
    const { data } = await app.gql(
      `mutation($u: String!, $p: String!) { login(username: $u, password: $p) { user { grants { role organization { id } } } } }`,
      { u: user.username, p: 'Test-pass-2026' },
      '',
    );
    expect(data!.login.user.grants.map((g: any) => g.role).sort()).toEqual(['AUDITOR', 'LEADER']);
  });

  it('lets a browser holding a stale token sign in again', async () => {
    const user = await seedUser(app, city.id, ['LEADER']);
    const token = await login(app, user.username);
    await app.gql(`mutation { logout }`, {}, token);
    const again = await app.gql(
      `mutation($u: String!, $p: String!) { login(username: $u, password: $p) { token } }`,
      { u: user.username, p: 'Test-pass-2026' },
      token,
    );
    expect(again.data!.login.token).toBeTruthy();
  });

  it('signs one user in from six tabs at once', async () => {
    const user = await seedUser(app, city.id, ['LEADER']);
    const results = await Promise.all(
      Array.from({ length: 6 }, () =>
        login(app, user.username).then(
          () => 'ok',
          (e: Error) => e.message,
        ),
      ),
    );
    expect(results).toEqual(Array(6).fill('ok'));
  });

  it('answers a forged cursor with BAD_USER_INPUT and an id too large for a column with FORBIDDEN', async () => {
    const forged = Buffer.from(JSON.stringify([{ x: 1 }])).toString('base64url');
    for (const query of [
      `{ organizations(search: "委", after: "${forged}") { totalCount } }`,
      `{ auditEvents(after: "${forged}") { totalCount } }`,
      `{ campaigns(after: "${forged}") { totalCount } }`,
    ]) {
      const { errors } = await app.gql(query);
      expect(errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'after' });
    }
    const huge = await app.gql(`{ organization(id: "99999999999") { id } }`);
    expect(huge.errors![0].extensions.code).toBe('FORBIDDEN');
  });
});

describe('integrity edges', () => {
  it('moves a unit’s audit history with it', async () => {
    const from = await createUnit(app, { name: '原县' });
    const to = await createUnit(app, { name: '新县' });
    const unit = await createUnit(app, { parentId: from.id, name: '迁移的乡镇' });
    await app.gql(`mutation($id: ID!, $to: ID!) { moveOrganization(id: $id, newParentId: $to) { id } }`, { id: unit.id, to: to.id });
    const auditor = await signedIn(app, to.id, ['AUDITOR']);
    const events = await app.gql(
      `query($o: ID!) { auditEvents(organizationId: $o) { edges { node { operation entityId } } } }`,
      { o: to.id },
      auditor.token,
    );
    expect(events.data!.auditEvents.edges.map((e: any) => e.node.operation)).toEqual(
      expect.arrayContaining(['createOrganization', 'moveOrganization']),
    );
    const oldAuditor = await signedIn(app, from.id, ['AUDITOR']);
    const old = await app.gql(`{ auditEvents { edges { node { entityId } } } }`, {}, oldAuditor.token);
    expect(old.data!.auditEvents.edges.map((e: any) => e.node.entityId)).not.toContain(unit.id);
  });

  it('updates a campaign’s requirements, refuses a stale version, and freezes a closed campaign', async () => {
    const county = await createUnit(app, { name: '测试县' });
    const branch = await createUnit(app, { parentId: county.id, kind: 'BRANCH', name: '测试村党支部' });
    const leader = await signedIn(app, county.id, ['LEADER']);
    const secretary = await signedIn(app, branch.id, ['SECRETARY']);
    const campaign = await launchCampaign(app, leader.token, county.id);
    const UPDATE = `mutation($id: ID!, $input: CampaignInput!, $v: Int!) { updateCampaign(id: $id, input: $input, version: $v) { version requirements { title minCount } } }`;
    const input = {
      title: '调整后的学习教育',
      startsOn: campaign.startsOn,
      endsOn: campaign.endsOn,
      requirements: [{ title: '至少 3 期读书班', kind: 'SESSIONS', sessionType: 'READING_CLASS', minCount: 3, appliesTo: ['BRANCH'] }],
    };
    const updated = await app.gql(UPDATE, { id: campaign.id, input, v: campaign.version }, leader.token);
    expect(updated.data!.updateCampaign).toEqual({
      version: campaign.version + 1,
      requirements: [{ title: '至少 3 期读书班', minCount: 3 }],
    });
    expect((await app.gql(UPDATE, { id: campaign.id, input, v: campaign.version }, leader.token)).errors![0].extensions).toMatchObject({
      code: 'CONFLICT',
      current: { version: campaign.version + 1 },
    });

    const logged = (await app.gql(LOG_SESSION, { input: sessionInput(campaign.id, branch.id) }, secretary.token)).data!.logStudySession;
    await app.gql(`mutation($id: ID!) { closeCampaign(id: $id) { status } }`, { id: campaign.id }, leader.token);
    const deleted = await app.gql(`mutation($id: ID!) { deleteStudySession(id: $id) { id } }`, { id: logged.id }, secretary.token);
    expect(deleted.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', key: 'session/campaign-not-active' });
  });
});
