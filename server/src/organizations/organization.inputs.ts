import { ArgsType, Field, ID, InputType, Int } from '@nestjs/graphql';
import { IsBoolean, IsEnum, IsInt, IsNotEmpty, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { Transform } from 'class-transformer';
import { PageArgs } from '../common/pagination.js';
import { ORGANIZATION_CODE_MAX, ORGANIZATION_NAME_MAX } from './organization.entity.js';
import { OrganizationKind } from './organization-kind.js';
import { trim } from '../common/transforms.js';

export const CODE_PATTERN = /^[A-Za-z0-9_-]+$/;
const MEMBER_COUNT_MAX = 10_000_000;

@InputType({ description: 'A new unit: a root when parentId is absent, else a child of parentId.' })
export class CreateOrganizationInput {
  @Field({ description: `单位代码: letters, digits, "-" and "_", at most ${ORGANIZATION_CODE_MAX}; unique.` })
  @Transform(trim)
  @IsString()
  @IsNotEmpty()
  @MaxLength(ORGANIZATION_CODE_MAX)
  @Matches(CODE_PATTERN)
  code!: string;

  @Field({ description: `单位名称, 1 to ${ORGANIZATION_NAME_MAX} characters.` })
  @Transform(trim)
  @IsString()
  @IsNotEmpty()
  @MaxLength(ORGANIZATION_NAME_MAX)
  name!: string;

  @Field(() => OrganizationKind)
  @IsEnum(OrganizationKind)
  kind!: OrganizationKind;

  @Field(() => ID, { nullable: true, description: 'The parent unit; absent for a new root.' })
  @IsOptional()
  @IsString()
  parentId?: string | null;

  @Field(() => Int, { defaultValue: 0, description: '党员数, 0 or more.' })
  @IsInt()
  @Min(0)
  @Max(MEMBER_COUNT_MAX)
  memberCount: number = 0;
}

@InputType({ description: 'Fields to change; absent fields keep their value.' })
export class UpdateOrganizationInput {
  @Field({ nullable: true })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @IsNotEmpty()
  @MaxLength(ORGANIZATION_CODE_MAX)
  @Matches(CODE_PATTERN)
  code?: string;

  @Field({ nullable: true })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @IsNotEmpty()
  @MaxLength(ORGANIZATION_NAME_MAX)
  name?: string;

  @Field(() => OrganizationKind, { nullable: true })
  @IsOptional()
  @IsEnum(OrganizationKind)
  kind?: OrganizationKind;

  @Field(() => Int, { nullable: true })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(MEMBER_COUNT_MAX)
  memberCount?: number;
}

@ArgsType()
export class OrganizationsArgs extends PageArgs {
  @Field(() => ID, { nullable: true, description: 'Children of this unit; with `search`, the subtree searched.' })
  @IsOptional()
  @IsString()
  parentId?: string | null;

  @Field(() => String, { nullable: true, description: 'Substring of the name or code (Chinese works from one character).' })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(ORGANIZATION_NAME_MAX)
  search?: string | null;

  @Field({ defaultValue: false, description: 'Include archived (撤销) units.' })
  @IsBoolean()
  includeArchived: boolean = false;
}

@ArgsType()
export class ChildrenArgs extends PageArgs {
  @Field({ defaultValue: false, description: 'Include archived (撤销) units.' })
  @IsBoolean()
  includeArchived: boolean = false;
}
