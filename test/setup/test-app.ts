import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import type { NestExpressApplication } from '@nestjs/platform-express';
import pg from 'pg';
import { createApp } from '../../server/src/app.js';
import { loadConfig } from '../../server/src/common/config.js';
import { ensureDatabase } from '../../server/src/common/database/embedded-postgres.js';
import { REPO_ROOT } from '../../server/src/common/paths.js';

export interface GraphQLResponse<T = Record<string, any>> {
  data?: T | null;
  errors?: { message: string; extensions: Record<string, any> }[];
}

export interface TestApp {
  url: string;
  /** The running Nest application, for tests that inspect its wiring. */
  nest: NestExpressApplication;
  databaseUrl: string;
  /** POSTs a GraphQL operation over HTTP, as a browser would; with `token` as that user. */
  gql<T = Record<string, any>>(query: string, variables?: Record<string, unknown>, token?: string): Promise<GraphQLResponse<T>>;
  /** The same, always as the user of `token`. */
  as(token: string): <T = Record<string, any>>(query: string, variables?: Record<string, unknown>) => Promise<GraphQLResponse<T>>;
  /** Token used when a call names none (set once a test file has signed in). */
  token?: string;
  /** The unit factories create units under by default. */
  home?: string;
  /** Runs SQL against this test file's database. */
  sql<T = Record<string, any>>(text: string, params?: unknown[]): Promise<T[]>;
  close(): Promise<void>;
}

const TEMPLATE_LOCK = 0x74706c; // "tpl"

export const TEST_JWT_SECRET = 'test-secret-test-secret-test-secret-0123456789';
const testConfig = (demo: boolean) => ({ ...loadConfig({ NODE_ENV: 'test', DEMO_DATA: String(demo) }), jwtSecret: TEST_JWT_SECRET });

/** The first test file to get here migrates the template; the others wait on the lock, then clone. */
async function ensureTemplate(serverUrl: string, template: string) {
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    await admin.query('SELECT pg_advisory_lock($1)', [TEMPLATE_LOCK]);
    const { rowCount } = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [template]);
    if (!rowCount) {
      const building = `${template}_building`;
      await admin.query(`DROP DATABASE IF EXISTS "${building}"`);
      const app = await createApp(testConfig(false), await ensureDatabase(serverUrl, building));
      await app.close();
      await admin.query(`ALTER DATABASE "${building}" RENAME TO "${template}"`);
    }
  } finally {
    await admin.query('SELECT pg_advisory_unlock($1)', [TEMPLATE_LOCK]);
    await admin.end();
  }
}

/** Boots the real app on a fresh database cloned from the migrated template and listens on a free port. */
export async function startTestApp(options: { demo?: boolean; web?: boolean } = {}): Promise<TestApp> {
  const serverUrl = process.env.CL_TEST_SERVER_URL!;
  const template = process.env.CL_TEST_TEMPLATE!;
  await ensureTemplate(serverUrl, template);
  const name = `cl_test_${randomBytes(6).toString('hex')}`;
  const databaseUrl = await ensureDatabase(serverUrl, name, template);
  const config = {
    ...testConfig(Boolean(options.demo)),
    dataDir: join(REPO_ROOT, '.data', 'test', name),
    webDist: options.web ? join(REPO_ROOT, 'web', 'dist') : undefined,
  };
  const app = await createApp(config, databaseUrl);
  await app.listen(0, '127.0.0.1');
  const url = await app.getUrl();
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 2 });
  // An idle client the server drops (the database's teardown) emits 'error' on the pool; unheard, it
  // would fail whichever test file runs next in this worker. A query's own failure still rejects it.
  pool.on('error', () => undefined);
  const gql = async (query: string, variables?: Record<string, unknown>, token?: string) => {
    const response = await fetch(`${url}/graphql`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'apollo-require-preflight': 'true',
        ...((token ?? testApp.token) ? { authorization: `Bearer ${token ?? testApp.token}` } : {}),
      },
      body: JSON.stringify({ query, variables }),
    });
    return (await response.json()) as GraphQLResponse<any>;
  };

  const testApp: TestApp = {
    url: url.replace('[::1]', '127.0.0.1'),
    nest: app,
    databaseUrl,
    gql,
    as: (token) => (query, variables) => gql(query, variables, token),
    async sql(text, params) {
      return (await pool.query(text, params)).rows;
    },
    async close() {
      await app.close();
      await pool.end();
      const admin = new pg.Client({ connectionString: serverUrl });
      await admin.connect();
      await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await admin.end();
    },
  };
  return testApp;
}
