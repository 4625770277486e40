import { Module } from '@nestjs/common';
import { MikroOrmModule } from '@mikro-orm/nestjs';
import { OrganizationImportHandler } from './import/organization-import.handler.js';
import { Organization } from './organization.entity.js';
import { OrganizationResolver } from './organization.resolver.js';
import { OrganizationService } from './organization.service.js';
import { RollupsModule } from '../rollups/rollups.module.js';

@Module({
  imports: [MikroOrmModule.forFeature([Organization]), RollupsModule],
  providers: [OrganizationService, OrganizationResolver, OrganizationImportHandler],
  exports: [OrganizationService],
})
export class OrganizationsModule {}
