import { Args, ID, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { type Actor, CurrentActor } from '../authorization/actor.js';
import { organizationTarget, planItemTarget, RequireRole, sessionTarget, SignedIn } from '../authorization/allow.decorator.js';
import { Role } from '../authorization/role.js';
import { ALL_ROLES } from '../authorization/scope.js';
import { Loaders, RequestLoaders } from '../common/loaders.js';
import { toConnection } from '../common/pagination.js';
import { OrganizationSummary } from '../organizations/organization-summary.type.js';
import { OrganizationService } from '../organizations/organization.service.js';
import { CampaignUnitArgs } from '../campaigns/campaign.inputs.js';
import {
  DeleteStudySessionArgs,
  LogStudySessionInput,
  PlanItemInput,
  StudySessionsArgs,
  UpdateStudySessionArgs,
} from './session.inputs.js';
import { SessionService } from './session.service.js';
import { StudySessionConnection, UnitCampaignStatus } from './session.types.js';
import { StudyPlanItem, StudySession } from './study-session.entity.js';

@Resolver(() => StudySession)
export class SessionResolver {
  constructor(
    private readonly sessions: SessionService,
    private readonly organizations: OrganizationService,
  ) {}

  @RequireRole([Role.SECRETARY], organizationTarget('input.organizationId'))
  @Mutation(() => StudySession, {
    description: 'Log a session held by the caller’s own unit; a retry with the same clientRequestId returns the first result.',
  })
  logStudySession(@CurrentActor() actor: Actor, @Args('input') input: LogStudySessionInput) {
    return this.sessions.log(actor, input);
  }

  @RequireRole([Role.SECRETARY], sessionTarget('id'))
  @Mutation(() => StudySession, { description: 'Edit a session (version-checked); after the edit window only with an amendment note.' })
  updateStudySession(@CurrentActor() actor: Actor, @Args() { id, input, version, amendmentNote }: UpdateStudySessionArgs) {
    return this.sessions.update(actor, id, input, version, amendmentNote);
  }

  @RequireRole([Role.SECRETARY], sessionTarget('id'))
  @Mutation(() => StudySession, { description: 'Delete a session (kept for the audit trail, no longer counted).' })
  deleteStudySession(@CurrentActor() actor: Actor, @Args() { id, reason }: DeleteStudySessionArgs) {
    return this.sessions.delete(actor, id, reason ?? null);
  }

  @SignedIn()
  @Query(() => StudySessionConnection, { description: 'Sessions of a campaign in the units the caller reads, latest first.' })
  async studySessions(@CurrentActor() actor: Actor, @Args() args: StudySessionsArgs) {
    return toConnection(await this.sessions.list(actor, args), (s) => [s.heldOn, s.id]);
  }

  @RequireRole([...ALL_ROLES], organizationTarget('organizationId'))
  @Query(() => UnitCampaignStatus, { description: 'A unit’s standing and requirement checklist in a campaign.' })
  unitCampaignStatus(@CurrentActor() actor: Actor, @Args() { campaignId, organizationId }: CampaignUnitArgs) {
    return this.sessions.unitStatus(actor, campaignId, organizationId);
  }

  @RequireRole([...ALL_ROLES], organizationTarget('organizationId'))
  @Query(() => [StudyPlanItem], { description: 'A unit’s study plan (学习计划) in a campaign.' })
  studyPlan(@CurrentActor() actor: Actor, @Args() { campaignId, organizationId }: CampaignUnitArgs) {
    return this.sessions.plan(actor, campaignId, organizationId);
  }

  @RequireRole([Role.SECRETARY], organizationTarget('input.organizationId'))
  @Mutation(() => StudyPlanItem, { description: 'Add a planned session to the caller’s unit’s plan.' })
  addStudyPlanItem(@CurrentActor() actor: Actor, @Args('input') input: PlanItemInput) {
    return this.sessions.addPlanItem(actor, input);
  }

  @RequireRole([Role.SECRETARY], planItemTarget('id'))
  @Mutation(() => StudyPlanItem, { description: 'Remove an item from the plan.' })
  removeStudyPlanItem(@CurrentActor() actor: Actor, @Args('id', { type: () => ID }) id: string) {
    return this.sessions.removePlanItem(actor, id);
  }

  @ResolveField(() => OrganizationSummary)
  organization(@CurrentActor() actor: Actor, @Parent() session: StudySession, @Loaders() loaders: RequestLoaders) {
    return this.organizations.loader(actor, loaders).load(session.organization.id);
  }

  @ResolveField(() => ID)
  campaignId(@Parent() session: StudySession) {
    return session.campaign.id;
  }
}

@Resolver(() => StudyPlanItem)
export class StudyPlanItemResolver {
  constructor(private readonly sessions: SessionService) {}

  @ResolveField(() => StudySession, { nullable: true, description: 'The session that carried the item out, if any.' })
  fulfilledBy(@CurrentActor() actor: Actor, @Parent() item: StudyPlanItem, @Loaders() loaders: RequestLoaders) {
    return loaders.get('fulfilledBy', (ids: readonly string[]) => this.sessions.fulfilledBy(actor, ids)).load(item.id);
  }
}
