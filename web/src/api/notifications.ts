import {
  MarkNotificationsReadDocument,
  NotificationsDocument,
  UnreadNotificationCountDocument,
  type BehindReason,
  type NotificationFieldsFragment,
  type NotificationsQuery,
} from '@/gql/graphql';
import { request } from './client';
import { MAX_PAGE_SIZE } from './organizations';
import type { PageRequest } from './problems';

export type { NotificationKind } from '@/gql/graphql';

export type Notification = NotificationFieldsFragment;
export type NotificationPage = NotificationsQuery['notifications'];

/** What an ESCALATION (督办提醒) says: units directly below the recipient's unit that are behind, and their overdue problems. */
export interface EscalationPayload {
  unitsBehind: number;
  units: { id: string; name: string; reasons: BehindReason[] }[];
  overdueProblems: number;
  problems: { id: string; unitName: string; description: string; deadline: string | null }[];
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null;
const list = (value: unknown): Record<string, unknown>[] => (Array.isArray(value) ? value.filter(isRecord) : []);
const text = (value: unknown): string => (typeof value === 'string' || typeof value === 'number' ? String(value) : '');
const count = (value: unknown): number => (typeof value === 'number' && Number.isFinite(value) ? value : 0);

/** The payload read defensively: it is JSON the schema does not type, so a missing part reads as empty. */
export function escalationPayload(notification: Notification): EscalationPayload {
  const payload = isRecord(notification.payload) ? notification.payload : {};
  return {
    unitsBehind: count(payload.unitsBehind),
    units: list(payload.units).map((unit) => ({
      id: text(unit.id),
      name: text(unit.name),
      reasons: (Array.isArray(unit.reasons) ? unit.reasons : []).filter((reason): reason is BehindReason =>
        ['NOT_LAUNCHED', 'IDLE', 'OVERDUE'].includes(reason as string),
      ),
    })),
    overdueProblems: count(payload.overdueProblems),
    problems: list(payload.problems).map((problem) => ({
      id: text(problem.id),
      unitName: text(problem.unitName),
      description: text(problem.description),
      deadline: text(problem.deadline) || null,
    })),
  };
}

/** The caller's notifications, newest first. */
export async function listNotifications(unreadOnly: boolean, page: PageRequest = {}): Promise<NotificationPage> {
  const { first = 20, after = null } = page;
  return (await request(NotificationsDocument, { unreadOnly, first: Math.min(first, MAX_PAGE_SIZE), after })).notifications;
}

export async function countUnreadNotifications(): Promise<number> {
  return (await request(UnreadNotificationCountDocument, {})).unreadNotificationCount;
}

/** These notifications, or every unread one when `ids` is omitted; returns how many changed. */
export async function markNotificationsRead(ids?: string[]): Promise<number> {
  return (await request(MarkNotificationsReadDocument, { ids: ids ?? null })).markNotificationsRead;
}
