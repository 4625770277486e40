import { Args, Int, Mutation, Query, Resolver } from '@nestjs/graphql';
import { type Actor, CurrentActor } from '../authorization/actor.js';
import { SignedIn } from '../authorization/allow.decorator.js';
import { toConnection } from '../common/pagination.js';
import { Notification } from './notification.entity.js';
import { NotificationService } from './notification.service.js';
import { MarkNotificationsReadArgs, NotificationConnection, NotificationsArgs } from './notification.types.js';

@Resolver(() => Notification)
export class NotificationResolver {
  constructor(private readonly service: NotificationService) {}

  @SignedIn()
  @Query(() => NotificationConnection, { description: 'The caller’s notifications (站内提醒), newest first.' })
  async notifications(@CurrentActor() actor: Actor, @Args() args: NotificationsArgs) {
    return toConnection(await this.service.list(actor, args), (n) => [n.id]);
  }

  @SignedIn()
  @Query(() => Int, { description: 'How many of the caller’s notifications are unread.' })
  unreadNotificationCount(@CurrentActor() actor: Actor) {
    return this.service.unreadCount(actor);
  }

  @SignedIn()
  @Mutation(() => Int, { description: 'Marks the caller’s notifications read; returns how many changed.' })
  markNotificationsRead(@CurrentActor() actor: Actor, @Args() { ids }: MarkNotificationsReadArgs) {
    return this.service.markRead(actor, ids);
  }
}
