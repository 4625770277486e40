import { Migration } from '@mikro-orm/migrations';

/**
 * The fold empties its staging tables with DELETE on every tick and replaces their files with TRUNCATE
 * now and then (`folding.ts`). Autovacuum there would only take the lock the fold's ANALYZE needs
 * and make a fold wait on it.
 */
export class Migration20261125020000_rollup_staging_vacuum extends Migration {
  override name = 'Migration20261125020000_rollup_staging_vacuum';

  override up(): void | Promise<void> {
    for (const table of ['rollup_taken', 'rollup_dirty', 'rollup_fresh']) {
      this.addSql(`alter table "${table}" set (autovacuum_enabled = false, toast.autovacuum_enabled = false);`);
    }
  }

  override down(): void | Promise<void> {
    for (const table of ['rollup_taken', 'rollup_dirty', 'rollup_fresh']) {
      this.addSql(`alter table "${table}" reset (autovacuum_enabled, toast.autovacuum_enabled);`);
    }
  }
}
