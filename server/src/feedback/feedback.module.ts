import { Module } from '@nestjs/common';
import { MikroOrmModule } from '@mikro-orm/nestjs';
import { CampaignsModule } from '../campaigns/campaigns.module.js';
import { OrganizationsModule } from '../organizations/organizations.module.js';
import { ProblemsModule } from '../problems/problems.module.js';
import { Feedback } from './feedback.entity.js';
import { FeedbackResolver } from './feedback.resolver.js';
import { FeedbackService } from './feedback.service.js';

@Module({
  imports: [MikroOrmModule.forFeature([Feedback]), CampaignsModule, OrganizationsModule, ProblemsModule],
  providers: [FeedbackService, FeedbackResolver],
})
export class FeedbackModule {}
