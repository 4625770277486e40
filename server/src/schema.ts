import 'reflect-metadata';
import { join } from 'node:path';
import { NestFactory } from '@nestjs/core';
import { AppModule } from './app.module.js';
import { loadConfig } from './common/config.js';
import { REPO_ROOT } from './common/paths.js';

/** Prints the SDL from the code-first resolvers; MikroORM connects lazily, so no database is needed. */
const schemaFile = process.argv[2] ?? join(REPO_ROOT, 'schema', 'schema.graphql');
const config = { ...loadConfig({ NODE_ENV: 'development', DEMO_DATA: 'false' }), jwtSecret: 'schema-printing-needs-no-secret' };
const app = await NestFactory.create(AppModule.forRoot({ config, databaseUrl: 'postgres://unused@127.0.0.1:1/unused', schemaFile }), {
  logger: ['error'],
});
await app.init();
await app.close();
console.log(`wrote ${schemaFile}`);
