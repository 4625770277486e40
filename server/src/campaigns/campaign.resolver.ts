import { Args, ID, Int, Mutation, ObjectType, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { type Actor, CurrentActor } from '../authorization/actor.js';
import { campaignTarget, organizationTarget, RequireRole, SignedIn, unitInput } from '../authorization/allow.decorator.js';
import { Role } from '../authorization/role.js';
import { Loaders, RequestLoaders } from '../common/loaders.js';
import { Connection, toConnection } from '../common/pagination.js';
import { OrganizationSummary } from '../organizations/organization-summary.type.js';
import { OrganizationService } from '../organizations/organization.service.js';
import { Campaign, CampaignStatus, CampaignUnit, Requirement } from './campaign.entity.js';
import {
  CampaignInput,
  CampaignsArgs,
  CampaignUnitArgs,
  CampaignUnitsArgs,
  ExemptUnitArgs,
  LaunchCampaignInput,
  RecordLaunchArgs,
} from './campaign.inputs.js';
import { CampaignService, SETUP } from './campaign.service.js';

@ObjectType({ description: 'A page of campaigns, newest first.' })
export class CampaignConnection extends Connection(Campaign) {}

@Resolver(() => Campaign)
export class CampaignResolver {
  constructor(
    private readonly service: CampaignService,
    private readonly organizations: OrganizationService,
  ) {}

  @SignedIn()
  @Query(() => CampaignConnection, { description: 'Campaigns that cover the caller’s units or were launched within its reach.' })
  async campaigns(@CurrentActor() actor: Actor, @Args() args: CampaignsArgs) {
    return toConnection(await this.service.list(actor, args), (c) => [c.id]);
  }

  @SignedIn()
  @Query(() => Campaign, { description: 'One campaign the caller may read.' })
  campaign(@CurrentActor() actor: Actor, @Args('id', { type: () => ID }) id: string) {
    return this.service.get(actor, id);
  }

  @RequireRole(SETUP, unitInput('input.scopeOrganizationId', 'scopeOrganizationId'))
  @Mutation(() => Campaign, {
    description: 'Launch a campaign for the subtree of a unit (LEADER or ADMIN there); every active unit in scope takes part.',
  })
  launchCampaign(@CurrentActor() actor: Actor, @Args('input') input: LaunchCampaignInput) {
    return this.service.launch(actor, input);
  }

  @RequireRole(SETUP, campaignTarget('id'))
  @Mutation(() => Campaign, { description: 'Change title, dates and requirements; `version` must be the one read, or CONFLICT.' })
  updateCampaign(
    @CurrentActor() actor: Actor,
    @Args('id', { type: () => ID }) id: string,
    @Args('input') input: CampaignInput,
    @Args('version', { type: () => Int }) version: number,
  ) {
    return this.service.update(actor, id, input, version);
  }

  @RequireRole(SETUP, campaignTarget('id'))
  @Mutation(() => Campaign, { description: 'Make a DRAFT campaign active (or reopen a closed one).' })
  activateCampaign(@CurrentActor() actor: Actor, @Args('id', { type: () => ID }) id: string) {
    return this.service.setStatus(actor, id, CampaignStatus.ACTIVE);
  }

  @RequireRole(SETUP, campaignTarget('id'))
  @Mutation(() => Campaign, { description: 'Close a campaign: nothing more is logged.' })
  closeCampaign(@CurrentActor() actor: Actor, @Args('id', { type: () => ID }) id: string) {
    return this.service.setStatus(actor, id, CampaignStatus.CLOSED);
  }

  @RequireRole(SETUP, campaignTarget('campaignId'), unitInput('organizationId', 'organizationId'))
  @Mutation(() => CampaignUnit, {
    description: 'Exempt a unit (免于参加) with a reason; the launching side approves and the approver is recorded.',
  })
  exemptUnit(@CurrentActor() actor: Actor, @Args() { campaignId, organizationId, reason }: ExemptUnitArgs) {
    return this.service.setExempt(actor, campaignId, organizationId, true, reason);
  }

  @RequireRole(SETUP, campaignTarget('campaignId'), unitInput('organizationId', 'organizationId'))
  @Mutation(() => CampaignUnit, { description: 'Take an exempted unit back into the campaign.' })
  includeUnit(@CurrentActor() actor: Actor, @Args() { campaignId, organizationId }: CampaignUnitArgs) {
    return this.service.setExempt(actor, campaignId, organizationId, false, null);
  }

  @RequireRole([Role.SECRETARY], organizationTarget('organizationId'))
  @Mutation(() => CampaignUnit, { description: 'Record the day the unit launched the campaign (启动部署); its secretary only.' })
  recordCampaignLaunch(@CurrentActor() actor: Actor, @Args() { campaignId, organizationId, launchedOn }: RecordLaunchArgs) {
    return this.service.recordLaunch(actor, campaignId, organizationId, launchedOn);
  }

  @SignedIn()
  @Query(() => [CampaignUnit], {
    description: 'Exempted units of a campaign (or units that recorded a launch), within the caller’s reach; at most 1,000.',
  })
  campaignUnits(@CurrentActor() actor: Actor, @Args() { campaignId, exempt }: CampaignUnitsArgs) {
    return this.service.units(actor, campaignId, exempt);
  }

  @ResolveField(() => OrganizationSummary, { description: 'The launching unit; the campaign covers its subtree.' })
  scope(@CurrentActor() actor: Actor, @Parent() campaign: Campaign, @Loaders() loaders: RequestLoaders) {
    return this.organizations.loader(actor, loaders).load(campaign.scope.id);
  }

  @ResolveField(() => [Requirement])
  requirements(@Parent() campaign: Campaign, @Loaders() loaders: RequestLoaders) {
    return loaders.get('requirements', (ids: readonly number[]) => this.service.requirementsOf(ids)).load(campaign.id);
  }
}

@Resolver(() => CampaignUnit)
export class CampaignUnitResolver {
  constructor(private readonly organizations: OrganizationService) {}

  @ResolveField(() => OrganizationSummary)
  organization(@CurrentActor() actor: Actor, @Parent() unit: CampaignUnit, @Loaders() loaders: RequestLoaders) {
    return this.organizations.loader(actor, loaders).load(unit.organization.id);
  }
}
