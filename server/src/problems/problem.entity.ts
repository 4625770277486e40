import { Entity, Enum, Index, ManyToOne, OneToMany, PrimaryKey, Property, Unique } from '@mikro-orm/decorators/legacy';
import { BigIntType, Collection, OptionalProps, type Ref, type Rel } from '@mikro-orm/core';
import { Field, Float, GraphQLISODateTime, ID, Int, ObjectType } from '@nestjs/graphql';
import { Campaign } from '../campaigns/campaign.entity.js';
import { JSONScalar } from '../common/json.scalar.js';
import { Organization } from '../organizations/organization.entity.js';
import {
  FlagKind,
  ProblemCategory,
  ProblemResolution,
  ProblemScope,
  ProblemSource,
  ProblemStatus,
  RecordAction,
  RectificationKind,
} from './problem.enums.js';

export const DESCRIPTION_MAX = 2_000;
export const MEASURE_MAX = 1_000;
export const NOTE_MAX = 5_000;
export const PERSON_MAX = 50;

@ObjectType({ description: '查摆问题: one problem a unit found in itself, and where its rectification stands.' })
@Entity({ tableName: 'problem' })
@Index({ properties: ['campaign', 'organization', 'status'] })
@Index({ properties: ['campaign', 'id'] })
@Index({ name: 'problem_awaiting_verification_index', properties: ['organization'], where: "status = 'RECTIFIED'" })
@Index({ properties: ['signature'], type: 'gin' })
@Unique({ name: 'problem_client_request_unique', properties: ['organization', 'clientRequestId'] })
@Unique({ name: 'problem_feedback_unique', properties: ['feedbackId'] })
export class Problem {
  [OptionalProps]?:
    | 'personName'
    | 'deadline'
    | 'status'
    | 'resolution'
    | 'statusChangedAt'
    | 'verifiedAt'
    | 'deadlineChanges'
    | 'sentBack'
    | 'feedbackId'
    | 'clientRequestId'
    | 'grams'
    | 'signature'
    | 'createdBy'
    | 'ledgerSeq'
    | 'ledgerHead'
    | 'version'
    | 'createdAt'
    | 'updatedAt'
    | 'measures';

  @Field(() => ID)
  @PrimaryKey({ type: new BigIntType('string'), autoincrement: true })
  id!: string;

  @ManyToOne(() => Campaign, { ref: true, deleteRule: 'restrict' })
  campaign!: Ref<Campaign>;

  @ManyToOne(() => Organization, { ref: true, deleteRule: 'restrict' })
  organization!: Ref<Organization>;

  @Field(() => ProblemScope)
  @Enum({ items: () => ProblemScope })
  scope!: ProblemScope;

  @Field(() => String, { nullable: true, description: 'The person an INDIVIDUAL problem belongs to.' })
  @Property({ type: 'string', length: PERSON_MAX, nullable: true })
  personName?: string | null;

  @Field(() => ProblemCategory)
  @Enum({ items: () => ProblemCategory })
  category!: ProblemCategory;

  @Field(() => ProblemSource)
  @Enum({ items: () => ProblemSource })
  source!: ProblemSource;

  @Field()
  @Property({ type: 'text' })
  description!: string;

  @Field({ description: 'YYYY-MM-DD the problem was found.' })
  @Property({ type: 'date' })
  foundOn!: string;

  @Field(() => RectificationKind)
  @Enum({ items: () => RectificationKind })
  rectificationKind!: RectificationKind;

  @Field({ description: '责任领导.' })
  @Property({ type: 'string', length: PERSON_MAX })
  responsibleLeader!: string;

  @Field(() => String, { nullable: true, description: '整改时限, YYYY-MM-DD; ONGOING problems may have none.' })
  @Property({ type: 'date', nullable: true })
  deadline?: string | null;

  @Field(() => ProblemStatus)
  @Enum({ items: () => ProblemStatus, default: ProblemStatus.OPEN })
  status: ProblemStatus = ProblemStatus.OPEN;

  @Field(() => ProblemResolution, { nullable: true })
  @Enum({ items: () => ProblemResolution, nullable: true })
  resolution?: ProblemResolution | null;

  @Field(() => GraphQLISODateTime)
  @Property({ type: 'datetime', defaultRaw: 'now()' })
  statusChangedAt: Date = new Date();

  @Field(() => GraphQLISODateTime, { nullable: true, description: '销号时间.' })
  @Property({ type: 'datetime', nullable: true })
  verifiedAt?: Date | null;

  @Field(() => Int, { description: 'Deadline changes (延期) so far, each with a reason in the ledger.' })
  @Property({ type: 'integer', default: 0 })
  deadlineChanges: number = 0;

  @Field({ description: 'A leader sent it back for revision; cleared by the next update.' })
  @Property({ type: 'boolean', default: false })
  sentBack: boolean = false;

  @Field(() => ID, { nullable: true, description: 'The feedback it was converted from.' })
  @Property({ type: new BigIntType('string'), nullable: true })
  feedbackId?: string | null;

  @Property({ type: 'string', length: 100, nullable: true })
  clientRequestId?: string | null;

  /** Trigrams of the description, and the few of them an index finds near-copies by (formalism.ts). */
  @Property({ type: 'text[]', defaultRaw: "'{}'", lazy: true, hidden: true })
  grams: string[] = [];

  @Property({ type: 'text[]', defaultRaw: "'{}'", lazy: true, hidden: true })
  signature: string[] = [];

  /**
   * The ledger's length and last hash, written with each record: a chain cut short or removed
   * whole no longer matches its head, so the checks catch deletions as well as rewrites.
   */
  @Property({ type: 'integer', default: 0 })
  ledgerSeq: number = 0;

  @Property({ type: 'character', length: 64, nullable: true })
  ledgerHead?: string | null;

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

  @OneToMany(() => ProblemMeasure, (m) => m.problem, { orphanRemoval: true, orderBy: { position: 'asc' } })
  measures = new Collection<ProblemMeasure>(this);
}

@ObjectType({ description: '整改措施: one measure with its own owner (责任人) and deadline.' })
@Entity({ tableName: 'problem_measure' })
@Index({ properties: ['signature'], type: 'gin' })
@Index({ properties: ['problem'] })
export class ProblemMeasure {
  [OptionalProps]?: 'deadline' | 'deliverable' | 'completedOn' | 'grams' | 'signature';

  @Field(() => ID)
  @PrimaryKey({ type: new BigIntType('string'), autoincrement: true })
  id!: string;

  @ManyToOne(() => Problem, { deleteRule: 'cascade' })
  problem!: Rel<Problem>;

  @Property({ type: 'smallint' })
  position!: number;

  @Field()
  @Property({ type: 'text' })
  content!: string;

  @Field({ description: '责任人.' })
  @Property({ type: 'string', length: PERSON_MAX })
  owner!: string;

  @Field(() => String, { nullable: true, description: 'YYYY-MM-DD.' })
  @Property({ type: 'date', nullable: true })
  deadline?: string | null;

  @Field({ description: 'What will exist when it is done (成果形式): a rule, a report, a count.' })
  @Property({ type: 'string', length: 200, default: '' })
  deliverable: string = '';

  @Field(() => String, { nullable: true })
  @Property({ type: 'date', nullable: true })
  completedOn?: string | null;

  @Property({ type: 'text[]', defaultRaw: "'{}'", lazy: true, hidden: true })
  grams: string[] = [];

  @Property({ type: 'text[]', defaultRaw: "'{}'", lazy: true, hidden: true })
  signature: string[] = [];
}

@ObjectType({ description: '整改记录: one append-only, hash-chained entry of a problem’s fix-up ledger.' })
@Entity({ tableName: 'rectification_record' })
@Unique({ properties: ['problemId', 'seq'] })
export class RectificationRecord {
  @PrimaryKey({ type: new BigIntType('string'), autoincrement: true })
  id!: string;

  @Property({ type: new BigIntType('string') })
  problemId!: string;

  @Field(() => Int)
  @Property({ type: 'integer' })
  seq!: number;

  @Field(() => RecordAction)
  @Enum({ items: () => RecordAction })
  action!: RecordAction;

  @Property({ type: 'integer', nullable: true })
  actorId?: number | null;

  @Field(() => String, { nullable: true, description: 'Username of who took the step.' })
  @Property({ type: 'string', length: 64, nullable: true })
  actorName?: string | null;

  @Field(() => GraphQLISODateTime)
  @Property({ type: 'datetime', length: 3 })
  at!: Date;

  @Field()
  @Property({ type: 'text', default: '' })
  note!: string;

  @Field(() => [String], { description: 'sha256 of each evidence file.' })
  @Property({ type: 'text[]', defaultRaw: "'{}'" })
  evidence!: string[];

  @Field(() => JSONScalar, { description: 'What the step changed: statuses, the measure, the fields before and after.' })
  @Property({ type: 'jsonb' })
  payload!: Record<string, unknown>;

  @Property({ type: 'character', length: 64 })
  prevHash!: string;

  @Field({ description: 'sha256(prevHash || canonical JSON of the record).' })
  @Property({ type: 'character', length: 64 })
  hash!: string;
}

@ObjectType({ description: '形式主义 flag on a problem or one of its measures.' })
@Entity({ tableName: 'formalism_flag' })
@Index({ properties: ['campaign', 'organization'] })
@Index({ properties: ['problem'] })
export class FormalismFlag {
  [OptionalProps]?: 'measureId' | 'similarProblemId' | 'similarity' | 'createdAt';

  @Field(() => ID)
  @PrimaryKey({ type: new BigIntType('string'), autoincrement: true })
  id!: string;

  @ManyToOne(() => Problem, { ref: true, deleteRule: 'cascade' })
  problem!: Ref<Problem>;

  @ManyToOne(() => Campaign, { ref: true, deleteRule: 'cascade' })
  campaign!: Ref<Campaign>;

  @ManyToOne(() => Organization, { ref: true, deleteRule: 'restrict' })
  organization!: Ref<Organization>;

  @Field(() => FlagKind)
  @Enum({ items: () => FlagKind })
  kind!: FlagKind;

  @Field(() => ID, { nullable: true, description: 'The measure flagged, if the flag is on a measure.' })
  @Property({ type: new BigIntType('string'), nullable: true })
  measureId?: string | null;

  /** Shown only to callers who read the other unit (FormalismFlagResolver). */
  @Property({ type: new BigIntType('string'), nullable: true })
  similarProblemId?: string | null;

  @Field(() => Float, { nullable: true })
  @Property({ type: 'real', nullable: true })
  similarity?: number | null;

  @Field(() => GraphQLISODateTime)
  @Property({ type: 'datetime', defaultRaw: 'now()' })
  createdAt: Date = new Date();
}
