import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { login, seedRoot, seedUser, type RoleName } from '../factories/accounts.js';
import { uniqueCode } from '../factories/organizations.js';
import { startTestApp, type GraphQLResponse, type TestApp } from '../setup/test-app.js';

/**
 * Every query and mutation, for each role granted at unit U, against U itself, a unit below it, a
 * unit in a sibling subtree and the unit above it, with the outcome DESIGN.md's "Who may do what"
 * gives. Units are A (the root) → U → D, and A → S.
 */
type Relation = 'own' | 'descendant' | 'sibling' | 'ancestor';
type Outcome = 'ok' | 'FORBIDDEN' | 'BAD_USER_INPUT';
const RELATIONS: Relation[] = ['own', 'descendant', 'sibling', 'ancestor'];
const ROLES: RoleName[] = ['SECRETARY', 'LEADER', 'AUDITOR', 'ADMIN'];

interface Fixture {
  units: Record<Relation, { id: string; path: string }>;
}

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(async () => {
  await app?.close();
});

async function unitUnder(parent: { id: string; path: string } | null, kind = 'COMMITTEE') {
  const [row] = await app.sql<{ id: string; path: string }>(
    `INSERT INTO organization (id, code, name, kind, parent_id, path, depth)
     SELECT n, $1, $2, $3, $4::int, (coalesce($5 || '.', '') || n)::ltree, nlevel((coalesce($5 || '.', '') || n)::ltree)
     FROM (SELECT nextval('organization_id_seq') AS n) s RETURNING id::text, path::text`,
    [uniqueCode('M'), `矩阵单位${uniqueCode()}`, kind, parent?.id ?? null, parent?.path ?? null],
  );
  return row;
}

async function fixture(): Promise<Fixture> {
  const root = await seedRoot(app, '中共矩阵市委员会');
  const ancestor = { id: root.id, path: root.id };
  const own = await unitUnder(ancestor);
  return { units: { ancestor, own, descendant: await unitUnder(own), sibling: await unitUnder(ancestor) } };
}

async function actorAt(unitId: string, role: RoleName) {
  const user = await seedUser(app, unitId, [role]);
  return login(app, user.username);
}

const outcome = (response: GraphQLResponse): string => response.errors?.[0]?.extensions.code ?? 'ok';

interface Case {
  name: string;
  /** Fresh units and actor for every call: the operation changes or removes what it acts on. */
  destructive?: boolean;
  run(token: string, fx: Fixture, target: Relation): Promise<string>;
  expected: Partial<Record<RoleName, Record<Relation, Outcome>>> & { others: Record<Relation, Outcome> };
}

const read: Record<Relation, Outcome> = { own: 'ok', descendant: 'ok', sibling: 'FORBIDDEN', ancestor: 'FORBIDDEN' };
const ownOnly: Record<Relation, Outcome> = { own: 'ok', descendant: 'FORBIDDEN', sibling: 'FORBIDDEN', ancestor: 'FORBIDDEN' };
const none: Record<Relation, Outcome> = { own: 'FORBIDDEN', descendant: 'FORBIDDEN', sibling: 'FORBIDDEN', ancestor: 'FORBIDDEN' };
const subtreeInput: Record<Relation, Outcome> = { own: 'ok', descendant: 'ok', sibling: 'BAD_USER_INPUT', ancestor: 'BAD_USER_INPUT' };

const userAt = async (fx: Fixture, target: Relation) => seedUser(app, fx.units[target].id, ['LEADER']);

/** A campaign launched at the root A, covering every unit of the fixture. */
const campaignOf = async (fx: Fixture) =>
  (
    await app.sql(
      `INSERT INTO campaign (title, scope_id, starts_on, ends_on) VALUES ('矩阵学习教育', $1, current_date - 30, current_date + 30) RETURNING id::text`,
      [fx.units.ancestor.id],
    )
  )[0].id as string;

const httpOutcome = (status: number): string =>
  ({ 200: 'ok', 400: 'BAD_USER_INPUT', 401: 'UNAUTHENTICATED', 403: 'FORBIDDEN' })[status] ?? `HTTP ${status}`;

const CASES: Case[] = [
  {
    name: 'organization(id)',
    run: async (token, fx, t) => outcome(await app.gql(`query($id: ID!) { organization(id: $id) { id } }`, { id: fx.units[t].id }, token)),
    expected: { SECRETARY: ownOnly, others: read },
  },
  {
    name: 'organizations(parentId)',
    run: async (token, fx, t) =>
      outcome(await app.gql(`query($p: ID!) { organizations(parentId: $p) { totalCount } }`, { p: fx.units[t].id }, token)),
    expected: { SECRETARY: ownOnly, others: read },
  },
  {
    name: 'updateOrganization',
    run: async (token, fx, t) => {
      const [{ version }] = await app.sql(`SELECT version FROM organization WHERE id = $1`, [fx.units[t].id]);
      return outcome(
        await app.gql(
          `mutation($id: ID!, $v: Int!) { updateOrganization(id: $id, input: { memberCount: 3 }, version: $v) { id } }`,
          { id: fx.units[t].id, v: version },
          token,
        ),
      );
    },
    expected: { ADMIN: read, others: none },
  },
  {
    name: 'createOrganization',
    run: async (token, fx, t) =>
      outcome(
        await app.gql(
          `mutation($i: CreateOrganizationInput!) { createOrganization(input: $i) { id } }`,
          { i: { code: uniqueCode('C'), name: '新单位', kind: 'BRANCH', parentId: fx.units[t].id } },
          token,
        ),
      ),
    expected: { ADMIN: subtreeInput, others: none },
  },
  {
    name: 'moveOrganization (under a new child of U)',
    destructive: true,
    run: async (token, fx, t) => {
      const target = await unitUnder(fx.units.own);
      return outcome(
        await app.gql(
          `mutation($id: ID!, $to: ID!) { moveOrganization(id: $id, newParentId: $to) { id } }`,
          { id: fx.units[t].id, to: target.id },
          token,
        ),
      );
    },
    expected: { ADMIN: { own: 'BAD_USER_INPUT', descendant: 'ok', sibling: 'FORBIDDEN', ancestor: 'FORBIDDEN' }, others: none },
  },
  {
    name: 'archiveOrganization',
    destructive: true,
    run: async (token, fx, t) =>
      outcome(await app.gql(`mutation($id: ID!) { archiveOrganization(id: $id) { id } }`, { id: fx.units[t].id }, token)),
    expected: { ADMIN: read, others: none },
  },
  {
    name: 'users(organizationId)',
    run: async (token, fx, t) =>
      outcome(await app.gql(`query($o: ID!) { users(organizationId: $o) { totalCount } }`, { o: fx.units[t].id }, token)),
    expected: { ADMIN: read, others: none },
  },
  {
    name: 'user(id)',
    run: async (token, fx, t) =>
      outcome(await app.gql(`query($id: ID!) { user(id: $id) { id } }`, { id: (await userAt(fx, t)).id }, token)),
    expected: { ADMIN: read, others: none },
  },
  {
    name: 'createUser',
    run: async (token, fx, t) =>
      outcome(
        await app.gql(
          `mutation($o: ID!, $u: String!) { createUser(input: { username: $u, displayName: "某人", organizationId: $o }) { temporaryPassword } }`,
          { o: fx.units[t].id, u: `m${uniqueCode().toLowerCase()}` },
          token,
        ),
      ),
    expected: { ADMIN: subtreeInput, others: none },
  },
  {
    name: 'resetPassword',
    run: async (token, fx, t) =>
      outcome(
        await app.gql(`mutation($u: ID!) { resetPassword(userId: $u) { temporaryPassword } }`, { u: (await userAt(fx, t)).id }, token),
      ),
    expected: { ADMIN: read, others: none },
  },
  {
    name: 'setUserDisabled',
    run: async (token, fx, t) =>
      outcome(
        await app.gql(`mutation($u: ID!) { setUserDisabled(userId: $u, disabled: true) { id } }`, { u: (await userAt(fx, t)).id }, token),
      ),
    expected: { ADMIN: read, others: none },
  },
  {
    name: 'grantRole',
    run: async (token, fx, t) =>
      outcome(
        await app.gql(
          `mutation($u: ID!, $o: ID!) { grantRole(userId: $u, organizationId: $o, role: SECRETARY) { id } }`,
          { u: (await userAt(fx, t)).id, o: fx.units[t].id },
          token,
        ),
      ),
    expected: { ADMIN: read, others: none },
  },
  {
    name: 'revokeGrant',
    run: async (token, fx, t) => {
      const user = await userAt(fx, t);
      const [grant] = await app.sql(`SELECT id::text FROM role_grant WHERE user_id = $1`, [user.id]);
      return outcome(await app.gql(`mutation($g: ID!) { revokeGrant(grantId: $g) { id } }`, { g: grant.id }, token));
    },
    expected: { ADMIN: read, others: none },
  },
  {
    name: 'auditEvents(organizationId)',
    run: async (token, fx, t) =>
      outcome(await app.gql(`query($o: ID!) { auditEvents(organizationId: $o) { totalCount } }`, { o: fx.units[t].id }, token)),
    expected: { ADMIN: read, AUDITOR: read, others: none },
  },
  ...(['xlsx', 'csv', 'zip'] as const).map((format): Case => ({
    name: `GET /api/exports/ledger.${format}`,
    run: async (token, fx, t) => {
      const query = new URLSearchParams({ campaignId: await campaignOf(fx), organizationId: fx.units[t].id });
      const response = await fetch(`${app.url}/api/exports/ledger.${format}?${query}`, { headers: { authorization: `Bearer ${token}` } });
      await response.arrayBuffer();
      return httpOutcome(response.status);
    },
    expected: { AUDITOR: read, others: none },
  })),
  {
    name: 'GET /api/exports/rollup.xlsx',
    run: async (token, fx, t) => {
      const query = new URLSearchParams({ campaignId: await campaignOf(fx), organizationId: fx.units[t].id });
      const response = await fetch(`${app.url}/api/exports/rollup.xlsx?${query}`, { headers: { authorization: `Bearer ${token}` } });
      await response.arrayBuffer();
      return httpOutcome(response.status);
    },
    expected: { LEADER: read, AUDITOR: read, ADMIN: read, others: none },
  },
  {
    name: 'rollupReport(organizationId)',
    run: async (token, fx, t) =>
      outcome(
        await app.gql(
          `query($c: ID!, $o: ID!) { rollupReport(campaignId: $c, organizationId: $o) { totalRows } }`,
          { c: await campaignOf(fx), o: fx.units[t].id },
          token,
        ),
      ),
    expected: { LEADER: read, AUDITOR: read, ADMIN: read, others: none },
  },
  {
    name: 'myExports (the caller’s own; no unit)',
    run: async (token) => outcome(await app.gql(`{ myExports { totalCount } }`, {}, token)),
    expected: { SECRETARY: none, others: { own: 'ok', descendant: 'ok', sibling: 'ok', ancestor: 'ok' } },
  },
];

describe('the authorization matrix', () => {
  let shared: Fixture;
  const tokens = {} as Record<RoleName, string>;
  beforeAll(async () => {
    shared = await fixture();
    for (const role of ROLES) tokens[role] = await actorAt(shared.units.own.id, role);
  });

  for (const testCase of CASES) {
    it(`${testCase.name}: each role against its own unit, a descendant, a sibling subtree and an ancestor`, async () => {
      const actual = {} as Record<RoleName, Record<Relation, string>>;
      const expected = {} as Record<RoleName, Record<Relation, Outcome>>;
      for (const role of ROLES) {
        actual[role] = {} as Record<Relation, string>;
        expected[role] = testCase.expected[role] ?? testCase.expected.others;
        for (const relation of RELATIONS) {
          if (testCase.destructive) {
            const fx = await fixture();
            actual[role][relation] = await testCase.run(await actorAt(fx.units.own.id, role), fx, relation);
          } else {
            actual[role][relation] = await testCase.run(tokens[role], shared, relation);
          }
        }
      }
      expect(actual).toEqual(expected);
    });
  }

  it('never lists a row from outside the caller’s scope', async () => {
    for (const role of ROLES) {
      const own = shared.units.own.path;
      const within = (path: string) => (role === 'SECRETARY' ? path === own : path === own || path.startsWith(`${own}.`));
      const search = await app.gql(`{ organizations(search: "矩阵", first: 200) { edges { node { id } } } }`, {}, tokens[role]);
      const ids = search.data!.organizations.edges.map((e: any) => e.node.id);
      const paths = ids.length
        ? (await app.sql(`SELECT path::text FROM organization WHERE id = ANY($1::int[])`, [ids])).map((r) => r.path)
        : [];
      expect({ role, outside: paths.filter((p) => !within(p)) }).toEqual({ role, outside: [] });
      expect(ids).toContain(shared.units.own.id);

      const roots = await app.gql(`{ organizations { edges { node { id } } } }`, {}, tokens[role]);
      expect(roots.data!.organizations.edges.map((e: any) => e.node.id)).toEqual([shared.units.own.id]);

      const children = await app.gql(
        `query($id: ID!) { organization(id: $id) { childCount children { totalCount } } }`,
        { id: shared.units.own.id },
        tokens[role],
      );
      // Earlier cases created units below U; a secretary reads U alone.
      const below = children.data!.organization.children.totalCount;
      if (role === 'SECRETARY') expect(below).toBe(0);
      else expect(below).toBeGreaterThanOrEqual(1);
    }
    const users = await app.gql(`{ users(first: 200) { edges { node { organization { id } } } } }`, {}, tokens.ADMIN);
    const userUnits = new Set(users.data!.users.edges.map((e: any) => e.node.organization.id));
    expect([...userUnits].every((id) => [shared.units.own.id, shared.units.descendant.id].includes(id as string))).toBe(true);

    const events = await app.gql(`{ auditEvents(first: 200) { edges { node { organizationId } } } }`, {}, tokens.AUDITOR);
    const eventUnits = events.data!.auditEvents.edges.map((e: any) => e.node.organizationId);
    expect(eventUnits.length).toBeGreaterThan(0);
    const eventPaths = (await app.sql(`SELECT path::text FROM organization WHERE id = ANY($1::int[])`, [eventUnits])).map((r) => r.path);
    expect(eventPaths.every((p) => p === shared.units.own.path || p.startsWith(`${shared.units.own.path}.`))).toBe(true);
  });
});
