import { ArgsType, Field, ID, InputType, ObjectType, Float, Int } from '@nestjs/graphql';
import { Transform, Type } from 'class-transformer';
import { IsBoolean, IsEnum, IsNotEmpty, IsOptional, IsString, MaxLength, ValidateNested } from 'class-validator';
import { IsCalendarDate } from '../common/dates.js';
import { CampaignListArgs } from '../campaigns/campaign.inputs.js';
import { trim } from '../common/transforms.js';
import { ProblemFieldsInput } from '../problems/problem.inputs.js';
import { FeedbackChannel } from './feedback.entity.js';

@InputType()
export class FeedbackInput {
  @Field(() => ID)
  @IsString()
  campaignId!: string;

  @Field(() => ID)
  @IsString()
  organizationId!: string;

  @Field(() => FeedbackChannel)
  @IsEnum(FeedbackChannel)
  channel!: FeedbackChannel;

  @Field({ description: '1 to 5,000 characters.' })
  @Transform(trim)
  @IsString()
  @IsNotEmpty()
  @MaxLength(5_000)
  content!: string;

  @Field({ description: 'YYYY-MM-DD, not in the future.' })
  @IsCalendarDate()
  receivedOn!: string;
}

@ArgsType()
export class ReplyFeedbackArgs {
  @Field(() => ID)
  @IsString()
  feedbackId!: string;

  @Field()
  @Transform(trim)
  @IsString()
  @IsNotEmpty()
  @MaxLength(5_000)
  reply!: string;
}

@ArgsType()
export class ConvertFeedbackArgs {
  @Field(() => ID)
  @IsString()
  feedbackId!: string;

  @Field(() => ProblemFieldsInput, { description: 'The problem to list; its source becomes PUBLIC_OPINION.' })
  @ValidateNested()
  @Type(() => ProblemFieldsInput)
  input!: ProblemFieldsInput;
}

@ArgsType()
export class FeedbackListArgs extends CampaignListArgs {
  @Field(() => Boolean, { nullable: true, description: 'Only replied (true) or unreplied (false) feedback.' })
  @IsOptional()
  @IsBoolean()
  replied?: boolean | null;
}

@ObjectType({ description: '办结率 of a unit or subtree: replied out of received.' })
export class FeedbackFigures {
  @Field(() => Int)
  received!: number;

  @Field(() => Int)
  replied!: number;

  @Field(() => Int, { description: 'Converted into problems.' })
  converted!: number;

  @Field(() => Float, { description: 'replied / received; 0 when nothing was received.' })
  completionRate!: number;
}
