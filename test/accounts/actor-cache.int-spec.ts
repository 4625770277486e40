import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ActorCache } from '../../server/src/authorization/actor-cache.js';
import { homeWithAdmin, signedIn } from '../factories/accounts.js';
import { launchCampaign, LOG_SESSION, sessionInput } from '../factories/campaigns.js';
import { createUnit } from '../factories/organizations.js';
import { startTestApp, type TestApp } from '../setup/test-app.js';

let app: TestApp;
let adminToken: string;
beforeAll(async () => {
  app = await startTestApp();
  ({ adminToken } = await homeWithAdmin(app, '中共缓存测试市委员会'));
});
afterAll(async () => {
  await app?.close();
});

const ORGANIZATION = `query($id: ID!) { organization(id: $id) { id } }`;
const code = (result: { errors?: { extensions: Record<string, unknown> }[] }): string =>
  String(result.errors?.[0]?.extensions.code ?? 'ok');

/** Polls until the answer's code is `expected` (a change made elsewhere reaches the cache by NOTIFY). */
async function eventually(read: () => Promise<string>, expected: string): Promise<string> {
  let last = '';
  for (let i = 0; i < 100 && last !== expected; i++) {
    last = await read();
    if (last !== expected) await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return last;
}

describe('callers cached between requests', () => {
  it('are forgotten at once after this server’s own mutations: a logged-out token is refused on the next request', async () => {
    const unit = await createUnit(app, { name: '缓存县' });
    const leader = await signedIn(app, unit.id, ['LEADER']);
    expect(code(await app.gql(ORGANIZATION, { id: unit.id }, leader.token))).toBe('ok');
    expect(code(await app.gql(ORGANIZATION, { id: unit.id }, leader.token))).toBe('ok');
    expect((await app.gql(`mutation { logout }`, {}, leader.token)).errors).toBeUndefined();
    expect(code(await app.gql(ORGANIZATION, { id: unit.id }, leader.token))).toBe('UNAUTHENTICATED');
  });

  it('are forgotten at once when an admin of this server grants or revokes a role: the next request sees it', async () => {
    const unit = await createUnit(app, { name: '授权缓存县' });
    const user = await signedIn(app, unit.id, []);
    const grant = `mutation($u: ID!, $o: ID!) { grantRole(userId: $u, organizationId: $o, role: LEADER) { id } }`;
    expect(code(await app.gql(ORGANIZATION, { id: unit.id }, user.token))).toBe('FORBIDDEN');
    const granted = await app.gql<{ grantRole: { id: string } }>(grant, { u: user.id, o: unit.id }, adminToken);
    expect(granted.errors).toBeUndefined();
    expect(code(await app.gql(ORGANIZATION, { id: unit.id }, user.token))).toBe('ok');
    const revoke = `mutation($g: ID!) { revokeGrant(grantId: $g) { id } }`;
    expect((await app.gql(revoke, { g: granted.data!.grantRole.id }, adminToken)).errors).toBeUndefined();
    expect(code(await app.gql(ORGANIZATION, { id: unit.id }, user.token))).toBe('FORBIDDEN');
  });

  it('are kept across mutations that change no caller: a secretary logging sessions is not read again each time', async () => {
    const leader = await signedIn(app, app.home!, ['LEADER']);
    const branch = await createUnit(app, { name: '缓存村党支部', kind: 'BRANCH' });
    const campaign = await launchCampaign(app, leader.token, app.home!);
    const secretary = await signedIn(app, branch.id, ['SECRETARY']);
    const actors = app.nest.get(ActorCache);
    // Notifications arrive in commit order: once this one has cleared the cache, those of the setup have too.
    const stamp = actors.stamp();
    await app.sql(`NOTIFY actor_changed`);
    for (let i = 0; i < 100 && actors.stamp() === stamp; i++) await new Promise((resolve) => setTimeout(resolve, 20));
    const before = actors.stamp();
    expect(before).toBeGreaterThan(stamp);
    for (let i = 0; i < 3; i++) {
      const logged = await app.gql(
        LOG_SESSION,
        { input: sessionInput(campaign.id, branch.id, { clientRequestId: `cache-${i}` }) },
        secretary.token,
      );
      expect(logged.errors).toBeUndefined();
    }
    expect(actors.stamp()).toBe(before);
  });

  it('are forgotten when another process revokes a session, disables a user or removes a grant', async () => {
    const unit = await createUnit(app, { name: '另一缓存县' });
    const read = (token: string) => async () => code(await app.gql(ORGANIZATION, { id: unit.id }, token));
    const revoked = await signedIn(app, unit.id, ['LEADER']);
    const disabled = await signedIn(app, unit.id, ['LEADER']);
    const ungranted = await signedIn(app, unit.id, ['LEADER']);
    for (const user of [revoked, disabled, ungranted]) expect(await read(user.token)()).toBe('ok');

    // Written straight to the database, as another server process would.
    await app.sql(`UPDATE user_session SET revoked_at = now() WHERE user_id = $1`, [revoked.id]);
    expect(await eventually(read(revoked.token), 'UNAUTHENTICATED')).toBe('UNAUTHENTICATED');
    await app.sql(`UPDATE app_user SET disabled = true WHERE id = $1`, [disabled.id]);
    expect(await eventually(read(disabled.token), 'UNAUTHENTICATED')).toBe('UNAUTHENTICATED');
    await app.sql(`DELETE FROM role_grant WHERE user_id = $1`, [ungranted.id]);
    expect(await eventually(read(ungranted.token), 'FORBIDDEN')).toBe('FORBIDDEN');
  });

  // The rollup read trusts the guard for reach (the unit's path is checked nowhere else), so it shows a stale path.
  const ROLLUP = `query($c: ID!, $o: ID!) { rollup(campaignId: $c, organizationId: $o) { organization { id } } }`;
  const movingTown = async (label: string) => {
    const from = await createUnit(app, { name: `${label}迁出县` });
    const to = await createUnit(app, { name: `${label}迁入县` });
    const town = await createUnit(app, { name: `${label}迁移镇`, parentId: from.id });
    const campaign = await launchCampaign(app, (await signedIn(app, app.home!, ['LEADER'])).token, app.home!);
    const leader = await signedIn(app, from.id, ['LEADER']);
    const read = async () => code(await app.gql(ROLLUP, { c: campaign.id, o: town.id }, leader.token));
    expect(await read()).toBe('ok');
    expect(await read()).toBe('ok');
    return { to, town, read };
  };

  it('forget where units sit at once when this server moves one: a leader loses the moved unit on the next request', async () => {
    const { to, town, read } = await movingTown('本');
    const move = `mutation($id: ID!, $to: ID!) { moveOrganization(id: $id, newParentId: $to) { id } }`;
    expect((await app.gql(move, { id: town.id, to: to.id })).errors).toBeUndefined();
    expect(await read()).toBe('FORBIDDEN');
  });

  it('forget where units sit when another process moves one', async () => {
    const { to, town, read } = await movingTown('另');
    await app.sql(
      `UPDATE organization o SET parent_id = t.id, path = t.path || o.id::text, depth = t.depth + 1
       FROM organization t WHERE o.id = $1 AND t.id = $2`,
      [town.id, to.id],
    );
    expect(await eventually(read, 'FORBIDDEN')).toBe('FORBIDDEN');
  });
});
