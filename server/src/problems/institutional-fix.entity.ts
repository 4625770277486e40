import { Entity, Enum, Index, ManyToMany, ManyToOne, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';
import { BigIntType, Collection, OptionalProps, type Ref } from '@mikro-orm/core';
import { Field, GraphQLISODateTime, ID, ObjectType, registerEnumType } from '@nestjs/graphql';
import { Campaign } from '../campaigns/campaign.entity.js';
import { Organization } from '../organizations/organization.entity.js';
import { Problem } from './problem.entity.js';

export enum FixAction {
  ADOPTED = 'ADOPTED',
  REVISED = 'REVISED',
  ABOLISHED = 'ABOLISHED',
}
registerEnumType(FixAction, { name: 'FixAction', description: '制度建设: a rule adopted (立), revised (改) or abolished (废).' });

@ObjectType({ description: '制度建设 (长久立): a rule adopted, revised or abolished, answering problems.' })
@Entity({ tableName: 'institutional_fix' })
@Index({ properties: ['campaign', 'organization'] })
export class InstitutionalFix {
  [OptionalProps]?: 'document' | 'createdAt' | 'createdBy' | 'problems';

  @Field(() => ID)
  @PrimaryKey({ type: new BigIntType('string'), autoincrement: true })
  id!: string;

  @ManyToOne(() => Campaign, { ref: true, deleteRule: 'restrict' })
  campaign!: Ref<Campaign>;

  @ManyToOne(() => Organization, { ref: true, deleteRule: 'restrict' })
  organization!: Ref<Organization>;

  @Field(() => FixAction)
  @Enum({ items: () => FixAction })
  action!: FixAction;

  @Field({ description: 'The rule’s title, e.g. 《重大项目决策论证办法》.' })
  @Property({ type: 'string', length: 200 })
  title!: string;

  @Field({ description: 'YYYY-MM-DD the rule took effect (or was abolished).' })
  @Property({ type: 'date' })
  effectiveOn!: string;

  @Field(() => String, { nullable: true, description: 'sha256 of the document, uploaded as evidence for the unit.' })
  @Property({ type: 'character', length: 64, nullable: true })
  document?: string | null;

  @ManyToMany(() => Problem, undefined, { pivotTable: 'institutional_fix_problem', joinColumn: 'fix_id', inverseJoinColumn: 'problem_id' })
  problems = new Collection<Problem>(this);

  @Property({ type: 'integer', nullable: true })
  createdBy?: number | null;

  @Field(() => GraphQLISODateTime)
  @Property({ type: 'datetime', defaultRaw: 'now()' })
  createdAt: Date = new Date();
}
