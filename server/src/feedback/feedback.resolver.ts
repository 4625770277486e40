import { Args, Mutation, ObjectType, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { CampaignScopeArgs } from '../campaigns/campaign.inputs.js';
import { type Actor, CurrentActor } from '../authorization/actor.js';
import { organizationTarget, RequireRole, SignedIn, unitRowTarget } from '../authorization/allow.decorator.js';
import { Role } from '../authorization/role.js';
import { ALL_ROLES } from '../authorization/scope.js';
import { Loaders, RequestLoaders } from '../common/loaders.js';
import { Connection, toConnection } from '../common/pagination.js';
import { OrganizationSummary } from '../organizations/organization-summary.type.js';
import { OrganizationService } from '../organizations/organization.service.js';
import { Problem } from '../problems/problem.entity.js';
import { Feedback } from './feedback.entity.js';
import { ConvertFeedbackArgs, FeedbackFigures, FeedbackInput, FeedbackListArgs, ReplyFeedbackArgs } from './feedback.inputs.js';
import { FeedbackService } from './feedback.service.js';

@ObjectType()
export class FeedbackConnection extends Connection(Feedback) {}

@Resolver(() => Feedback)
export class FeedbackResolver {
  constructor(
    private readonly feedback: FeedbackService,
    private readonly organizations: OrganizationService,
  ) {}

  @RequireRole([Role.SECRETARY], organizationTarget('input.organizationId'))
  @Mutation(() => Feedback, { description: 'Log feedback the caller’s unit received (群众意见).' })
  receiveFeedback(@CurrentActor() actor: Actor, @Args('input') input: FeedbackInput) {
    return this.feedback.receive(actor, input);
  }

  @RequireRole([Role.SECRETARY], unitRowTarget('feedback', 'feedbackId'))
  @Mutation(() => Feedback, { description: 'Reply to feedback; replied feedback counts towards 办结率.' })
  replyFeedback(@CurrentActor() actor: Actor, @Args() { feedbackId, reply }: ReplyFeedbackArgs) {
    return this.feedback.reply(actor, feedbackId, reply);
  }

  @RequireRole([Role.SECRETARY], unitRowTarget('feedback', 'feedbackId'))
  @Mutation(() => Problem, { description: 'List the feedback as a problem of the unit, source PUBLIC_OPINION.' })
  convertFeedbackToProblem(@CurrentActor() actor: Actor, @Args() { feedbackId, input }: ConvertFeedbackArgs) {
    return this.feedback.convert(actor, feedbackId, input);
  }

  @SignedIn()
  @Query(() => FeedbackConnection, { description: 'The feedback inbox of the units the caller reads, newest first.' })
  async feedbackInbox(@CurrentActor() actor: Actor, @Args() args: FeedbackListArgs) {
    return toConnection(await this.feedback.list(actor, args), (f) => [f.id]);
  }

  @RequireRole([...ALL_ROLES], organizationTarget('organizationId', { optional: true }))
  @Query(() => FeedbackFigures, { description: '办结率: replied out of received, for a unit or its subtree.' })
  feedbackFigures(@CurrentActor() actor: Actor, @Args() args: CampaignScopeArgs) {
    return this.feedback.figures(actor, args);
  }

  @ResolveField(() => OrganizationSummary)
  organization(@CurrentActor() actor: Actor, @Parent() feedback: Feedback, @Loaders() loaders: RequestLoaders) {
    return this.organizations.loader(actor, loaders).load(feedback.organization.id);
  }
}
