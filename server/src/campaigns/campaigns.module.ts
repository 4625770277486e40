import { Module } from '@nestjs/common';
import { MikroOrmModule } from '@mikro-orm/nestjs';
import { OrganizationsModule } from '../organizations/organizations.module.js';
import { Campaign, CampaignUnit, Requirement } from './campaign.entity.js';
import { CampaignResolver, CampaignUnitResolver } from './campaign.resolver.js';
import { CampaignService } from './campaign.service.js';

@Module({
  imports: [MikroOrmModule.forFeature([Campaign, Requirement, CampaignUnit]), OrganizationsModule],
  providers: [CampaignService, CampaignResolver, CampaignUnitResolver],
  exports: [CampaignService],
})
export class CampaignsModule {}
