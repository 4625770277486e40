import { ArgsType, Field, Float, ID, InputType, Int } from '@nestjs/graphql';
import { Transform, Type } from 'class-transformer';
import {
  IsArray,
  IsEnum,
  IsInt,
  IsNotEmpty,
  IsNumber,
  IsOptional,
  IsPositive,
  IsString,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { IsCalendarDate } from '../common/dates.js';
import { CampaignListArgs } from '../campaigns/campaign.inputs.js';
import { Audience, SessionType } from './session-type.js';
import { SUMMARY_MAX, TOPIC_MAX } from './study-session.entity.js';
import { trim } from '../common/transforms.js';

@InputType({ description: 'What happened at a session; shared by logging and editing.' })
export class SessionFieldsInput {
  @Field(() => SessionType)
  @IsEnum(SessionType)
  type!: SessionType;

  @Field({ description: `1 to ${TOPIC_MAX} characters.` })
  @Transform(trim)
  @IsString()
  @IsNotEmpty()
  @MaxLength(TOPIC_MAX)
  topic!: string;

  @Field({ description: 'YYYY-MM-DD, inside the campaign and not in the future.' })
  @IsCalendarDate()
  heldOn!: string;

  @Field(() => Float, { description: 'More than 0, at most 24.' })
  @IsNumber({ maxDecimalPlaces: 1 })
  @IsPositive()
  @Max(24)
  hours!: number;

  @Field(() => Int)
  @IsInt()
  @Min(0)
  @Max(100_000)
  expectedAttendance!: number;

  @Field(() => Int, { description: 'At most expectedAttendance.' })
  @IsInt()
  @Min(0)
  @Max(100_000)
  actualAttendance!: number;

  @Field(() => [Audience], { defaultValue: [] })
  @IsArray()
  @IsEnum(Audience, { each: true })
  audiences: Audience[] = [];

  @Field({ defaultValue: '' })
  @Transform(trim)
  @IsString()
  @MaxLength(100)
  presenter: string = '';

  @Field({ defaultValue: '' })
  @Transform(trim)
  @IsString()
  @MaxLength(200)
  location: string = '';

  @Field({ defaultValue: '', description: `At most ${SUMMARY_MAX} characters.` })
  @IsString()
  @MaxLength(SUMMARY_MAX)
  summary: string = '';
}

@InputType({ description: 'A session to log for a unit in a campaign.' })
export class LogStudySessionInput extends SessionFieldsInput {
  @Field(() => ID)
  @IsString()
  campaignId!: string;

  @Field(() => ID)
  @IsString()
  organizationId!: string;

  @Field(() => ID, { nullable: true, description: 'The plan item this session carries out.' })
  @IsOptional()
  @IsString()
  planItemId?: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'Any unique string per attempt; a retry with the same one returns the first result and creates nothing.',
  })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  clientRequestId?: string | null;
}

@ArgsType()
export class StudySessionsArgs extends CampaignListArgs {
  @Field(() => SessionType, { nullable: true })
  @IsOptional()
  @IsEnum(SessionType)
  type?: SessionType | null;

  @Field(() => String, { nullable: true, description: 'Held on or after, YYYY-MM-DD.' })
  @IsOptional()
  @IsCalendarDate()
  from?: string | null;

  @Field(() => String, { nullable: true, description: 'Held on or before, YYYY-MM-DD.' })
  @IsOptional()
  @IsCalendarDate()
  to?: string | null;
}

@ArgsType()
export class UpdateStudySessionArgs {
  @Field(() => ID)
  @IsString()
  id!: string;

  @Field(() => SessionFieldsInput)
  @ValidateNested()
  @Type(() => SessionFieldsInput)
  input!: SessionFieldsInput;

  @Field(() => Int)
  @IsInt()
  version!: number;

  @Field(() => String, { nullable: true, description: 'Required once the edit window has passed: why the record is amended.' })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(500)
  amendmentNote?: string | null;
}

@InputType({ description: 'A planned session.' })
export class PlanItemInput {
  @Field(() => ID)
  @IsString()
  campaignId!: string;

  @Field(() => ID)
  @IsString()
  organizationId!: string;

  @Field(() => SessionType)
  @IsEnum(SessionType)
  type!: SessionType;

  @Field()
  @IsCalendarDate()
  plannedOn!: string;

  @Field()
  @Transform(trim)
  @IsString()
  @IsNotEmpty()
  @MaxLength(TOPIC_MAX)
  topic!: string;
}

@ArgsType()
export class DeleteStudySessionArgs {
  @Field(() => ID)
  @IsString()
  id!: string;

  @Field(() => String, { nullable: true, description: 'Why it is deleted (kept in the audit trail).' })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(500)
  reason?: string | null;
}
