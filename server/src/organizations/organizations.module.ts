import { Module } from '@nestjs/common';
import { MikroOrmModule } from '@mikro-orm/nestjs';
import { OrganizationImportHandler } from './import/organization-import.handler.js';
import { Organization } from './organization.entity.js';
import { OrganizationResolver } from './organization.resolver.js';
import { OrganizationService } from './organization.service.js';

@Module({
  imports: [MikroOrmModule.forFeature([Organization])],
  providers: [OrganizationService, OrganizationResolver, OrganizationImportHandler],
  exports: [OrganizationService],
})
export class OrganizationsModule {}
