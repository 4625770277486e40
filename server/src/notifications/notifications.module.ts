import { Module } from '@nestjs/common';
import { MikroOrmModule } from '@mikro-orm/nestjs';
import { Notification } from './notification.entity.js';
import { NotificationResolver } from './notification.resolver.js';
import { NotificationService } from './notification.service.js';

@Module({
  imports: [MikroOrmModule.forFeature([Notification])],
  providers: [NotificationService, NotificationResolver],
})
export class NotificationsModule {}
