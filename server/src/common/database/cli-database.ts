import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import pg from 'pg';
import type { AppConfig } from '../config.js';
import { DATABASE_NAME, ensureDatabase, startEmbeddedPostgres } from './embedded-postgres.js';

/** Runs one statement with `?` parameters. */
export type CliRun = <T = Record<string, unknown>>(sql: string, params?: unknown[]) => Promise<T[]>;

/**
 * The database a command-line tool works on: DATABASE_URL, else the embedded cluster under
 * DATA_DIR: the running server's if it is up (never a second postgres on the same files), else
 * started for the command and stopped after it.
 */
export async function openCliDatabase(config: AppConfig): Promise<{ run: CliRun; close: () => Promise<void> }> {
  const { url, stop } = await connect(config.databaseUrl, config.dataDir);
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const run: CliRun = async <T>(sql: string, params: unknown[] = []) => {
    let n = 0;
    return (
      await client.query(
        sql.replace(/\?/g, () => `$${++n}`),
        params,
      )
    ).rows as T[];
  };
  return {
    run,
    close: async () => {
      await client.end();
      await stop();
    },
  };
}

async function connect(databaseUrl: string | undefined, dataDir: string): Promise<{ url: string; stop: () => Promise<void> }> {
  if (databaseUrl) return { url: databaseUrl, stop: async () => undefined };
  // The server may be running on this cluster: its postmaster.pid names the port (line 4).
  const pidFile = join(dataDir, 'pg', 'postmaster.pid');
  const postmaster = existsSync(pidFile) ? (await readFile(pidFile, 'utf8')).split('\n') : [];
  // A pid file left by a crash names a process that is gone: then the cluster is ours to start.
  if (postmaster.length > 3 && isAlive(Number(postmaster[0]))) {
    const port = postmaster[3].trim();
    const password = (await readFile(join(dataDir, 'pg.secret'), 'utf8')).trim();
    const url = `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/${DATABASE_NAME}`;
    return { url, stop: async () => undefined };
  }
  if (!existsSync(join(dataDir, 'pg', 'PG_VERSION')))
    throw new Error(`No database: DATABASE_URL is unset and ${dataDir} holds no cluster.`);
  const embedded = await startEmbeddedPostgres(dataDir);
  return { url: await ensureDatabase(embedded.serverUrl, DATABASE_NAME), stop: () => embedded.stop() };
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
