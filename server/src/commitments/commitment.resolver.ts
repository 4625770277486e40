import { Args, Mutation, ObjectType, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { type Actor, CurrentActor } from '../authorization/actor.js';
import { organizationTarget, RequireRole, SignedIn, unitRowTarget } from '../authorization/allow.decorator.js';
import { Role } from '../authorization/role.js';
import { Loaders, RequestLoaders } from '../common/loaders.js';
import { Connection, toConnection } from '../common/pagination.js';
import { OrganizationSummary } from '../organizations/organization-summary.type.js';
import { OrganizationService } from '../organizations/organization.service.js';
import { Commitment, CommitmentProgress } from './commitment.entity.js';
import { CommitmentInput, CommitmentProgressArgs, CommitmentsArgs } from './commitment.inputs.js';
import { CommitmentService } from './commitment.service.js';

@ObjectType()
export class CommitmentConnection extends Connection(Commitment) {}

@Resolver(() => Commitment)
export class CommitmentResolver {
  constructor(
    private readonly service: CommitmentService,
    private readonly organizations: OrganizationService,
  ) {}

  @RequireRole([Role.SECRETARY], organizationTarget('input.organizationId'))
  @Mutation(() => Commitment, { description: 'Pledge a 惠民实事 / 惠企实事 for the caller’s unit.' })
  pledgeCommitment(@CurrentActor() actor: Actor, @Args('input') input: CommitmentInput) {
    return this.service.create(actor, input);
  }

  @RequireRole([Role.SECRETARY], unitRowTarget('commitment', 'commitmentId'))
  @Mutation(() => Commitment, { description: 'Add a progress note; `done` marks it fulfilled (已办结).' })
  recordCommitmentProgress(@CurrentActor() actor: Actor, @Args() { commitmentId, note, done }: CommitmentProgressArgs) {
    return this.service.progress(actor, commitmentId, note, done);
  }

  @SignedIn()
  @Query(() => CommitmentConnection, { description: 'Commitments of the units the caller reads, soonest due first.' })
  async commitments(@CurrentActor() actor: Actor, @Args() args: CommitmentsArgs) {
    return toConnection(await this.service.list(actor, args), (c) => [c.dueOn, c.id]);
  }

  @ResolveField(() => OrganizationSummary)
  organization(@CurrentActor() actor: Actor, @Parent() commitment: Commitment, @Loaders() loaders: RequestLoaders) {
    return this.organizations.loader(actor, loaders).load(commitment.organization.id);
  }

  @ResolveField(() => [CommitmentProgress])
  progress(@Parent() commitment: Commitment, @Loaders() loaders: RequestLoaders) {
    return loaders.get('commitmentNotes', (ids: readonly string[]) => this.service.notesOf(ids)).load(commitment.id);
  }

  @ResolveField(() => Boolean, { description: 'Past its due date and not done.' })
  overdue(@Parent() commitment: Commitment) {
    return this.service.isOverdue(commitment);
  }
}
