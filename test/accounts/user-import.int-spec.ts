import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { homeWithAdmin, login, seedRoot, signedIn } from '../factories/accounts.js';
import { createUnit, importUnits } from '../factories/organizations.js';
import { startTestApp, type TestApp } from '../setup/test-app.js';

let app: TestApp;
let home: { id: string; code: string };
beforeAll(async () => {
  app = await startTestApp();
  home = await homeWithAdmin(app);
});
afterAll(async () => {
  await app?.close();
});

const importUsers = (csv: string) => importUnits(app, csv, 'users.csv', 'users');

describe('importing users', () => {
  it('creates accounts and grants, each required to change its password', async () => {
    const unit = await createUnit(app, { name: '龙泉社区党总支', kind: 'GENERAL_BRANCH' });
    const csv = [
      '用户名,姓名,单位代码,角色,初始密码',
      `zhang.san,张三,${unit.code},支部书记,Start-2026a`,
      `zhang.san,张三,${home.code},LEADER,`,
      `li.si,李四,${unit.code},审计,`,
    ].join('\n');
    const job = await importUsers(csv);
    expect(job).toMatchObject({ status: 'SUCCEEDED', imported: 2 });
    const grants = await app.sql(
      `SELECT u.username, u.must_change_password AS must, g.role, o.code FROM app_user u JOIN role_grant g ON g.user_id = u.id
       JOIN organization o ON o.id = g.organization_id WHERE u.username IN ('zhang.san', 'li.si') ORDER BY u.username, g.role`,
    );
    expect(grants).toEqual([
      { username: 'li.si', must: true, role: 'AUDITOR', code: unit.code },
      { username: 'zhang.san', must: true, role: 'LEADER', code: home.code },
      { username: 'zhang.san', must: true, role: 'SECRETARY', code: unit.code },
    ]);
    const token = await login(app, 'zhang.san', 'Start-2026a');
    const me = await app.gql(`{ me { mustChangePassword organization { id } } }`, {}, token);
    expect(me.data!.me).toEqual({ mustChangePassword: true, organization: { id: unit.id } });
    // Without an initial password the account cannot sign in until an admin resets it.
    const noPassword = await app.gql(`mutation { login(username: "li.si", password: "anything1") { token } }`, {}, '');
    expect(noPassword.errors![0].extensions.key).toBe('auth/invalid-credentials');
  });

  it('reports every bad row and creates nobody', async () => {
    const other = await seedRoot(app, '别的市委');
    const before = (await app.sql(`SELECT count(*)::int AS n FROM app_user`))[0].n;
    const csv = [
      'username,displayName,organizationCode,role',
      `Bad Name,某人,${home.code},LEADER`,
      `ok.user,,${home.code},LEADER`,
      `ok.user2,某人,NO-SUCH-UNIT,LEADER`,
      `ok.user3,某人,${other.code},LEADER`,
      `ok.user4,某人,${home.code},BOSS`,
      `ok.user5,某人,${home.code},LEADER`,
      `ok.user5,某人,${home.code},LEADER`,
    ].join('\n');
    const job = await importUsers(csv);
    expect(job.status).toBe('FAILED');
    expect(job.errors.map((e) => [e.row, e.field, e.code])).toEqual([
      [2, 'username', 'user/username-format'],
      [3, 'displayName', 'validation/required'],
      [4, 'organizationCode', 'import/unknown-unit'],
      [5, 'organizationCode', 'import/unknown-unit'],
      [6, 'role', 'import/unknown-role'],
      [8, 'role', 'import/duplicate-grant'],
    ]);
    expect((await app.sql(`SELECT count(*)::int AS n FROM app_user`))[0].n).toBe(before);
  });

  it('is for admins only', async () => {
    const leader = await signedIn(app, home.id, ['LEADER']);
    const form = new FormData();
    form.append('file', new Blob(['username,displayName,organizationCode,role\n']), 'users.csv');
    const response = await fetch(`${app.url}/api/imports/users`, {
      method: 'POST',
      body: form,
      headers: { authorization: `Bearer ${leader.token}` },
    });
    expect(response.status).toBe(403);
    expect(await response.json()).toMatchObject({ code: 'FORBIDDEN' });
  });
});
