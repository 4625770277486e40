import { Module } from '@nestjs/common';
import { CampaignsModule } from '../campaigns/campaigns.module.js';
import { EvidenceModule } from '../evidence/evidence.module.js';
import { ExportsController } from './export.controller.js';
import { ExportResolver } from './export.resolver.js';
import { ExportService } from './export.service.js';
import { RollupReportResolver } from './rollup-report.resolver.js';
import { RollupReportService } from './rollup-report.service.js';
import { SigningKeyService } from './signing-key.js';

@Module({
  imports: [CampaignsModule, EvidenceModule],
  controllers: [ExportsController],
  providers: [ExportService, ExportResolver, SigningKeyService, RollupReportService, RollupReportResolver],
})
export class ExportsModule {}
