import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { MikroORM } from '@mikro-orm/core';
import type { NextFunction, Request, Response } from 'express';
import { AppModule } from './app.module.js';
import type { AppConfig } from './common/config.js';
import { DATABASE_NAME, ensureDatabase, startEmbeddedPostgres, type RunningPostgres } from './common/database/embedded-postgres.js';
import { DemoDataService } from './demo/demo-data.service.js';
import { ImportRunner } from './imports/import-runner.service.js';
import { EscalationService } from './rollups/escalation.service.js';
import { RollupUpkeep } from './rollups/rollup-upkeep.service.js';

export interface DatabaseHandle {
  url: string;
  embedded?: RunningPostgres;
}

/** DATABASE_URL when set, else the embedded PostgreSQL kept under DATA_DIR. */
export async function openDatabase(config: AppConfig): Promise<DatabaseHandle> {
  if (config.databaseUrl) return { url: config.databaseUrl };
  const embedded = await startEmbeddedPostgres(config.dataDir, config.embeddedPgPort);
  try {
    return { url: await ensureDatabase(embedded.serverUrl, DATABASE_NAME), embedded };
  } catch (error) {
    await embedded.stop();
    throw error;
  }
}

/** Builds the app on a database: migrates it, loads the demo when empty, serves the web build. */
export async function createApp(config: AppConfig, databaseUrl: string): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot({ config, databaseUrl }), {
    logger: config.nodeEnv === 'test' ? ['error', 'warn'] : ['log', 'error', 'warn'],
    bodyParser: true,
  });
  app.useBodyParser('json', { limit: '1mb' });
  if (!config.jwtSecret) throw new Error('createApp: config.jwtSecret is empty (call ensureJwtSecret first)');
  await app.get(MikroORM).migrator.up();
  await app.get(DemoDataService).prepare();
  await app.get(ImportRunner).resumeUnfinished();
  const escalation = app.get(EscalationService);
  app.get(RollupUpkeep).start((day) => escalation.notify(day).then(() => undefined));
  serveWeb(app, config.webDist);
  return app;
}

/** The built admin at `/`, with history-mode routes falling back to index.html. */
function serveWeb(app: NestExpressApplication, webDist: string | undefined) {
  if (!webDist || !existsSync(join(webDist, 'index.html'))) return;
  app.useStaticAssets(webDist, { index: false, maxAge: '1h', immutable: false });
  const index = join(webDist, 'index.html');
  app.use((req: Request, res: Response, next: NextFunction) => {
    const isPage = req.method === 'GET' && !req.path.startsWith('/graphql') && !req.path.startsWith('/api/') && !/\.\w+$/.test(req.path);
    if (isPage) res.sendFile(index, { headers: { 'cache-control': 'no-cache' } });
    else next();
  });
}
