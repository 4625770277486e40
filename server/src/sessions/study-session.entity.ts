import { Entity, Enum, Index, ManyToOne, PrimaryKey, Property, Unique } from '@mikro-orm/decorators/legacy';
import { BigIntType, OptionalProps, type Ref } from '@mikro-orm/core';
import { Field, Float, GraphQLISODateTime, ID, Int, ObjectType } from '@nestjs/graphql';
import { Campaign } from '../campaigns/campaign.entity.js';
import { Organization } from '../organizations/organization.entity.js';
import { Audience, SessionType } from './session-type.js';

export const TOPIC_MAX = 200;
export const SUMMARY_MAX = 20_000;

@ObjectType({ description: '学习活动: one session a unit held.' })
@Entity({ tableName: 'study_session' })
@Index({ properties: ['campaign', 'organization', 'type'] })
@Index({ properties: ['campaign', 'heldOn'] })
@Unique({ name: 'study_session_client_request_unique', properties: ['organization', 'clientRequestId'] })
export class StudySession {
  [OptionalProps]?:
    | 'audiences'
    | 'presenter'
    | 'location'
    | 'summary'
    | 'clientRequestId'
    | 'planItemId'
    | 'version'
    | 'createdAt'
    | 'updatedAt'
    | 'deletedAt'
    | 'deletedBy'
    | 'createdBy'
    | 'amendments';

  @Field(() => ID)
  @PrimaryKey({ type: new BigIntType('string'), autoincrement: true })
  id!: string;

  @ManyToOne(() => Campaign, { ref: true, deleteRule: 'restrict' })
  campaign!: Ref<Campaign>;

  @ManyToOne(() => Organization, { ref: true, deleteRule: 'restrict' })
  organization!: Ref<Organization>;

  @Field(() => SessionType)
  @Enum({ items: () => SessionType })
  type!: SessionType;

  @Field()
  @Property({ type: 'string', length: TOPIC_MAX })
  topic!: string;

  @Field({ description: 'YYYY-MM-DD, inside the campaign and not in the future.' })
  @Property({ type: 'date' })
  heldOn!: string;

  @Field(() => Float, { description: 'Hours, more than 0 and at most 24.' })
  @Property({ type: 'decimal', precision: 4, scale: 1, runtimeType: 'number' })
  hours!: number;

  @Field(() => Int, { description: '应到人数.' })
  @Property({ type: 'integer' })
  expectedAttendance!: number;

  @Field(() => Int, { description: '实到人数, at most the expected.' })
  @Property({ type: 'integer' })
  actualAttendance!: number;

  @Field(() => [Audience])
  @Enum({ items: () => Audience, array: true, default: [] })
  audiences: Audience[] = [];

  @Field({ description: '主讲人 / 主持人.' })
  @Property({ type: 'string', length: 100, default: '' })
  presenter: string = '';

  @Field()
  @Property({ type: 'string', length: 200, default: '' })
  location: string = '';

  @Field({ description: 'What was studied and discussed, at most 20,000 characters.' })
  @Property({ type: 'text', default: '' })
  summary: string = '';

  @Property({ type: 'string', length: 100, nullable: true })
  clientRequestId?: string | null;

  @Field(() => ID, { nullable: true, description: 'The plan item this session carried out.' })
  @Property({ type: new BigIntType('string'), nullable: true })
  planItemId?: string | null;

  @Field(() => Int, { description: 'Edits made after the edit window, each with a note in the audit trail.' })
  @Property({ type: 'integer', default: 0 })
  amendments: number = 0;

  @Property({ type: 'integer', nullable: true })
  createdBy?: number | null;

  @Field(() => Int)
  @Property({ version: true, type: 'integer', default: 1 })
  version!: number;

  @Field(() => GraphQLISODateTime)
  @Property({ type: 'datetime', defaultRaw: 'now()' })
  createdAt: Date = new Date();

  @Field(() => GraphQLISODateTime)
  @Property({ type: 'datetime', defaultRaw: 'now()', onUpdate: () => new Date() })
  updatedAt: Date = new Date();

  /** Soft delete: the record stays for the audit trail and stops counting. */
  @Property({ type: 'datetime', nullable: true })
  deletedAt?: Date | null;

  @Property({ type: 'integer', nullable: true })
  deletedBy?: number | null;
}

@ObjectType({ description: '学习计划 item: a session a unit plans to hold.' })
@Entity({ tableName: 'study_plan_item' })
@Index({ properties: ['campaign', 'organization'] })
export class StudyPlanItem {
  [OptionalProps]?: 'createdAt';

  @Field(() => ID)
  @PrimaryKey({ type: new BigIntType('string'), autoincrement: true })
  id!: string;

  @ManyToOne(() => Campaign, { ref: true, deleteRule: 'cascade' })
  campaign!: Ref<Campaign>;

  @ManyToOne(() => Organization, { ref: true, deleteRule: 'restrict' })
  organization!: Ref<Organization>;

  @Field(() => SessionType)
  @Enum({ items: () => SessionType })
  type!: SessionType;

  @Field()
  @Property({ type: 'date' })
  plannedOn!: string;

  @Field()
  @Property({ type: 'string', length: TOPIC_MAX })
  topic!: string;

  @Field(() => GraphQLISODateTime)
  @Property({ type: 'datetime', defaultRaw: 'now()' })
  createdAt: Date = new Date();
}
