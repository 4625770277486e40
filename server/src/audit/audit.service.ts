import { Injectable } from '@nestjs/common';
import { EntityManager } from '@mikro-orm/postgresql';
import type { Actor } from '../authorization/actor.js';
import { Role } from '../authorization/role.js';
import { scopeFilter } from '../authorization/scope.js';
import { keysetPage, type Page } from '../common/pagination.js';
import { AuditEvent, AuditOutcome } from './audit-event.entity.js';
import { redact } from './redact.js';
import { executePrepared } from '../common/database/prepared.js';

export interface AuditEntry {
  entityType: string;
  entityId?: string | number | null;
  /** The unit the record belongs to; its path scopes who may read the event. */
  organizationId?: number | null;
  before?: unknown;
  after?: unknown;
  outcome?: AuditOutcome;
  /** Overrides the actor's operation (e.g. a job finishing later). */
  operation?: string;
  actorName?: string | null;
}

export interface AuditQuery {
  organizationId?: string | null;
  from?: Date | null;
  to?: Date | null;
  actor?: string | null;
  first: number;
  after?: string | null;
}

@Injectable()
export class AuditService {
  constructor(private readonly em: EntityManager) {}

  /** Writes one event in `em`'s transaction, so the event and the change commit or fail together. */
  async record(em: EntityManager, actor: Actor, entry: AuditEntry): Promise<void> {
    await em.execute(
      `INSERT INTO audit_event (actor_id, actor_name, operation, entity_type, entity_id, organization_id, organization_path, outcome, before, after)
       VALUES (?, ?, ?, ?, ?, ?, (SELECT path FROM organization WHERE id = ?), ?, ?::jsonb, ?::jsonb)`,
      [
        actor.userId,
        entry.actorName ?? actor.username ?? null,
        entry.operation ?? actor.operation ?? 'unknown',
        entry.entityType,
        entry.entityId === undefined || entry.entityId === null ? null : String(entry.entityId),
        entry.organizationId ?? null,
        entry.organizationId ?? null,
        entry.outcome ?? AuditOutcome.SUCCEEDED,
        entry.before === undefined ? null : JSON.stringify(redact(entry.before)),
        entry.after === undefined ? null : JSON.stringify(redact(entry.after)),
      ],
    );
  }

  /**
   * Runs one data-changing statement (`INSERT … RETURNING *` with `id` and `organization_id`) and
   * writes an event for each changed row in the same statement: one round trip on hot paths, and
   * with `prepared` a prepared statement (see `executePrepared`).
   */
  async changeWithEvent<T>(
    em: EntityManager,
    actor: Actor,
    statement: string,
    params: unknown[],
    entry: Pick<AuditEntry, 'entityType' | 'after'>,
    prepared = false,
  ): Promise<T[]> {
    const run = <R>(sql: string, values: unknown[]) => (prepared ? executePrepared<R>(em, sql, values) : em.execute<R[]>(sql, values));
    return run<T>(
      `WITH changed AS (${statement}),
            event AS (INSERT INTO audit_event (actor_id, actor_name, operation, entity_type, entity_id, organization_id, organization_path, outcome, after)
                      SELECT ?::int, ?::text, ?::text, ?::text, changed.id::text, changed.organization_id, o.path, ?::text, ?::jsonb
                      FROM changed JOIN organization o ON o.id = changed.organization_id)
       SELECT * FROM changed`,
      [
        ...params,
        actor.userId,
        actor.username ?? null,
        actor.operation ?? 'unknown',
        entry.entityType,
        AuditOutcome.SUCCEEDED,
        entry.after === undefined ? null : JSON.stringify(redact(entry.after)),
      ],
    );
  }

  /** Newest first, limited in SQL to the units the actor audits or administers. */
  async list(actor: Actor, query: AuditQuery): Promise<Page<AuditEvent>> {
    const em = this.em;
    const roles = [Role.ADMIN, Role.AUDITOR];
    const scope = scopeFilter(actor, 'organization_path', roles);
    const rootReader = actor.grants.some((g) => roles.includes(g.role) && !g.path.includes('.'));
    // Events without a unit (a sign-in with an unknown name) belong to the top of the tree.
    const where = [rootReader ? `(${scope.sql} OR organization_path IS NULL)` : scope.sql];
    const params: unknown[] = [...scope.params];
    if (query.organizationId) {
      where.push('organization_path <@ (SELECT path FROM organization WHERE id = ?)');
      params.push(query.organizationId);
    }
    if (query.from) {
      where.push('at >= ?');
      params.push(query.from);
    }
    if (query.to) {
      where.push('at < ?');
      params.push(query.to);
    }
    if (query.actor) {
      where.push('(actor_name = ? OR actor_id::text = ?)');
      params.push(query.actor.toLowerCase(), query.actor);
    }
    return keysetPage(em, {
      select:
        'id, at, actor_id, actor_name, operation, entity_type, entity_id, organization_id, organization_path::text, outcome, before, after',
      from: 'audit_event',
      where,
      params,
      order: [{ column: 'id', part: 'int' }],
      descending: true,
      first: query.first,
      after: query.after,
      toNode: (row) => em.map(AuditEvent, row),
    });
  }
}
