import 'reflect-metadata';
import { join } from 'node:path';
import { Logger } from '@nestjs/common';
import { createApp, openDatabase } from './app.js';
import { ConfigError, ensureJwtSecret, loadConfig } from './common/config.js';
import { REPO_ROOT } from './common/paths.js';
import { ensureSigningKey } from './exports/signing-key.js';

async function main() {
  const started = Date.now();
  const logger = new Logger('Main');
  const config = loadConfig();
  config.webDist ??= join(REPO_ROOT, 'web', 'dist');
  await ensureJwtSecret(config);
  // A bad SIGNING_KEY_FILE stops start-up here, naming the variable, rather than at the first export.
  await ensureSigningKey(config);
  const database = await openDatabase(config);
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.log(`${signal}: stopping`);
    await app?.close().catch((error: unknown) => logger.error(error));
    await database.embedded?.stop();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));

  let app: Awaited<ReturnType<typeof createApp>> | undefined;
  try {
    app = await createApp(config, database.url);
    await app.listen(config.port);
  } catch (error) {
    await database.embedded?.stop();
    throw error;
  }
  const where = config.databaseUrl ? 'DATABASE_URL' : `embedded PostgreSQL in ${config.dataDir}`;
  logger.log(`Campaign Ledger ready in ${Date.now() - started} ms at http://localhost:${config.port} (GraphQL /graphql; ${where})`);
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) console.error(`Configuration error — ${error.message}`);
  else console.error(error);
  process.exit(1);
});
