import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ModulesContainer } from '@nestjs/core';
import { GraphQLSchemaHost } from '@nestjs/graphql';
import { RULE_KEY } from '../../server/src/authorization/allow.decorator.js';
import { login, seedRoot, seedUser, signedIn, TEST_PASSWORD } from '../factories/accounts.js';
import { minimalOperation, rootFields } from '../factories/operations.js';
import { startTestApp, type TestApp } from '../setup/test-app.js';

let app: TestApp;
let home: { id: string; code: string };
beforeAll(async () => {
  app = await startTestApp();
  home = await seedRoot(app);
  app.home = home.id;
});
afterAll(async () => {
  await app?.close();
});

const schema = () => app.nest.get(GraphQLSchemaHost).schema;

describe('declared authorization', () => {
  it('has a rule on every query, mutation and HTTP endpoint', () => {
    const rules = new Map<string, unknown>();
    for (const module of app.nest.get(ModulesContainer).values()) {
      for (const wrapper of [...module.providers.values(), ...module.controllers.values()]) {
        const prototype = wrapper.instance ? Object.getPrototypeOf(wrapper.instance) : undefined;
        if (!prototype) continue;
        for (const name of Object.getOwnPropertyNames(prototype)) {
          const method = Object.getOwnPropertyDescriptor(prototype, name)?.value;
          if (typeof method !== 'function' || name === 'constructor') continue;
          const type = Reflect.getMetadata('graphql:resolver_type', method);
          const route = Reflect.getMetadata('path', method);
          if (type === 'Query' || type === 'Mutation')
            rules.set(`${type}.${Reflect.getMetadata('graphql:resolver_name', method) ?? name}`, Reflect.getMetadata(RULE_KEY, method));
          else if (route !== undefined && wrapper.metatype && Reflect.getMetadata('path', wrapper.metatype) !== undefined) {
            rules.set(`HTTP ${wrapper.metatype.name}.${name}`, Reflect.getMetadata(RULE_KEY, method));
          }
        }
      }
    }
    const operations = rootFields(schema()).map((f) => `${f.kind === 'query' ? 'Query' : 'Mutation'}.${f.name}`);
    const withoutRule = [...operations, ...[...rules.keys()].filter((k) => k.startsWith('HTTP'))].filter((k) => !rules.get(k));
    expect(withoutRule).toEqual([]);
    expect(rules.size).toBeGreaterThanOrEqual(operations.length);
    expect(rules.has('HTTP ImportsController.organizations') && rules.has('HTTP ImportsController.users')).toBe(true);
    expect(['xlsx', 'csv', 'evidencePack', 'rollupReport', 'publicKey'].every((name) => rules.has(`HTTP ExportsController.${name}`))).toBe(
      true,
    );
  });

  it('answers every operation but login with UNAUTHENTICATED when there is no token', async () => {
    const outcomes: Record<string, unknown> = {};
    for (const field of rootFields(schema())) {
      const { query, variables } = minimalOperation(schema(), field.kind, field.name);
      const { errors } = await app.gql(query, variables, '');
      outcomes[field.name] = errors?.[0]?.extensions.key ?? 'ok';
    }
    // login is open: it answers the placeholder credentials on their merits, not for want of a token.
    const expected = Object.fromEntries(
      Object.keys(outcomes).map((name) => [name, name === 'login' ? 'auth/invalid-credentials' : 'auth/unauthenticated']),
    );
    expect(outcomes).toEqual(expected);
    expect((await app.gql('{ __typename }', {}, '')).data).toEqual({ __typename: 'Query' });

    const upload = await fetch(`${app.url}/api/imports/organizations`, { method: 'POST', body: new FormData() });
    expect(upload.status).toBe(401);
    for (const path of [
      'ledger.xlsx?campaignId=1&organizationId=1',
      'ledger.zip',
      'rollup.xlsx?campaignId=1&organizationId=1',
      'public-key',
    ]) {
      expect((await fetch(`${app.url}/api/exports/${path}`)).status).toBe(401);
    }
  });

  it('refuses a forged, revoked or disabled session', async () => {
    const user = await signedIn(app, home.id, ['LEADER']);
    const me = `{ me { username } }`;
    expect((await app.gql(me, {}, user.token)).data).toEqual({ me: { username: user.username } });
    const [h, p] = user.token.split('.');
    expect((await app.gql(me, {}, `${h}.${p}.AAAA`)).errors![0].extensions.code).toBe('UNAUTHENTICATED');

    await app.gql(`mutation { logout }`, {}, user.token);
    expect((await app.gql(me, {}, user.token)).errors![0].extensions.code).toBe('UNAUTHENTICATED');

    const other = await signedIn(app, home.id, ['LEADER']);
    await app.sql(`UPDATE app_user SET disabled = true WHERE id = $1`, [other.id]);
    expect((await app.gql(me, {}, other.token)).errors![0].extensions.code).toBe('UNAUTHENTICATED');
  });
});

describe('signing in', () => {
  const LOGIN = `mutation($u: String!, $p: String!) { login(username: $u, password: $p) { token user { username } } }`;

  it('gives the same answer for an unknown username and a wrong password', async () => {
    const user = await seedUser(app, home.id, ['LEADER']);
    const unknown = await app.gql(LOGIN, { u: 'nobody-here', p: 'whatever1' }, '');
    const wrong = await app.gql(LOGIN, { u: user.username, p: 'whatever1' }, '');
    expect(unknown.errors![0].extensions.key).toBe('auth/invalid-credentials');
    expect(wrong.errors![0].message).toBe(unknown.errors![0].message);
    expect(wrong.errors![0].extensions).toEqual(unknown.errors![0].extensions);
  });

  it('locks a username for 15 minutes after five bad passwords, and the lock shows in the audit log', async () => {
    const user = await seedUser(app, home.id, ['LEADER']);
    const keys = [];
    for (let i = 0; i < 5; i++) keys.push((await app.gql(LOGIN, { u: user.username, p: `wrong-${i}x` }, '')).errors![0].extensions.key);
    expect(keys).toEqual([
      'auth/invalid-credentials',
      'auth/invalid-credentials',
      'auth/invalid-credentials',
      'auth/invalid-credentials',
      'auth/locked',
    ]);
    const right = await app.gql(LOGIN, { u: user.username, p: TEST_PASSWORD }, '');
    expect(right.errors![0].extensions).toMatchObject({ code: 'UNAUTHENTICATED', key: 'auth/locked' });

    const admin = await signedIn(app, home.id, ['ADMIN']);
    const audit = await app.gql(
      `query($actor: String) { auditEvents(actor: $actor, first: 20) { edges { node { operation outcome entityId actorName } } } }`,
      { actor: user.username },
      admin.token,
    );
    const outcomes = audit.data!.auditEvents.edges.map((e: any) => e.node.outcome);
    expect(outcomes).toContain('LOCKED');
    expect(audit.data!.auditEvents.edges.find((e: any) => e.node.outcome === 'LOCKED').node).toMatchObject({
      operation: 'login',
      entityId: user.id,
    });

    // Fifteen minutes later (the failures moved back in time) the right password works again.
    await app.sql(`UPDATE login_failure SET at = at - interval '15 minutes 1 second' WHERE username = $1`, [user.username]);
    expect((await app.gql(LOGIN, { u: user.username, p: TEST_PASSWORD }, '')).data!.login.user.username).toBe(user.username);
  });

  it('lets no more than five parallel guesses through before the lock', async () => {
    const user = await seedUser(app, home.id, ['LEADER']);
    const keys = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        app.gql(LOGIN, { u: user.username, p: `guess-${i}x` }, '').then((r) => r.errors![0].extensions.key),
      ),
    );
    expect(keys.filter((k) => k === 'auth/invalid-credentials')).toHaveLength(4);
    expect(keys.filter((k) => k === 'auth/locked')).toHaveLength(6);
    const [{ n }] = await app.sql(`SELECT count(*)::int AS n FROM login_failure WHERE username = $1`, [user.username]);
    expect(n).toBe(5);
  });

  it('locks a name that does not exist just the same, revealing nothing', async () => {
    const keys = [];
    for (let i = 0; i < 6; i++) keys.push((await app.gql(LOGIN, { u: 'ghost-user', p: `wrong-${i}x` }, '')).errors![0].extensions.key);
    expect(keys.slice(4)).toEqual(['auth/locked', 'auth/locked']);
  });

  it('makes an account created by an admin change its password before anything else', async () => {
    const admin = await signedIn(app, home.id, ['ADMIN']);
    const created = await app.gql(
      `mutation($input: CreateUserInput!) { createUser(input: $input) { temporaryPassword user { id username mustChangePassword } } }`,
      { input: { username: 'new.secretary', displayName: '新书记', organizationId: home.id } },
      admin.token,
    );
    const { temporaryPassword, user } = created.data!.createUser;
    expect(user.mustChangePassword).toBe(true);
    const token = await login(app, user.username, temporaryPassword);
    const blocked = await app.gql(`{ organizations { totalCount } }`, {}, token);
    expect(blocked.errors![0].extensions).toMatchObject({ code: 'FORBIDDEN', key: 'auth/password-change-required' });

    const CHANGE = `mutation($c: String!, $n: String!) { changePassword(currentPassword: $c, newPassword: $n) { mustChangePassword } }`;
    const weak = await app.gql(CHANGE, { c: temporaryPassword, n: 'short1' }, token);
    expect(weak.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'newPassword' });
    const changed = await app.gql(CHANGE, { c: temporaryPassword, n: 'Better-pass-42' }, token);
    expect(changed.data!.changePassword.mustChangePassword).toBe(false);
    expect((await app.gql(`{ organizations { totalCount } }`, {}, token)).errors).toBeUndefined();
    expect(await login(app, user.username, 'Better-pass-42')).toBeTruthy();
  });
});

describe('query limits', () => {
  it('refuses a query nested 20 levels deep before it runs', async () => {
    const admin = await signedIn(app, home.id, ['ADMIN']);
    let nested = 'id';
    for (let i = 0; i < 7; i++) nested = `children(first: 1) { edges { node { ${nested} } } }`;
    const { errors, data } = await app.gql(`query($id: ID!) { organization(id: $id) { ${nested} } }`, { id: home.id }, admin.token);
    expect(data ?? null).toBeNull();
    expect(errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', key: 'request/too-deep' });
  });

  it('refuses thousands of children of thousands of children', async () => {
    const admin = await signedIn(app, home.id, ['ADMIN']);
    const query = `{ organizations(first: 200) { edges { node { children(first: 200) { edges { node { children(first: 200) { totalCount } } } } } } } }`;
    const { errors } = await app.gql(query, {}, admin.token);
    expect(errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', key: 'request/too-costly' });
    expect(errors![0].extensions.messages['zh-CN']).toContain('上限');
  });
});
