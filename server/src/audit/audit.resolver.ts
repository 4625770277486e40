import { ArgsType, Args, Field, GraphQLISODateTime, ID, ObjectType, Query, Resolver } from '@nestjs/graphql';
import { IsDate, IsOptional, IsString, MaxLength } from 'class-validator';
import { type Actor, CurrentActor } from '../authorization/actor.js';
import { organizationTarget, RequireRole } from '../authorization/allow.decorator.js';
import { Role } from '../authorization/role.js';
import { Connection, PageArgs, toConnection } from '../common/pagination.js';
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
  constructor(private readonly audit: AuditService) {}

  @RequireRole([Role.ADMIN, Role.AUDITOR], organizationTarget('organizationId', { optional: true }))
  @Query(() => AuditEventConnection, { description: 'The audit trail of the units an ADMIN or AUDITOR reaches.' })
  async auditEvents(@CurrentActor() actor: Actor, @Args() args: AuditEventsArgs) {
    return toConnection(await this.audit.list(actor, args), (event) => [event.id]);
  }
}
