import { Injectable } from '@nestjs/common';
import { OptimisticLockError } from '@mikro-orm/core';
import { EntityManager } from '@mikro-orm/postgresql';
import type { Actor } from '../authorization/actor.js';
import { forbidden } from '../authorization/auth.guard.js';
import { Role } from '../authorization/role.js';
import { isWithin, reaches, readScope, scopeFilter } from '../authorization/scope.js';
import { AuditService } from '../audit/audit.service.js';
import { isCalendarDate } from '../common/dates.js';
import { Clock } from '../common/clock.js';
import { DomainError } from '../common/errors.js';
import { keysetPage, type Page } from '../common/pagination.js';
import { parseId } from '../common/ids.js';
import { Campaign, CampaignStatus, CampaignUnit, Requirement, RequirementKind } from './campaign.entity.js';
import type { CampaignInput, CampaignsArgs, LaunchCampaignInput } from './campaign.inputs.js';
import { pgArray } from '../common/sql.js';
import { OrganizationService } from '../organizations/organization.service.js';

/** Who sets campaigns up for a subtree (issue: "launched by a LEADER or ADMIN"). */
export const SETUP = [Role.LEADER, Role.ADMIN];

const view = (c: Campaign) => ({
  title: c.title,
  startsOn: c.startsOn,
  endsOn: c.endsOn,
  status: c.status,
  requirements: c.requirements.isInitialized()
    ? c.requirements
        .getItems()
        .map((r) => ({ title: r.title, kind: r.kind, sessionType: r.sessionType, minCount: r.minCount, appliesTo: r.appliesTo }))
    : undefined,
});

/** The launching side reads its campaigns in every status; units it covers and those above them once launched. */
export function canReadCampaign(actor: Actor, status: CampaignStatus, scopePath: string): boolean {
  return (
    reaches(actor, SETUP, scopePath) ||
    (status !== CampaignStatus.DRAFT &&
      actor.grants.some((g) => isWithin(g.path, scopePath) || (g.role !== Role.SECRETARY && isWithin(scopePath, g.path))))
  );
}

/** Campaigns, their requirements and each unit's standing in them. */
@Injectable()
export class CampaignService {
  constructor(
    private readonly em: EntityManager,
    private readonly audit: AuditService,
    private readonly organizations: OrganizationService,
    private readonly clock: Clock,
  ) {}

  /**
   * A campaign the actor may read: it covers one of the actor's units, or was launched within the
   * actor's reach. A DRAFT is the launching side's only.
   */
  async get(actor: Actor, id: string | number): Promise<Campaign & { scopePath: string }> {
    const key = parseId(id);
    const campaign = key ? await this.em.findOne(Campaign, key, { populate: ['requirements'] }) : null;
    if (!campaign) throw forbidden();
    const path = (await this.organizations.pathOf(campaign.scope.id))!;
    if (!canReadCampaign(actor, campaign.status, path)) throw forbidden();
    return Object.assign(campaign, { scopePath: path });
  }

  /**
   * The campaign as a unit writing into it sees it (its dates), refusing a campaign not active and a
   * unit it does not count. The guard has let the unit's secretary through already.
   */
  async participation(campaignId: string, organizationId: number): Promise<{ id: number; startsOn: string; endsOn: string }> {
    const [context] = await this.em.execute<
      {
        id: number;
        status: CampaignStatus;
        starts_on: string;
        ends_on: string;
        in_scope: boolean;
        archived: boolean;
        exempt: boolean | null;
      }[]
    >(
      `SELECT c.id, c.status, c.starts_on::text, c.ends_on::text, u.path <@ s.path AS in_scope, u.archived_at IS NOT NULL AS archived, cu.exempt
       FROM campaign c JOIN organization s ON s.id = c.scope_id JOIN organization u ON u.id = ?
       LEFT JOIN campaign_unit cu ON cu.campaign_id = c.id AND cu.organization_id = u.id
       WHERE c.id = ?`,
      [organizationId, parseId(campaignId) ?? 0],
    );
    // The guard let a secretary of the unit through; a campaign not covering the unit is not theirs to see.
    if (!context || !context.in_scope) throw forbidden();
    if (context.status !== CampaignStatus.ACTIVE) throw DomainError.badInput('campaignId', 'session/campaign-not-active');
    if (context.archived) throw DomainError.badInput('organizationId', 'organization/archived');
    if (context.exempt) throw DomainError.badInput('organizationId', 'session/unit-exempt');
    return { id: context.id, startsOn: context.starts_on, endsOn: context.ends_on };
  }

  async list(actor: Actor, args: CampaignsArgs): Promise<Page<Campaign>> {
    const { subtrees } = readScope(actor);
    const setup = readScope(actor, SETUP).subtrees;
    const all = pgArray(actor.grants.map((g) => g.path));
    const where = [`((o.path @> ?::ltree[] OR o.path <@ ?::ltree[]) AND (c.status <> 'DRAFT' OR o.path <@ ?::ltree[]))`];
    const params: unknown[] = [all, pgArray(subtrees), pgArray(setup)];
    if (args.status) {
      where.push('c.status = ?');
      params.push(args.status);
    }
    return keysetPage(this.em, {
      select: 'c.*',
      from: 'campaign c JOIN organization o ON o.id = c.scope_id',
      where,
      params,
      order: [{ column: 'c.id', part: 'int' }],
      descending: true,
      first: args.first,
      after: args.after,
      toNode: (row) => this.em.map(Campaign, row),
    });
  }

  async launch(actor: Actor, input: LaunchCampaignInput): Promise<Campaign> {
    this.check(input);
    const id = await this.em.transactional(async (em) => {
      const campaign = em.create(Campaign, {
        title: input.title,
        summary: input.summary,
        scope: Number(input.scopeOrganizationId),
        startsOn: input.startsOn,
        endsOn: input.endsOn,
        status: input.draft ? CampaignStatus.DRAFT : CampaignStatus.ACTIVE,
        createdBy: actor.userId,
      });
      this.setRequirements(em, campaign, input);
      await em.flush();
      await this.audit.record(em, actor, {
        entityType: 'Campaign',
        entityId: campaign.id,
        organizationId: campaign.scope.id,
        after: view(campaign),
      });
      return campaign.id;
    });
    this.em.clear();
    return this.get(actor, id);
  }

  /** Title, dates and the requirement list (replaced as a whole); `version` guards against a lost edit. */
  async update(actor: Actor, id: string, input: CampaignInput, version: number): Promise<Campaign> {
    this.check(input);
    const campaign = await this.get(actor, id);
    if (campaign.status === CampaignStatus.CLOSED) throw DomainError.badInput('id', 'campaign/closed');
    if (campaign.version !== version) throw this.conflict(campaign);
    const before = view(campaign);
    try {
      await this.em.transactional(async (em) => {
        em.assign(campaign, { title: input.title, summary: input.summary, startsOn: input.startsOn, endsOn: input.endsOn });
        campaign.requirements.removeAll();
        this.setRequirements(em, campaign, input);
        campaign.updatedAt = new Date();
        await em.flush();
        await this.audit.record(em, actor, {
          entityType: 'Campaign',
          entityId: campaign.id,
          organizationId: campaign.scope.id,
          before,
          after: view(campaign),
        });
      });
    } catch (error) {
      if (error instanceof OptimisticLockError) {
        this.em.clear();
        throw this.conflict(await this.get(actor, id));
      }
      throw error;
    }
    this.em.clear();
    return this.get(actor, id);
  }

  async setStatus(actor: Actor, id: string, status: CampaignStatus.ACTIVE | CampaignStatus.CLOSED): Promise<Campaign> {
    const campaign = await this.get(actor, id);
    const before = view(campaign);
    await this.em.transactional(async (em) => {
      campaign.status = status;
      campaign.closedAt = status === CampaignStatus.CLOSED ? new Date() : null;
      await em.flush();
      await this.audit.record(em, actor, {
        entityType: 'Campaign',
        entityId: campaign.id,
        organizationId: campaign.scope.id,
        before,
        after: view(campaign),
      });
    });
    return campaign;
  }

  /** 免于参加 (or back in, with `exempt` false): approved by the launching side and logged. */
  async setExempt(actor: Actor, campaignId: string, organizationId: string, exempt: boolean, reason: string | null): Promise<CampaignUnit> {
    const campaign = await this.get(actor, campaignId);
    const unitPath = await this.unitPathIn(campaign, organizationId);
    if (unitPath === campaign.scopePath) throw DomainError.badInput('organizationId', 'campaign/cannot-exempt-scope');
    return this.em.transactional(async (em) => {
      const unit = await this.unit(em, campaign.id, Number(organizationId));
      const before = { exempt: unit.exempt, exemptReason: unit.exemptReason ?? null };
      em.assign(unit, {
        exempt,
        exemptReason: reason,
        exemptedBy: exempt ? (actor.username ?? null) : null,
        exemptedAt: exempt ? new Date() : null,
      });
      await em.flush();
      await this.audit.record(em, actor, {
        entityType: 'CampaignUnit',
        entityId: `${campaign.id}:${organizationId}`,
        organizationId: Number(organizationId),
        before,
        after: { exempt, exemptReason: reason },
      });
      return unit;
    });
  }

  /** 启动部署: the unit's secretary records the day the unit launched the campaign. */
  async recordLaunch(actor: Actor, campaignId: string, organizationId: string, launchedOn: string): Promise<CampaignUnit> {
    const campaign = await this.get(actor, campaignId);
    if (campaign.status !== CampaignStatus.ACTIVE) throw DomainError.badInput('campaignId', 'session/campaign-not-active');
    await this.unitPathIn(campaign, organizationId);
    if (launchedOn < campaign.startsOn || launchedOn > campaign.endsOn || launchedOn > this.clock.today()) {
      throw DomainError.badInput('launchedOn', 'campaign/date-outside', { startsOn: campaign.startsOn, endsOn: campaign.endsOn });
    }
    return this.em.transactional(async (em) => {
      const unit = await this.unit(em, campaign.id, Number(organizationId));
      const before = { launchedOn: unit.launchedOn ?? null };
      em.assign(unit, { launchedOn, launchedBy: actor.userId });
      await em.flush();
      await this.audit.record(em, actor, {
        entityType: 'CampaignUnit',
        entityId: `${campaign.id}:${organizationId}`,
        organizationId: Number(organizationId),
        before,
        after: { launchedOn },
      });
      return unit;
    });
  }

  /** Units with a standing of their own in the campaign (exempted, or launched), among those the actor reads. */
  async units(actor: Actor, campaignId: string, exempt: boolean): Promise<CampaignUnit[]> {
    const campaign = await this.get(actor, campaignId);
    const scope = scopeFilter(actor, 'o.path');
    const rows = await this.em.execute<Record<string, unknown>[]>(
      `SELECT cu.* FROM campaign_unit cu JOIN organization o ON o.id = cu.organization_id
       WHERE cu.campaign_id = ? AND ${exempt ? 'cu.exempt' : 'cu.launched_on IS NOT NULL'} AND ${scope.sql}
       ORDER BY o.code LIMIT 1000`,
      [campaign.id, ...scope.params],
    );
    return rows.map((row) => this.em.map(CampaignUnit, row));
  }

  /** Requirements of many campaigns in one query, in their order. */
  async requirementsOf(campaignIds: readonly number[]): Promise<Requirement[][]> {
    const all = await this.em.find(Requirement, { campaign: { $in: [...campaignIds] } }, { orderBy: { position: 'asc' } });
    return campaignIds.map((id) => all.filter((r) => r.campaign.id === id));
  }

  /** The unit's row in the campaign, created on first use (units without one simply take part). */
  async unit(em: EntityManager, campaignId: number, organizationId: number): Promise<CampaignUnit> {
    const existing = await em.findOne(CampaignUnit, { campaign: campaignId, organization: organizationId });
    return existing ?? em.create(CampaignUnit, { campaign: campaignId, organization: organizationId });
  }

  /** The unit's path, when it lies in the campaign's scope. */
  private async unitPathIn(campaign: Campaign & { scopePath: string }, organizationId: string): Promise<string> {
    const path = await this.organizations.pathOf(organizationId);
    if (!path || !isWithin(path, campaign.scopePath)) throw DomainError.badInput('organizationId', 'campaign/unit-outside');
    return path;
  }

  private check(input: CampaignInput) {
    if (isCalendarDate(input.startsOn) && isCalendarDate(input.endsOn) && input.endsOn < input.startsOn) {
      throw DomainError.badInput('endsOn', 'campaign/ends-before-start');
    }
    input.requirements.forEach((r) => {
      if (r.kind === RequirementKind.SESSIONS && !r.sessionType)
        throw DomainError.badInput('sessionType', 'campaign/requirement-session-type');
    });
  }

  private setRequirements(em: EntityManager, campaign: Campaign, input: CampaignInput) {
    input.requirements.forEach((r, position) =>
      campaign.requirements.add(
        em.create(Requirement, {
          campaign,
          position,
          title: r.title,
          kind: r.kind,
          sessionType: r.kind === RequirementKind.SESSIONS ? r.sessionType : null,
          minCount: r.minCount,
          appliesTo: [...new Set(r.appliesTo)],
        }),
      ),
    );
  }

  private conflict(current: Campaign): DomainError {
    return new DomainError('CONFLICT', 'campaign/version-conflict', { current: current.version }, 'version', {
      current: { id: String(current.id), title: current.title, version: current.version },
    });
  }
}
