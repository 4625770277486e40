import { Module } from '@nestjs/common';
import { MikroOrmModule } from '@mikro-orm/nestjs';
import { CampaignsModule } from '../campaigns/campaigns.module.js';
import { OrganizationsModule } from '../organizations/organizations.module.js';
import { SessionResolver, StudyPlanItemResolver } from './session.resolver.js';
import { SessionService } from './session.service.js';
import { StudyPlanItem, StudySession } from './study-session.entity.js';

@Module({
  imports: [MikroOrmModule.forFeature([StudySession, StudyPlanItem]), CampaignsModule, OrganizationsModule],
  providers: [SessionService, SessionResolver, StudyPlanItemResolver],
})
export class SessionsModule {}
