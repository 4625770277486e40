import { Injectable } from '@nestjs/common';
import type { CampaignScopeArgs } from '../campaigns/campaign.inputs.js';
import { LockMode } from '@mikro-orm/core';
import { EntityManager } from '@mikro-orm/postgresql';
import type { Actor } from '../authorization/actor.js';
import { forbidden } from '../authorization/auth.guard.js';
import { AuditService } from '../audit/audit.service.js';
import { CampaignService } from '../campaigns/campaign.service.js';
import { Clock } from '../common/clock.js';
import { DomainError } from '../common/errors.js';
import { parseId } from '../common/ids.js';
import { keysetPage, type Page } from '../common/pagination.js';
import { OrganizationService } from '../organizations/organization.service.js';
import type { Problem } from '../problems/problem.entity.js';
import { ProblemSource } from '../problems/problem.enums.js';
import type { ProblemFieldsInput } from '../problems/problem.inputs.js';
import { ProblemService } from '../problems/problem.service.js';
import { Feedback } from './feedback.entity.js';
import type { FeedbackFigures, FeedbackInput, FeedbackListArgs } from './feedback.inputs.js';

/** The feedback inbox of a unit: received, replied (办结率), and converted into problems. */
@Injectable()
export class FeedbackService {
  constructor(
    private readonly em: EntityManager,
    private readonly campaigns: CampaignService,
    private readonly organizations: OrganizationService,
    private readonly problems: ProblemService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  async receive(actor: Actor, input: FeedbackInput): Promise<Feedback> {
    const organizationId = Number(input.organizationId);
    const campaign = await this.campaigns.participation(input.campaignId, organizationId);
    if (input.receivedOn > this.clock.today()) throw DomainError.badInput('receivedOn', 'validation/future-date');
    return this.em.transactional(async (em) => {
      const feedback = em.create(Feedback, {
        campaign: campaign.id,
        organization: organizationId,
        channel: input.channel,
        content: input.content,
        receivedOn: input.receivedOn,
        createdBy: actor.userId,
      });
      await em.flush();
      await this.audit.record(em, actor, {
        entityType: 'Feedback',
        entityId: feedback.id,
        organizationId,
        after: { channel: feedback.channel, receivedOn: feedback.receivedOn, contentLength: feedback.content.length },
      });
      return feedback;
    });
  }

  async reply(actor: Actor, id: string, reply: string): Promise<Feedback> {
    return this.em.transactional(async (em) => {
      const feedback = await this.locked(em, id);
      if (feedback.reply) throw DomainError.badInput('feedbackId', 'feedback/replied');
      const before = { reply: feedback.reply ?? null, repliedOn: feedback.repliedOn ?? null };
      em.assign(feedback, { reply, repliedOn: this.clock.today(), repliedBy: actor.username ?? null });
      await em.flush();
      await this.audit.record(em, actor, {
        entityType: 'Feedback',
        entityId: feedback.id,
        organizationId: feedback.organization.id,
        before,
        after: { reply, repliedOn: feedback.repliedOn },
      });
      return feedback;
    });
  }

  /** Lists the feedback as a problem of the unit (source PUBLIC_OPINION), once. */
  async convert(actor: Actor, id: string, input: ProblemFieldsInput): Promise<Problem> {
    const key = parseId(id);
    const feedback = key ? await this.em.findOne(Feedback, { id: String(key) }) : null;
    if (!feedback) throw forbidden();
    if (feedback.problemId) throw DomainError.badInput('feedbackId', 'feedback/converted');
    // A problem per feedback is unique in the database: converting twice at once yields the one problem.
    const problem = await this.problems.report(
      actor,
      {
        ...input,
        source: ProblemSource.PUBLIC_OPINION,
        campaignId: String(feedback.campaign.id),
        organizationId: String(feedback.organization.id),
      },
      feedback.id,
    );
    return problem;
  }

  async list(actor: Actor, args: FeedbackListArgs): Promise<Page<Feedback>> {
    const { where, params } = await this.scope(actor, args);
    if (args.replied !== undefined && args.replied !== null) where.push(`f.reply IS ${args.replied ? 'NOT ' : ''}NULL`);
    return keysetPage(this.em, {
      select: 'f.*',
      from: 'feedback f JOIN organization o ON o.id = f.organization_id',
      where,
      params,
      order: [{ column: 'f.id', part: 'int' }],
      descending: true,
      first: args.first,
      after: args.after,
      toNode: (row) => this.em.map(Feedback, row),
    });
  }

  async figures(actor: Actor, args: CampaignScopeArgs): Promise<FeedbackFigures> {
    const { where, params } = await this.scope(actor, args);
    const [row] = await this.em.execute<{ received: string; replied: string; converted: string }[]>(
      `SELECT count(*) AS received, count(f.reply) AS replied, count(f.problem_id) AS converted
       FROM feedback f JOIN organization o ON o.id = f.organization_id WHERE ${where.join(' AND ')}`,
      params,
    );
    const received = Number(row.received);
    const replied = Number(row.replied);
    return { received, replied, converted: Number(row.converted), completionRate: received ? replied / received : 0 };
  }

  private async scope(actor: Actor, args: Pick<FeedbackListArgs, 'campaignId' | 'organizationId' | 'includeSubtree'>) {
    const campaign = await this.campaigns.get(actor, args.campaignId);
    const units = await this.organizations.listScope(actor, 'o.path', args.organizationId, args.includeSubtree);
    return { where: ['f.campaign_id = ?', ...units.where], params: [campaign.id, ...units.params] };
  }

  private async locked(em: EntityManager, id: string): Promise<Feedback> {
    const key = parseId(id);
    const feedback = key ? await em.findOne(Feedback, { id: String(key) }, { lockMode: LockMode.PESSIMISTIC_WRITE }) : null;
    if (!feedback) throw forbidden();
    return feedback;
  }
}
