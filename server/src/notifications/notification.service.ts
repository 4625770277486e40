import { Injectable } from '@nestjs/common';
import { EntityManager } from '@mikro-orm/postgresql';
import type { Actor } from '../authorization/actor.js';
import { AuditService } from '../audit/audit.service.js';
import { keysetPage, type Page } from '../common/pagination.js';
import { Notification } from './notification.entity.js';
import type { NotificationsArgs } from './notification.types.js';

/** The caller's own notifications: nobody reads or marks another user's. */
@Injectable()
export class NotificationService {
  constructor(
    private readonly em: EntityManager,
    private readonly audit: AuditService,
  ) {}

  list(actor: Actor, args: NotificationsArgs): Promise<Page<Notification>> {
    return keysetPage(this.em, {
      select: 'n.*, n.day::text AS day',
      from: 'notification n',
      where: ['n.user_id = ?', ...(args.unreadOnly ? ['n.read_at IS NULL'] : [])],
      params: [actor.userId],
      order: [{ column: 'n.id', part: 'int' }],
      descending: true,
      first: args.first,
      after: args.after,
      toNode: (row) => this.em.map(Notification, row),
    });
  }

  async unreadCount(actor: Actor): Promise<number> {
    const [{ count }] = await this.em.execute<{ count: number }[]>(
      'SELECT count(*)::int AS count FROM notification WHERE user_id = ? AND read_at IS NULL',
      [actor.userId],
    );
    return count;
  }

  /** Marks the listed notifications (or all) read; ids of other users' notifications change nothing. */
  async markRead(actor: Actor, ids: readonly string[] | null | undefined): Promise<number> {
    return this.em.transactional(async (em) => {
      const rows = await em.execute<{ id: string }[]>(
        `UPDATE notification SET read_at = now()
         WHERE user_id = ? AND read_at IS NULL ${ids ? 'AND id = ANY (?::bigint[])' : ''} RETURNING id`,
        ids ? [actor.userId, `{${ids.join(',')}}`] : [actor.userId],
      );
      await this.audit.record(em, actor, {
        entityType: 'Notification',
        entityId: null,
        after: { read: rows.length, ids: ids ?? 'all' },
      });
      return rows.length;
    });
  }
}
