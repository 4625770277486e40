import { ArgsType, Field, ID, InputType } from '@nestjs/graphql';
import { Transform } from 'class-transformer';
import { IsBoolean, IsEnum, IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';
import { IsCalendarDate } from '../common/dates.js';
import { CampaignListArgs } from '../campaigns/campaign.inputs.js';
import { trim } from '../common/transforms.js';
import { CommitmentKind, CommitmentStatus } from './commitment.entity.js';

@InputType()
export class CommitmentInput {
  @Field(() => ID)
  @IsString()
  campaignId!: string;

  @Field(() => ID)
  @IsString()
  organizationId!: string;

  @Field(() => CommitmentKind)
  @IsEnum(CommitmentKind)
  kind!: CommitmentKind;

  @Field()
  @Transform(trim)
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  title!: string;

  @Field({ defaultValue: '' })
  @IsString()
  @MaxLength(5_000)
  description: string = '';

  @Field({ description: 'YYYY-MM-DD, not before the campaign starts.' })
  @IsCalendarDate()
  dueOn!: string;
}

@ArgsType()
export class CommitmentProgressArgs {
  @Field(() => ID)
  @IsString()
  commitmentId!: string;

  @Field()
  @Transform(trim)
  @IsString()
  @IsNotEmpty()
  @MaxLength(5_000)
  note!: string;

  @Field({ defaultValue: false, description: 'The pledge is fulfilled (已办结).' })
  @IsBoolean()
  done: boolean = false;
}

@ArgsType()
export class CommitmentsArgs extends CampaignListArgs {
  @Field(() => CommitmentStatus, { nullable: true })
  @IsOptional()
  @IsEnum(CommitmentStatus)
  status?: CommitmentStatus | null;
}
