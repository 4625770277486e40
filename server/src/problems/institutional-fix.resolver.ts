import { Args, ID, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { CampaignListArgs } from '../campaigns/campaign.inputs.js';
import { type Actor, CurrentActor } from '../authorization/actor.js';
import { organizationTarget, RequireRole, SignedIn } from '../authorization/allow.decorator.js';
import { Role } from '../authorization/role.js';
import { Connection, toConnection } from '../common/pagination.js';
import { Loaders, RequestLoaders } from '../common/loaders.js';
import { ObjectType } from '@nestjs/graphql';
import { OrganizationSummary } from '../organizations/organization-summary.type.js';
import { OrganizationService } from '../organizations/organization.service.js';
import { InstitutionalFix } from './institutional-fix.entity.js';
import { InstitutionalFixInput } from './institutional-fix.inputs.js';
import { InstitutionalFixService } from './institutional-fix.service.js';

@ObjectType()
export class InstitutionalFixConnection extends Connection(InstitutionalFix) {}

@Resolver(() => InstitutionalFix)
export class InstitutionalFixResolver {
  constructor(
    private readonly fixes: InstitutionalFixService,
    private readonly organizations: OrganizationService,
  ) {}

  @RequireRole([Role.SECRETARY], organizationTarget('input.organizationId'))
  @Mutation(() => InstitutionalFix, {
    description: 'Record a rule adopted, revised or abolished (制度建设), linked to the problems it answers.',
  })
  recordInstitutionalFix(@CurrentActor() actor: Actor, @Args('input') input: InstitutionalFixInput) {
    return this.fixes.create(actor, input);
  }

  @SignedIn()
  @Query(() => InstitutionalFixConnection, {
    description: 'Rules adopted, revised or abolished in the units the caller reads, newest first.',
  })
  async institutionalFixes(@CurrentActor() actor: Actor, @Args() args: CampaignListArgs) {
    return toConnection(await this.fixes.list(actor, args), (f) => [f.id]);
  }

  @ResolveField(() => OrganizationSummary)
  organization(@CurrentActor() actor: Actor, @Parent() fix: InstitutionalFix, @Loaders() loaders: RequestLoaders) {
    return this.organizations.loader(actor, loaders).load(fix.organization.id);
  }

  @ResolveField(() => [ID])
  problemIds(@Parent() fix: InstitutionalFix, @Loaders() loaders: RequestLoaders) {
    return loaders.get('fixProblems', (ids: readonly string[]) => this.fixes.problemIdsOf(ids)).load(fix.id);
  }
}
