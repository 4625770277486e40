import { ArgsType, Field, ID, InputType, Int } from '@nestjs/graphql';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsEnum,
  IsInt,
  IsNotEmpty,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import { IsCalendarDate } from '../common/dates.js';
import { CampaignListArgs } from '../campaigns/campaign.inputs.js';
import { PageArgs } from '../common/pagination.js';
import { trim } from '../common/transforms.js';
import { DESCRIPTION_MAX, MEASURE_MAX, NOTE_MAX, PERSON_MAX } from './problem.entity.js';
import { ProblemCategory, ProblemScope, ProblemSource, ProblemStatus, RectificationKind } from './problem.enums.js';

export const MEASURES_MAX = 20;
export const EVIDENCE_PER_STEP_MAX = 20;

@InputType({ description: '整改措施: what will be done, by whom (责任人), by when, producing what.' })
export class MeasureInput {
  @Field(() => ID, { nullable: true, description: 'An existing measure to keep; absent: a new one.' })
  @IsOptional()
  @IsString()
  id?: string | null;

  @Field({ description: `1 to ${MEASURE_MAX} characters.` })
  @Transform(trim)
  @IsString()
  @IsNotEmpty()
  @MaxLength(MEASURE_MAX)
  content!: string;

  @Field()
  @Transform(trim)
  @IsString()
  @IsNotEmpty()
  @MaxLength(PERSON_MAX)
  owner!: string;

  @Field(() => String, { nullable: true, description: 'YYYY-MM-DD; a measure without one is flagged.' })
  @IsOptional()
  @IsCalendarDate()
  deadline?: string | null;

  @Field({ defaultValue: '', description: '成果形式, e.g. 修订《…办法》; a measure without a concrete one is flagged.' })
  @Transform(trim)
  @IsString()
  @MaxLength(200)
  deliverable: string = '';
}

@InputType({ description: 'What a problem is and how it will be fixed; shared by reporting and editing.' })
export class ProblemFieldsInput {
  @Field(() => ProblemScope)
  @IsEnum(ProblemScope)
  scope!: ProblemScope;

  @Field(() => String, { nullable: true, description: 'Required for INDIVIDUAL problems.' })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(PERSON_MAX)
  personName?: string | null;

  @Field(() => ProblemCategory)
  @IsEnum(ProblemCategory)
  category!: ProblemCategory;

  @Field(() => ProblemSource)
  @IsEnum(ProblemSource)
  source!: ProblemSource;

  @Field({ description: `1 to ${DESCRIPTION_MAX} characters.` })
  @Transform(trim)
  @IsString()
  @IsNotEmpty()
  @MaxLength(DESCRIPTION_MAX)
  description!: string;

  @Field({ description: 'YYYY-MM-DD, not in the future.' })
  @IsCalendarDate()
  foundOn!: string;

  @Field(() => RectificationKind)
  @IsEnum(RectificationKind)
  rectificationKind!: RectificationKind;

  @Field()
  @Transform(trim)
  @IsString()
  @IsNotEmpty()
  @MaxLength(PERSON_MAX)
  responsibleLeader!: string;

  @Field(() => String, { nullable: true, description: '整改时限, required unless ONGOING; not before foundOn.' })
  @IsOptional()
  @IsCalendarDate()
  deadline?: string | null;

  @Field(() => [MeasureInput])
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MEASURES_MAX)
  @ValidateNested({ each: true })
  @Type(() => MeasureInput)
  measures!: MeasureInput[];
}

@InputType()
export class ReportProblemInput extends ProblemFieldsInput {
  @Field(() => ID)
  @IsString()
  campaignId!: string;

  @Field(() => ID)
  @IsString()
  organizationId!: string;

  @Field(() => String, { nullable: true, description: 'A retry with the same one returns the first problem.' })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  clientRequestId?: string | null;
}

@ArgsType()
export class UpdateProblemArgs {
  @Field(() => ID)
  @IsString()
  id!: string;

  @Field(() => ProblemFieldsInput)
  @ValidateNested()
  @Type(() => ProblemFieldsInput)
  input!: ProblemFieldsInput;

  @Field(() => Int)
  @IsInt()
  version!: number;

  @Field(() => String, { nullable: true, description: 'Required when a deadline changes (延期); recorded and counted.' })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(NOTE_MAX)
  deadlineChangeReason?: string | null;
}

const SHA256 = /^[0-9a-f]{64}$/;

/** A step the unit takes: what was done, with evidence files uploaded for the unit. */
@ArgsType()
export class UnitStepArgs {
  @Field(() => ID)
  @IsString()
  problemId!: string;

  @Field({ description: `What was done, 1 to ${NOTE_MAX} characters.` })
  @Transform(trim)
  @IsString()
  @IsNotEmpty()
  @MaxLength(NOTE_MAX)
  note!: string;

  @Field(() => [String], { defaultValue: [], description: 'sha256 of evidence files uploaded for the unit (POST /api/evidence).' })
  @IsArray()
  @ArrayMaxSize(EVIDENCE_PER_STEP_MAX)
  @Matches(SHA256, { each: true, message: 'evidence' })
  evidence: string[] = [];
}

@ArgsType()
export class CompleteMeasureArgs extends UnitStepArgs {
  @Field(() => ID)
  @IsString()
  measureId!: string;
}

/** A step a leader above takes; the note (verify) or reason (reject, reopen, send back) is required. */
@ArgsType()
export class VerifyProblemArgs {
  @Field(() => ID)
  @IsString()
  problemId!: string;

  @Field({ description: 'The verifier’s opinion (验收意见).' })
  @Transform(trim)
  @IsString()
  @IsNotEmpty()
  @MaxLength(NOTE_MAX)
  note!: string;
}

@ArgsType()
export class ReasonedStepArgs {
  @Field(() => ID)
  @IsString()
  problemId!: string;

  @Field()
  @Transform(trim)
  @IsString()
  @IsNotEmpty()
  @MaxLength(NOTE_MAX)
  reason!: string;
}

@ArgsType()
export class ProblemsArgs extends CampaignListArgs {
  @Field(() => ProblemStatus, { nullable: true })
  @IsOptional()
  @IsEnum(ProblemStatus)
  status?: ProblemStatus | null;

  @Field(() => ProblemScope, { nullable: true })
  @IsOptional()
  @IsEnum(ProblemScope)
  scope?: ProblemScope | null;

  @Field(() => ProblemSource, { nullable: true })
  @IsOptional()
  @IsEnum(ProblemSource)
  source?: ProblemSource | null;

  @Field(() => ProblemCategory, { nullable: true })
  @IsOptional()
  @IsEnum(ProblemCategory)
  category?: ProblemCategory | null;

  @Field(() => Boolean, { nullable: true, description: 'Only problems past a deadline and not yet rectified (or only the others).' })
  @IsOptional()
  @IsBoolean()
  overdue?: boolean | null;

  @Field(() => Boolean, { nullable: true, description: 'Only problems with formalism flags.' })
  @IsOptional()
  @IsBoolean()
  flagged?: boolean | null;
}

@ArgsType()
export class VerificationQueueArgs extends PageArgs {
  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsString()
  campaignId?: string | null;
}
