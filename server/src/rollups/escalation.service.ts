import { Inject, Injectable } from '@nestjs/common';
import { EntityManager } from '@mikro-orm/postgresql';
import { Role } from '../authorization/role.js';
import type { AppConfig } from '../common/config.js';
import { APP_CONFIG } from '../common/config.provider.js';
import { addDays } from '../common/dates.js';
import { OVERDUE_SQL } from '../problems/overdue.js';

/** How many units and problems one notification names; the counts cover the rest. */
const LISTED = 20;

/**
 * 督办: once a day, every unit's LEADER and SECRETARY grant holders hear which units directly below it
 * are behind in an active campaign, and which of those units' problems are overdue. Read from the
 * folded own figures, so it costs one pass over the units behind, not over the tree.
 */
@Injectable()
export class EscalationService {
  constructor(
    private readonly em: EntityManager,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Idempotent per day: a second run (another instance, a restart) adds nothing. Returns notifications written. */
  async notify(day: string): Promise<number> {
    const [{ written }] = await this.em.execute<{ written: number }[]>(
      `WITH behind AS (
         SELECT r.campaign_id, u.parent_id, u.id, u.name, r.problems_overdue, u.path <> sc.path AS parent_in_scope,
                array_remove(ARRAY[
                  CASE WHEN r.launched = 0 THEN 'NOT_LAUNCHED' END,
                  CASE WHEN r.last_session_on IS NULL OR r.last_session_on < ?::date THEN 'IDLE' END,
                  CASE WHEN r.problems_overdue > 0 THEN 'OVERDUE' END], NULL) AS reasons
         FROM rollup_own r
         JOIN campaign c ON c.id = r.campaign_id AND c.status = 'ACTIVE'
         JOIN organization sc ON sc.id = c.scope_id
         JOIN organization u ON u.id = r.organization_id
         WHERE r.behind > 0 AND u.parent_id IS NOT NULL),
       units AS (
         SELECT campaign_id, parent_id, bool_and(parent_in_scope) AS parent_in_scope, count(*) AS units_behind, sum(problems_overdue) AS overdue_problems,
                jsonb_agg(jsonb_build_object('id', id::text, 'name', name, 'reasons', to_jsonb(reasons))
                   ORDER BY problems_overdue DESC, id) AS listed
         FROM behind GROUP BY 1, 2),
       overdue AS (
         SELECT campaign_id, parent_id,
                jsonb_agg(jsonb_build_object('id', id::text, 'unitName', unit_name, 'description', description, 'deadline', deadline)
                  ORDER BY deadline NULLS LAST, id) AS listed
         FROM (
           SELECT b.campaign_id, b.parent_id, p.id, b.name AS unit_name, left(p.description, 100) AS description, p.deadline::text AS deadline,
                  row_number() OVER (PARTITION BY b.campaign_id, b.parent_id ORDER BY p.deadline NULLS LAST, p.id) AS n
           FROM behind b JOIN problem p ON p.campaign_id = b.campaign_id AND p.organization_id = b.id
           WHERE b.problems_overdue > 0 AND ${OVERDUE_SQL}) listed
         WHERE n <= ${LISTED}
         GROUP BY 1, 2),
       written AS (
         INSERT INTO notification (user_id, kind, campaign_id, organization_id, day, payload)
         SELECT DISTINCT ON (g.user_id, u.campaign_id, u.parent_id) g.user_id, 'ESCALATION', u.campaign_id, u.parent_id, ?::date,
                jsonb_build_object(
                  'unitsBehind', u.units_behind,
                  'units', (SELECT coalesce(jsonb_agg(e), '[]') FROM (SELECT e FROM jsonb_array_elements(u.listed) e LIMIT ${LISTED}) l),
                  'overdueProblems', u.overdue_problems,
                  'problems', coalesce(o.listed, '[]'))
         FROM units u
         LEFT JOIN overdue o ON o.campaign_id = u.campaign_id AND o.parent_id = u.parent_id
         -- A secretary above the campaign's own unit does not read the campaign: leaders there do.
         JOIN role_grant g ON g.organization_id = u.parent_id
           AND (g.role = '${Role.LEADER}' OR (g.role = '${Role.SECRETARY}' AND u.parent_in_scope))
         JOIN app_user au ON au.id = g.user_id AND NOT au.disabled
         ON CONFLICT DO NOTHING
         RETURNING 1)
       SELECT count(*)::int AS written FROM written`,
      [addDays(day, -this.config.behindIdleDays), day, day, day],
    );
    return written;
  }
}
