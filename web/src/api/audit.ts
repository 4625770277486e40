import { AuditEventsDocument, type AuditEventsQuery } from '@/gql/graphql';
import { request } from './client';

export type { AuditOutcome } from '@/gql/graphql';

export type AuditPage = AuditEventsQuery['auditEvents'];
export type AuditEvent = AuditPage['edges'][number]['node'];

export interface AuditFilter {
  /** Events of this unit and the units below it. */
  organizationId?: string | null;
  /** Inclusive. */
  from?: Date | null;
  /** Exclusive. */
  to?: Date | null;
  /** Username or user id, matched exactly. */
  actor?: string | null;
}

/** Newest first. */
export async function listAuditEvents(filter: AuditFilter, page: { first?: number; after?: string | null } = {}): Promise<AuditPage> {
  const { organizationId = null, from = null, to = null, actor = null } = filter;
  const { first = 50, after = null } = page;
  return (
    await request(AuditEventsDocument, {
      organizationId,
      from: from?.toISOString() ?? null,
      to: to?.toISOString() ?? null,
      actor: actor?.trim() || null,
      first,
      after,
    })
  ).auditEvents;
}
