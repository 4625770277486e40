import { ArgsType, Args, Field, GraphQLISODateTime, ID, ObjectType, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { IsDate, IsOptional, IsString, MaxLength } from 'class-validator';
import { type Actor, CurrentActor } from '../authorization/actor.js';
import { organizationTarget, RequireRole } from '../authorization/allow.decorator.js';
import { Role } from '../authorization/role.js';
import { Loaders, RequestLoaders } from '../common/loaders.js';
import { Connection, PageArgs, toConnection } from '../common/pagination.js';
import { OrganizationSummary } from '../organizations/organization-summary.type.js';
import { OrganizationService } from '../organizations/organization.service.js';
import { AuditEvent } from './audit-event.entity.js';
import { AuditService } from './audit.service.js';

@ObjectType({ description: 'A page of audit events, newest first.' })
export class AuditEventConnection extends Connection(AuditEvent) {}

@ArgsType()
export class AuditEventsArgs extends PageArgs {
  @Field(() => ID, { nullable: true, description: 'Only events of this unit and the units below it.' })
  @IsOptional()
  @IsString()
  organizationId?: string | null;

  @Field(() => GraphQLISODateTime, { nullable: true, description: 'From this time on (inclusive).' })
  @IsOptional()
  @IsDate()
  from?: Date | null;

  @Field(() => GraphQLISODateTime, { nullable: true, description: 'Before this time.' })
  @IsOptional()
  @IsDate()
  to?: Date | null;

  @Field(() => String, { nullable: true, description: 'Username or user id of the actor.' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  actor?: string | null;
}

@Resolver(() => AuditEvent)
export class AuditResolver {
  constructor(
    private readonly audit: AuditService,
    private readonly organizations: OrganizationService,
  ) {}

  @RequireRole([Role.ADMIN, Role.AUDITOR], organizationTarget('organizationId', { optional: true }))
  @Query(() => AuditEventConnection, { description: 'The audit trail of the units an ADMIN or AUDITOR reaches.' })
  async auditEvents(@CurrentActor() actor: Actor, @Args() args: AuditEventsArgs) {
    return toConnection(await this.audit.list(actor, args), (event) => [event.id]);
  }

  @ResolveField(() => OrganizationSummary, { nullable: true, description: 'The unit the record belongs to.' })
  organization(@CurrentActor() actor: Actor, @Parent() event: AuditEvent, @Loaders() loaders: RequestLoaders) {
    return event.organizationId ? this.organizations.loader(actor, loaders).load(event.organizationId) : null;
  }
}
