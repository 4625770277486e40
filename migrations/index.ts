import type { MigrationObject } from '@mikro-orm/core';
import { Migration20261124000000_unit_tree } from './Migration20261124000000_unit_tree.js';

/** Applied in this order; `npm run migration:create` writes a new file that is added here. */import { Migration20261124212504_accounts_and_audit } from './Migration20261124212504_accounts_and_audit.js';
import { Migration20261124213149_import_kind } from './Migration20261124213149_import_kind.js';

export const MIGRATIONS: MigrationObject[] = [
  { name: 'Migration20261124000000_unit_tree', class: Migration20261124000000_unit_tree },
  { name: 'Migration20261124212504_accounts_and_audit', class: Migration20261124212504_accounts_and_audit },
  { name: 'Migration20261124213149_import_kind', class: Migration20261124213149_import_kind },
];
