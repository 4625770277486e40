import { Module } from '@nestjs/common';
import { MikroOrmModule } from '@mikro-orm/nestjs';
import { EvidenceController } from './evidence.controller.js';
import { EvidenceFile, EvidenceUpload } from './evidence.entity.js';
import { EvidenceService } from './evidence.service.js';

@Module({
  imports: [MikroOrmModule.forFeature([EvidenceFile, EvidenceUpload])],
  controllers: [EvidenceController],
  providers: [EvidenceService],
  exports: [EvidenceService],
})
export class EvidenceModule {}
