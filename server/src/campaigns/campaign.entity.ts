import { Entity, Enum, Index, ManyToOne, OneToMany, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';
import { Collection, OptionalProps, type Ref, type Rel } from '@mikro-orm/core';
import { Field, GraphQLISODateTime, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { OrganizationKind } from '../organizations/organization-kind.js';
import { Organization } from '../organizations/organization.entity.js';
import { SessionType } from '../sessions/session-type.js';

export enum CampaignStatus {
  DRAFT = 'DRAFT',
  ACTIVE = 'ACTIVE',
  CLOSED = 'CLOSED',
}
registerEnumType(CampaignStatus, { name: 'CampaignStatus', description: 'DRAFT (being set up) → ACTIVE (units log) → CLOSED.' });

export enum RequirementKind {
  SESSIONS = 'SESSIONS',
  PROBLEM_CHECKLIST = 'PROBLEM_CHECKLIST',
}
registerEnumType(RequirementKind, {
  name: 'RequirementKind',
  description: 'SESSIONS: at least `minCount` sessions of `sessionType`; PROBLEM_CHECKLIST: a problem checklist (查摆问题清单).',
});

export const CAMPAIGN_TITLE_MAX = 200;

@ObjectType({ description: '学习教育: one campaign for the subtree of the unit that launched it.' })
@Entity({ tableName: 'campaign' })
@Index({ properties: ['scope'] })
export class Campaign {
  [OptionalProps]?: 'status' | 'summary' | 'version' | 'createdAt' | 'updatedAt' | 'closedAt' | 'requirements' | 'createdBy';

  @Field(() => ID)
  @PrimaryKey({ type: 'integer', autoincrement: true })
  id!: number;

  @Field()
  @Property({ type: 'string', length: CAMPAIGN_TITLE_MAX })
  title!: string;

  @Field({ description: 'What the campaign is about (部署要求).' })
  @Property({ type: 'text', default: '' })
  summary: string = '';

  /** The unit that launched it; the campaign covers its whole subtree. */
  @ManyToOne(() => Organization, { ref: true, deleteRule: 'restrict' })
  scope!: Ref<Organization>;

  @Field({ description: 'First day, YYYY-MM-DD.' })
  @Property({ type: 'date' })
  startsOn!: string;

  @Field({ description: 'Last day, YYYY-MM-DD.' })
  @Property({ type: 'date' })
  endsOn!: string;

  @Field(() => CampaignStatus)
  @Enum({ items: () => CampaignStatus, default: CampaignStatus.ACTIVE })
  status: CampaignStatus = CampaignStatus.ACTIVE;

  @OneToMany(() => Requirement, (r) => r.campaign, { orderBy: { position: 'asc' }, orphanRemoval: true })
  requirements = new Collection<Requirement>(this);

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

  @Field(() => GraphQLISODateTime, { nullable: true })
  @Property({ type: 'datetime', nullable: true })
  closedAt?: Date | null;
}

@ObjectType({ description: '规定动作: what each participating unit of the listed kinds must do.' })
@Entity({ tableName: 'requirement' })
export class Requirement {
  [OptionalProps]?: 'sessionType' | 'minCount';

  @Field(() => ID)
  @PrimaryKey({ type: 'integer', autoincrement: true })
  id!: number;

  @ManyToOne(() => Campaign, { deleteRule: 'cascade' })
  campaign!: Rel<Campaign>;

  @Property({ type: 'smallint' })
  position!: number;

  @Field({ description: 'As shown to units, e.g. 至少举办 2 期读书班.' })
  @Property({ type: 'string', length: 200 })
  title!: string;

  @Field(() => RequirementKind)
  @Enum({ items: () => RequirementKind })
  kind!: RequirementKind;

  @Field(() => SessionType, { nullable: true })
  @Enum({ items: () => SessionType, nullable: true })
  sessionType?: SessionType | null;

  @Field(() => Int, { description: 'How many sessions (SESSIONS) or problems listed (PROBLEM_CHECKLIST) at least.' })
  @Property({ type: 'smallint', default: 1 })
  minCount: number = 1;

  @Field(() => [OrganizationKind], { description: 'Unit kinds it applies to.' })
  @Enum({ items: () => OrganizationKind, array: true })
  appliesTo!: OrganizationKind[];
}

@ObjectType({ description: 'A unit’s own standing in a campaign: exempted, and when it launched (启动部署).' })
@Entity({ tableName: 'campaign_unit' })
export class CampaignUnit {
  [OptionalProps]?: 'exempt' | 'exemptReason' | 'exemptedBy' | 'exemptedAt' | 'launchedOn' | 'launchedBy';

  @ManyToOne(() => Campaign, { primary: true, deleteRule: 'cascade' })
  campaign!: Rel<Campaign>;

  @ManyToOne(() => Organization, { primary: true, deleteRule: 'restrict' })
  organization!: Rel<Organization>;

  @Field({ description: 'Exempted units (免于参加) stop counting as participating.' })
  @Property({ type: 'boolean', default: false })
  exempt: boolean = false;

  @Field(() => String, { nullable: true })
  @Property({ type: 'string', length: 500, nullable: true })
  exemptReason?: string | null;

  @Field(() => String, { nullable: true, description: 'Username of who approved the exemption.' })
  @Property({ type: 'string', length: 64, nullable: true })
  exemptedBy?: string | null;

  @Field(() => GraphQLISODateTime, { nullable: true })
  @Property({ type: 'datetime', nullable: true })
  exemptedAt?: Date | null;

  @Field(() => String, { nullable: true, description: '启动部署 date, YYYY-MM-DD.' })
  @Property({ type: 'date', nullable: true })
  launchedOn?: string | null;

  @Property({ type: 'integer', nullable: true })
  launchedBy?: number | null;
}
