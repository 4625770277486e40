import type { MigrationObject } from '@mikro-orm/core';
import { Migration20261124000000_unit_tree } from './Migration20261124000000_unit_tree.js';
import { Migration20261124212504_accounts_and_audit } from './Migration20261124212504_accounts_and_audit.js';
import { Migration20261124213149_import_kind } from './Migration20261124213149_import_kind.js';
import { Migration20261124213628_campaigns_and_sessions } from './Migration20261124213628_campaigns_and_sessions.js';
import { Migration20261124232510_problems_and_ledger } from './Migration20261124232510_problems_and_ledger.js';
import { Migration20261124235441_rollups_and_notifications } from './Migration20261124235441_rollups_and_notifications.js';
import { Migration20261125020000_rollup_staging_vacuum } from './Migration20261125020000_rollup_staging_vacuum.js';

/** Applied in this order; `npm run migration:create -- NAME` writes a new file and adds it here. */
export const MIGRATIONS: MigrationObject[] = [
  { name: 'Migration20261124000000_unit_tree', class: Migration20261124000000_unit_tree },
  { name: 'Migration20261124212504_accounts_and_audit', class: Migration20261124212504_accounts_and_audit },
  { name: 'Migration20261124213149_import_kind', class: Migration20261124213149_import_kind },
  { name: 'Migration20261124213628_campaigns_and_sessions', class: Migration20261124213628_campaigns_and_sessions },
  { name: 'Migration20261124232510_problems_and_ledger', class: Migration20261124232510_problems_and_ledger },
  { name: 'Migration20261124235441_rollups_and_notifications', class: Migration20261124235441_rollups_and_notifications },
  { name: 'Migration20261125020000_rollup_staging_vacuum', class: Migration20261125020000_rollup_staging_vacuum },
];
