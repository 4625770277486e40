import { Args, ID, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { type Actor, CurrentActor } from '../authorization/actor.js';
import { grantTarget, organizationTarget, RequireRole, unitInput, userTarget } from '../authorization/allow.decorator.js';
import { Role } from '../authorization/role.js';
import { Loaders, RequestLoaders } from '../common/loaders.js';
import { toConnection } from '../common/pagination.js';
import { OrganizationSummary } from '../organizations/organization-summary.type.js';
import { OrganizationService } from '../organizations/organization.service.js';
import { CreateUserInput, GrantRoleArgs, SetUserDisabledArgs, UserConnection, UsersArgs, UserWithPassword } from './accounts.types.js';
import { Grant } from './grant.entity.js';
import { User } from './user.entity.js';
import { UserService } from './user.service.js';
import { ChangesCallers } from '../authorization/actor-cache.js';

@ChangesCallers()
@Resolver(() => User)
export class UserResolver {
  constructor(
    private readonly service: UserService,
    private readonly organizations: OrganizationService,
  ) {}

  @RequireRole([Role.ADMIN], organizationTarget('organizationId', { optional: true }))
  @Query(() => UserConnection, { description: 'Users whose unit is in the admin’s subtree.' })
  async users(@CurrentActor() actor: Actor, @Args() args: UsersArgs) {
    return toConnection(await this.service.list(actor, args), (user) => [user.username]);
  }

  @RequireRole([Role.ADMIN], userTarget('id'))
  @Query(() => User, { description: 'One user in the admin’s subtree.' })
  user(@CurrentActor() actor: Actor, @Args('id', { type: () => ID }) id: string) {
    return this.service.get(actor, id);
  }

  @RequireRole([Role.ADMIN], unitInput('input.organizationId', 'organizationId'))
  @Mutation(() => UserWithPassword, {
    description: 'Create an account; the temporary password is shown once and must be changed at first sign-in.',
  })
  createUser(@CurrentActor() actor: Actor, @Args('input') input: CreateUserInput) {
    return this.service.create(actor, input);
  }

  @RequireRole([Role.ADMIN], userTarget('userId'))
  @Mutation(() => UserWithPassword, { description: 'Give a user a new temporary password; its sessions end.' })
  resetPassword(@CurrentActor() actor: Actor, @Args('userId', { type: () => ID }) userId: string) {
    return this.service.resetPassword(actor, userId);
  }

  @RequireRole([Role.ADMIN], userTarget('userId'))
  @Mutation(() => User, { description: 'Disable (its sessions end) or enable an account.' })
  setUserDisabled(@CurrentActor() actor: Actor, @Args() { userId, disabled }: SetUserDisabledArgs) {
    return this.service.setDisabled(actor, userId, disabled);
  }

  @RequireRole([Role.ADMIN], userTarget('userId'), unitInput('organizationId', 'organizationId'))
  @Mutation(() => Grant, { description: 'Give a user a role at a unit; ADMIN over both the user and the unit.' })
  grantRole(@CurrentActor() actor: Actor, @Args() { userId, organizationId, role }: GrantRoleArgs) {
    return this.service.grant(actor, userId, organizationId, role);
  }

  @RequireRole([Role.ADMIN], grantTarget('grantId'))
  @Mutation(() => Grant, { description: 'Take a role away.' })
  revokeGrant(@CurrentActor() actor: Actor, @Args('grantId', { type: () => ID }) grantId: string) {
    return this.service.revoke(actor, grantId);
  }

  @ResolveField(() => OrganizationSummary, { description: 'The unit the person belongs to.' })
  organization(@CurrentActor() actor: Actor, @Parent() user: User, @Loaders() loaders: RequestLoaders) {
    return this.organizations.loader(actor, loaders).load(user.organization.id);
  }

  @ResolveField(() => [Grant])
  grants(@CurrentActor() actor: Actor, @Parent() user: User, @Loaders() loaders: RequestLoaders) {
    return loaders.get('grants', (ids: readonly number[]) => this.service.grantsOf(actor, ids)).load(user.id);
  }
}

@Resolver(() => Grant)
export class GrantResolver {
  constructor(private readonly organizations: OrganizationService) {}

  @ResolveField(() => OrganizationSummary, { description: 'Where the role applies (and below, except for SECRETARY).' })
  organization(@CurrentActor() actor: Actor, @Parent() grant: Grant, @Loaders() loaders: RequestLoaders) {
    return this.organizations.loader(actor, loaders).load(grant.organization.id);
  }
}
