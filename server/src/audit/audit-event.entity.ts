import { Entity, Enum, Index, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';
import { BigIntType, OptionalProps } from '@mikro-orm/core';
import { Field, GraphQLISODateTime, ID, ObjectType, registerEnumType } from '@nestjs/graphql';
import { JSONScalar } from '../common/json.scalar.js';

export enum AuditOutcome {
  SUCCEEDED = 'SUCCEEDED',
  REFUSED = 'REFUSED',
  LOCKED = 'LOCKED',
}
registerEnumType(AuditOutcome, { name: 'AuditOutcome', description: 'How the operation ended.' });

@ObjectType({ description: 'Who did what, when, to which record: before and after, secrets redacted.' })
@Entity({ tableName: 'audit_event' })
@Index({ properties: ['organizationPath'], type: 'gist' })
@Index({ properties: ['at'] })
@Index({ properties: ['actorId', 'at'] })
export class AuditEvent {
  [OptionalProps]?: 'at' | 'outcome';

  @Field(() => ID)
  @PrimaryKey({ type: new BigIntType('string'), autoincrement: true })
  id!: string;

  @Field(() => GraphQLISODateTime)
  @Property({ type: 'datetime', defaultRaw: 'now()' })
  at: Date = new Date();

  @Field(() => String, { nullable: true, description: 'User id of the actor; null for the server itself or an anonymous caller.' })
  @Property({ type: 'integer', nullable: true })
  actorId?: number | null;

  @Field(() => String, { nullable: true, description: 'Username of the actor (or the name typed at a failed sign-in).' })
  @Property({ type: 'string', length: 255, nullable: true })
  actorName?: string | null;

  @Field({ description: 'The GraphQL mutation or endpoint, e.g. updateOrganization.' })
  @Property({ type: 'string', length: 100 })
  operation!: string;

  @Field({ description: 'Organization, User, Grant, ImportJob, …' })
  @Property({ type: 'string', length: 50 })
  entityType!: string;

  @Field(() => String, { nullable: true })
  @Property({ type: 'string', length: 100, nullable: true })
  entityId?: string | null;

  @Field(() => String, { nullable: true, description: 'The unit the record belongs to; it decides who may read the event.' })
  @Property({ type: 'integer', nullable: true })
  organizationId?: number | null;

  @Property({ columnType: 'ltree', type: 'string', nullable: true })
  organizationPath?: string | null;

  @Field(() => AuditOutcome)
  @Enum({ items: () => AuditOutcome, default: AuditOutcome.SUCCEEDED })
  outcome: AuditOutcome = AuditOutcome.SUCCEEDED;

  @Field(() => JSONScalar, { nullable: true })
  @Property({ type: 'json', nullable: true })
  before?: unknown;

  @Field(() => JSONScalar, { nullable: true })
  @Property({ type: 'json', nullable: true })
  after?: unknown;
}
