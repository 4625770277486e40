import { ArgsType, Field, ID, InputType, Int } from '@nestjs/graphql';
import { Type, Transform } from 'class-transformer';
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
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { IsCalendarDate } from '../common/dates.js';
import { PageArgs } from '../common/pagination.js';
import { OrganizationKind } from '../organizations/organization-kind.js';
import { SessionType } from '../sessions/session-type.js';
import { CAMPAIGN_TITLE_MAX, CampaignStatus, RequirementKind } from './campaign.entity.js';
import { trim } from '../common/transforms.js';

@InputType({ description: 'A 规定动作.' })
export class RequirementInput {
  @Field()
  @Transform(trim)
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  title!: string;

  @Field(() => RequirementKind)
  @IsEnum(RequirementKind)
  kind!: RequirementKind;

  @Field(() => SessionType, { nullable: true, description: 'Required for SESSIONS.' })
  @IsOptional()
  @IsEnum(SessionType)
  sessionType?: SessionType | null;

  @Field(() => Int, { defaultValue: 1 })
  @IsInt()
  @Min(1)
  @Max(100)
  minCount: number = 1;

  @Field(() => [OrganizationKind], { description: 'Unit kinds it applies to; at least one.' })
  @IsArray()
  @ArrayMinSize(1)
  @IsEnum(OrganizationKind, { each: true })
  appliesTo!: OrganizationKind[];
}

@InputType({ description: 'Title, dates and requirements of a campaign.' })
export class CampaignInput {
  @Field()
  @Transform(trim)
  @IsString()
  @IsNotEmpty()
  @MaxLength(CAMPAIGN_TITLE_MAX)
  title!: string;

  @Field({ defaultValue: '' })
  @IsString()
  @MaxLength(20_000)
  summary: string = '';

  @Field({ description: 'YYYY-MM-DD' })
  @IsCalendarDate()
  startsOn!: string;

  @Field({ description: 'YYYY-MM-DD, not before startsOn' })
  @IsCalendarDate()
  endsOn!: string;

  @Field(() => [RequirementInput])
  @IsArray()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => RequirementInput)
  requirements!: RequirementInput[];
}

@InputType({ description: 'Launch a campaign for the subtree of `scopeOrganizationId`.' })
export class LaunchCampaignInput extends CampaignInput {
  @Field(() => ID, { description: 'The launching unit: the campaign covers its whole subtree.' })
  @IsString()
  scopeOrganizationId!: string;

  @Field({ defaultValue: false, description: 'Keep it as a DRAFT, not yet visible to units below.' })
  @IsBoolean()
  draft: boolean = false;
}

@ArgsType()
export class CampaignsArgs extends PageArgs {
  @Field(() => CampaignStatus, { nullable: true })
  @IsOptional()
  @IsEnum(CampaignStatus)
  status?: CampaignStatus | null;
}

@ArgsType()
export class CampaignUnitArgs {
  @Field(() => ID)
  @IsString()
  campaignId!: string;

  @Field(() => ID)
  @IsString()
  organizationId!: string;
}

@ArgsType()
export class ExemptUnitArgs extends CampaignUnitArgs {
  @Field({ description: 'Why the unit does not take part (required).' })
  @Transform(trim)
  @IsString()
  @IsNotEmpty()
  @MaxLength(500)
  reason!: string;
}

@ArgsType()
export class RecordLaunchArgs extends CampaignUnitArgs {
  @Field({ description: '启动部署 date, YYYY-MM-DD.' })
  @IsCalendarDate()
  launchedOn!: string;
}

@ArgsType()
export class CampaignUnitsArgs {
  @Field(() => ID)
  @IsString()
  campaignId!: string;

  @Field({ defaultValue: true, description: 'Exempted units (true) or units that recorded a launch date (false).' })
  @IsBoolean()
  exempt: boolean = true;
}

const UNITS_DESCRIPTION = 'This unit (and below, with includeSubtree); default: all units the caller reads.';

/** A campaign, narrowed to one unit or its subtree: the filter every figure of a campaign takes. */
@ArgsType()
export class CampaignScopeArgs {
  @Field(() => ID)
  @IsString()
  campaignId!: string;

  @Field(() => ID, { nullable: true, description: UNITS_DESCRIPTION })
  @IsOptional()
  @IsString()
  organizationId?: string | null;

  @Field({ defaultValue: false })
  @IsBoolean()
  includeSubtree: boolean = false;
}

/** The same filter for a list read page by page. */
@ArgsType()
export class CampaignListArgs extends PageArgs {
  @Field(() => ID)
  @IsString()
  campaignId!: string;

  @Field(() => ID, { nullable: true, description: UNITS_DESCRIPTION })
  @IsOptional()
  @IsString()
  organizationId?: string | null;

  @Field({ defaultValue: false })
  @IsBoolean()
  includeSubtree: boolean = false;
}
