import { Migration } from '@mikro-orm/migrations';

export class Migration20261124000000_unit_tree extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create extension if not exists ltree;`);

    this.addSql(`
      create table "organization" (
        "id" serial primary key,
        "code" varchar(64) not null,
        "name" varchar(100) not null,
        "kind" text check ("kind" in ('COMMITTEE', 'LEADING_GROUP', 'WORKING_COMMITTEE', 'GENERAL_BRANCH', 'BRANCH')) not null,
        "parent_id" int null,
        "path" ltree not null,
        "depth" smallint not null,
        "member_count" int not null default 0 check ("member_count" >= 0),
        "archived_at" timestamptz null,
        "version" int not null default 1,
        "created_at" timestamptz not null default now(),
        "updated_at" timestamptz not null default now(),
        "search_grams" text[] not null default '{}'
      );`);
    this.addSql(`alter table "organization" add constraint "organization_code_unique" unique ("code");`);
    this.addSql(`create index "organization_parent_id_index" on "organization" ("parent_id", "code");`);
    this.addSql(`create index "organization_path_index" on "organization" using gist ("path");`);
    this.addSql(`create index "organization_search_grams_index" on "organization" using gin ("search_grams");`);
    this.addSql(`
      alter table "organization" add constraint "organization_parent_id_foreign"
        foreign key ("parent_id") references "organization" ("id") on update cascade on delete restrict;`);

    this.addSql(`
      create table "import_job" (
        "id" uuid not null primary key,
        "status" text check ("status" in ('QUEUED', 'VALIDATING', 'IMPORTING', 'SUCCEEDED', 'FAILED')) not null default 'QUEUED',
        "file_name" varchar(255) not null,
        "stored_as" varchar(500) not null,
        "total" int not null default 0,
        "processed" int not null default 0,
        "imported" int not null default 0,
        "error_count" int not null default 0,
        "errors" jsonb not null default '[]',
        "created_by" int null,
        "created_at" timestamptz not null default now(),
        "finished_at" timestamptz null
      );`);
    this.addSql(
      `create index "import_job_unfinished_index" on "import_job" ("created_at") where "status" in ('QUEUED', 'VALIDATING', 'IMPORTING');`,
    );
  }
}
