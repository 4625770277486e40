import { Injectable } from '@nestjs/common';
import type { CampaignListArgs } from '../campaigns/campaign.inputs.js';
import { LockMode } from '@mikro-orm/core';
import { EntityManager } from '@mikro-orm/postgresql';
import type { Actor } from '../authorization/actor.js';
import { AuditService } from '../audit/audit.service.js';
import { CampaignService } from '../campaigns/campaign.service.js';
import { Clock } from '../common/clock.js';
import { DomainError } from '../common/errors.js';
import { parseId } from '../common/ids.js';
import { keysetPage, type Page } from '../common/pagination.js';
import { EvidenceService } from '../evidence/evidence.service.js';
import { OrganizationService } from '../organizations/organization.service.js';
import { InstitutionalFix } from './institutional-fix.entity.js';
import type { InstitutionalFixInput } from './institutional-fix.inputs.js';
import { LedgerService } from './ledger.service.js';
import { Problem } from './problem.entity.js';
import { RecordAction } from './problem.enums.js';

/** 制度建设: rules a unit adopts, revises or abolishes; each linked problem's ledger records the link. */
@Injectable()
export class InstitutionalFixService {
  constructor(
    private readonly em: EntityManager,
    private readonly campaigns: CampaignService,
    private readonly organizations: OrganizationService,
    private readonly evidence: EvidenceService,
    private readonly ledger: LedgerService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  async create(actor: Actor, input: InstitutionalFixInput): Promise<InstitutionalFix> {
    const organizationId = Number(input.organizationId);
    const campaign = await this.campaigns.participation(input.campaignId, organizationId);
    if (input.effectiveOn > this.clock.today()) throw DomainError.badInput('effectiveOn', 'validation/future-date');
    if (input.document && (await this.evidence.uploadsOf(organizationId, [input.document])).length === 0) {
      throw DomainError.badInput('document', 'evidence/unknown');
    }
    const ids = [...new Set(input.problemIds.map((id) => parseId(id)))];
    if (ids.some((id) => id === undefined)) throw DomainError.badInput('problemIds', 'problem/not-of-unit');
    return this.em.transactional(async (em) => {
      const problems = await em.find(
        Problem,
        { id: { $in: ids.map(String) }, organization: organizationId, campaign: campaign.id },
        { lockMode: LockMode.PESSIMISTIC_WRITE, orderBy: { id: 'asc' } },
      );
      if (problems.length !== ids.length) throw DomainError.badInput('problemIds', 'problem/not-of-unit');
      const fix = em.create(InstitutionalFix, {
        campaign: campaign.id,
        organization: organizationId,
        action: input.action,
        title: input.title,
        effectiveOn: input.effectiveOn,
        document: input.document ?? null,
        createdBy: actor.userId,
      });
      fix.problems.set(problems);
      await em.flush();
      const payload = { fixId: fix.id, action: fix.action, title: fix.title, effectiveOn: fix.effectiveOn };
      for (const problem of problems) {
        await this.ledger.append(em, actor, problem.id, RecordAction.FIX_LINKED, {
          note: fix.title,
          evidence: fix.document ? [fix.document] : [],
          payload,
        });
      }
      await this.audit.record(em, actor, {
        entityType: 'InstitutionalFix',
        entityId: fix.id,
        organizationId,
        after: { ...payload, problemIds: problems.map((p) => p.id) },
      });
      return fix;
    });
  }

  async list(actor: Actor, args: CampaignListArgs): Promise<Page<InstitutionalFix>> {
    const campaign = await this.campaigns.get(actor, args.campaignId);
    const units = await this.organizations.listScope(actor, 'o.path', args.organizationId, args.includeSubtree);
    return keysetPage(this.em, {
      select: 'f.*',
      from: 'institutional_fix f JOIN organization o ON o.id = f.organization_id',
      where: ['f.campaign_id = ?', ...units.where],
      params: [campaign.id, ...units.params],
      order: [{ column: 'f.id', part: 'int' }],
      descending: true,
      first: args.first,
      after: args.after,
      toNode: (row) => this.em.map(InstitutionalFix, row),
    });
  }

  async problemIdsOf(fixIds: readonly string[]): Promise<string[][]> {
    const rows = await this.em.execute<{ fix_id: string; problem_id: string }[]>(
      `SELECT fix_id, problem_id FROM institutional_fix_problem WHERE fix_id IN (${fixIds.map(() => '?').join(',')}) ORDER BY problem_id`,
      [...fixIds],
    );
    return fixIds.map((id) => rows.filter((r) => String(r.fix_id) === id).map((r) => String(r.problem_id)));
  }
}
