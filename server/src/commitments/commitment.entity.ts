import { Entity, Enum, Index, ManyToOne, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';
import { BigIntType, OptionalProps, type Ref } from '@mikro-orm/core';
import { Field, GraphQLISODateTime, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { Campaign } from '../campaigns/campaign.entity.js';
import { Organization } from '../organizations/organization.entity.js';

export enum CommitmentKind {
  PEOPLE = 'PEOPLE',
  ENTERPRISE = 'ENTERPRISE',
}
registerEnumType(CommitmentKind, { name: 'CommitmentKind', description: '惠民实事 (PEOPLE) or 惠企实事 (ENTERPRISE).' });

export enum CommitmentStatus {
  PLEDGED = 'PLEDGED',
  IN_PROGRESS = 'IN_PROGRESS',
  DONE = 'DONE',
}
registerEnumType(CommitmentStatus, { name: 'CommitmentStatus', description: '已承诺 → 推进中 → 已办结.' });

@ObjectType({ description: '惠民实事 / 惠企实事: a public pledge tracked to done.' })
@Entity({ tableName: 'commitment' })
@Index({ properties: ['campaign', 'organization'] })
export class Commitment {
  [OptionalProps]?: 'description' | 'status' | 'doneOn' | 'version' | 'createdAt' | 'createdBy';

  @Field(() => ID)
  @PrimaryKey({ type: new BigIntType('string'), autoincrement: true })
  id!: string;

  @ManyToOne(() => Campaign, { ref: true, deleteRule: 'restrict' })
  campaign!: Ref<Campaign>;

  @ManyToOne(() => Organization, { ref: true, deleteRule: 'restrict' })
  organization!: Ref<Organization>;

  @Field(() => CommitmentKind)
  @Enum({ items: () => CommitmentKind })
  kind!: CommitmentKind;

  @Field()
  @Property({ type: 'string', length: 200 })
  title!: string;

  @Field()
  @Property({ type: 'text', default: '' })
  description: string = '';

  @Field({ description: 'YYYY-MM-DD it is promised by.' })
  @Property({ type: 'date' })
  dueOn!: string;

  @Field(() => CommitmentStatus)
  @Enum({ items: () => CommitmentStatus, default: CommitmentStatus.PLEDGED })
  status: CommitmentStatus = CommitmentStatus.PLEDGED;

  @Field(() => String, { nullable: true })
  @Property({ type: 'date', nullable: true })
  doneOn?: string | null;

  @Property({ type: 'integer', nullable: true })
  createdBy?: number | null;

  @Field(() => Int)
  @Property({ version: true, type: 'integer', default: 1 })
  version!: number;

  @Field(() => GraphQLISODateTime)
  @Property({ type: 'datetime', defaultRaw: 'now()' })
  createdAt: Date = new Date();
}

@ObjectType({ description: 'One progress note on a commitment.' })
@Entity({ tableName: 'commitment_progress' })
@Index({ properties: ['commitment'] })
export class CommitmentProgress {
  [OptionalProps]?: 'at';

  @Field(() => ID)
  @PrimaryKey({ type: new BigIntType('string'), autoincrement: true })
  id!: string;

  @ManyToOne(() => Commitment, { ref: true, deleteRule: 'cascade' })
  commitment!: Ref<Commitment>;

  @Field()
  @Property({ type: 'text' })
  note!: string;

  @Field(() => String, { nullable: true })
  @Property({ type: 'string', length: 64, nullable: true })
  actorName?: string | null;

  @Field(() => GraphQLISODateTime)
  @Property({ type: 'datetime', defaultRaw: 'now()' })
  at: Date = new Date();
}
