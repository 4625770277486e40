import { ArgsType, Field, ID, InputType, ObjectType } from '@nestjs/graphql';
import { IsBoolean, IsEnum, IsNotEmpty, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { Transform } from 'class-transformer';
import { Role } from '../authorization/role.js';
import { PageArgs } from '../common/pagination.js';
import { Connection } from '../common/pagination.js';
import { DISPLAY_NAME_MAX, User, USERNAME_MAX } from './user.entity.js';
import { lowerTrim, trim } from '../common/transforms.js';

export const USERNAME_PATTERN = /^[a-z][a-z0-9._-]{2,63}$/;

@ObjectType({ description: 'A signed-in session.' })
export class LoginResult {
  @Field({ description: 'Send as `Authorization: Bearer <token>`; valid 12 hours or until logout.' })
  token!: string;

  @Field(() => User)
  user!: User;
}

@ObjectType({ description: 'An account with the temporary password to hand over; shown once.' })
export class UserWithPassword {
  @Field(() => User)
  user!: User;

  @Field({ description: 'The user must replace it at first sign-in.' })
  temporaryPassword!: string;
}

@ObjectType({ description: 'A page of users.' })
export class UserConnection extends Connection(User) {}

@InputType({ description: 'A new account at a unit the admin reaches.' })
export class CreateUserInput {
  @Field({ description: 'Lower-case letters, digits, ".", "-", "_"; starts with a letter; 3 to 64.' })
  @Transform(lowerTrim)
  @IsString()
  @IsNotEmpty()
  @MaxLength(USERNAME_MAX)
  @Matches(USERNAME_PATTERN)
  username!: string;

  @Field({ description: '姓名.' })
  @Transform(trim)
  @IsString()
  @IsNotEmpty()
  @MaxLength(DISPLAY_NAME_MAX)
  displayName!: string;

  @Field(() => ID, { description: 'The unit the person belongs to.' })
  @IsString()
  @IsNotEmpty()
  organizationId!: string;
}

@ArgsType()
export class UsersArgs extends PageArgs {
  @Field(() => ID, { nullable: true, description: 'Users of this unit and the units below it.' })
  @IsOptional()
  @IsString()
  organizationId?: string | null;

  @Field(() => String, { nullable: true, description: 'Part of the username or display name.' })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(USERNAME_MAX)
  search?: string | null;
}

@ArgsType()
export class GrantRoleArgs {
  @Field(() => ID)
  @IsString()
  userId!: string;

  @Field(() => ID)
  @IsString()
  organizationId!: string;

  @Field(() => Role)
  @IsEnum(Role)
  role!: Role;
}

@ArgsType()
export class SetUserDisabledArgs {
  @Field(() => ID)
  @IsString()
  userId!: string;

  @Field()
  @IsBoolean()
  disabled!: boolean;
}

@ArgsType()
export class LoginArgs {
  @Field()
  @Transform(lowerTrim)
  @IsString()
  @IsNotEmpty()
  @MaxLength(255)
  username!: string;

  @Field()
  @IsString()
  @IsNotEmpty()
  @MaxLength(1024)
  password!: string;
}

@ArgsType()
export class ChangePasswordArgs {
  @Field()
  @IsString()
  @IsNotEmpty()
  @MaxLength(1024)
  currentPassword!: string;

  @Field({ description: 'At least 8 characters with letters and digits, not containing the username.' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(1024)
  newPassword!: string;
}
