import { Field, ID, InputType } from '@nestjs/graphql';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsEnum, IsNotEmpty, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { IsCalendarDate } from '../common/dates.js';
import { trim } from '../common/transforms.js';
import { FixAction } from './institutional-fix.entity.js';

@InputType()
export class InstitutionalFixInput {
  @Field(() => ID)
  @IsString()
  campaignId!: string;

  @Field(() => ID)
  @IsString()
  organizationId!: string;

  @Field(() => FixAction)
  @IsEnum(FixAction)
  action!: FixAction;

  @Field()
  @Transform(trim)
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  title!: string;

  @Field({ description: 'YYYY-MM-DD, not in the future.' })
  @IsCalendarDate()
  effectiveOn!: string;

  @Field(() => String, { nullable: true, description: 'sha256 of the document uploaded for the unit.' })
  @IsOptional()
  @Matches(/^[0-9a-f]{64}$/)
  document?: string | null;

  @Field(() => [ID], { description: 'Problems of the same unit and campaign that the rule answers.' })
  @IsArray()
  @ArrayMaxSize(100)
  @IsString({ each: true })
  problemIds!: string[];
}
