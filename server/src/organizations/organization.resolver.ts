import { Args, ID, Int, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { type Actor, CurrentActor } from '../authorization/actor.js';
import { organizationTarget, RequireRole, SignedIn, unitInput } from '../authorization/allow.decorator.js';
import { Role } from '../authorization/role.js';
import { ALL_ROLES } from '../authorization/scope.js';
import { Loaders, RequestLoaders } from '../common/loaders.js';
import { toConnection } from '../common/pagination.js';
import { Organization } from './organization.entity.js';
import { ChildrenArgs, CreateOrganizationInput, OrganizationsArgs, UpdateOrganizationInput } from './organization.inputs.js';
import { OrganizationService } from './organization.service.js';
import { OrganizationSummary } from './organization-summary.type.js';
import { OrganizationConnection } from './organization.types.js';
import { ChangesCallers } from '../authorization/actor-cache.js';

const byCode = (o: Organization) => [o.code];
const byDepthAndCode = (o: Organization) => [o.depth, o.code];

@ChangesCallers()
@Resolver(() => Organization)
export class OrganizationResolver {
  constructor(private readonly service: OrganizationService) {}

  @RequireRole([...ALL_ROLES], organizationTarget('id'))
  @Query(() => Organization, { description: 'One unit by id: SECRETARY reads its own unit, the other roles their subtree.' })
  organization(@CurrentActor() actor: Actor, @Args('id', { type: () => ID }) id: string) {
    return this.service.get(actor, id);
  }

  @SignedIn()
  @Query(() => OrganizationConnection, {
    description:
      'Without `search`: the children of `parentId`, or the top units of the caller’s reach. With `search`: units whose name or code contains it, within the subtree of `parentId` when given, shallowest first. Only units the caller reads.',
  })
  async organizations(@CurrentActor() actor: Actor, @Args() args: OrganizationsArgs) {
    const parentId = args.parentId ?? null;
    return args.search
      ? toConnection(await this.service.search(actor, args.search, parentId, args), byDepthAndCode)
      : toConnection(await this.service.children(actor, parentId, args), byCode);
  }

  @ResolveField(() => OrganizationSummary, { nullable: true, description: 'The unit directly above; null for a root.' })
  parent(@CurrentActor() actor: Actor, @Parent() organization: Organization, @Loaders() loaders: RequestLoaders) {
    const parentId = organization.parent?.id;
    return parentId ? this.service.loader(actor, loaders).load(parentId) : null;
  }

  @ResolveField(() => [OrganizationSummary], { description: 'The units above, root first (面包屑), named even above the caller’s reach.' })
  async ancestors(@CurrentActor() actor: Actor, @Parent() organization: Organization, @Loaders() loaders: RequestLoaders) {
    const found = await this.service.loader(actor, loaders).loadMany(this.service.ancestorIds(organization));
    return found.filter((o): o is Organization => o instanceof Organization);
  }

  @ResolveField(() => OrganizationConnection, { description: 'The units directly below, by code.' })
  async children(
    @CurrentActor() actor: Actor,
    @Parent() organization: Organization,
    @Args() args: ChildrenArgs,
    @Loaders() loaders: RequestLoaders,
  ) {
    if (args.after) return toConnection(await this.service.children(actor, organization.id, args), byCode);
    // First pages of sibling parents in a response are read together, not one query per parent.
    const firstPages = loaders.get(`children:${args.first}:${args.includeArchived}`, (ids: readonly number[]) =>
      this.service.firstChildPages(actor, ids, args.first, args.includeArchived),
    );
    return toConnection(await firstPages.load(organization.id), byCode);
  }

  @ResolveField(() => Int, { description: 'Number of active units directly below (0 for a leaf).' })
  childCount(@CurrentActor() actor: Actor, @Parent() organization: Organization, @Loaders() loaders: RequestLoaders) {
    return loaders.get('childCount', (ids: readonly number[]) => this.service.childCounts(actor, ids)).load(organization.id);
  }

  @RequireRole([Role.ADMIN], { ...unitInput('input.parentId', 'parentId'), rootWhenAbsent: true })
  @Mutation(() => Organization, { description: 'Create a unit under `parentId` (ADMIN there), or a root unit (ADMIN at a root).' })
  createOrganization(@CurrentActor() actor: Actor, @Args('input') input: CreateOrganizationInput) {
    return this.service.create(actor, input);
  }

  @RequireRole([Role.ADMIN], organizationTarget('id'))
  @Mutation(() => Organization, { description: 'Change a unit; `version` must be the one read, or CONFLICT.' })
  updateOrganization(
    @CurrentActor() actor: Actor,
    @Args('id', { type: () => ID }) id: string,
    @Args('input') input: UpdateOrganizationInput,
    @Args('version', { type: () => Int }) version: number,
  ) {
    return this.service.update(actor, id, input, version);
  }

  @RequireRole([Role.ADMIN], organizationTarget('id'), unitInput('newParentId', 'newParentId'))
  @Mutation(() => Organization, { description: 'Move a unit and its whole subtree under `newParentId`; ADMIN over both.' })
  moveOrganization(
    @CurrentActor() actor: Actor,
    @Args('id', { type: () => ID }) id: string,
    @Args('newParentId', { type: () => ID }) newParentId: string,
  ) {
    return this.service.move(actor, id, newParentId);
  }

  @RequireRole([Role.ADMIN], organizationTarget('id'))
  @Mutation(() => Organization, { description: 'Archive (撤销) a unit and its whole subtree; history is kept.' })
  archiveOrganization(@CurrentActor() actor: Actor, @Args('id', { type: () => ID }) id: string) {
    return this.service.archive(actor, id);
  }
}
