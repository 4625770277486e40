import { Injectable } from '@nestjs/common';
import type { CampaignScopeArgs } from '../campaigns/campaign.inputs.js';
import { LockMode, UniqueConstraintViolationException } from '@mikro-orm/core';
import { EntityManager } from '@mikro-orm/postgresql';
import type { Actor } from '../authorization/actor.js';
import { forbidden } from '../authorization/auth.guard.js';
import { Role } from '../authorization/role.js';
import { reaches, reachesFromAbove } from '../authorization/scope.js';
import { AuditService } from '../audit/audit.service.js';
import { CampaignService } from '../campaigns/campaign.service.js';
import { Clock } from '../common/clock.js';
import { DomainError } from '../common/errors.js';
import { parseId } from '../common/ids.js';
import { keysetPage, type Page } from '../common/pagination.js';
import { EvidenceService } from '../evidence/evidence.service.js';
import { OrganizationService } from '../organizations/organization.service.js';
import { FlagService } from './flag.service.js';
import { LedgerService } from './ledger.service.js';
import { Problem, ProblemMeasure } from './problem.entity.js';
import { ProblemStatus, RecordAction, RectificationKind } from './problem.enums.js';
import type { ProblemFieldsInput, ProblemsArgs, ReportProblemInput, VerificationQueueArgs } from './problem.inputs.js';
import type { ProblemFigures } from './problem.types.js';
import { OVERDUE_SQL } from './overdue.js';
import { availableSteps, nextStatus, type Party, STEPS, type WorkflowAction } from './workflow.js';

const WORKING: readonly ProblemStatus[] = [ProblemStatus.OPEN, ProblemStatus.IN_PROGRESS];

// A unit answers a send-back by submitting again; a verdict from above settles it too.
const CLEARS_SENT_BACK: WorkflowAction[] = [RecordAction.SUBMITTED, RecordAction.EXPLAINED, RecordAction.VERIFIED];

const snapshot = (p: Problem) => ({
  scope: p.scope,
  personName: p.personName ?? null,
  category: p.category,
  source: p.source,
  description: p.description,
  foundOn: p.foundOn,
  rectificationKind: p.rectificationKind,
  responsibleLeader: p.responsibleLeader,
  deadline: p.deadline ?? null,
  status: p.status,
  measures: p.measures.getItems().map((m) => ({
    id: m.id,
    content: m.content,
    owner: m.owner,
    deadline: m.deadline ?? null,
    deliverable: m.deliverable,
    completedOn: m.completedOn ?? null,
  })),
});

/** 查摆问题 and their rectification: every change is a record in the problem's hash-chained ledger. */
@Injectable()
export class ProblemService {
  constructor(
    private readonly em: EntityManager,
    private readonly campaigns: CampaignService,
    private readonly organizations: OrganizationService,
    private readonly evidence: EvidenceService,
    private readonly ledger: LedgerService,
    private readonly flags: FlagService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  /** Lists a problem; `feedbackId` names the feedback it answers, linked both ways in the same transaction. */
  async report(actor: Actor, input: ReportProblemInput, feedbackId?: string): Promise<Problem> {
    const organizationId = Number(input.organizationId);
    const campaign = await this.campaigns.participation(input.campaignId, organizationId);
    if (input.clientRequestId) {
      const first = await this.em.findOne(Problem, { organization: organizationId, clientRequestId: input.clientRequestId });
      if (first) return this.sameCampaign(first, campaign.id);
    }
    this.checkFields(input);
    try {
      return await this.em.transactional(async (em) => {
        const problem = em.create(Problem, {
          ...this.fields(input),
          campaign: campaign.id,
          organization: organizationId,
          clientRequestId: input.clientRequestId ?? null,
          createdBy: actor.userId,
          statusChangedAt: this.clock.now(),
          feedbackId: feedbackId ?? null,
        });
        this.applyMeasures(em, problem, input);
        await em.flush();
        if (feedbackId) await em.execute('UPDATE feedback SET problem_id = ? WHERE id = ?', [problem.id, feedbackId]);
        await this.ledger.append(em, actor, problem.id, RecordAction.REPORTED, { payload: snapshot(problem) });
        await this.flags.recompute(em, problem);
        await this.audit.record(em, actor, {
          entityType: 'Problem',
          entityId: problem.id,
          organizationId,
          after: { ...snapshot(problem), feedbackId: problem.feedbackId ?? undefined },
        });
        return problem;
      });
    } catch (error) {
      // A retry (or a second conversion of the same feedback) raced the first past the lookup above: answer with the first.
      if (!(error instanceof UniqueConstraintViolationException) || !(input.clientRequestId || feedbackId)) throw error;
      this.em.clear();
      const first = await this.em.findOneOrFail(
        Problem,
        feedbackId ? { feedbackId } : { organization: organizationId, clientRequestId: input.clientRequestId },
      );
      return this.sameCampaign(first, campaign.id);
    }
  }

  /** Edits the problem and its measures (version-checked); a changed deadline needs a reason and counts as 延期. */
  async update(actor: Actor, id: string, input: ProblemFieldsInput, version: number, reason?: string | null): Promise<Problem> {
    this.checkFields(input);
    return this.step(actor, id, RecordAction.UPDATED, async (em, problem) => {
      if (problem.version !== version) throw this.conflict(problem);
      const existing = new Map(problem.measures.getItems().map((m) => [m.id, m]));
      for (const measure of input.measures) {
        if (measure.id && !existing.has(measure.id)) throw DomainError.badInput('measures', 'problem/measure-unknown');
      }
      const kept = new Set(input.measures.map((m) => m.id));
      if ([...existing.values()].some((m) => m.completedOn && !kept.has(m.id))) {
        throw DomainError.badInput('measures', 'problem/measure-completed');
      }
      // Replacing a measure by one due later is a deadline change as much as editing its date.
      const latestOpen = (deadlines: (string | null | undefined)[]) => deadlines.filter(Boolean).sort().at(-1) ?? null;
      const deadlineChanged =
        (problem.deadline ?? null) !== (input.deadline ?? null) ||
        input.measures.some((m) => m.id && (existing.get(m.id)!.deadline ?? null) !== (m.deadline ?? null)) ||
        latestOpen(input.measures.filter((m) => !m.id || !existing.get(m.id)!.completedOn).map((m) => m.deadline)) !==
          latestOpen([...existing.values()].filter((m) => !m.completedOn).map((m) => m.deadline));
      if (deadlineChanged && !reason) throw DomainError.badInput('deadlineChangeReason', 'problem/deadline-reason-required');
      const before = snapshot(problem);
      // Touching the row bumps its version even when only measures change, so stale edits still conflict.
      em.assign(problem, {
        ...this.fields(input),
        sentBack: false,
        deadlineChanges: problem.deadlineChanges + (deadlineChanged ? 1 : 0),
        updatedAt: this.clock.now(),
      });
      this.applyMeasures(em, problem, input);
      await em.flush();
      await this.flags.recompute(em, problem);
      return {
        action: deadlineChanged ? RecordAction.DEADLINE_CHANGED : RecordAction.UPDATED,
        note: deadlineChanged ? reason! : '',
        payload: { before, after: snapshot(problem) },
      };
    });
  }

  /** A workflow step with a note (and evidence for the unit's own steps). */
  async transition(actor: Actor, problemId: string, action: WorkflowAction, note: string, evidence: string[] = []): Promise<Problem> {
    return this.step(actor, problemId, action, async (em, problem) => {
      await this.checkEvidence(problem, evidence);
      const from = problem.status;
      const to = nextStatus(action, from)!;
      // Back to work means no resolution stands, whichever step sent it there.
      const resolution = to === ProblemStatus.OPEN || to === ProblemStatus.IN_PROGRESS ? null : STEPS[action].resolution;
      const now = this.clock.now();
      em.assign(problem, {
        status: to,
        ...(to !== from ? { statusChangedAt: now } : {}),
        ...(resolution !== undefined ? { resolution } : {}),
        ...(action === RecordAction.VERIFIED ? { verifiedAt: now } : {}),
        ...(action === RecordAction.REOPENED ? { verifiedAt: null } : {}),
        sentBack: action === RecordAction.SENT_BACK || (problem.sentBack && !CLEARS_SENT_BACK.includes(action)),
      });
      await em.flush();
      return { action, note, evidence, payload: { from, to, resolution: problem.resolution ?? null } };
    });
  }

  async completeMeasure(actor: Actor, problemId: string, measureId: string, note: string, evidence: string[]): Promise<Problem> {
    return this.step(actor, problemId, RecordAction.MEASURE_COMPLETED, async (em, problem) => {
      const measure = problem.measures.getItems().find((m) => m.id === measureId);
      if (!measure) throw DomainError.badInput('measureId', 'problem/measure-unknown');
      if (measure.completedOn) throw DomainError.badInput('measureId', 'problem/measure-completed');
      await this.checkEvidence(problem, evidence);
      const from = problem.status;
      measure.completedOn = this.clock.today();
      const to = nextStatus(RecordAction.MEASURE_COMPLETED, from)!;
      em.assign(problem, { status: to, ...(to !== from ? { statusChangedAt: this.clock.now() } : {}), updatedAt: this.clock.now() });
      await em.flush();
      return { action: RecordAction.MEASURE_COMPLETED, note, evidence, payload: { measureId, from, to: problem.status } };
    });
  }

  /**
   * Runs one step on a locked problem: refuses it unless the workflow allows it from the current
   * status, then appends its record and an audit event in the same transaction.
   */
  private async step(
    actor: Actor,
    id: string,
    action: WorkflowAction,
    apply: (
      em: EntityManager,
      problem: Problem,
    ) => Promise<{ action: RecordAction; note: string; evidence?: string[]; payload: Record<string, unknown> }>,
  ): Promise<Problem> {
    const key = parseId(id);
    if (!key) throw forbidden();
    return this.em.transactional(async (em) => {
      const problem = await em.findOne(Problem, { id: String(key) }, { lockMode: LockMode.PESSIMISTIC_WRITE });
      if (!problem) throw forbidden();
      await em.populate(problem, ['measures']);
      if (!nextStatus(action, problem.status)) {
        throw new DomainError('BAD_USER_INPUT', 'problem/step-refused', { status: problem.status, action }, 'problemId', {
          status: problem.status,
        });
      }
      if (action === RecordAction.VERIFIED) await this.refuseSelfVerification(em, actor, problem.id);
      const before = problem.status;
      const record = await apply(em, problem);
      await this.ledger.append(em, actor, problem.id, record.action, record);
      await this.audit.record(em, actor, {
        entityType: 'Problem',
        entityId: problem.id,
        organizationId: problem.organization.id,
        before: { status: before },
        after: { status: problem.status, action: record.action, note: record.note, evidence: record.evidence },
      });
      return problem;
    });
  }

  /** Whoever submitted the rectification (holding a grant above too) may not also close it. */
  private async refuseSelfVerification(em: EntityManager, actor: Actor, problemId: string) {
    const [submitted] = await em.execute<{ actor_id: number | null }[]>(
      `SELECT actor_id FROM rectification_record WHERE problem_id = ? AND action IN ('SUBMITTED', 'EXPLAINED') ORDER BY seq DESC LIMIT 1`,
      [problemId],
    );
    if (submitted?.actor_id === actor.userId) throw new DomainError('FORBIDDEN', 'problem/self-verification', {}, 'problemId');
  }

  /** A problem the guard let the actor read. */
  async get(id: string): Promise<Problem> {
    const key = parseId(id);
    const problem = key ? await this.em.findOne(Problem, { id: String(key) }) : null;
    if (!problem) throw forbidden();
    return problem;
  }

  async list(actor: Actor, args: ProblemsArgs): Promise<Page<Problem>> {
    const campaign = await this.campaigns.get(actor, args.campaignId);
    const units = await this.organizations.listScope(actor, 'o.path', args.organizationId, args.includeSubtree);
    const where = ['p.campaign_id = ?', ...units.where];
    const params: unknown[] = [campaign.id, ...units.params];
    for (const [condition, value] of [
      ['p.status = ?', args.status],
      ['p.scope = ?', args.scope],
      ['p.source = ?', args.source],
      ['p.category = ?', args.category],
    ] as const) {
      if (value) {
        where.push(condition);
        params.push(value);
      }
    }
    if (args.overdue !== undefined && args.overdue !== null) {
      where.push(args.overdue ? OVERDUE_SQL : `NOT ${OVERDUE_SQL}`);
      params.push(this.clock.today(), this.clock.today());
    }
    if (args.flagged !== undefined && args.flagged !== null) {
      where.push(`${args.flagged ? '' : 'NOT '}EXISTS (SELECT 1 FROM formalism_flag f WHERE f.problem_id = p.id)`);
    }
    return this.page(where, params, args);
  }

  /** Problems submitted by units below the actor's LEADER grants, waiting for a verdict. */
  async verificationQueue(actor: Actor, args: VerificationQueueArgs): Promise<Page<Problem>> {
    const leading = actor.grants.filter((g) => g.role === Role.LEADER).map((g) => g.path);
    if (leading.length === 0) return { nodes: [], hasNextPage: false, totalCount: 0 };
    const where = [`p.status = 'RECTIFIED'`, `(${leading.map(() => '(o.path <@ ?::ltree AND o.path <> ?::ltree)').join(' OR ')})`];
    const params: unknown[] = leading.flatMap((path) => [path, path]);
    if (args.campaignId) {
      where.push('p.campaign_id = ?');
      params.push(parseId(args.campaignId) ?? 0);
    }
    return this.page(where, params, args);
  }

  async figures(actor: Actor, args: CampaignScopeArgs): Promise<ProblemFigures> {
    const campaign = await this.campaigns.get(actor, args.campaignId);
    const units = await this.organizations.listScope(actor, 'o.path', args.organizationId, args.includeSubtree);
    const day = this.clock.today();
    const [row] = await this.em.execute<Record<string, string>[]>(
      `SELECT count(*) AS found,
              count(*) FILTER (WHERE p.status = 'OPEN') AS open,
              count(*) FILTER (WHERE p.status = 'IN_PROGRESS') AS in_progress,
              count(*) FILTER (WHERE p.status = 'RECTIFIED') AS rectified,
              count(*) FILTER (WHERE p.status = 'VERIFIED') AS verified,
              count(*) FILTER (WHERE ${OVERDUE_SQL}) AS overdue,
              coalesce(sum(p.deadline_changes), 0) AS deadline_changes,
              count(*) FILTER (WHERE EXISTS (SELECT 1 FROM formalism_flag f WHERE f.problem_id = p.id)) AS flagged
       FROM problem p JOIN organization o ON o.id = p.organization_id
       WHERE p.campaign_id = ? AND ${units.where.join(' AND ')}`,
      [day, day, campaign.id, ...units.params],
    );
    const n = (key: string) => Number(row[key]);
    const found = n('found');
    return {
      found,
      open: n('open'),
      inProgress: n('in_progress'),
      rectified: n('rectified'),
      verified: n('verified'),
      overdue: n('overdue'),
      deadlineChanges: n('deadline_changes'),
      flagged: n('flagged'),
      rectificationRate: found ? (n('rectified') + n('verified')) / found : 0,
      verificationRate: found ? n('verified') / found : 0,
    };
  }

  /** The steps the actor may take on the problem now: the unit's own, or a leader's from above. */
  availableActions(actor: Actor, problem: Problem, path: string): WorkflowAction[] {
    const parties: Party[] = [];
    if (reaches(actor, [Role.SECRETARY], path)) parties.push('UNIT');
    if (reachesFromAbove(actor, [Role.LEADER], path)) parties.push('ABOVE');
    return availableSteps(problem.status, parties);
  }

  isOverdue(problem: Problem, measures: readonly ProblemMeasure[]): boolean {
    if (!WORKING.includes(problem.status)) return false;
    const day = this.clock.today();
    return Boolean(problem.deadline && problem.deadline < day) || measures.some((m) => this.isMeasureOverdue(m));
  }

  /** The measure's problem is loaded with it (measuresOf). */
  isMeasureOverdue(measure: ProblemMeasure): boolean {
    return WORKING.includes(measure.problem.status) && !measure.completedOn && !!measure.deadline && measure.deadline < this.clock.today();
  }

  /** The unit (id and path) of each problem, null for an unknown id: one query for a page of them. */
  async unitsOf(problemIds: readonly string[]): Promise<({ organizationId: number; path: string } | null)[]> {
    const rows = await this.em.execute<{ id: string; organization_id: number; path: string }[]>(
      `SELECT p.id, p.organization_id, o.path::text AS path FROM problem p JOIN organization o ON o.id = p.organization_id
       WHERE p.id IN (${problemIds.map(() => '?').join(',')})`,
      [...problemIds],
    );
    return problemIds.map((id) => {
      const row = rows.find((r) => String(r.id) === id);
      return row ? { organizationId: row.organization_id, path: row.path } : null;
    });
  }

  /** The nearest deadline still ahead of the unit (the problem's or an open measure's), while it is being worked on. */
  nextDeadline(problem: Problem, measures: readonly ProblemMeasure[]): string | null {
    if (!WORKING.includes(problem.status)) return null;
    const dates = [problem.deadline, ...measures.filter((m) => !m.completedOn).map((m) => m.deadline)].filter((d): d is string => !!d);
    return dates.sort()[0] ?? null;
  }

  /** Days from today to nextDeadline, negative when it has passed; null when there is none. */
  daysLeft(problem: Problem, measures: readonly ProblemMeasure[]): number | null {
    const next = this.nextDeadline(problem, measures);
    return next === null ? null : Math.round((Date.parse(next) - Date.parse(this.clock.today())) / 86_400_000);
  }

  async measuresOf(problemIds: readonly string[]): Promise<ProblemMeasure[][]> {
    const measures = await this.em.find(
      ProblemMeasure,
      { problem: { $in: [...problemIds] } },
      { orderBy: { position: 'asc' }, populate: ['problem'] },
    );
    return problemIds.map((id) => measures.filter((m) => m.problem.id === id));
  }

  private page(where: string[], params: unknown[], args: { first: number; after?: string | null }): Promise<Page<Problem>> {
    return keysetPage(this.em, {
      select: 'p.*',
      from: 'problem p JOIN organization o ON o.id = p.organization_id',
      where,
      params,
      order: [{ column: 'p.id', part: 'int' }],
      descending: true,
      first: args.first,
      after: args.after,
      toNode: (row) => this.em.map(Problem, row),
    });
  }

  private fields(input: ProblemFieldsInput) {
    return {
      scope: input.scope,
      personName: input.personName || null,
      category: input.category,
      source: input.source,
      description: input.description,
      foundOn: input.foundOn,
      rectificationKind: input.rectificationKind,
      responsibleLeader: input.responsibleLeader,
      deadline: input.deadline ?? null,
    };
  }

  /** The measures as the input lists them: kept ones updated in place, new ones added, the rest removed. */
  private applyMeasures(em: EntityManager, problem: Problem, input: ProblemFieldsInput) {
    const kept = new Set(input.measures.map((m) => m.id).filter(Boolean));
    for (const measure of problem.measures.getItems()) if (!kept.has(measure.id)) problem.measures.remove(measure);
    input.measures.forEach((m, position) => {
      const fields = { position, content: m.content, owner: m.owner, deadline: m.deadline ?? null, deliverable: m.deliverable };
      const existing = m.id ? problem.measures.getItems().find((e) => e.id === m.id) : undefined;
      if (existing) em.assign(existing, fields);
      else problem.measures.add(em.create(ProblemMeasure, { ...fields, problem }));
    });
  }

  private checkFields(input: ProblemFieldsInput) {
    if (input.scope === 'INDIVIDUAL' && !input.personName) throw DomainError.badInput('personName', 'problem/person-required');
    if (input.foundOn > this.clock.today()) throw DomainError.badInput('foundOn', 'validation/future-date');
    if (input.rectificationKind !== RectificationKind.ONGOING && !input.deadline) {
      throw DomainError.badInput('deadline', 'problem/deadline-required');
    }
    if (input.deadline && input.deadline < input.foundOn) throw DomainError.badInput('deadline', 'problem/deadline-before-found');
    if (input.measures.some((m) => m.deadline && m.deadline < input.foundOn)) {
      throw DomainError.badInput('measures', 'problem/deadline-before-found');
    }
  }

  /** Evidence cited by a step must be files uploaded for the problem's own unit. */
  private async checkEvidence(problem: Problem, digests: readonly string[]) {
    const unique = [...new Set(digests)];
    const uploads = await this.evidence.uploadsOf(problem.organization.id, unique);
    if (uploads.length !== unique.length) throw DomainError.badInput('evidence', 'evidence/unknown');
  }

  private sameCampaign(problem: Problem, campaignId: number): Problem {
    if (problem.campaign.id !== campaignId) throw DomainError.badInput('clientRequestId', 'session/client-request-reused');
    return problem;
  }

  private conflict(current: Problem): DomainError {
    return new DomainError('CONFLICT', 'problem/version-conflict', { current: current.version }, 'version', {
      current: { id: current.id, ...snapshot(current), version: current.version },
    });
  }
}
