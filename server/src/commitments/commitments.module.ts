import { Module } from '@nestjs/common';
import { MikroOrmModule } from '@mikro-orm/nestjs';
import { CampaignsModule } from '../campaigns/campaigns.module.js';
import { OrganizationsModule } from '../organizations/organizations.module.js';
import { Commitment, CommitmentProgress } from './commitment.entity.js';
import { CommitmentResolver } from './commitment.resolver.js';
import { CommitmentService } from './commitment.service.js';

@Module({
  imports: [MikroOrmModule.forFeature([Commitment, CommitmentProgress]), CampaignsModule, OrganizationsModule],
  providers: [CommitmentService, CommitmentResolver],
})
export class CommitmentsModule {}
