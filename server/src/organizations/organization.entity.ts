import { BeforeCreate, BeforeUpdate, Check, Entity, Enum, Index, ManyToOne, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';
import { OptionalProps, type Ref } from '@mikro-orm/core';
import { Field, GraphQLISODateTime, ID, Int, ObjectType } from '@nestjs/graphql';
import { OrganizationKind } from './organization-kind.js';
import { searchGramsOf } from './search-grams.js';

export const ORGANIZATION_CODE_MAX = 64;
export const ORGANIZATION_NAME_MAX = 100;

@ObjectType({ description: '党组织 / 单位: a node of the unit tree.' })
@Entity({ tableName: 'organization' })
@Index({ properties: ['path'], type: 'gist' })
@Index({ properties: ['searchGrams'], type: 'gin' })
@Index({ name: 'organization_parent_id_index', properties: ['parent', 'code'] })
@Check({ name: 'organization_member_count_check', expression: 'member_count >= 0' })
export class Organization {
  [OptionalProps]?: 'memberCount' | 'version' | 'createdAt' | 'updatedAt' | 'archivedAt' | 'parent' | 'searchGrams';

  @Field(() => ID)
  @PrimaryKey({ type: 'integer', autoincrement: true })
  id!: number;

  @Field({ description: '单位代码, unique across the whole tree.' })
  @Property({ type: 'string', length: ORGANIZATION_CODE_MAX, unique: true })
  code!: string;

  @Field({ description: '单位名称.' })
  @Property({ type: 'string', length: ORGANIZATION_NAME_MAX })
  name!: string;

  @Field(() => OrganizationKind)
  @Enum({ items: () => OrganizationKind, nativeEnumName: undefined })
  kind!: OrganizationKind;

  @ManyToOne(() => Organization, { nullable: true, ref: true, deleteRule: 'restrict', updateRule: 'cascade' })
  parent?: Ref<Organization> | null;

  /** Materialized path of ids (`1.5.42`), kept in the same transaction as every move. */
  @Property({ columnType: 'ltree', type: 'string' })
  path!: string;

  @Field(() => Int, { description: '层级: 1 for a root unit, 2 for its children, and so on.' })
  @Property({ type: 'smallint' })
  depth!: number;

  @Field(() => Int, { description: '党员数.' })
  @Property({ type: 'integer', default: 0 })
  memberCount: number = 0;

  @Field(() => GraphQLISODateTime, { nullable: true, description: '撤销 time; archived units keep their history.' })
  @Property({ type: 'datetime', nullable: true })
  archivedAt?: Date | null;

  @Field(() => Int, { description: 'Pass it back to updateOrganization; a stale version gets CONFLICT.' })
  @Property({ version: true, type: 'integer', default: 1 })
  version!: number;

  @Field(() => GraphQLISODateTime)
  @Property({ type: 'datetime', defaultRaw: 'now()' })
  createdAt: Date = new Date();

  @Field(() => GraphQLISODateTime)
  @Property({ type: 'datetime', defaultRaw: 'now()', onUpdate: () => new Date() })
  updatedAt: Date = new Date();

  /** Unigrams and bigrams of name and code: a GIN index on them answers Chinese substring search. */
  @Property({ type: 'text[]', defaultRaw: "'{}'", lazy: true, hidden: true })
  searchGrams: string[] = [];

  @BeforeCreate()
  @BeforeUpdate()
  refreshSearchGrams() {
    this.searchGrams = searchGramsOf(this.name, this.code);
  }
}
