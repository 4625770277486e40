import { Args, ID, Int, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { CampaignScopeArgs } from '../campaigns/campaign.inputs.js';
import { type Actor, CurrentActor } from '../authorization/actor.js';
import { organizationTarget, problemTarget, RequireRole, SignedIn } from '../authorization/allow.decorator.js';
import { Role } from '../authorization/role.js';
import { ALL_ROLES, canRead } from '../authorization/scope.js';
import { Loaders, RequestLoaders } from '../common/loaders.js';
import { toConnection } from '../common/pagination.js';
import { OrganizationSummary } from '../organizations/organization-summary.type.js';
import { OrganizationService } from '../organizations/organization.service.js';
import { EvidenceUpload } from '../evidence/evidence.entity.js';
import { EvidenceService } from '../evidence/evidence.service.js';
import { FormalismFlag, Problem, ProblemMeasure, RectificationRecord } from './problem.entity.js';
import { RecordAction } from './problem.enums.js';
import {
  CompleteMeasureArgs,
  ProblemsArgs,
  ReasonedStepArgs,
  ReportProblemInput,
  UnitStepArgs,
  UpdateProblemArgs,
  VerificationQueueArgs,
  VerifyProblemArgs,
} from './problem.inputs.js';
import { ProblemService } from './problem.service.js';
import { LedgerIntegrity, ProblemConnection, ProblemFigures } from './problem.types.js';
import { LedgerService } from './ledger.service.js';
import { EntityManager } from '@mikro-orm/postgresql';

const UNIT = [Role.SECRETARY];

/** The unit of each problem a request touches, loaded once per request for all fields that need it. */
const unitLoader = (loaders: RequestLoaders, problems: ProblemService) =>
  loaders.get('problemUnit', (ids: readonly string[]) => problems.unitsOf(ids));
const ABOVE = [Role.LEADER];

@Resolver(() => Problem)
export class ProblemResolver {
  constructor(
    private readonly service: ProblemService,
    private readonly organizations: OrganizationService,
    private readonly ledger: LedgerService,
    private readonly em: EntityManager,
  ) {}

  @RequireRole(UNIT, organizationTarget('input.organizationId'))
  @Mutation(() => Problem, {
    description: 'List a problem (查摆问题) of the caller’s own unit; a retry with the same clientRequestId returns the first.',
  })
  reportProblem(@CurrentActor() actor: Actor, @Args('input') input: ReportProblemInput) {
    return this.service.report(actor, input);
  }

  @RequireRole(UNIT, problemTarget('id'))
  @Mutation(() => Problem, { description: 'Edit a problem and its measures while it is being worked on (version-checked).' })
  updateProblem(@CurrentActor() actor: Actor, @Args() { id, input, version, deadlineChangeReason }: UpdateProblemArgs) {
    return this.service.update(actor, id, input, version, deadlineChangeReason);
  }

  @RequireRole(UNIT, problemTarget('problemId'))
  @Mutation(() => Problem, { description: 'Record progress (整改进展) with evidence; an OPEN problem moves to IN_PROGRESS.' })
  recordRectificationProgress(@CurrentActor() actor: Actor, @Args() { problemId, note, evidence }: UnitStepArgs) {
    return this.service.transition(actor, problemId, RecordAction.PROGRESS, note, evidence);
  }

  @RequireRole(UNIT, problemTarget('problemId'))
  @Mutation(() => Problem, { description: 'Mark one measure done, with evidence.' })
  completeMeasure(@CurrentActor() actor: Actor, @Args() { problemId, measureId, note, evidence }: CompleteMeasureArgs) {
    return this.service.completeMeasure(actor, problemId, measureId, note, evidence);
  }

  @RequireRole(UNIT, problemTarget('problemId'))
  @Mutation(() => Problem, { description: 'Submit the rectification for verification (→ RECTIFIED).' })
  submitRectification(@CurrentActor() actor: Actor, @Args() { problemId, note, evidence }: UnitStepArgs) {
    return this.service.transition(actor, problemId, RecordAction.SUBMITTED, note, evidence);
  }

  @RequireRole(UNIT, problemTarget('problemId'))
  @Mutation(() => Problem, {
    description: 'Propose closing as “not a problem, explanation only” (→ RECTIFIED); closes only when a verifier agrees.',
  })
  explainProblem(@CurrentActor() actor: Actor, @Args() { problemId, note, evidence }: UnitStepArgs) {
    return this.service.transition(actor, problemId, RecordAction.EXPLAINED, note, evidence);
  }

  @RequireRole(ABOVE, problemTarget('problemId', { above: true }))
  @Mutation(() => Problem, { description: 'Verify and close (销号) a rectified problem of a unit below the caller’s.' })
  verifyProblem(@CurrentActor() actor: Actor, @Args() { problemId, note }: VerifyProblemArgs) {
    return this.service.transition(actor, problemId, RecordAction.VERIFIED, note);
  }

  @RequireRole(ABOVE, problemTarget('problemId', { above: true }))
  @Mutation(() => Problem, { description: 'Send a rectified problem back to IN_PROGRESS with a reason.' })
  rejectRectification(@CurrentActor() actor: Actor, @Args() { problemId, reason }: ReasonedStepArgs) {
    return this.service.transition(actor, problemId, RecordAction.REJECTED, reason);
  }

  @RequireRole(ABOVE, problemTarget('problemId', { above: true }))
  @Mutation(() => Problem, { description: 'Reopen a verified problem with a reason (→ IN_PROGRESS).' })
  reopenProblem(@CurrentActor() actor: Actor, @Args() { problemId, reason }: ReasonedStepArgs) {
    return this.service.transition(actor, problemId, RecordAction.REOPENED, reason);
  }

  @RequireRole(ABOVE, problemTarget('problemId', { above: true }))
  @Mutation(() => Problem, {
    description: 'Send a flagged problem back for revision (形式主义 check); a submitted one returns to IN_PROGRESS.',
  })
  sendBackProblem(@CurrentActor() actor: Actor, @Args() { problemId, reason }: ReasonedStepArgs) {
    return this.service.transition(actor, problemId, RecordAction.SENT_BACK, reason);
  }

  @RequireRole([...ALL_ROLES], problemTarget('id'))
  @Query(() => Problem)
  problem(@Args('id', { type: () => ID }) id: string) {
    return this.service.get(id);
  }

  @SignedIn()
  @Query(() => ProblemConnection, { description: 'The problem checklist of the units the caller reads, newest first.' })
  async problems(@CurrentActor() actor: Actor, @Args() args: ProblemsArgs) {
    return toConnection(await this.service.list(actor, args), (p) => [p.id]);
  }

  @SignedIn()
  @Query(() => ProblemConnection, { description: 'Rectified problems of units below the caller’s LEADER grants, awaiting verification.' })
  async verificationQueue(@CurrentActor() actor: Actor, @Args() args: VerificationQueueArgs) {
    return toConnection(await this.service.verificationQueue(actor, args), (p) => [p.id]);
  }

  @RequireRole([...ALL_ROLES], organizationTarget('organizationId', { optional: true }))
  @Query(() => ProblemFigures, { description: 'Found, in progress, rectified, verified, overdue… for a unit or its subtree.' })
  problemFigures(@CurrentActor() actor: Actor, @Args() args: CampaignScopeArgs) {
    return this.service.figures(actor, args);
  }

  @ResolveField(() => OrganizationSummary)
  organization(@CurrentActor() actor: Actor, @Parent() problem: Problem, @Loaders() loaders: RequestLoaders) {
    return this.organizations.loader(actor, loaders).load(problem.organization.id);
  }

  @ResolveField(() => ID)
  campaignId(@Parent() problem: Problem) {
    return problem.campaign.id;
  }

  @ResolveField(() => [ProblemMeasure])
  measures(@Parent() problem: Problem, @Loaders() loaders: RequestLoaders) {
    return this.measureLoader(loaders).load(problem.id);
  }

  @ResolveField(() => Boolean, { description: 'Past its deadline or a measure’s, and not yet rectified.' })
  async overdue(@Parent() problem: Problem, @Loaders() loaders: RequestLoaders) {
    return this.service.isOverdue(problem, await this.measureLoader(loaders).load(problem.id));
  }

  @ResolveField(() => String, {
    nullable: true,
    description: 'The nearest deadline of the problem or an open measure, while being worked on.',
  })
  async nextDeadline(@Parent() problem: Problem, @Loaders() loaders: RequestLoaders) {
    return this.service.nextDeadline(problem, await this.measureLoader(loaders).load(problem.id));
  }

  @ResolveField(() => Int, { nullable: true, description: 'Days from today to nextDeadline; negative when overdue.' })
  async daysLeft(@Parent() problem: Problem, @Loaders() loaders: RequestLoaders) {
    return this.service.daysLeft(problem, await this.measureLoader(loaders).load(problem.id));
  }

  @ResolveField(() => [RectificationRecord], { description: 'The fix-up ledger of the problem, oldest first.' })
  records(@Parent() problem: Problem, @Loaders() loaders: RequestLoaders) {
    return loaders
      .get('records', async (ids: readonly string[]) => {
        const byProblem = await this.ledger.records(this.em, ids);
        return ids.map((id) => byProblem.get(id) ?? []);
      })
      .load(problem.id);
  }

  @ResolveField(() => LedgerIntegrity, { description: 'Recomputes the problem’s hash chain and names the first broken record.' })
  async ledgerIntegrity(@Parent() problem: Problem, @Loaders() loaders: RequestLoaders) {
    const result = await loaders
      .get('ledgerIntegrity', async (ids: readonly string[]) => {
        const checked = await this.ledger.integrity(this.em, ids);
        return ids.map((id) => checked.get(id)!);
      })
      .load(problem.id);
    return { ok: result.firstBrokenSeq === null, ...result };
  }

  @ResolveField(() => [FormalismFlag])
  flags(@Parent() problem: Problem, @Loaders() loaders: RequestLoaders) {
    return loaders
      .get('flags', async (ids: readonly string[]) => {
        const flags = await this.em.find(FormalismFlag, { problem: { $in: [...ids] } }, { orderBy: { id: 'asc' } });
        return ids.map((id) => flags.filter((f) => f.problem.id === id));
      })
      .load(problem.id);
  }

  @ResolveField(() => [RecordAction], {
    description:
      'The workflow steps the caller may take now (DEADLINE_CHANGED: updateProblem with a new deadline and deadlineChangeReason).',
  })
  async availableActions(@CurrentActor() actor: Actor, @Parent() problem: Problem, @Loaders() loaders: RequestLoaders) {
    const unit = await unitLoader(loaders, this.service).load(problem.id);
    return this.service.availableActions(actor, problem, unit!.path);
  }

  private measureLoader(loaders: RequestLoaders) {
    return loaders.get('measures', (ids: readonly string[]) => this.service.measuresOf(ids));
  }
}

@Resolver(() => ProblemMeasure)
export class ProblemMeasureResolver {
  constructor(private readonly problems: ProblemService) {}

  @ResolveField(() => Boolean, { description: 'Past its deadline, not completed, and the problem not yet rectified.' })
  overdue(@Parent() measure: ProblemMeasure) {
    return this.problems.isMeasureOverdue(measure);
  }
}

@Resolver(() => RectificationRecord)
export class RectificationRecordResolver {
  constructor(
    private readonly evidence: EvidenceService,
    private readonly problems: ProblemService,
  ) {}

  @ResolveField(() => [EvidenceUpload], { description: 'The evidence files the record cites, with their names.' })
  async evidenceFiles(@Parent() record: RectificationRecord, @Loaders() loaders: RequestLoaders) {
    const { organizationId } = (await unitLoader(loaders, this.problems).load(record.problemId))!;
    const files = await Promise.all(
      record.evidence.map((sha256) =>
        loaders
          .get('evidenceFile', (pairs: readonly string[]) => this.evidence.describe(pairs.map(parsePair)))
          .load(`${organizationId}:${sha256}`),
      ),
    );
    return files.filter((f): f is EvidenceUpload => f !== null);
  }
}

const parsePair = (pair: string) => {
  const [organizationId, sha256] = pair.split(':');
  return { organizationId: Number(organizationId), sha256 };
};

@Resolver(() => FormalismFlag)
export class FormalismFlagResolver {
  constructor(private readonly problems: ProblemService) {}

  @ResolveField(() => ID, {
    nullable: true,
    description: 'The other unit’s problem it nearly repeats; null for callers who do not read that unit.',
  })
  async similarProblemId(@CurrentActor() actor: Actor, @Parent() flag: FormalismFlag, @Loaders() loaders: RequestLoaders) {
    if (!flag.similarProblemId) return null;
    const unit = await unitLoader(loaders, this.problems).load(flag.similarProblemId);
    return unit && canRead(actor, unit.path) ? flag.similarProblemId : null;
  }
}
