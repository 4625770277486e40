import { Migration } from '@mikro-orm/migrations';

export class Migration20261124212504_accounts_and_audit extends Migration {
  override name = 'Migration20261124212504_accounts_and_audit';

  override up(): void | Promise<void> {
    this.addSql(
      `create table "audit_event" ("id" bigserial primary key, "at" timestamptz not null default now(), "actor_id" int null, "actor_name" varchar(255) null, "operation" varchar(100) not null, "entity_type" varchar(50) not null, "entity_id" varchar(100) null, "organization_id" int null, "organization_path" ltree null, "outcome" text not null default 'SUCCEEDED', "before" jsonb null, "after" jsonb null);`,
    );
    this.addSql(`create index "audit_event_actor_id_at_index" on "audit_event" ("actor_id", "at");`);
    this.addSql(`create index "audit_event_at_index" on "audit_event" ("at");`);
    this.addSql(`create index "audit_event_organization_path_index" on "audit_event" using gist ("organization_path");`);

    this.addSql(
      `create table "login_failure" ("id" bigserial primary key, "username" varchar(255) not null, "at" timestamptz not null default now());`,
    );
    this.addSql(`create index "login_failure_username_at_index" on "login_failure" ("username", "at");`);

    this.addSql(
      `create table "app_user" ("id" serial primary key, "username" varchar(64) not null, "display_name" varchar(100) not null, "password_hash" varchar(255) not null, "organization_id" int not null, "disabled" boolean not null default false, "must_change_password" boolean not null default true, "version" int not null default 1, "last_login_at" timestamptz null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now());`,
    );
    this.addSql(`alter table "app_user" add constraint "app_user_username_unique" unique ("username");`);
    this.addSql(`create index "app_user_organization_id_index" on "app_user" ("organization_id");`);

    this.addSql(
      `create table "role_grant" ("id" serial primary key, "user_id" int not null, "role" text not null, "organization_id" int not null, "created_by" int null, "created_at" timestamptz not null default now());`,
    );
    this.addSql(`create index "role_grant_organization_id_index" on "role_grant" ("organization_id");`);
    this.addSql(
      `alter table "role_grant" add constraint "role_grant_user_id_organization_id_role_unique" unique ("user_id", "organization_id", "role");`,
    );

    this.addSql(
      `create table "user_session" ("id" uuid not null, "user_id" int not null, "created_at" timestamptz not null default now(), "expires_at" timestamptz not null, "revoked_at" timestamptz null, primary key ("id"));`,
    );
    this.addSql(`create index "user_session_user_id_index" on "user_session" ("user_id");`);

    this.addSql(
      `alter table "audit_event" add constraint "audit_event_outcome_check" check ("outcome" in ('SUCCEEDED', 'REFUSED', 'LOCKED'));`,
    );

    this.addSql(
      `alter table "app_user" add constraint "app_user_organization_id_foreign" foreign key ("organization_id") references "organization" ("id") on delete restrict;`,
    );

    this.addSql(
      `alter table "role_grant" add constraint "role_grant_user_id_foreign" foreign key ("user_id") references "app_user" ("id") on delete cascade;`,
    );
    this.addSql(
      `alter table "role_grant" add constraint "role_grant_organization_id_foreign" foreign key ("organization_id") references "organization" ("id") on delete restrict;`,
    );
    this.addSql(
      `alter table "role_grant" add constraint "role_grant_role_check" check ("role" in ('SECRETARY', 'LEADER', 'AUDITOR', 'ADMIN'));`,
    );

    this.addSql(
      `alter table "user_session" add constraint "user_session_user_id_foreign" foreign key ("user_id") references "app_user" ("id") on delete cascade;`,
    );
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table "role_grant" drop constraint "role_grant_user_id_foreign";`);
    this.addSql(`alter table "user_session" drop constraint "user_session_user_id_foreign";`);

    this.addSql(`drop table if exists "audit_event" cascade;`);
    this.addSql(`drop table if exists "login_failure" cascade;`);
    this.addSql(`drop table if exists "app_user" cascade;`);
    this.addSql(`drop table if exists "role_grant" cascade;`);
    this.addSql(`drop table if exists "user_session" cascade;`);
  }
}
