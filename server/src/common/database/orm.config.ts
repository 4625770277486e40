import { join } from 'node:path';
import { defineConfig, type Options } from '@mikro-orm/postgresql';
import { ReflectMetadataProvider } from '@mikro-orm/decorators/legacy';
import { Migrator } from '@mikro-orm/migrations';
import { MIGRATIONS } from '../../../../migrations/index.js';
import { REPO_ROOT } from '../paths.js';

/** One place for ORM settings: the app, the scripts and the tests all build on it. */
export function ormOptions(clientUrl: string): Options {
  return defineConfig({
    clientUrl,
    metadataProvider: ReflectMetadataProvider,
    extensions: [Migrator],
    // Entities register themselves per module (forFeature); the app never syncs the schema itself.
    autoLoadEntities: true,
    entities: [],
    discovery: { warnWhenNoEntities: false },
    pool: { min: 0, max: 20 },
    // The database is created by us (embedded) or by the operator (DATABASE_URL), never by the ORM.
    ensureDatabase: false,
    // Functions and triggers are written by hand in migrations (search grams, append-only ledgers).
    schemaGenerator: { ignoreRoutines: true, ignoreTriggers: true },
    migrations: {
      path: join(REPO_ROOT, 'migrations'),
      migrationsList: MIGRATIONS,
      snapshot: true,
      snapshotOnMigrate: false,
      snapshotName: '.snapshot-campaign-ledger',
      emit: 'ts',
      transactional: true,
      allOrNothing: true,
    },
  } as Options);
}
