import { Migration } from '@mikro-orm/migrations';

export class Migration20261124213149_import_kind extends Migration {
  override name = 'Migration20261124213149_import_kind';

  override up(): void | Promise<void> {
    this.addSql(`alter table "import_job" add "kind" text not null default 'ORGANIZATIONS';`);
    this.addSql(`alter table "import_job" add constraint "import_job_kind_check" check ("kind" in ('ORGANIZATIONS', 'USERS'));`);
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table "import_job" drop constraint "import_job_kind_check";`);
    this.addSql(`alter table "import_job" drop column "kind";`);
  }
}
