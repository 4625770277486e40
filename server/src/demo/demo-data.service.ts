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
import { buildDemoSessions, DEMO_CAMPAIGN_TITLE, DEMO_REQUIREMENTS, type DemoSession, type DemoSessionUnit } from './demo-campaign.js';
import { pgArray } from '../common/sql.js';

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
        `Loaded the demo city: ${units.length} units, ${DEMO_ACCOUNTS.length} accounts, the campaign with ${sessions} sessions`,
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
    for (const [position, r] of DEMO_REQUIREMENTS.entries()) {
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
    return sessions.length;
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
