import { Injectable } from '@nestjs/common';
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
import { Commitment, CommitmentProgress, CommitmentStatus } from './commitment.entity.js';
import type { CommitmentInput, CommitmentsArgs } from './commitment.inputs.js';

/** 惠民实事 / 惠企实事 of a unit: pledged, progressed with notes, done. */
@Injectable()
export class CommitmentService {
  constructor(
    private readonly em: EntityManager,
    private readonly campaigns: CampaignService,
    private readonly organizations: OrganizationService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  async create(actor: Actor, input: CommitmentInput): Promise<Commitment> {
    const organizationId = Number(input.organizationId);
    const campaign = await this.campaigns.participation(input.campaignId, organizationId);
    if (input.dueOn < campaign.startsOn) {
      throw DomainError.badInput('dueOn', 'campaign/date-outside', { startsOn: campaign.startsOn, endsOn: campaign.endsOn });
    }
    return this.em.transactional(async (em) => {
      const commitment = em.create(Commitment, {
        campaign: campaign.id,
        organization: organizationId,
        kind: input.kind,
        title: input.title,
        description: input.description,
        dueOn: input.dueOn,
        createdBy: actor.userId,
      });
      await em.flush();
      await this.audit.record(em, actor, {
        entityType: 'Commitment',
        entityId: commitment.id,
        organizationId,
        after: { kind: commitment.kind, title: commitment.title, dueOn: commitment.dueOn },
      });
      return commitment;
    });
  }

  async progress(actor: Actor, id: string, note: string, done: boolean): Promise<Commitment> {
    const key = parseId(id);
    if (!key) throw forbidden();
    return this.em.transactional(async (em) => {
      const commitment = await em.findOne(Commitment, { id: String(key) }, { lockMode: LockMode.PESSIMISTIC_WRITE });
      if (!commitment) throw forbidden();
      if (commitment.status === CommitmentStatus.DONE) throw DomainError.badInput('commitmentId', 'commitment/done');
      const before = commitment.status;
      em.assign(
        commitment,
        done ? { status: CommitmentStatus.DONE, doneOn: this.clock.today() } : { status: CommitmentStatus.IN_PROGRESS },
      );
      em.create(CommitmentProgress, { commitment, note, actorName: actor.username ?? null, at: this.clock.now() });
      await em.flush();
      await this.audit.record(em, actor, {
        entityType: 'Commitment',
        entityId: commitment.id,
        organizationId: commitment.organization.id,
        before: { status: before },
        after: { status: commitment.status, note },
      });
      return commitment;
    });
  }

  async list(actor: Actor, args: CommitmentsArgs): Promise<Page<Commitment>> {
    const campaign = await this.campaigns.get(actor, args.campaignId);
    const units = await this.organizations.listScope(actor, 'o.path', args.organizationId, args.includeSubtree);
    const where = ['c.campaign_id = ?', ...units.where];
    const params: unknown[] = [campaign.id, ...units.params];
    if (args.status) {
      where.push('c.status = ?');
      params.push(args.status);
    }
    return keysetPage(this.em, {
      select: 'c.*',
      from: 'commitment c JOIN organization o ON o.id = c.organization_id',
      where,
      params,
      order: [
        { column: 'c.due_on', part: 'date' },
        { column: 'c.id', part: 'int' },
      ],
      first: args.first,
      after: args.after,
      toNode: (row) => this.em.map(Commitment, row),
    });
  }

  async notesOf(ids: readonly string[]): Promise<CommitmentProgress[][]> {
    const notes = await this.em.find(CommitmentProgress, { commitment: { $in: [...ids] } }, { orderBy: { id: 'asc' } });
    return ids.map((id) => notes.filter((n) => n.commitment.id === id));
  }

  isOverdue(commitment: Commitment): boolean {
    return commitment.status !== CommitmentStatus.DONE && commitment.dueOn < this.clock.today();
  }
}
