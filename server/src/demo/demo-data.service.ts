import { Injectable, Logger } from '@nestjs/common';
import { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import { sql } from 'kysely';
import { hashPassword } from '../accounts/password.js';
import { Role } from '../authorization/role.js';
import type { AppConfig } from '../common/config.js';
import { InjectConfig } from '../common/config.provider.js';
import { insertUnits } from '../organizations/import/insert-units.js';
import { validateUnits } from '../organizations/import/validate-units.js';
import { addDays, today } from '../common/dates.js';
import { buildDemoCityTree, DEMO_CITY_CODE, DEMO_COUNTY_CODE, DEMO_SECRETARY_UNIT_CODE } from './city-tree.js';
import {
  buildDemoSessions,
  DEMO_CAMPAIGN_TITLE,
  DEMO_CHECKLIST_REQUIREMENT,
  DEMO_REQUIREMENTS,
  type DemoSession,
  type DemoSessionUnit,
} from './demo-campaign.js';
import { pgArray } from '../common/sql.js';
import { GENESIS, recordHash } from '../problems/ledger.js';
import { buildDemoProblems } from './demo-problems.js';

const DEMO_CAMPAIGN_SUMMARY = '以习近平新时代中国特色社会主义思想为指导，教育引导党员干部树立和践行正确政绩观，坚持边学边查边改。';

export const DEMO_PASSWORD = 'Demo@2026';

/** The demo accounts of DESIGN.md: one per role, each at the unit it works for. */
export const DEMO_ACCOUNTS = [
  { username: 'demo-admin', displayName: '演示管理员', role: Role.ADMIN, unitCode: DEMO_CITY_CODE },
  { username: 'demo-leader', displayName: '演示市级领导', role: Role.LEADER, unitCode: DEMO_CITY_CODE },
  { username: 'demo-county-leader', displayName: '演示区级领导', role: Role.LEADER, unitCode: DEMO_COUNTY_CODE },
  { username: 'demo-secretary', displayName: '演示支部书记', role: Role.SECRETARY, unitCode: DEMO_SECRETARY_UNIT_CODE },
  { username: 'demo-auditor', displayName: '演示审计人员', role: Role.AUDITOR, unitCode: DEMO_CITY_CODE },
] as const;

/** The demo city and its accounts, loaded into an empty database outside production. */
@Injectable()
export class DemoDataService {
  private readonly logger = new Logger('Demo');

  constructor(
    private readonly orm: MikroORM,
    @InjectConfig() private readonly config: AppConfig,
  ) {}

  /** Loads the demo into an empty database; in production, disables demo accounts left from a demo run. */
  async prepare(): Promise<void> {
    if (this.config.nodeEnv === 'production') return this.disableDemoAccounts();
    if (!this.config.demoData) return;
    await this.loadIfEmpty();
    const [{ count }] = await this.orm.em
      .fork()
      .execute<{ count: string }[]>('SELECT count(*) AS count FROM app_user WHERE username = ANY(?::text[]) AND NOT disabled', [
        pgArray(DEMO_ACCOUNTS.map((a) => a.username)),
      ]);
    if (Number(count) > 0) {
      const lines = DEMO_ACCOUNTS.map((a) => `  ${a.username.padEnd(20)} ${a.role.padEnd(10)} ${a.displayName}`);
      this.logger.log(`Demo accounts (password ${DEMO_PASSWORD}):\n${lines.join('\n')}`);
    }
  }

  private async loadIfEmpty(): Promise<number> {
    return this.orm.em.fork().transactional(async (em) => {
      // One loader at a time; a second server starting on the same database waits, then sees data.
      await em.execute('SELECT pg_advisory_xact_lock(?)', [0x64656d6f]);
      const [{ found }] = await em.execute<{ found: boolean }[]>('SELECT EXISTS (SELECT 1 FROM organization) AS found');
      if (found) return 0;
      const rows = buildDemoCityTree().map((unit, i) => ({
        row: i + 2,
        code: unit.code,
        name: unit.name,
        kind: unit.kind,
        parentCode: unit.parentCode ?? '',
        memberCount: String(unit.memberCount),
      }));
      const { units, problems } = validateUnits(rows, new Map());
      if (problems.length) throw new Error(`demo data is invalid: ${JSON.stringify(problems.slice(0, 3))}`);
      await insertUnits(em, units, new Map(), async () => undefined);
      // Hashed only when the demo is loaded: a restart on existing data skips the scrypt work.
      const passwordHash = await hashPassword(DEMO_PASSWORD);
      for (const account of DEMO_ACCOUNTS) {
        await em.execute(
          `WITH unit AS (SELECT id FROM organization WHERE code = ?),
                created AS (INSERT INTO app_user (username, display_name, password_hash, organization_id, must_change_password)
                            SELECT ?, ?, ?, id, false FROM unit RETURNING id)
           INSERT INTO role_grant (user_id, organization_id, role) SELECT created.id, unit.id, ? FROM created, unit`,
          [account.unitCode, account.username, account.displayName, passwordHash, account.role],
        );
      }
      const sessions = await this.loadCampaign(em);
      this.logger.log(
        `Loaded the demo city: ${units.length} units, ${DEMO_ACCOUNTS.length} accounts, the campaign with ${sessions} sessions and its problems`,
      );
      return units.length;
    });
  }

  /** The demo campaign for the whole city, launched by the city leader, with sessions logged across the tree. */
  private async loadCampaign(em: EntityManager): Promise<number> {
    const startsOn = addDays(today(), -45);
    const [{ id: campaignId }] = await em.execute<{ id: number }[]>(
      `INSERT INTO campaign (title, summary, scope_id, starts_on, ends_on, status, created_by)
       SELECT ?, ?, o.id, ?, ?, 'ACTIVE', u.id FROM organization o, app_user u WHERE o.code = ? AND u.username = 'demo-leader' RETURNING id`,
      [DEMO_CAMPAIGN_TITLE, DEMO_CAMPAIGN_SUMMARY, startsOn, addDays(today(), 75), DEMO_CITY_CODE],
    );
    for (const [position, r] of [...DEMO_REQUIREMENTS, DEMO_CHECKLIST_REQUIREMENT].entries()) {
      await em.execute(
        `INSERT INTO requirement (campaign_id, position, title, kind, session_type, min_count, applies_to) VALUES (?, ?, ?, ?, ?, ?, ?::text[])`,
        [campaignId, position, r.title, r.kind, r.sessionType, r.minCount, pgArray(r.appliesTo)],
      );
    }
    const units = await em.execute<DemoSessionUnit[]>(`SELECT id, code, kind, member_count AS "memberCount" FROM organization ORDER BY id`);
    const sessions = buildDemoSessions(units, startsOn, today());
    const column = <K extends keyof DemoSession>(key: K) => sessions.map((s) => s[key]);
    await sql`INSERT INTO study_session (campaign_id, organization_id, type, topic, held_on, hours, expected_attendance, actual_attendance, location)
      SELECT ${campaignId}, * FROM unnest(${column('organizationId')}::int[], ${column('type')}::text[], ${column('topic')}::text[],
        ${column('heldOn')}::date[], ${column('hours')}::numeric[], ${column('expected')}::int[], ${column('actual')}::int[], ${column('location')}::text[])`.execute(
      em.getKysely(),
    );
    // Units that have held sessions launched (启动部署) a few days before their first one.
    await em.execute(
      `INSERT INTO campaign_unit (campaign_id, organization_id, launched_on, launched_by)
       SELECT ?, organization_id, greatest(?::date, min(held_on) - 3), (SELECT id FROM app_user WHERE username = 'demo-leader')
       FROM study_session WHERE campaign_id = ? GROUP BY organization_id`,
      [campaignId, startsOn, campaignId],
    );
    await this.loadProblems(em, campaignId, units, startsOn);
    return sessions.length;
  }

  /** Problems in every status with their measures and hash-chained records, written in bulk. */
  private async loadProblems(em: EntityManager, campaignId: number, units: DemoSessionUnit[], startsOn: string) {
    const problems = buildDemoProblems(units, startsOn, today());
    const ids = (
      await em.execute<{ id: string }[]>(`SELECT nextval('problem_id_seq')::text AS id FROM generate_series(1, ?)`, [problems.length])
    ).map((r) => r.id);
    const users = new Map(
      (await em.execute<{ id: number; username: string }[]>(`SELECT id, username FROM app_user`)).map((u) => [u.username, u.id]),
    );
    const column = <T>(read: (p: (typeof problems)[number]) => T) => problems.map(read);
    await sql`INSERT INTO problem (id, campaign_id, organization_id, scope, person_name, category, source, description, found_on,
        rectification_kind, responsible_leader, deadline, status, resolution, verified_at, created_by)
      SELECT id, ${campaignId}, organization_id, scope, person_name, category, source, description, found_on, kind, leader, deadline, status,
        resolution, CASE WHEN status = 'VERIFIED' THEN now() END, ${users.get('demo-secretary') ?? null}
      FROM unnest(${ids}::bigint[], ${column((p) => p.organizationId)}::int[], ${column((p) => p.scope)}::text[],
        ${column((p) => p.personName)}::text[], ${column((p) => p.category)}::text[], ${column((p) => p.source)}::text[],
        ${column((p) => p.description)}::text[], ${column((p) => p.foundOn)}::date[], ${column((p) => p.rectificationKind)}::text[],
        ${column((p) => p.responsibleLeader)}::text[], ${column((p) => p.deadline)}::date[], ${column((p) => p.status)}::text[],
        ${column((p) => p.resolution)}::text[])
        AS t(id, organization_id, scope, person_name, category, source, description, found_on, kind, leader, deadline, status, resolution)`.execute(
      em.getKysely(),
    );
    await sql`INSERT INTO problem_measure (problem_id, position, content, owner, deadline, deliverable, completed_on)
      SELECT id, 0, content, owner, deadline, deliverable, completed_on
      FROM unnest(${ids}::bigint[], ${column((p) => p.measure.content)}::text[], ${column((p) => p.measure.owner)}::text[],
        ${column((p) => p.measure.deadline)}::date[], ${column((p) => p.measure.deliverable)}::text[], ${column((p) => p.measure.completedOn)}::date[])
        AS t(id, content, owner, deadline, deliverable, completed_on)`.execute(em.getKysely());

    const records = problems.flatMap((problem, i) => {
      let prevHash = GENESIS;
      return problem.records.map((record, index) => {
        const content = {
          problemId: ids[i],
          seq: index + 1,
          action: record.action,
          actorId: users.get(record.actorName) ?? null,
          actorName: record.actorName,
          at: `${record.day}T02:00:00.000Z`,
          note: record.note,
          evidence: [] as string[],
          payload:
            index === 0
              ? {
                  description: problem.description,
                  deadline: problem.deadline,
                  responsibleLeader: problem.responsibleLeader,
                  status: 'OPEN',
                }
              : record.payload,
        };
        const hash = recordHash(prevHash, content);
        const row = { ...content, prevHash, hash };
        prevHash = hash;
        return row;
      });
    });
    const field = <T>(read: (r: (typeof records)[number]) => T) => records.map(read);
    await sql`INSERT INTO rectification_record (problem_id, seq, action, actor_id, actor_name, at, note, payload, prev_hash, hash)
      SELECT * FROM unnest(${field((r) => r.problemId)}::bigint[], ${field((r) => r.seq)}::int[], ${field((r) => r.action)}::text[],
        ${field((r) => r.actorId)}::int[], ${field((r) => r.actorName)}::text[], ${field((r) => r.at)}::timestamptz[], ${field((r) => r.note)}::text[],
        ${field((r) => JSON.stringify(r.payload))}::jsonb[], ${field((r) => r.prevHash)}::text[], ${field((r) => r.hash)}::text[])`.execute(
      em.getKysely(),
    );
    await em.execute(
      `UPDATE problem p SET ledger_seq = r.seq, ledger_head = r.hash
       FROM (SELECT DISTINCT ON (problem_id) problem_id, seq, hash FROM rectification_record ORDER BY problem_id, seq DESC) r
       WHERE r.problem_id = p.id`,
    );
  }

  private async disableDemoAccounts() {
    const disabled = await this.orm.em
      .fork()
      .execute(
        `UPDATE app_user SET disabled = true WHERE username = ANY(?::text[]) AND NOT disabled`,
        [pgArray(DEMO_ACCOUNTS.map((a) => a.username))],
        'run',
      );
    if ((disabled as { affectedRows?: number }).affectedRows) this.logger.warn('Demo accounts found in production were disabled');
  }
}
