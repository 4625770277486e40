import { ArgsType, Field, ID, ObjectType } from '@nestjs/graphql';
import { ArrayMaxSize, IsArray, IsBoolean, IsOptional, Matches } from 'class-validator';
import { Connection, PageArgs } from '../common/pagination.js';
import { Notification } from './notification.entity.js';

@ObjectType({ description: 'A page of the caller’s notifications, newest first.' })
export class NotificationConnection extends Connection(Notification) {}

@ArgsType()
export class NotificationsArgs extends PageArgs {
  @Field({ defaultValue: false })
  @IsBoolean()
  unreadOnly: boolean = false;
}

@ArgsType()
export class MarkNotificationsReadArgs {
  @Field(() => [ID], { nullable: true, description: 'Omit to mark every unread notification read.' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(500)
  @Matches(/^\d{1,18}$/, { each: true })
  ids?: string[] | null;
}
