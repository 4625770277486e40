import { Migration } from '@mikro-orm/migrations';

export class Migration20261124235441_rollups_and_notifications extends Migration {
  override name = 'Migration20261124235441_rollups_and_notifications';

  override up(): void | Promise<void> {
    this.addSql(
      `create table "notification" ("id" bigserial primary key, "user_id" int not null, "kind" text not null, "campaign_id" int not null, "organization_id" int not null, "day" date not null, "payload" jsonb not null, "created_at" timestamptz not null default now(), "read_at" timestamptz null);`,
    );
    this.addSql(`create index "notification_unread_index" on "notification" ("user_id") where read_at IS NULL;`);
    this.addSql(`create index "notification_user_id_id_index" on "notification" ("user_id", "id");`);
    this.addSql(
      `alter table "notification" add constraint "notification_user_id_kind_campaign_id_organizatio_b4f1e_unique" unique ("user_id", "kind", "campaign_id", "organization_id", "day");`,
    );

    this.addSql(
      `alter table "notification" add constraint "notification_user_id_foreign" foreign key ("user_id") references "app_user" ("id") on delete cascade;`,
    );
    this.addSql(
      `alter table "notification" add constraint "notification_campaign_id_foreign" foreign key ("campaign_id") references "campaign" ("id") on delete cascade;`,
    );
    this.addSql(
      `alter table "notification" add constraint "notification_organization_id_foreign" foreign key ("organization_id") references "organization" ("id") on delete cascade;`,
    );
    this.addSql(
      `create table "rollup_own" ("campaign_id" int not null, "organization_id" int not null, "in_scope" boolean not null, "last_session_on" date null, "participating" int not null default 0, "exempt" int not null default 0, "launched" int not null default 0, "complete" int not null default 0, "behind" int not null default 0, "sessions" int not null default 0, "sessions_reading_class" int not null default 0, "sessions_central_group_study" int not null default 0, "sessions_thematic_study" int not null default 0, "sessions_seminar" int not null default 0, "sessions_themed_party_day" int not null default 0, "sessions_branch_general_meeting" int not null default 0, "sessions_branch_committee_meeting" int not null default 0, "sessions_party_group_meeting" int not null default 0, "sessions_party_lecture" int not null default 0, "sessions_on_site_teaching" int not null default 0, "sessions_case_study" int not null default 0, "sessions_democratic_life_meeting" int not null default 0, "sessions_organizational_life_meeting" int not null default 0, "hours" numeric(14,1) not null default 0, "expected_attendance" bigint not null default 0, "actual_attendance" bigint not null default 0, "problems" int not null default 0, "problems_team" int not null default 0, "problems_individual" int not null default 0, "problems_source_self_examination" int not null default 0, "problems_source_public_opinion" int not null default 0, "problems_source_superior_review" int not null default 0, "problems_source_inspection" int not null default 0, "problems_source_audit" int not null default 0, "problems_source_heart_to_heart" int not null default 0, "problems_category_ideology" int not null default 0, "problems_category_performance_view" int not null default 0, "problems_category_work_style" int not null default 0, "problems_category_integrity" int not null default 0, "problems_category_formalism" int not null default 0, "problems_category_other" int not null default 0, "problems_open" int not null default 0, "problems_in_progress" int not null default 0, "problems_rectified" int not null default 0, "problems_verified" int not null default 0, "problems_overdue" int not null default 0, "institutional_fixes" int not null default 0, "commitments" int not null default 0, "commitments_done" int not null default 0, "feedback" int not null default 0, "feedback_replied" int not null default 0, primary key ("campaign_id", "organization_id"));`,
    );
    this.addSql(
      `create table "rollup_subtree" ("campaign_id" int not null, "organization_id" int not null, "participating" int not null default 0, "exempt" int not null default 0, "launched" int not null default 0, "complete" int not null default 0, "behind" int not null default 0, "sessions" int not null default 0, "sessions_reading_class" int not null default 0, "sessions_central_group_study" int not null default 0, "sessions_thematic_study" int not null default 0, "sessions_seminar" int not null default 0, "sessions_themed_party_day" int not null default 0, "sessions_branch_general_meeting" int not null default 0, "sessions_branch_committee_meeting" int not null default 0, "sessions_party_group_meeting" int not null default 0, "sessions_party_lecture" int not null default 0, "sessions_on_site_teaching" int not null default 0, "sessions_case_study" int not null default 0, "sessions_democratic_life_meeting" int not null default 0, "sessions_organizational_life_meeting" int not null default 0, "hours" numeric(14,1) not null default 0, "expected_attendance" bigint not null default 0, "actual_attendance" bigint not null default 0, "problems" int not null default 0, "problems_team" int not null default 0, "problems_individual" int not null default 0, "problems_source_self_examination" int not null default 0, "problems_source_public_opinion" int not null default 0, "problems_source_superior_review" int not null default 0, "problems_source_inspection" int not null default 0, "problems_source_audit" int not null default 0, "problems_source_heart_to_heart" int not null default 0, "problems_category_ideology" int not null default 0, "problems_category_performance_view" int not null default 0, "problems_category_work_style" int not null default 0, "problems_category_integrity" int not null default 0, "problems_category_formalism" int not null default 0, "problems_category_other" int not null default 0, "problems_open" int not null default 0, "problems_in_progress" int not null default 0, "problems_rectified" int not null default 0, "problems_verified" int not null default 0, "problems_overdue" int not null default 0, "institutional_fixes" int not null default 0, "commitments" int not null default 0, "commitments_done" int not null default 0, "feedback" int not null default 0, "feedback_replied" int not null default 0, primary key ("campaign_id", "organization_id"));`,
    );
    this.addSql(
      `create table "rollup_week" ("campaign_id" int not null, "organization_id" int not null, "week" date not null, "participating" int not null default 0, "launched" int not null default 0, "complete" int not null default 0, "sessions" int not null default 0, "hours" numeric(14,1) not null default 0, "problems" int not null default 0, "problems_rectified" int not null default 0, "problems_verified" int not null default 0, "problems_overdue" int not null default 0, primary key ("campaign_id", "organization_id", "week"));`,
    );
    this.addSql(
      `create unlogged table "rollup_fresh" ("campaign_id" int not null, "organization_id" int not null, "in_scope" boolean not null, "last_session_on" date null, "participating" int not null default 0, "exempt" int not null default 0, "launched" int not null default 0, "complete" int not null default 0, "behind" int not null default 0, "sessions" int not null default 0, "sessions_reading_class" int not null default 0, "sessions_central_group_study" int not null default 0, "sessions_thematic_study" int not null default 0, "sessions_seminar" int not null default 0, "sessions_themed_party_day" int not null default 0, "sessions_branch_general_meeting" int not null default 0, "sessions_branch_committee_meeting" int not null default 0, "sessions_party_group_meeting" int not null default 0, "sessions_party_lecture" int not null default 0, "sessions_on_site_teaching" int not null default 0, "sessions_case_study" int not null default 0, "sessions_democratic_life_meeting" int not null default 0, "sessions_organizational_life_meeting" int not null default 0, "hours" numeric(14,1) not null default 0, "expected_attendance" bigint not null default 0, "actual_attendance" bigint not null default 0, "problems" int not null default 0, "problems_team" int not null default 0, "problems_individual" int not null default 0, "problems_source_self_examination" int not null default 0, "problems_source_public_opinion" int not null default 0, "problems_source_superior_review" int not null default 0, "problems_source_inspection" int not null default 0, "problems_source_audit" int not null default 0, "problems_source_heart_to_heart" int not null default 0, "problems_category_ideology" int not null default 0, "problems_category_performance_view" int not null default 0, "problems_category_work_style" int not null default 0, "problems_category_integrity" int not null default 0, "problems_category_formalism" int not null default 0, "problems_category_other" int not null default 0, "problems_open" int not null default 0, "problems_in_progress" int not null default 0, "problems_rectified" int not null default 0, "problems_verified" int not null default 0, "problems_overdue" int not null default 0, "institutional_fixes" int not null default 0, "commitments" int not null default 0, "commitments_done" int not null default 0, "feedback" int not null default 0, "feedback_replied" int not null default 0, primary key ("campaign_id", "organization_id"));`,
    );
    this.addSql(`create index "rollup_own_behind_index" on "rollup_own" ("campaign_id", "organization_id") where "behind" > 0;`);
    this.addSql(
      `create table "rollup_queue" ("id" bigserial primary key, "campaign_id" int null, "organization_id" int not null, "subtree" boolean not null default false);`,
    );
    this.addSql(
      `create unlogged table "rollup_taken" ("campaign_id" int null, "organization_id" int not null, "subtree" boolean not null);`,
    );
    this.addSql(`create index "rollup_own_organization_id_index" on "rollup_own" ("organization_id");`);
    this.addSql(
      `create unlogged table "rollup_dirty" ("campaign_id" int not null, "organization_id" int not null, primary key ("campaign_id", "organization_id"));`,
    );
    this.addSql(`create table "rollup_state" ("name" text primary key, "day" date null, "at" timestamptz not null default now());`);
    this.addSql(`create function rollup_enqueue_rows() returns trigger language plpgsql as $$
begin
  -- The facts of (campaign, unit) pairs changed: the folding job recomputes their own figures.
  if TG_OP = 'INSERT' then
    insert into rollup_queue (campaign_id, organization_id) select distinct campaign_id, organization_id from new_rows;
  elsif TG_OP = 'DELETE' then
    insert into rollup_queue (campaign_id, organization_id) select distinct campaign_id, organization_id from old_rows;
  else
    insert into rollup_queue (campaign_id, organization_id)
    select campaign_id, organization_id from new_rows union select campaign_id, organization_id from old_rows;
  end if;
  return null;
end $$;`);
    this.addSql(`create function rollup_enqueue_measures() returns trigger language plpgsql as $$
begin
  -- A measure's deadline or completion moves its problem in or out of overdue.
  if TG_OP = 'DELETE' then
    insert into rollup_queue (campaign_id, organization_id)
    select distinct p.campaign_id, p.organization_id from old_rows m join problem p on p.id = m.problem_id;
  else
    insert into rollup_queue (campaign_id, organization_id)
    select distinct p.campaign_id, p.organization_id from new_rows m join problem p on p.id = m.problem_id;
  end if;
  return null;
end $$;`);
    this.addSql(`create function rollup_enqueue_campaigns() returns trigger language plpgsql as $$
begin
  -- Requirements, status or scope changed: every unit of the campaign is recomputed.
  if TG_TABLE_NAME = 'requirement' and TG_OP = 'DELETE' then
    insert into rollup_queue (campaign_id, organization_id, subtree)
    select distinct c.id, c.scope_id, true from old_rows r join campaign c on c.id = r.campaign_id;
  elsif TG_TABLE_NAME = 'requirement' then
    insert into rollup_queue (campaign_id, organization_id, subtree)
    select distinct c.id, c.scope_id, true from new_rows r join campaign c on c.id = r.campaign_id;
  elsif TG_OP = 'INSERT' then
    insert into rollup_queue (campaign_id, organization_id, subtree) select id, scope_id, true from new_rows;
  else
    insert into rollup_queue (campaign_id, organization_id, subtree)
    select n.id, n.scope_id, true from new_rows n join old_rows o on o.id = n.id
    where n.status is distinct from o.status or n.scope_id is distinct from o.scope_id;
  end if;
  return null;
end $$;`);
    this.addSql(`create function rollup_enqueue_units() returns trigger language plpgsql as $$
begin
  -- A unit created, moved, archived or of another kind: its standing in every campaign may change.
  if TG_OP = 'INSERT' then
    insert into rollup_queue (campaign_id, organization_id) select null, id from new_rows;
  else
    insert into rollup_queue (campaign_id, organization_id)
    select null, n.id from new_rows n join old_rows o on o.id = n.id
    where n.path is distinct from o.path or n.archived_at is distinct from o.archived_at or n.kind is distinct from o.kind;
  end if;
  return null;
end $$;`);
    this.addSql(
      `create trigger "study_session_rollup_insert" after insert on "study_session" referencing new table as new_rows for each statement execute function rollup_enqueue_rows();`,
    );
    this.addSql(
      `create trigger "study_session_rollup_update" after update on "study_session" referencing old table as old_rows new table as new_rows for each statement execute function rollup_enqueue_rows();`,
    );
    this.addSql(
      `create trigger "study_session_rollup_delete" after delete on "study_session" referencing old table as old_rows for each statement execute function rollup_enqueue_rows();`,
    );
    this.addSql(
      `create trigger "problem_rollup_insert" after insert on "problem" referencing new table as new_rows for each statement execute function rollup_enqueue_rows();`,
    );
    this.addSql(
      `create trigger "problem_rollup_update" after update on "problem" referencing old table as old_rows new table as new_rows for each statement execute function rollup_enqueue_rows();`,
    );
    this.addSql(
      `create trigger "problem_rollup_delete" after delete on "problem" referencing old table as old_rows for each statement execute function rollup_enqueue_rows();`,
    );
    this.addSql(
      `create trigger "commitment_rollup_insert" after insert on "commitment" referencing new table as new_rows for each statement execute function rollup_enqueue_rows();`,
    );
    this.addSql(
      `create trigger "commitment_rollup_update" after update on "commitment" referencing old table as old_rows new table as new_rows for each statement execute function rollup_enqueue_rows();`,
    );
    this.addSql(
      `create trigger "commitment_rollup_delete" after delete on "commitment" referencing old table as old_rows for each statement execute function rollup_enqueue_rows();`,
    );
    this.addSql(
      `create trigger "feedback_rollup_insert" after insert on "feedback" referencing new table as new_rows for each statement execute function rollup_enqueue_rows();`,
    );
    this.addSql(
      `create trigger "feedback_rollup_update" after update on "feedback" referencing old table as old_rows new table as new_rows for each statement execute function rollup_enqueue_rows();`,
    );
    this.addSql(
      `create trigger "feedback_rollup_delete" after delete on "feedback" referencing old table as old_rows for each statement execute function rollup_enqueue_rows();`,
    );
    this.addSql(
      `create trigger "institutional_fix_rollup_insert" after insert on "institutional_fix" referencing new table as new_rows for each statement execute function rollup_enqueue_rows();`,
    );
    this.addSql(
      `create trigger "institutional_fix_rollup_update" after update on "institutional_fix" referencing old table as old_rows new table as new_rows for each statement execute function rollup_enqueue_rows();`,
    );
    this.addSql(
      `create trigger "institutional_fix_rollup_delete" after delete on "institutional_fix" referencing old table as old_rows for each statement execute function rollup_enqueue_rows();`,
    );
    this.addSql(
      `create trigger "campaign_unit_rollup_insert" after insert on "campaign_unit" referencing new table as new_rows for each statement execute function rollup_enqueue_rows();`,
    );
    this.addSql(
      `create trigger "campaign_unit_rollup_update" after update on "campaign_unit" referencing old table as old_rows new table as new_rows for each statement execute function rollup_enqueue_rows();`,
    );
    this.addSql(
      `create trigger "campaign_unit_rollup_delete" after delete on "campaign_unit" referencing old table as old_rows for each statement execute function rollup_enqueue_rows();`,
    );
    this.addSql(
      `create trigger "problem_measure_rollup_insert" after insert on "problem_measure" referencing new table as new_rows for each statement execute function rollup_enqueue_measures();`,
    );
    this.addSql(
      `create trigger "problem_measure_rollup_update" after update on "problem_measure" referencing old table as old_rows new table as new_rows for each statement execute function rollup_enqueue_measures();`,
    );
    this.addSql(
      `create trigger "problem_measure_rollup_delete" after delete on "problem_measure" referencing old table as old_rows for each statement execute function rollup_enqueue_measures();`,
    );
    this.addSql(
      `create trigger "requirement_rollup_insert" after insert on "requirement" referencing new table as new_rows for each statement execute function rollup_enqueue_campaigns();`,
    );
    this.addSql(
      `create trigger "requirement_rollup_update" after update on "requirement" referencing old table as old_rows new table as new_rows for each statement execute function rollup_enqueue_campaigns();`,
    );
    this.addSql(
      `create trigger "requirement_rollup_delete" after delete on "requirement" referencing old table as old_rows for each statement execute function rollup_enqueue_campaigns();`,
    );
    this.addSql(
      `create trigger "campaign_rollup_insert" after insert on "campaign" referencing new table as new_rows for each statement execute function rollup_enqueue_campaigns();`,
    );
    this.addSql(
      `create trigger "campaign_rollup_update" after update on "campaign" referencing old table as old_rows new table as new_rows for each statement execute function rollup_enqueue_campaigns();`,
    );
    this.addSql(
      `create trigger "organization_rollup_insert" after insert on "organization" referencing new table as new_rows for each statement execute function rollup_enqueue_units();`,
    );
    this.addSql(
      `create trigger "organization_rollup_update" after update on "organization" referencing old table as old_rows new table as new_rows for each statement execute function rollup_enqueue_units();`,
    );
    this.addSql(`create function notify_actor_changed() returns trigger language plpgsql as $$
begin
  -- Server processes cache who a session is; a user, session, grant or unit changed: they forget.
  perform pg_notify('actor_changed', '');
  return null;
end $$;`);
    this.addSql(
      `create trigger "app_user_actor_changed" after update or delete on "app_user" for each statement execute function notify_actor_changed();`,
    );
    this.addSql(
      `create trigger "user_session_actor_changed" after update or delete on "user_session" for each statement execute function notify_actor_changed();`,
    );
    this.addSql(
      `create trigger "role_grant_actor_changed" after insert or update or delete on "role_grant" for each statement execute function notify_actor_changed();`,
    );
    this.addSql(
      `create trigger "organization_actor_changed" after update on "organization" for each statement execute function notify_actor_changed();`,
    );
    // Data already here (an upgrade): every campaign's units and every fact's unit are folded on first start.
    this.addSql(`insert into rollup_queue (campaign_id, organization_id, subtree) select id, scope_id, true from campaign;`);
    this.addSql(
      `insert into rollup_queue (campaign_id, organization_id) select campaign_id, organization_id from study_session union select campaign_id, organization_id from problem union select campaign_id, organization_id from institutional_fix union select campaign_id, organization_id from commitment union select campaign_id, organization_id from feedback;`,
    );
    this.addSql(`alter table "notification" add constraint "notification_kind_check" check ("kind" in ('ESCALATION'));`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop trigger if exists "app_user_actor_changed" on "app_user";`);
    this.addSql(`drop trigger if exists "user_session_actor_changed" on "user_session";`);
    this.addSql(`drop trigger if exists "role_grant_actor_changed" on "role_grant";`);
    this.addSql(`drop trigger if exists "organization_actor_changed" on "organization";`);
    this.addSql(`drop function if exists notify_actor_changed();`);
    this.addSql(`drop trigger if exists "study_session_rollup_insert" on "study_session";`);
    this.addSql(`drop trigger if exists "study_session_rollup_update" on "study_session";`);
    this.addSql(`drop trigger if exists "study_session_rollup_delete" on "study_session";`);
    this.addSql(`drop trigger if exists "problem_rollup_insert" on "problem";`);
    this.addSql(`drop trigger if exists "problem_rollup_update" on "problem";`);
    this.addSql(`drop trigger if exists "problem_rollup_delete" on "problem";`);
    this.addSql(`drop trigger if exists "commitment_rollup_insert" on "commitment";`);
    this.addSql(`drop trigger if exists "commitment_rollup_update" on "commitment";`);
    this.addSql(`drop trigger if exists "commitment_rollup_delete" on "commitment";`);
    this.addSql(`drop trigger if exists "feedback_rollup_insert" on "feedback";`);
    this.addSql(`drop trigger if exists "feedback_rollup_update" on "feedback";`);
    this.addSql(`drop trigger if exists "feedback_rollup_delete" on "feedback";`);
    this.addSql(`drop trigger if exists "institutional_fix_rollup_insert" on "institutional_fix";`);
    this.addSql(`drop trigger if exists "institutional_fix_rollup_update" on "institutional_fix";`);
    this.addSql(`drop trigger if exists "institutional_fix_rollup_delete" on "institutional_fix";`);
    this.addSql(`drop trigger if exists "campaign_unit_rollup_insert" on "campaign_unit";`);
    this.addSql(`drop trigger if exists "campaign_unit_rollup_update" on "campaign_unit";`);
    this.addSql(`drop trigger if exists "campaign_unit_rollup_delete" on "campaign_unit";`);
    this.addSql(`drop trigger if exists "problem_measure_rollup_insert" on "problem_measure";`);
    this.addSql(`drop trigger if exists "problem_measure_rollup_update" on "problem_measure";`);
    this.addSql(`drop trigger if exists "problem_measure_rollup_delete" on "problem_measure";`);
    this.addSql(`drop trigger if exists "requirement_rollup_insert" on "requirement";`);
    this.addSql(`drop trigger if exists "requirement_rollup_update" on "requirement";`);
    this.addSql(`drop trigger if exists "requirement_rollup_delete" on "requirement";`);
    this.addSql(`drop trigger if exists "campaign_rollup_insert" on "campaign";`);
    this.addSql(`drop trigger if exists "campaign_rollup_update" on "campaign";`);
    this.addSql(`drop trigger if exists "campaign_rollup_delete" on "campaign";`);
    this.addSql(`drop trigger if exists "organization_rollup_insert" on "organization";`);
    this.addSql(`drop trigger if exists "organization_rollup_update" on "organization";`);
    this.addSql(`drop trigger if exists "organization_rollup_delete" on "organization";`);
    this.addSql(`drop function if exists rollup_enqueue_rows();`);
    this.addSql(`drop function if exists rollup_enqueue_measures();`);
    this.addSql(`drop function if exists rollup_enqueue_campaigns();`);
    this.addSql(`drop function if exists rollup_enqueue_units();`);
    this.addSql(`drop table if exists "rollup_own";`);
    this.addSql(`drop table if exists "rollup_subtree";`);
    this.addSql(`drop table if exists "rollup_week";`);
    this.addSql(`drop table if exists "rollup_fresh";`);
    this.addSql(`drop table if exists "rollup_queue";`);
    this.addSql(`drop table if exists "rollup_dirty";`);
    this.addSql(`drop table if exists "rollup_taken";`);
    this.addSql(`drop table if exists "rollup_state";`);
    this.addSql(`drop table if exists "notification" cascade;`);
  }
}
