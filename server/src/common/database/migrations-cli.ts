import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { chmod, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { MikroORM } from '@mikro-orm/postgresql';
import { createApp } from '../../app.js';
import { loadConfig } from '../config.js';
import { REPO_ROOT } from '../paths.js';
import { ensureDatabase, startEmbeddedPostgres } from './embedded-postgres.js';

/**
 * `check`: fails when the entities differ from the migration snapshot (a migration is missing).
 * `create NAME`: writes the migration for that difference, updates the snapshot and the list.
 * Runs on a throwaway embedded PostgreSQL, or on DATABASE_URL's server when set.
 */
const [command, name] = process.argv.slice(2);
if (!['check', 'create'].includes(command ?? '')) {
  console.error('usage: migrations-cli check | create NAME');
  process.exit(2);
}

const dir = await mkdtemp(join(tmpdir(), 'cl-migrations-'));
await chmod(dir, 0o755);
const embedded = process.env.DATABASE_URL ? undefined : await startEmbeddedPostgres(dir);
let exitCode = 0;
try {
  const serverUrl = embedded?.serverUrl ?? process.env.DATABASE_URL!;
  const database = `cl_migrations_${process.pid}`;
  // A throwaway database: no session ever needs this secret again.
  const config = { ...loadConfig({ NODE_ENV: 'test', DEMO_DATA: 'false' }), jwtSecret: randomBytes(32).toString('hex') };
  const app = await createApp(config, await ensureDatabase(serverUrl, database));
  const orm = app.get(MikroORM);
  if (command === 'check') {
    if (await orm.migrator.checkSchema()) {
      console.error('The entities differ from migrations/.snapshot-campaign-ledger.json: run `npm run migration:create -- NAME`.');
      exitCode = 1;
    } else {
      console.log('Migrations are up to date with the entities.');
    }
  } else {
    const result = await orm.migrator.create(undefined, false, false, name);
    if (!result.fileName) {
      // The migrations already match the entities; make sure the snapshot exists to check against.
      await (orm.migrator as unknown as { storeCurrentSchema(): Promise<void> }).storeCurrentSchema();
      console.log('No changes: no migration written; snapshot stored.');
    } else {
      const className = basename(result.fileName).replace(/\.ts$/, '');
      const listFile = join(REPO_ROOT, 'migrations', 'index.ts');
      const list = await readFile(listFile, 'utf8');
      await writeFile(
        listFile,
        list
          .replace(/^((?:import .*\n)+)/, `$1import { ${className} } from './${className}.js';\n`)
          .replace(/\n\];\s*$/, `\n  { name: '${className}', class: ${className} },\n];\n`),
      );
      console.log(`Wrote migrations/${basename(result.fileName)}; review it, then commit it with the snapshot.`);
    }
  }
  await app.close();
  const admin = new (await import('pg')).default.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
  await admin.end();
} finally {
  await embedded?.stop();
  await rm(dir, { recursive: true, force: true });
}
process.exit(exitCode);
