import { Migration } from '@mikro-orm/migrations';

export class Migration20261124232510_problems_and_ledger extends Migration {
  override name = 'Migration20261124232510_problems_and_ledger';

  override up(): void | Promise<void> {
    this.addSql(
      `create table "evidence_file" ("sha256" char(64) not null, "size" int not null, "media_type" varchar(100) not null, "created_at" timestamptz not null default now(), primary key ("sha256"));`,
    );

    this.addSql(
      `create table "evidence_upload" ("sha256" char(64) not null, "organization_id" int not null, "file_name" varchar(255) not null, "media_type" varchar(100) not null, "size" int not null, "uploaded_by" int null, "uploaded_at" timestamptz not null default now(), primary key ("sha256", "organization_id"));`,
    );

    this.addSql(
      `create table "institutional_fix" ("id" bigserial primary key, "campaign_id" int not null, "organization_id" int not null, "action" text not null, "title" varchar(200) not null, "effective_on" date not null, "document" char(64) null, "created_by" int null, "created_at" timestamptz not null default now());`,
    );
    this.addSql(
      `create index "institutional_fix_campaign_id_organization_id_index" on "institutional_fix" ("campaign_id", "organization_id");`,
    );

    this.addSql(
      `create table "feedback" ("id" bigserial primary key, "campaign_id" int not null, "organization_id" int not null, "channel" text not null, "content" text not null, "received_on" date not null, "reply" text null, "replied_on" date null, "replied_by" varchar(64) null, "problem_id" bigint null, "created_by" int null, "version" int not null default 1, "created_at" timestamptz not null default now());`,
    );
    this.addSql(`create index "feedback_campaign_id_organization_id_index" on "feedback" ("campaign_id", "organization_id");`);

    this.addSql(
      `create table "commitment" ("id" bigserial primary key, "campaign_id" int not null, "organization_id" int not null, "kind" text not null, "title" varchar(200) not null, "description" text not null default '', "due_on" date not null, "status" text not null default 'PLEDGED', "done_on" date null, "created_by" int null, "version" int not null default 1, "created_at" timestamptz not null default now());`,
    );
    this.addSql(`create index "commitment_campaign_id_organization_id_index" on "commitment" ("campaign_id", "organization_id");`);

    this.addSql(
      `create table "commitment_progress" ("id" bigserial primary key, "commitment_id" bigint not null, "note" text not null, "actor_name" varchar(64) null, "at" timestamptz not null default now());`,
    );
    this.addSql(`create index "commitment_progress_commitment_id_index" on "commitment_progress" ("commitment_id");`);

    this.addSql(
      `create table "problem" ("id" bigserial primary key, "campaign_id" int not null, "organization_id" int not null, "scope" text not null, "person_name" varchar(50) null, "category" text not null, "source" text not null, "description" text not null, "found_on" date not null, "rectification_kind" text not null, "responsible_leader" varchar(50) not null, "deadline" date null, "status" text not null default 'OPEN', "resolution" text null, "status_changed_at" timestamptz not null default now(), "verified_at" timestamptz null, "deadline_changes" int not null default 0, "sent_back" boolean not null default false, "feedback_id" bigint null, "client_request_id" varchar(100) null, "grams" text[] not null default '{}', "signature" text[] not null default '{}', "ledger_seq" int not null default 0, "ledger_head" char(64) null, "created_by" int null, "version" int not null default 1, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now());`,
    );
    this.addSql(`create index "problem_signature_index" on "problem" using gin ("signature");`);
    this.addSql(`create index "problem_awaiting_verification_index" on "problem" ("organization_id") where status = 'RECTIFIED';`);
    this.addSql(`create index "problem_campaign_id_id_index" on "problem" ("campaign_id", "id");`);
    this.addSql(
      `create index "problem_campaign_id_organization_id_status_index" on "problem" ("campaign_id", "organization_id", "status");`,
    );
    this.addSql(`alter table "problem" add constraint "problem_feedback_unique" unique ("feedback_id");`);
    this.addSql(`alter table "problem" add constraint "problem_client_request_unique" unique ("organization_id", "client_request_id");`);

    this.addSql(
      `create table "institutional_fix_problem" ("fix_id" bigint not null, "problem_id" bigint not null, primary key ("fix_id", "problem_id"));`,
    );

    this.addSql(
      `create table "formalism_flag" ("id" bigserial primary key, "problem_id" bigint not null, "campaign_id" int not null, "organization_id" int not null, "kind" text not null, "measure_id" bigint null, "similar_problem_id" bigint null, "similarity" real null, "created_at" timestamptz not null default now());`,
    );
    this.addSql(`create index "formalism_flag_problem_id_index" on "formalism_flag" ("problem_id");`);
    this.addSql(`create index "formalism_flag_campaign_id_organization_id_index" on "formalism_flag" ("campaign_id", "organization_id");`);

    this.addSql(
      `create table "problem_measure" ("id" bigserial primary key, "problem_id" bigint not null, "position" smallint not null, "content" text not null, "owner" varchar(50) not null, "deadline" date null, "deliverable" varchar(200) not null default '', "completed_on" date null, "grams" text[] not null default '{}', "signature" text[] not null default '{}');`,
    );
    this.addSql(`create index "problem_measure_problem_id_index" on "problem_measure" ("problem_id");`);
    this.addSql(`create index "problem_measure_signature_index" on "problem_measure" using gin ("signature");`);

    this.addSql(
      `create table "rectification_record" ("id" bigserial primary key, "problem_id" bigint not null, "seq" int not null, "action" text not null, "actor_id" int null, "actor_name" varchar(64) null, "at" timestamptz(3) not null, "note" text not null default '', "evidence" text[] not null default '{}', "payload" jsonb not null, "prev_hash" char(64) not null, "hash" char(64) not null);`,
    );
    this.addSql(
      `alter table "rectification_record" add constraint "rectification_record_problem_id_seq_unique" unique ("problem_id", "seq");`,
    );

    this.addSql(
      `alter table "evidence_upload" add constraint "evidence_upload_organization_id_foreign" foreign key ("organization_id") references "organization" ("id") on delete restrict;`,
    );

    this.addSql(
      `alter table "institutional_fix" add constraint "institutional_fix_campaign_id_foreign" foreign key ("campaign_id") references "campaign" ("id") on delete restrict;`,
    );
    this.addSql(
      `alter table "institutional_fix" add constraint "institutional_fix_organization_id_foreign" foreign key ("organization_id") references "organization" ("id") on delete restrict;`,
    );
    this.addSql(
      `alter table "institutional_fix" add constraint "institutional_fix_action_check" check ("action" in ('ADOPTED', 'REVISED', 'ABOLISHED'));`,
    );

    this.addSql(
      `alter table "feedback" add constraint "feedback_campaign_id_foreign" foreign key ("campaign_id") references "campaign" ("id") on delete restrict;`,
    );
    this.addSql(
      `alter table "feedback" add constraint "feedback_organization_id_foreign" foreign key ("organization_id") references "organization" ("id") on delete restrict;`,
    );
    this.addSql(
      `alter table "feedback" add constraint "feedback_channel_check" check ("channel" in ('ONLINE_MESSAGE', 'LETTER', 'VISIT', 'HOTLINE', 'SURVEY'));`,
    );

    this.addSql(
      `alter table "commitment" add constraint "commitment_campaign_id_foreign" foreign key ("campaign_id") references "campaign" ("id") on delete restrict;`,
    );
    this.addSql(
      `alter table "commitment" add constraint "commitment_organization_id_foreign" foreign key ("organization_id") references "organization" ("id") on delete restrict;`,
    );
    this.addSql(`alter table "commitment" add constraint "commitment_kind_check" check ("kind" in ('PEOPLE', 'ENTERPRISE'));`);
    this.addSql(
      `alter table "commitment" add constraint "commitment_status_check" check ("status" in ('PLEDGED', 'IN_PROGRESS', 'DONE'));`,
    );

    this.addSql(
      `alter table "commitment_progress" add constraint "commitment_progress_commitment_id_foreign" foreign key ("commitment_id") references "commitment" ("id") on delete cascade;`,
    );

    this.addSql(
      `alter table "problem" add constraint "problem_campaign_id_foreign" foreign key ("campaign_id") references "campaign" ("id") on delete restrict;`,
    );
    this.addSql(
      `alter table "problem" add constraint "problem_organization_id_foreign" foreign key ("organization_id") references "organization" ("id") on delete restrict;`,
    );
    this.addSql(`alter table "problem" add constraint "problem_scope_check" check ("scope" in ('TEAM', 'INDIVIDUAL'));`);
    this.addSql(
      `alter table "problem" add constraint "problem_category_check" check ("category" in ('IDEOLOGY', 'PERFORMANCE_VIEW', 'WORK_STYLE', 'INTEGRITY', 'FORMALISM', 'OTHER'));`,
    );
    this.addSql(
      `alter table "problem" add constraint "problem_source_check" check ("source" in ('SELF_EXAMINATION', 'PUBLIC_OPINION', 'SUPERIOR_REVIEW', 'INSPECTION', 'AUDIT', 'HEART_TO_HEART'));`,
    );
    this.addSql(
      `alter table "problem" add constraint "problem_rectification_kind_check" check ("rectification_kind" in ('IMMEDIATE', 'BY_DEADLINE', 'ONGOING'));`,
    );
    this.addSql(
      `alter table "problem" add constraint "problem_status_check" check ("status" in ('OPEN', 'IN_PROGRESS', 'RECTIFIED', 'VERIFIED'));`,
    );
    this.addSql(`alter table "problem" add constraint "problem_resolution_check" check ("resolution" in ('FIXED', 'NOT_A_PROBLEM'));`);

    this.addSql(
      `alter table "institutional_fix_problem" add constraint "institutional_fix_problem_fix_id_foreign" foreign key ("fix_id") references "institutional_fix" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(
      `alter table "institutional_fix_problem" add constraint "institutional_fix_problem_problem_id_foreign" foreign key ("problem_id") references "problem" ("id") on update cascade on delete cascade;`,
    );

    this.addSql(
      `alter table "formalism_flag" add constraint "formalism_flag_problem_id_foreign" foreign key ("problem_id") references "problem" ("id") on delete cascade;`,
    );
    this.addSql(
      `alter table "formalism_flag" add constraint "formalism_flag_campaign_id_foreign" foreign key ("campaign_id") references "campaign" ("id") on delete cascade;`,
    );
    this.addSql(
      `alter table "formalism_flag" add constraint "formalism_flag_organization_id_foreign" foreign key ("organization_id") references "organization" ("id") on delete restrict;`,
    );
    this.addSql(
      `alter table "formalism_flag" add constraint "formalism_flag_kind_check" check ("kind" in ('NO_DELIVERABLE', 'NO_DEADLINE', 'SIMILAR_DESCRIPTION', 'SIMILAR_MEASURE'));`,
    );

    this.addSql(
      `alter table "problem_measure" add constraint "problem_measure_problem_id_foreign" foreign key ("problem_id") references "problem" ("id") on delete cascade;`,
    );

    this.addSql(
      `alter table "rectification_record" add constraint "rectification_record_action_check" check ("action" in ('REPORTED', 'UPDATED', 'DEADLINE_CHANGED', 'PROGRESS', 'MEASURE_COMPLETED', 'SUBMITTED', 'EXPLAINED', 'VERIFIED', 'REJECTED', 'REOPENED', 'SENT_BACK', 'FIX_LINKED'));`,
    );

    // The fix-up ledger is append-only: no UPDATE, DELETE or TRUNCATE, whoever asks.
    this.addSql(`create function rectification_record_append_only() returns trigger language plpgsql as $$
      begin
        raise exception 'rectification_record is append-only: % refused', tg_op using errcode = 'insufficient_privilege';
      end $$;`);
    this.addSql(`create trigger rectification_record_no_change before update or delete on "rectification_record"
      for each row execute function rectification_record_append_only();`);
    this.addSql(`create trigger rectification_record_no_truncate before truncate on "rectification_record"
      for each statement execute function rectification_record_append_only();`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop trigger if exists rectification_record_no_change on "rectification_record";`);
    this.addSql(`drop trigger if exists rectification_record_no_truncate on "rectification_record";`);
    this.addSql(`drop function if exists rectification_record_append_only();`);
    this.addSql(`alter table "institutional_fix_problem" drop constraint "institutional_fix_problem_fix_id_foreign";`);
    this.addSql(`alter table "commitment_progress" drop constraint "commitment_progress_commitment_id_foreign";`);
    this.addSql(`alter table "institutional_fix_problem" drop constraint "institutional_fix_problem_problem_id_foreign";`);
    this.addSql(`alter table "formalism_flag" drop constraint "formalism_flag_problem_id_foreign";`);
    this.addSql(`alter table "problem_measure" drop constraint "problem_measure_problem_id_foreign";`);

    this.addSql(`drop table if exists "evidence_file" cascade;`);
    this.addSql(`drop table if exists "evidence_upload" cascade;`);
    this.addSql(`drop table if exists "institutional_fix" cascade;`);
    this.addSql(`drop table if exists "feedback" cascade;`);
    this.addSql(`drop table if exists "commitment" cascade;`);
    this.addSql(`drop table if exists "commitment_progress" cascade;`);
    this.addSql(`drop table if exists "problem" cascade;`);
    this.addSql(`drop table if exists "institutional_fix_problem" cascade;`);
    this.addSql(`drop table if exists "formalism_flag" cascade;`);
    this.addSql(`drop table if exists "problem_measure" cascade;`);
    this.addSql(`drop table if exists "rectification_record" cascade;`);
  }
}
