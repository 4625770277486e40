import { Args, Mutation, Query, Resolver } from '@nestjs/graphql';
import { type Actor, CurrentActor } from '../authorization/actor.js';
import { Public, SignedIn } from '../authorization/allow.decorator.js';
import { ChangePasswordArgs, LoginArgs, LoginResult } from './accounts.types.js';
import { AuthService } from './auth.service.js';
import { User } from './user.entity.js';
import { ChangesCallers } from '../authorization/actor-cache.js';

@Resolver()
export class AuthResolver {
  constructor(private readonly auth: AuthService) {}

  @Public()
  @Mutation(() => LoginResult, { description: 'Sign in; five failures for one username in 15 minutes lock it for 15 minutes.' })
  login(@CurrentActor() actor: Actor, @Args() { username, password }: LoginArgs) {
    return this.auth.login(actor, username, password);
  }

  @ChangesCallers()
  @SignedIn({ allowPasswordChangePending: true })
  @Mutation(() => Boolean, { description: 'End this session: its token stops working at once.' })
  logout(@CurrentActor() actor: Actor) {
    return this.auth.logout(actor);
  }

  @ChangesCallers()
  @SignedIn({ allowPasswordChangePending: true })
  @Mutation(() => User, { description: 'Set a new password; other sessions of the user end.' })
  changePassword(@CurrentActor() actor: Actor, @Args() { currentPassword, newPassword }: ChangePasswordArgs) {
    return this.auth.changePassword(actor, currentPassword, newPassword);
  }

  @SignedIn({ allowPasswordChangePending: true })
  @Query(() => User, { description: 'The signed-in user with its grants.' })
  me(@CurrentActor() actor: Actor) {
    return this.auth.me(actor);
  }
}
