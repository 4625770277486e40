import { Module } from '@nestjs/common';
import { MikroOrmModule } from '@mikro-orm/nestjs';
import { CampaignsModule } from '../campaigns/campaigns.module.js';
import { EvidenceModule } from '../evidence/evidence.module.js';
import { OrganizationsModule } from '../organizations/organizations.module.js';
import { FlagService } from './flag.service.js';
import { LedgerService } from './ledger.service.js';
import { FormalismFlag, Problem, ProblemMeasure, RectificationRecord } from './problem.entity.js';
import { FormalismFlagResolver, ProblemMeasureResolver, ProblemResolver, RectificationRecordResolver } from './problem.resolver.js';
import { ProblemService } from './problem.service.js';
import { InstitutionalFix } from './institutional-fix.entity.js';
import { InstitutionalFixResolver } from './institutional-fix.resolver.js';
import { InstitutionalFixService } from './institutional-fix.service.js';

@Module({
  imports: [
    MikroOrmModule.forFeature([Problem, ProblemMeasure, RectificationRecord, FormalismFlag, InstitutionalFix]),
    CampaignsModule,
    OrganizationsModule,
    EvidenceModule,
  ],
  providers: [
    ProblemService,
    LedgerService,
    FlagService,
    ProblemResolver,
    ProblemMeasureResolver,
    RectificationRecordResolver,
    FormalismFlagResolver,
    InstitutionalFixService,
    InstitutionalFixResolver,
  ],
  exports: [ProblemService, LedgerService],
})
export class ProblemsModule {}
