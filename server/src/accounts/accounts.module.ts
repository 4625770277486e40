import { Module } from '@nestjs/common';
import { MikroOrmModule } from '@mikro-orm/nestjs';
import { OrganizationsModule } from '../organizations/organizations.module.js';
import { AuthResolver } from './auth.resolver.js';
import { UserImportHandler } from './import/user-import.handler.js';
import { AuthService } from './auth.service.js';
import { Grant } from './grant.entity.js';
import { LoginFailure, UserSession } from './session.entity.js';
import { User } from './user.entity.js';
import { GrantResolver, UserResolver } from './user.resolver.js';
import { UserService } from './user.service.js';

@Module({
  imports: [MikroOrmModule.forFeature([User, Grant, UserSession, LoginFailure]), OrganizationsModule],
  providers: [AuthService, AuthResolver, UserService, UserResolver, GrantResolver, UserImportHandler],
  exports: [UserService],
})
export class AccountsModule {}
