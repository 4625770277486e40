import { Global, Module } from '@nestjs/common';
import { MikroOrmModule } from '@mikro-orm/nestjs';
import { OrganizationsModule } from '../organizations/organizations.module.js';
import { AuditEvent } from './audit-event.entity.js';
import { AuditResolver } from './audit.resolver.js';
import { AuditService } from './audit.service.js';

/** Global: every module that changes data records its events through AuditService. */
@Global()
@Module({
  imports: [MikroOrmModule.forFeature([AuditEvent])],
  providers: [AuditService],
  exports: [AuditService],
})
export class AuditModule {}

/** The audit log as a query; apart from AuditModule because it names units, which record events themselves. */
@Module({
  imports: [OrganizationsModule],
  providers: [AuditResolver],
})
export class AuditLogModule {}
