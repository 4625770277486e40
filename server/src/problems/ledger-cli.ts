import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import pg from 'pg';
import { loadConfig } from '../common/config.js';
import { DATABASE_NAME, ensureDatabase, startEmbeddedPostgres } from '../common/database/embedded-postgres.js';
import { verifyAllChains } from './ledger.service.js';

/**
 * `npm run ledger:verify`: recomputes every problem's hash chain and names the first broken record
 * of each broken one. Exit code 0 when all hold, 1 when any is broken.
 * Uses DATABASE_URL, else the embedded database under DATA_DIR (the running server's, if it is up).
 */
export async function verifyLedger(env: NodeJS.ProcessEnv, print: (line: string) => void): Promise<number> {
  const config = loadConfig(env);
  const { url, stop } = await connect(config.databaseUrl, config.dataDir);
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const started = Date.now();
    const result = await verifyAllChains(async (sql, params) => {
      let n = 0;
      return (
        await client.query(
          sql.replace(/\?/g, () => `$${++n}`),
          params,
        )
      ).rows;
    });
    for (const chain of result.broken) {
      print(`BROKEN problem ${chain.problemId}: first broken record seq ${chain.firstBrokenSeq}`);
    }
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    print(
      result.broken.length === 0
        ? `OK: ${result.records} records of ${result.problems} problems verified in ${seconds} s; every chain holds.`
        : `FAILED: ${result.broken.length} of ${result.problems} problems have a broken chain (${result.records} records checked).`,
    );
    return result.broken.length === 0 ? 0 : 1;
  } finally {
    await client.end();
    await stop();
  }
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

if (process.argv[1]?.endsWith('ledger-cli.js')) {
  verifyLedger(process.env, (line) => console.log(line)).then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error(error instanceof Error ? error.message : error);
      process.exit(2);
    },
  );
}
