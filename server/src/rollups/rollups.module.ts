import { Module } from '@nestjs/common';
import { RollupFiguresResolver, RollupResolver } from './rollup.resolver.js';
import { RollupService } from './rollup.service.js';
import { RollupUpkeep } from './rollup-upkeep.service.js';
import { EscalationService } from './escalation.service.js';

@Module({
  providers: [RollupService, RollupResolver, RollupFiguresResolver, RollupUpkeep, EscalationService],
  exports: [RollupUpkeep, EscalationService],
})
export class RollupsModule {}
