import { Injectable } from '@nestjs/common';
import { OptimisticLockError } from '@mikro-orm/core';
import { EntityManager } from '@mikro-orm/postgresql';
import type { Actor } from '../authorization/actor.js';
import { forbidden } from '../authorization/auth.guard.js';
import { Role } from '../authorization/role.js';
import { isWithin, reaches } from '../authorization/scope.js';
import { AuditService } from '../audit/audit.service.js';
import { Campaign, CampaignStatus, CampaignUnit, RequirementKind } from '../campaigns/campaign.entity.js';
import { CampaignService } from '../campaigns/campaign.service.js';
import type { AppConfig } from '../common/config.js';
import { InjectConfig } from '../common/config.provider.js';

import { Clock } from '../common/clock.js';
import { DomainError } from '../common/errors.js';
import { keysetPage, type Page } from '../common/pagination.js';
import { OrganizationKind } from '../organizations/organization-kind.js';
import { parseId } from '../common/ids.js';
import type { LogStudySessionInput, PlanItemInput, SessionFieldsInput, StudySessionsArgs } from './session.inputs.js';
import type { UnitCampaignStatus } from './session.types.js';
import { StudyPlanItem, StudySession } from './study-session.entity.js';
import { pgArray } from '../common/sql.js';
import { OrganizationService } from '../organizations/organization.service.js';

type ScopedCampaign = Campaign & { scopePath: string };

const view = (s: StudySession) => ({
  type: s.type,
  topic: s.topic,
  heldOn: s.heldOn,
  hours: s.hours,
  expectedAttendance: s.expectedAttendance,
  actualAttendance: s.actualAttendance,
  audiences: s.audiences,
  presenter: s.presenter,
  location: s.location,
  summaryLength: s.summary.length,
});

/**
 * The session, written only when the unit takes part in the active campaign (in its scope, not
 * archived, not exempt) and the fields fit it: the same rules as `CampaignService.participation`,
 * `checkFields` and `planItem`, which name the failing one when this writes nothing.
 */
const LOG_SESSION_SQL = `
  INSERT INTO study_session (campaign_id, organization_id, type, topic, held_on, hours, expected_attendance, actual_attendance,
    audiences, presenter, location, summary, client_request_id, plan_item_id, created_by)
  SELECT c.id, u.id, f.type, f.topic, f.held_on, f.hours, f.expected_attendance, f.actual_attendance,
    f.audiences, f.presenter, f.location, f.summary, f.client_request_id, f.plan_item_id, f.created_by
  FROM (SELECT ?::text AS type, ?::text AS topic, ?::date AS held_on, ?::numeric AS hours, ?::int AS expected_attendance,
          ?::int AS actual_attendance, ?::text[] AS audiences, ?::text AS presenter, ?::text AS location, ?::text AS summary,
          ?::text AS client_request_id, ?::bigint AS plan_item_id, ?::int AS created_by, ?::int AS campaign_id,
          ?::int AS organization_id, ?::date AS today) f
  JOIN campaign c ON c.id = f.campaign_id
  JOIN organization s ON s.id = c.scope_id
  JOIN organization u ON u.id = f.organization_id
  LEFT JOIN campaign_unit cu ON cu.campaign_id = c.id AND cu.organization_id = u.id
  WHERE c.status = 'ACTIVE' AND u.path <@ s.path AND u.archived_at IS NULL AND cu.exempt IS NOT TRUE
    AND f.held_on BETWEEN c.starts_on AND c.ends_on AND f.held_on <= f.today AND f.actual_attendance <= f.expected_attendance
    AND (f.plan_item_id IS NULL OR EXISTS (
      SELECT 1 FROM study_plan_item i WHERE i.id = f.plan_item_id AND i.campaign_id = c.id AND i.organization_id = u.id))
  ON CONFLICT (organization_id, client_request_id) DO NOTHING RETURNING *`;

/** Study sessions and plans of units in campaigns, and each unit's requirement checklist. */
@Injectable()
export class SessionService {
  constructor(
    private readonly em: EntityManager,
    private readonly campaigns: CampaignService,
    private readonly organizations: OrganizationService,
    private readonly audit: AuditService,
    @InjectConfig() private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  /**
   * Logs a session; the same clientRequestId again returns the first session and creates nothing.
   * The hot path of the campaign: one prepared statement checks that the unit takes part and the
   * fields fit the campaign, and writes the session and its event. Only when it writes nothing are
   * the checks run one by one, to say which failed (or to find the first session of a retry).
   */
  async log(actor: Actor, input: LogStudySessionInput, attempt = 1): Promise<StudySession> {
    const organizationId = Number(input.organizationId);
    const [row] = await this.audit.changeWithEvent<Record<string, unknown>>(
      this.em,
      actor,
      LOG_SESSION_SQL,
      [
        input.type,
        input.topic,
        input.heldOn,
        input.hours,
        input.expectedAttendance,
        input.actualAttendance,
        pgArray(input.audiences),
        input.presenter,
        input.location,
        input.summary,
        input.clientRequestId ?? null,
        input.planItemId ? (parseId(input.planItemId) ?? -1) : null,
        actor.userId,
        parseId(input.campaignId) ?? -1,
        organizationId,
        this.clock.today(),
      ],
      { entityType: 'StudySession', after: { ...view(input as unknown as StudySession), campaignId: Number(input.campaignId) } },
      true,
    );
    if (row) return this.em.map(StudySession, row);
    const campaign = await this.campaigns.participation(input.campaignId, organizationId);
    this.checkFields(input, campaign);
    if (input.planItemId) await this.planItem(input.planItemId, campaign.id, organizationId);
    if (input.clientRequestId) {
      const first = await this.em.findOne(StudySession, { organization: organizationId, clientRequestId: input.clientRequestId });
      if (first && first.campaign.id !== campaign.id) throw DomainError.badInput('clientRequestId', 'session/client-request-reused');
      if (first) return first;
    }
    // Every check passes now: the campaign or the unit changed between the two reads.
    if (attempt > 1) throw new Error('logStudySession: the checks pass but the session was not written');
    return this.log(actor, input, attempt + 1);
  }

  /** Edits within the edit window; afterwards only as an amendment that states why. */
  async update(actor: Actor, id: string, input: SessionFieldsInput, version: number, amendmentNote?: string | null): Promise<StudySession> {
    const session = await this.owned(actor, id);
    const campaign = await this.campaigns.get(actor, session.campaign.id);
    this.checkFields(input, campaign);
    if (session.version !== version) throw this.conflict(session);
    const windowEnds = session.createdAt.getTime() + this.config.sessionEditDays * 86_400_000;
    const amendment = Date.now() > windowEnds;
    if (amendment && !amendmentNote)
      throw DomainError.badInput('amendmentNote', 'session/amendment-note-required', { days: this.config.sessionEditDays });
    const before = view(session);
    try {
      await this.em.transactional(async (em) => {
        em.assign(session, { ...input, amendments: session.amendments + (amendment ? 1 : 0) });
        await em.flush();
        await this.audit.record(em, actor, {
          entityType: 'StudySession',
          entityId: session.id,
          organizationId: session.organization.id,
          before,
          after: { ...view(session), amendmentNote: amendment ? amendmentNote : undefined },
        });
      });
    } catch (error) {
      if (error instanceof OptimisticLockError) {
        this.em.clear();
        throw this.conflict(await this.owned(actor, id));
      }
      throw error;
    }
    return session;
  }

  /** Soft delete: the session stops counting; the record and its audit trail stay. */
  async delete(actor: Actor, id: string, reason: string | null): Promise<StudySession> {
    const session = await this.owned(actor, id);
    await this.em.transactional(async (em) => {
      em.assign(session, { deletedAt: new Date(), deletedBy: actor.userId });
      await em.flush();
      await this.audit.record(em, actor, {
        entityType: 'StudySession',
        entityId: session.id,
        organizationId: session.organization.id,
        before: view(session),
        after: { deleted: true, reason },
      });
    });
    return session;
  }

  async list(actor: Actor, args: StudySessionsArgs): Promise<Page<StudySession>> {
    const campaign = await this.campaigns.get(actor, args.campaignId);
    const units = await this.organizations.listScope(actor, 'o.path', args.organizationId, args.includeSubtree);
    const where = ['s.campaign_id = ?', 's.deleted_at IS NULL', ...units.where];
    const params: unknown[] = [campaign.id, ...units.params];
    const filters: [string, unknown][] = [
      ['s.type = ?', args.type],
      ['s.held_on >= ?', args.from],
      ['s.held_on <= ?', args.to],
    ];
    for (const [condition, value] of filters) {
      if (value) {
        where.push(condition);
        params.push(value);
      }
    }
    return keysetPage(this.em, {
      select: 's.*',
      from: 'study_session s JOIN organization o ON o.id = s.organization_id',
      where,
      params,
      order: [
        { column: 's.held_on', part: 'date' },
        { column: 's.id', part: 'int' },
      ],
      descending: true,
      first: args.first,
      after: args.after,
      toNode: (row) => this.em.map(StudySession, row),
    });
  }

  /** The unit's checklist: each requirement for its kind, done out of required, and whether all are met. */
  async unitStatus(actor: Actor, campaignId: string, organizationId: string): Promise<UnitCampaignStatus> {
    const campaign = await this.campaigns.get(actor, campaignId);
    const [unit] = await this.em.execute<{ path: string; kind: OrganizationKind; archived: boolean }[]>(
      'SELECT path::text AS path, kind, archived_at IS NOT NULL AS archived FROM organization WHERE id = ?',
      [Number(organizationId)],
    );
    if (!unit || !isWithin(unit.path, campaign.scopePath)) throw DomainError.badInput('organizationId', 'campaign/unit-outside');
    const standing = await this.em.findOne(CampaignUnit, { campaign: campaign.id, organization: Number(organizationId) });
    const counts = await this.em.execute<{ type: string; count: string }[]>(
      `SELECT type, count(*) AS count FROM study_session WHERE campaign_id = ? AND organization_id = ? AND deleted_at IS NULL GROUP BY type`,
      [campaign.id, Number(organizationId)],
    );
    const [{ problems }] = await this.em.execute<{ problems: string }[]>(
      'SELECT count(*) AS problems FROM problem WHERE campaign_id = ? AND organization_id = ?',
      [campaign.id, Number(organizationId)],
    );
    const byType = new Map(counts.map((c) => [c.type, Number(c.count)]));
    const requirements = campaign.requirements
      .getItems()
      .filter((r) => r.appliesTo.includes(unit.kind))
      .map((requirement) => {
        const done = requirement.kind === RequirementKind.SESSIONS ? (byType.get(requirement.sessionType!) ?? 0) : Number(problems);
        return { requirement, done, required: requirement.minCount, met: done >= requirement.minCount };
      });
    const participating = !unit.archived && !standing?.exempt;
    return {
      participating,
      exempt: Boolean(standing?.exempt),
      exemptReason: standing?.exemptReason ?? null,
      exemptedBy: standing?.exemptedBy ?? null,
      exemptedAt: standing?.exemptedAt ?? null,
      launchedOn: standing?.launchedOn ?? null,
      requirements,
      complete: participating && requirements.every((r) => r.met),
    };
  }

  async plan(actor: Actor, campaignId: string, organizationId: string): Promise<StudyPlanItem[]> {
    await this.campaigns.get(actor, campaignId);
    return this.em.find(
      StudyPlanItem,
      { campaign: Number(campaignId), organization: Number(organizationId) },
      { orderBy: { plannedOn: 'asc', id: 'asc' } },
    );
  }

  async addPlanItem(actor: Actor, input: PlanItemInput): Promise<StudyPlanItem> {
    const campaign = await this.campaigns.get(actor, input.campaignId);
    await this.assertParticipating(campaign, input.organizationId);
    if (input.plannedOn < campaign.startsOn || input.plannedOn > campaign.endsOn) {
      throw DomainError.badInput('plannedOn', 'campaign/date-outside', { startsOn: campaign.startsOn, endsOn: campaign.endsOn });
    }
    return this.em.transactional(async (em) => {
      const item = em.create(StudyPlanItem, {
        campaign: campaign.id,
        organization: Number(input.organizationId),
        type: input.type,
        plannedOn: input.plannedOn,
        topic: input.topic,
      });
      await em.flush();
      await this.audit.record(em, actor, {
        entityType: 'StudyPlanItem',
        entityId: item.id,
        organizationId: Number(input.organizationId),
        after: { type: item.type, plannedOn: item.plannedOn, topic: item.topic },
      });
      return item;
    });
  }

  async removePlanItem(actor: Actor, id: string): Promise<StudyPlanItem> {
    const item = await this.em.findOne(StudyPlanItem, { id: String(parseId(id) ?? 0) }, { populate: ['campaign'] });
    if (!item) throw forbidden();
    if (item.campaign.getEntity().status !== CampaignStatus.ACTIVE) throw DomainError.badInput('id', 'session/campaign-not-active');
    await this.em.transactional(async (em) => {
      await this.audit.record(em, actor, {
        entityType: 'StudyPlanItem',
        entityId: item.id,
        organizationId: item.organization.id,
        before: { type: item.type, plannedOn: item.plannedOn, topic: item.topic },
      });
      await em.nativeUpdate(StudySession, { planItemId: item.id }, { planItemId: null });
      em.remove(item);
      await em.flush();
    });
    return item;
  }

  /** Sessions fulfilling plan items, for many items at once. */
  async fulfilledBy(_actor: Actor, itemIds: readonly string[]): Promise<(StudySession | null)[]> {
    const sessions = await this.em.find(StudySession, { planItemId: { $in: [...itemIds] }, deletedAt: null });
    return itemIds.map((id) => sessions.find((s) => s.planItemId === id) ?? null);
  }

  /** A live session of the actor's own unit, in a campaign still open for changes. */
  private async owned(actor: Actor, id: string): Promise<StudySession> {
    const key = parseId(id);
    const session = key ? await this.em.findOne(StudySession, { id: String(key), deletedAt: null }) : null;
    if (!session) throw forbidden();
    const [unit] = await this.em.execute<{ path: string; status: CampaignStatus }[]>(
      'SELECT o.path::text AS path, c.status FROM organization o, campaign c WHERE o.id = ? AND c.id = ?',
      [session.organization.id, session.campaign.id],
    );
    if (!reaches(actor, [Role.SECRETARY], unit.path)) throw forbidden();
    if (unit.status !== CampaignStatus.ACTIVE) throw DomainError.badInput('id', 'session/campaign-not-active');
    return session;
  }

  private async planItem(id: string, campaignId: number, organizationId: number) {
    const key = parseId(id);
    const item = key ? await this.em.findOne(StudyPlanItem, { id: String(key), campaign: campaignId, organization: organizationId }) : null;
    if (!item) throw DomainError.badInput('planItemId', 'session/plan-item-unknown');
  }

  private async assertParticipating(campaign: ScopedCampaign, organizationId: string) {
    if (campaign.status !== CampaignStatus.ACTIVE) throw DomainError.badInput('campaignId', 'session/campaign-not-active');
    const [unit] = await this.em.execute<{ path: string; archived: boolean; exempt: boolean | null }[]>(
      `SELECT o.path::text AS path, o.archived_at IS NOT NULL AS archived, cu.exempt
       FROM organization o LEFT JOIN campaign_unit cu ON cu.organization_id = o.id AND cu.campaign_id = ? WHERE o.id = ?`,
      [campaign.id, Number(organizationId)],
    );
    if (!unit || !isWithin(unit.path, campaign.scopePath)) throw DomainError.badInput('organizationId', 'campaign/unit-outside');
    if (unit.archived) throw DomainError.badInput('organizationId', 'organization/archived');
    if (unit.exempt) throw DomainError.badInput('organizationId', 'session/unit-exempt');
  }

  private checkFields(input: SessionFieldsInput, campaign: Pick<Campaign, 'startsOn' | 'endsOn'>) {
    if (input.heldOn < campaign.startsOn || input.heldOn > campaign.endsOn) {
      throw DomainError.badInput('heldOn', 'campaign/date-outside', { startsOn: campaign.startsOn, endsOn: campaign.endsOn });
    }
    if (input.heldOn > this.clock.today()) throw DomainError.badInput('heldOn', 'validation/future-date');
    if (input.actualAttendance > input.expectedAttendance)
      throw DomainError.badInput('actualAttendance', 'session/attendance-above-expected');
  }

  private conflict(current: StudySession): DomainError {
    return new DomainError('CONFLICT', 'session/version-conflict', { current: current.version }, 'version', {
      current: { id: current.id, ...view(current), version: current.version },
    });
  }
}
