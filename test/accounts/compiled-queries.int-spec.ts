import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { GraphQLSchemaHost } from '@nestjs/graphql';
import type { GraphQLObjectType } from 'graphql';
import { homeWithAdmin, signedIn } from '../factories/accounts.js';
import { CompiledQueries } from '../../server/src/common/compiled-queries.js';
import { createUnit } from '../factories/organizations.js';
import { startTestApp, type TestApp } from '../setup/test-app.js';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
  await homeWithAdmin(app, '中共编译查询测试市委员会');
});
afterAll(async () => {
  await app?.close();
});

/** Status and body of a POST, so runs can be compared byte for byte. */
async function post(query: string, variables: Record<string, unknown>, token = app.token) {
  const response = await fetch(`${app.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query, variables }),
  });
  return { status: response.status, body: await response.text() };
}

/** The first run of a query is graphql-js's; the second compiles it and runs compiled, as does the third. */
const threeRuns = async (query: string, variables: Record<string, unknown>, token?: string) => [
  await post(query, variables, token),
  await post(query, variables, token),
  await post(query, variables, token),
];

/** How many answers compiled code gave during `run`. */
async function compiledAnswersDuring(run: () => Promise<unknown>): Promise<number> {
  const compiled = app.nest.get(CompiledQueries);
  const before = compiled.compiledAnswers;
  await run();
  return compiled.compiledAnswers - before;
}

describe('queries seen more than once run compiled', () => {
  it('answer exactly as on the first run: lists, nested objects, enums, dates and arguments', async () => {
    const county = await createUnit(app, { name: '编译县' });
    for (const name of ['甲镇', '乙镇', '丙镇']) await createUnit(app, { name, parentId: county.id });
    const query = `query($id: ID!, $first: Int!) { organization(id: $id) {
      id code name kind depth memberCount createdAt archivedAt ancestors { id name } parent { id }
      children(first: $first) { totalCount edges { cursor node { name kind childCount } } pageInfo { hasNextPage endCursor } } } }`;
    let runs: Awaited<ReturnType<typeof threeRuns>> = [];
    expect(await compiledAnswersDuring(async () => (runs = await threeRuns(query, { id: county.id, first: 2 })))).toBe(2);
    const [first, second, third] = runs;
    expect(first.status).toBe(200);
    const { organization } = JSON.parse(first.body).data;
    expect(organization.name).toBe('编译县');
    expect(organization.children.totalCount).toBe(3);
    expect(organization.children.edges).toHaveLength(2);
    expect(second).toEqual(first);
    expect(third).toEqual(first);
  });

  it('report errors exactly as on the first run', async () => {
    const county = await createUnit(app, { name: '无权县' });
    const outsider = await signedIn(app, (await createUnit(app, { name: '另一县' })).id, ['LEADER']);
    const [first, second, third] = await threeRuns(
      `query($id: ID!) { organization(id: $id) { id name } }`,
      { id: county.id },
      outsider.token,
    );
    expect(JSON.parse(first.body).errors[0].extensions.code).toBe('FORBIDDEN');
    expect(second).toEqual(first);
    expect(third).toEqual(first);

    const [badFirst, badSecond, badThird] = await threeRuns(`query($id: ID!) { organization(id: $id) { id } }`, { id: { not: 'an id' } });
    expect(badFirst.status).toBe(400);
    expect(badSecond).toEqual(badFirst);
    expect(badThird).toEqual(badFirst);
  });

  it('read plain fields as properties: Nest’s resolver is off them, and on every computed field', () => {
    const { schema } = app.nest.get(GraphQLSchemaHost);
    const fields = (type: string) => (schema.getType(type) as GraphQLObjectType).getFields();
    expect(fields('RollupFigures').participating.resolve).toBeUndefined();
    expect(fields('Organization').name.resolve).toBeUndefined();
    expect(fields('Organization').childCount.resolve).toBeDefined();
    expect(fields('RollupFigures').sessionsByType.resolve).toBeDefined();
  });

  it('never compile a document with a string literal: graphql-jit would write it into code, and one shaped like its date marker ran', async () => {
    const marker = '__MAGIC_DATE__33a9e76d_02e0_4128_8e92_3530ad3da74d';
    const hostile = `{ organization(id: "${marker}(globalThis.compiledQueriesInjected=1)") { id } }`;
    const hostileRuns = await compiledAnswersDuring(() => threeRuns(hostile, {}));
    expect((globalThis as { compiledQueriesInjected?: number }).compiledQueriesInjected).toBeUndefined();
    expect(hostileRuns).toBe(0);
  });
});
