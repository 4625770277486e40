import { Migration } from '@mikro-orm/migrations';

export class Migration20261124213628_campaigns_and_sessions extends Migration {
  override name = 'Migration20261124213628_campaigns_and_sessions';

  override up(): void | Promise<void> {
    this.addSql(
      `create table "campaign" ("id" serial primary key, "title" varchar(200) not null, "summary" text not null default '', "scope_id" int not null, "starts_on" date not null, "ends_on" date not null, "status" text not null default 'ACTIVE', "created_by" int null, "version" int not null default 1, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "closed_at" timestamptz null);`,
    );
    this.addSql(`create index "campaign_scope_id_index" on "campaign" ("scope_id");`);

    this.addSql(
      `create table "campaign_unit" ("campaign_id" int not null, "organization_id" int not null, "exempt" boolean not null default false, "exempt_reason" varchar(500) null, "exempted_by" varchar(64) null, "exempted_at" timestamptz null, "launched_on" date null, "launched_by" int null, primary key ("campaign_id", "organization_id"));`,
    );

    this.addSql(
      `create table "requirement" ("id" serial primary key, "campaign_id" int not null, "position" smallint not null, "title" varchar(200) not null, "kind" text not null, "session_type" text null, "min_count" smallint not null default 1, "applies_to" text[] not null);`,
    );

    this.addSql(
      `create table "study_plan_item" ("id" bigserial primary key, "campaign_id" int not null, "organization_id" int not null, "type" text not null, "planned_on" date not null, "topic" varchar(200) not null, "created_at" timestamptz not null default now());`,
    );
    this.addSql(
      `create index "study_plan_item_campaign_id_organization_id_index" on "study_plan_item" ("campaign_id", "organization_id");`,
    );

    this.addSql(
      `create table "study_session" ("id" bigserial primary key, "campaign_id" int not null, "organization_id" int not null, "type" text not null, "topic" varchar(200) not null, "held_on" date not null, "hours" numeric(4,1) not null, "expected_attendance" int not null, "actual_attendance" int not null, "audiences" text[] not null default '{}', "presenter" varchar(100) not null default '', "location" varchar(200) not null default '', "summary" text not null default '', "client_request_id" varchar(100) null, "plan_item_id" bigint null, "amendments" int not null default 0, "created_by" int null, "version" int not null default 1, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, "deleted_by" int null);`,
    );
    this.addSql(`create index "study_session_campaign_id_held_on_index" on "study_session" ("campaign_id", "held_on");`);
    this.addSql(
      `create index "study_session_campaign_id_organization_id_type_index" on "study_session" ("campaign_id", "organization_id", "type");`,
    );
    this.addSql(
      `alter table "study_session" add constraint "study_session_client_request_unique" unique ("organization_id", "client_request_id");`,
    );

    this.addSql(
      `alter table "campaign" add constraint "campaign_scope_id_foreign" foreign key ("scope_id") references "organization" ("id") on delete restrict;`,
    );
    this.addSql(`alter table "campaign" add constraint "campaign_status_check" check ("status" in ('DRAFT', 'ACTIVE', 'CLOSED'));`);

    this.addSql(
      `alter table "campaign_unit" add constraint "campaign_unit_campaign_id_foreign" foreign key ("campaign_id") references "campaign" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(
      `alter table "campaign_unit" add constraint "campaign_unit_organization_id_foreign" foreign key ("organization_id") references "organization" ("id") on update cascade on delete restrict;`,
    );

    this.addSql(
      `alter table "requirement" add constraint "requirement_campaign_id_foreign" foreign key ("campaign_id") references "campaign" ("id") on delete cascade;`,
    );
    this.addSql(`alter table "requirement" add constraint "requirement_kind_check" check ("kind" in ('SESSIONS', 'PROBLEM_CHECKLIST'));`);
    this.addSql(
      `alter table "requirement" add constraint "requirement_session_type_check" check ("session_type" in ('READING_CLASS', 'CENTRAL_GROUP_STUDY', 'THEMATIC_STUDY', 'SEMINAR', 'THEMED_PARTY_DAY', 'BRANCH_GENERAL_MEETING', 'BRANCH_COMMITTEE_MEETING', 'PARTY_GROUP_MEETING', 'PARTY_LECTURE', 'ON_SITE_TEACHING', 'CASE_STUDY', 'DEMOCRATIC_LIFE_MEETING', 'ORGANIZATIONAL_LIFE_MEETING'));`,
    );
    this.addSql(
      `alter table "requirement" add constraint "requirement_applies_to_check" check ("applies_to" <@ array['COMMITTEE'::text, 'LEADING_GROUP'::text, 'WORKING_COMMITTEE'::text, 'GENERAL_BRANCH'::text, 'BRANCH'::text]);`,
    );

    this.addSql(
      `alter table "study_plan_item" add constraint "study_plan_item_campaign_id_foreign" foreign key ("campaign_id") references "campaign" ("id") on delete cascade;`,
    );
    this.addSql(
      `alter table "study_plan_item" add constraint "study_plan_item_organization_id_foreign" foreign key ("organization_id") references "organization" ("id") on delete restrict;`,
    );
    this.addSql(
      `alter table "study_plan_item" add constraint "study_plan_item_type_check" check ("type" in ('READING_CLASS', 'CENTRAL_GROUP_STUDY', 'THEMATIC_STUDY', 'SEMINAR', 'THEMED_PARTY_DAY', 'BRANCH_GENERAL_MEETING', 'BRANCH_COMMITTEE_MEETING', 'PARTY_GROUP_MEETING', 'PARTY_LECTURE', 'ON_SITE_TEACHING', 'CASE_STUDY', 'DEMOCRATIC_LIFE_MEETING', 'ORGANIZATIONAL_LIFE_MEETING'));`,
    );

    this.addSql(
      `alter table "study_session" add constraint "study_session_campaign_id_foreign" foreign key ("campaign_id") references "campaign" ("id") on delete restrict;`,
    );
    this.addSql(
      `alter table "study_session" add constraint "study_session_organization_id_foreign" foreign key ("organization_id") references "organization" ("id") on delete restrict;`,
    );
    this.addSql(
      `alter table "study_session" add constraint "study_session_type_check" check ("type" in ('READING_CLASS', 'CENTRAL_GROUP_STUDY', 'THEMATIC_STUDY', 'SEMINAR', 'THEMED_PARTY_DAY', 'BRANCH_GENERAL_MEETING', 'BRANCH_COMMITTEE_MEETING', 'PARTY_GROUP_MEETING', 'PARTY_LECTURE', 'ON_SITE_TEACHING', 'CASE_STUDY', 'DEMOCRATIC_LIFE_MEETING', 'ORGANIZATIONAL_LIFE_MEETING'));`,
    );
    this.addSql(
      `alter table "study_session" add constraint "study_session_audiences_check" check ("audiences" <@ array['TOP_LEADERS'::text, 'NEWLY_PROMOTED'::text, 'YOUNG_CADRES'::text, 'KEY_POSTS'::text]);`,
    );
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table "campaign_unit" drop constraint "campaign_unit_campaign_id_foreign";`);
    this.addSql(`alter table "requirement" drop constraint "requirement_campaign_id_foreign";`);
    this.addSql(`alter table "study_plan_item" drop constraint "study_plan_item_campaign_id_foreign";`);
    this.addSql(`alter table "study_session" drop constraint "study_session_campaign_id_foreign";`);

    this.addSql(`drop table if exists "campaign" cascade;`);
    this.addSql(`drop table if exists "campaign_unit" cascade;`);
    this.addSql(`drop table if exists "requirement" cascade;`);
    this.addSql(`drop table if exists "study_plan_item" cascade;`);
    this.addSql(`drop table if exists "study_session" cascade;`);
  }
}
