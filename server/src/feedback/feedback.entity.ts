import { Entity, Enum, Index, ManyToOne, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';
import { BigIntType, OptionalProps, type Ref } from '@mikro-orm/core';
import { Field, GraphQLISODateTime, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { Campaign } from '../campaigns/campaign.entity.js';
import { Organization } from '../organizations/organization.entity.js';

export enum FeedbackChannel {
  ONLINE_MESSAGE = 'ONLINE_MESSAGE',
  LETTER = 'LETTER',
  VISIT = 'VISIT',
  HOTLINE = 'HOTLINE',
  SURVEY = 'SURVEY',
}
registerEnumType(FeedbackChannel, { name: 'FeedbackChannel', description: '网络留言, 来信, 接访, 热线, 问卷 / 座谈.' });

@ObjectType({ description: '群众意见: one piece of feedback a unit received, its reply, and the problem it became.' })
@Entity({ tableName: 'feedback' })
@Index({ properties: ['campaign', 'organization'] })
export class Feedback {
  [OptionalProps]?: 'reply' | 'repliedOn' | 'repliedBy' | 'problemId' | 'version' | 'createdAt' | 'createdBy';

  @Field(() => ID)
  @PrimaryKey({ type: new BigIntType('string'), autoincrement: true })
  id!: string;

  @ManyToOne(() => Campaign, { ref: true, deleteRule: 'restrict' })
  campaign!: Ref<Campaign>;

  @ManyToOne(() => Organization, { ref: true, deleteRule: 'restrict' })
  organization!: Ref<Organization>;

  @Field(() => FeedbackChannel)
  @Enum({ items: () => FeedbackChannel })
  channel!: FeedbackChannel;

  @Field()
  @Property({ type: 'text' })
  content!: string;

  @Field({ description: 'YYYY-MM-DD.' })
  @Property({ type: 'date' })
  receivedOn!: string;

  @Field(() => String, { nullable: true, description: '答复: replied feedback counts towards 办结率.' })
  @Property({ type: 'text', nullable: true })
  reply?: string | null;

  @Field(() => String, { nullable: true })
  @Property({ type: 'date', nullable: true })
  repliedOn?: string | null;

  @Field(() => String, { nullable: true })
  @Property({ type: 'string', length: 64, nullable: true })
  repliedBy?: string | null;

  @Field(() => ID, { nullable: true, description: 'The problem it was converted into (source PUBLIC_OPINION).' })
  @Property({ type: new BigIntType('string'), nullable: true })
  problemId?: string | null;

  @Property({ type: 'integer', nullable: true })
  createdBy?: number | null;

  @Field(() => Int)
  @Property({ version: true, type: 'integer', default: 1 })
  version!: number;

  @Field(() => GraphQLISODateTime)
  @Property({ type: 'datetime', defaultRaw: 'now()' })
  createdAt: Date = new Date();
}
