import { hashPassword } from '../../server/src/accounts/password.js';
import type { TestApp } from '../setup/test-app.js';

export const TEST_PASSWORD = 'Test-pass-2026';
let passwordHash: Promise<string> | undefined;
let sequence = 0;

export type RoleName = 'SECRETARY' | 'LEADER' | 'AUDITOR' | 'ADMIN';

/** A user at `organizationId` holding `roles` there, written straight to the database. */
export async function seedUser(
  app: TestApp,
  organizationId: string | number,
  roles: RoleName[],
  options: { username?: string; mustChangePassword?: boolean } = {},
): Promise<{ id: string; username: string }> {
  const username = options.username ?? `u${Date.now().toString(36)}${(sequence++).toString(36)}`;
  passwordHash ??= hashPassword(TEST_PASSWORD);
  const [user] = await app.sql<{ id: string }>(
    `INSERT INTO app_user (username, display_name, password_hash, organization_id, must_change_password)
     VALUES ($1, $2, $3, $4, $5) RETURNING id::text`,
    [username, `测试用户${username}`, await passwordHash, organizationId, options.mustChangePassword ?? false],
  );
  for (const role of roles) {
    await app.sql(`INSERT INTO role_grant (user_id, organization_id, role) VALUES ($1, $2, $3)`, [user.id, organizationId, role]);
  }
  return { id: user.id, username };
}

export async function login(app: TestApp, username: string, password = TEST_PASSWORD): Promise<string> {
  const { data, errors } = await app.gql<{ login: { token: string } }>(
    `mutation($u: String!, $p: String!) { login(username: $u, password: $p) { token } }`,
    { u: username, p: password },
  );
  if (errors) throw new Error(`login ${username}: ${JSON.stringify(errors)}`);
  return data!.login.token;
}

/** A signed-in user: seeds it, signs in, and returns the token with the ids. */
export async function signedIn(app: TestApp, organizationId: string | number, roles: RoleName[]) {
  const user = await seedUser(app, organizationId, roles);
  return { ...user, token: await login(app, user.username) };
}

/** A root unit written straight to the database, for a test file's own tree. */
export async function seedRoot(app: TestApp, name = '中共测试市委员会'): Promise<{ id: string; code: string }> {
  const code = `R${Date.now().toString(36)}${(sequence++).toString(36)}`.toUpperCase();
  const [row] = await app.sql<{ id: string }>(
    `INSERT INTO organization (id, code, name, kind, path, depth)
     SELECT n, $1, $2, 'COMMITTEE', n::text::ltree, 1 FROM (SELECT nextval('organization_id_seq') AS n) s RETURNING id::text`,
    [code, name],
  );
  return { id: row.id, code };
}

/** A test file's own tree: a root unit, units created under it by default, and calls made as its ADMIN. */
export async function homeWithAdmin(app: TestApp, name?: string): Promise<{ id: string; code: string; adminToken: string }> {
  const home = await seedRoot(app, name);
  const adminToken = (await signedIn(app, home.id, ['ADMIN'])).token;
  app.home = home.id;
  app.token = adminToken;
  return { ...home, adminToken };
}
