import { Entity, Enum, Index, ManyToOne, PrimaryKey, Property, Unique } from '@mikro-orm/decorators/legacy';
import { BigIntType, OptionalProps, type Ref } from '@mikro-orm/core';
import { Field, GraphQLISODateTime, ID, ObjectType, registerEnumType } from '@nestjs/graphql';
import { Campaign } from '../campaigns/campaign.entity.js';
import { Organization } from '../organizations/organization.entity.js';
import { User } from '../accounts/user.entity.js';
import { JSONScalar } from '../common/json.scalar.js';

export enum NotificationKind {
  ESCALATION = 'ESCALATION',
}
registerEnumType(NotificationKind, {
  name: 'NotificationKind',
  description:
    'ESCALATION: the daily 督办 telling a unit which units directly below it are behind and which of their problems are overdue.',
});

@ObjectType({ description: 'An in-app notification (站内提醒) for one user.' })
@Entity({ tableName: 'notification' })
@Index({ properties: ['user', 'id'] })
@Index({ name: 'notification_unread_index', properties: ['user'], where: 'read_at IS NULL' })
@Unique({ properties: ['user', 'kind', 'campaign', 'organization', 'day'] })
export class Notification {
  [OptionalProps]?: 'createdAt' | 'readAt';

  @Field(() => ID)
  @PrimaryKey({ type: new BigIntType('string'), autoincrement: true })
  id!: string;

  @ManyToOne(() => User, { ref: true, deleteRule: 'cascade' })
  user!: Ref<User>;

  @Field(() => NotificationKind)
  @Enum({ items: () => NotificationKind })
  kind!: NotificationKind;

  @ManyToOne(() => Campaign, { ref: true, deleteRule: 'cascade' })
  campaign!: Ref<Campaign>;

  /** The unit told: the parent of the units the notification is about. */
  @ManyToOne(() => Organization, { ref: true, deleteRule: 'cascade' })
  organization!: Ref<Organization>;

  @Field({ description: 'The campaign day it is about, YYYY-MM-DD.' })
  @Property({ type: 'date' })
  day!: string;

  @Field(() => JSONScalar, {
    description: '{ unitsBehind, units: [{ id, name, reasons }], overdueProblems, problems: [{ id, unitName, description, deadline }] }',
  })
  @Property({ type: 'jsonb' })
  payload!: unknown;

  @Field(() => GraphQLISODateTime)
  @Property({ type: 'datetime', defaultRaw: 'now()' })
  createdAt: Date = new Date();

  @Field(() => GraphQLISODateTime, { nullable: true })
  @Property({ type: 'datetime', nullable: true })
  readAt?: Date | null;
}
