import { Inject, Injectable } from '@nestjs/common';
import { EntityManager } from '@mikro-orm/postgresql';
import type { Actor } from '../authorization/actor.js';
import { forbidden } from '../authorization/auth.guard.js';
import { reaches, SUBTREE_READERS } from '../authorization/scope.js';
import { canReadCampaign } from '../campaigns/campaign.service.js';
import type { CampaignStatus } from '../campaigns/campaign.entity.js';
import { Clock } from '../common/clock.js';
import type { AppConfig } from '../common/config.js';
import { APP_CONFIG } from '../common/config.provider.js';
import { addDays } from '../common/dates.js';
import { parseId } from '../common/ids.js';
import { decodeCursor, type Page } from '../common/pagination.js';
import { executePrepared } from '../common/database/prepared.js';
import { UNIT, unit } from '../organizations/unit-row.js';
import { packedFigures, TREND_COLUMNS, unpackFigures } from './figures.js';
import {
  BehindReason,
  ORDER_SQL,
  Rollup,
  RollupOrder,
  RollupFigures,
  type RollupChild,
  type RollupChildrenArgs,
  type RollupWeek,
  type UnitBehind,
  type UnitsBehindArgs,
} from './rollup.types.js';

const FIGURES = `${packedFigures('r')} AS figures`;
/** The children the dashboard reads with its unit, by code; other rankings are a query of their own. */
const DEFAULT_CHILDREN = 500;

/** Leaders' reads of the rollups: every one a primary-key read or one unit's children, never a subtree scan. */
@Injectable()
export class RollupService {
  constructor(
    private readonly em: EntityManager,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * The unit with its subtree figures, and its children's in the default order, in one statement:
   * the dashboard's whole read. The campaign must be one the actor reads.
   */
  async rollup(actor: Actor, campaignId: string, organizationId: string): Promise<Rollup> {
    const campaign = parseId(campaignId) ?? 0;
    const rows = await executePrepared<Record<string, unknown>>(
      this.em,
      `WITH node AS (
         SELECT ${UNIT}, c.id AS campaign_id, c.status AS campaign_status, sc.path::text AS campaign_scope
         FROM organization o JOIN campaign c ON c.id = ? JOIN organization sc ON sc.id = c.scope_id WHERE o.id = ?)
       SELECT node.*, ${FIGURES}, true AS is_node
       FROM node LEFT JOIN rollup_subtree r ON r.campaign_id = ? AND r.organization_id = node.id
       UNION ALL
       (SELECT ${UNIT}, node.campaign_id, NULL, NULL, ${FIGURES}, false
        FROM node JOIN organization o ON o.parent_id = node.id
        JOIN rollup_subtree r ON r.campaign_id = ? AND r.organization_id = o.id
        ORDER BY o.code LIMIT ${DEFAULT_CHILDREN})`,
      // The campaign as a parameter in each join, not node.campaign_id: then each child is one primary-key probe.
      [campaign, parseId(organizationId) ?? 0, campaign, campaign],
    );
    const [node, ...children] = rows;
    if (!node?.is_node || !canReadCampaign(actor, node.campaign_status as CampaignStatus, node.campaign_scope as string)) throw forbidden();
    const rollup = {
      campaignId: node.campaign_id as number,
      organization: unit(node),
      figures: RollupFigures.of(unpackFigures(node.figures)),
      firstChildren: children.map((row) => ({ organization: unit(row), figures: RollupFigures.of(unpackFigures(row.figures)) })),
      ownOnly: false,
    };
    // A secretary reads their own unit only: not the units below it, not even summed.
    if (children.length > 0 && !reaches(actor, SUBTREE_READERS, rollup.organization.path)) {
      return { ...rollup, figures: await this.own(rollup), firstChildren: [], ownOnly: true };
    }
    return rollup;
  }

  async own(rollup: Rollup): Promise<RollupFigures> {
    const [row] = await executePrepared<Record<string, unknown>>(
      this.em,
      `SELECT ${FIGURES} FROM rollup_own r WHERE r.campaign_id = ? AND r.organization_id = ?`,
      [rollup.campaignId, rollup.organization.id],
    );
    return RollupFigures.of(unpackFigures(row?.figures));
  }

  /** Children that have figures in the campaign, ranked; one index range of the parent's children. */
  async children(rollup: Rollup, args: RollupChildrenArgs): Promise<RollupChild[]> {
    if (rollup.ownOnly) return [];
    const prefetched = rollup.firstChildren;
    if (args.orderBy === RollupOrder.CODE && !args.descending && (args.first <= DEFAULT_CHILDREN || prefetched.length < DEFAULT_CHILDREN)) {
      return prefetched.slice(0, args.first);
    }
    const direction = args.descending ? 'DESC NULLS LAST' : 'ASC NULLS FIRST';
    const rows = await executePrepared<Record<string, unknown>>(
      this.em,
      `SELECT ${UNIT}, ${FIGURES}
       FROM organization o JOIN rollup_subtree r ON r.campaign_id = ? AND r.organization_id = o.id
       WHERE o.parent_id = ?
       ORDER BY ${ORDER_SQL[args.orderBy]} ${direction}, o.code
       LIMIT ?`,
      [rollup.campaignId, rollup.organization.id, args.first],
    );
    return rows.map((row) => ({ organization: unit(row), figures: RollupFigures.of(unpackFigures(row.figures)) }));
  }

  /** Week by week up to this one, each week showing the figures as they stood at its end. */
  async trend(rollup: Rollup, weeks: number): Promise<RollupWeek[]> {
    if (rollup.ownOnly) return [];
    const thisWeek = mondayOf(this.clock.today());
    const first = addDays(thisWeek, -7 * (weeks - 1));
    const rows = await this.em.execute<Record<string, unknown>[]>(
      `(SELECT week::text, ${TREND_COLUMNS.join(', ')} FROM rollup_week
        WHERE campaign_id = ? AND organization_id = ? AND week < ? ORDER BY week DESC LIMIT 1)
       UNION ALL
       (SELECT week::text, ${TREND_COLUMNS.join(', ')} FROM rollup_week
        WHERE campaign_id = ? AND organization_id = ? AND week >= ? AND week <= ? ORDER BY week)`,
      [rollup.campaignId, rollup.organization.id, first, rollup.campaignId, rollup.organization.id, first, thisWeek],
    );
    const result: RollupWeek[] = [];
    let latest: Record<string, unknown> | undefined;
    let next = 0;
    for (let week = first; week <= thisWeek; week = addDays(week, 7)) {
      while (next < rows.length && (rows[next].week as string) <= week) latest = rows[next++];
      const value = (column: (typeof TREND_COLUMNS)[number]) => Number(latest?.[column] ?? 0);
      result.push({
        week,
        participating: value('participating'),
        launched: value('launched'),
        complete: value('complete'),
        sessions: value('sessions'),
        hours: value('hours'),
        problems: value('problems'),
        rectified: value('problems_rectified') + value('problems_verified'),
        verified: value('problems_verified'),
        overdue: value('problems_overdue'),
      });
    }
    return result;
  }

  /** Units behind in the subtree, by id; the count is the subtree's `behind` figure. */
  async unitsBehind(actor: Actor, args: UnitsBehindArgs): Promise<Page<UnitBehind>> {
    const rollup = await this.rollup(actor, args.campaignId, args.organizationId);
    const after = args.after ? Number(decodeCursor(args.after, ['int'])[0]) : 0;
    const rows = await this.em.execute<Record<string, unknown>[]>(
      `SELECT ${UNIT}, r.launched, r.last_session_on::text AS last_session_on, r.problems_overdue
       FROM rollup_own r JOIN organization o ON o.id = r.organization_id
       WHERE r.campaign_id = ? AND r.behind > 0 AND o.path <@ ?::ltree AND r.organization_id > ? ${rollup.ownOnly ? 'AND o.id = ?' : ''}
       ORDER BY r.organization_id LIMIT ?`,
      [rollup.campaignId, rollup.organization.path, after, ...(rollup.ownOnly ? [rollup.organization.id] : []), args.first + 1],
    );
    const idleBefore = addDays(this.clock.today(), -this.config.behindIdleDays);
    return {
      nodes: rows.slice(0, args.first).map((row) => {
        const lastSessionOn = (row.last_session_on as string | null) ?? null;
        const overdueProblems = Number(row.problems_overdue);
        const reasons = [
          ...(Number(row.launched) ? [] : [BehindReason.NOT_LAUNCHED]),
          ...(!lastSessionOn || lastSessionOn < idleBefore ? [BehindReason.IDLE] : []),
          ...(overdueProblems > 0 ? [BehindReason.OVERDUE] : []),
        ];
        return { organization: unit(row), reasons, lastSessionOn, overdueProblems };
      }),
      hasNextPage: rows.length > args.first,
      totalCount: rollup.ownOnly ? Math.min(1, rollup.figures.behind) : rollup.figures.behind,
    };
  }
}

/** The Monday of the week a day falls in (weeks as PostgreSQL's date_trunc('week') counts them). */
export function mondayOf(day: string): string {
  const weekday = new Date(`${day}T00:00:00Z`).getUTCDay();
  return addDays(day, -((weekday + 6) % 7));
}
