import { Module } from '@nestjs/common';
import { MikroOrmModule } from '@mikro-orm/nestjs';
import { ImportJob } from './import/import-job.entity.js';
import { ImportJobResolver } from './import/import-job.resolver.js';
import { OrganizationImportController } from './import/organization-import.controller.js';
import { OrganizationImportService } from './import/organization-import.service.js';
import { Organization } from './organization.entity.js';
import { OrganizationResolver } from './organization.resolver.js';
import { OrganizationService } from './organization.service.js';

@Module({
  imports: [MikroOrmModule.forFeature([Organization, ImportJob])],
  controllers: [OrganizationImportController],
  providers: [OrganizationService, OrganizationResolver, OrganizationImportService, ImportJobResolver],
  exports: [OrganizationService, OrganizationImportService],
})
export class OrganizationsModule {}
