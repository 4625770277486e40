import { Injectable } from '@nestjs/common';
import { EntityManager } from '@mikro-orm/postgresql';
import { sql } from 'kysely';
import { OptimisticLockError, UniqueConstraintViolationException } from '@mikro-orm/core';
import type { Actor } from '../authorization/actor.js';
import { forbidden } from '../authorization/auth.guard.js';
import { canRead, readScope, scopeFilter } from '../authorization/scope.js';
import { AuditService } from '../audit/audit.service.js';
import { DomainError } from '../common/errors.js';
import { parseId } from '../common/ids.js';
import { RequestLoaders } from '../common/loaders.js';
import { containsPattern } from '../common/transforms.js';
import { keysetPage, type Page } from '../common/pagination.js';
import { Organization } from './organization.entity.js';
import { canHaveChildren, OrganizationKind } from './organization-kind.js';
import type { CreateOrganizationInput, UpdateOrganizationInput } from './organization.inputs.js';
import { GRAM_SEPARATOR, needleGrams } from './search-grams.js';
import { pgArray } from '../common/sql.js';
import { RollupUpkeep } from '../rollups/rollup-upkeep.service.js';

/** Tree writers take this advisory lock: moves and archives exclusively, creates shared. */
export const TREE_LOCK = 0x6f7267; // "org"

const COLUMNS = `id, code, name, kind, parent_id, path::text AS path, depth, member_count, archived_at, version, created_at, updated_at`;

interface PageQuery {
  first: number;
  after?: string | null;
  includeArchived: boolean;
}

/** What the audit trail keeps of a unit. */
function auditView(o: Organization) {
  return { code: o.code, name: o.name, kind: o.kind, memberCount: o.memberCount, parentId: o.parent?.id ?? null, version: o.version };
}

/** The unit tree: every structural operation (ancestors, descendants, move, archive) lives here. */
@Injectable()
export class OrganizationService {
  constructor(
    private readonly em: EntityManager,
    private readonly audit: AuditService,
    private readonly rollups: RollupUpkeep,
  ) {}

  /** A unit the actor may read; unknown and out-of-reach ids get the same FORBIDDEN. */
  async get(actor: Actor, id: string | number): Promise<Organization> {
    const key = parseId(id);
    const organization = key ? await this.em.findOne(Organization, key) : null;
    if (!organization || !canRead(actor, organization.path)) throw forbidden();
    return organization;
  }

  /** Several units by id, in the order asked; unscoped, for breadcrumbs (names everyone may see). */
  async getMany(_actor: Actor, ids: readonly number[]): Promise<(Organization | undefined)[]> {
    const found = await this.em.find(Organization, { id: { $in: [...ids] } });
    const byId = new Map(found.map((o) => [o.id, o]));
    return ids.map((id) => byId.get(id));
  }

  /** The request's loader of units by id (summaries: parents, breadcrumbs, grants). */
  loader(actor: Actor, loaders: RequestLoaders) {
    return loaders.get('organization', (ids: readonly number[]) => this.getMany(actor, ids));
  }

  /** The ltree path of a unit, or undefined when the id names none. */
  async pathOf(id: string | number): Promise<string | undefined> {
    const key = parseId(id);
    if (key === undefined) return undefined;
    const [row] = await this.em.execute<{ path: string }[]>('SELECT path::text AS path FROM organization WHERE id = ?', [key]);
    return row?.path;
  }

  /**
   * WHERE fragments limiting a list to the units the actor reads (`column` is their ltree path),
   * and to one unit (or its subtree) when asked; a unit beyond the reach is FORBIDDEN.
   */
  async listScope(
    actor: Actor,
    column: string,
    organizationId?: string | null,
    includeSubtree = false,
  ): Promise<{ where: string[]; params: unknown[] }> {
    const scope = scopeFilter(actor, column);
    const where = [scope.sql];
    const params = [...scope.params];
    if (organizationId) {
      const path = await this.pathOf(organizationId);
      if (!path || !canRead(actor, path)) throw forbidden();
      where.push(includeSubtree ? `${column} <@ ?::ltree` : `${column} = ?::ltree`);
      params.push(path);
    }
    return { where, params };
  }

  /** Root first, the unit itself excluded: read from the path, so ancestors load by primary key. */
  ancestorIds(organization: Organization): number[] {
    return organization.path.split('.').slice(0, -1).map(Number);
  }

  /** Active children the actor reads, per parent, for many parents in one grouped query. */
  async childCounts(actor: Actor, parentIds: readonly number[]): Promise<number[]> {
    const { subtrees, units } = readScope(actor);
    const { rows } = await sql<{ parent_id: number; count: string }>`SELECT parent_id, count(*) AS count FROM organization
      WHERE parent_id = ANY(${[...parentIds]}::int[]) AND archived_at IS NULL
        AND (path <@ ${subtrees}::ltree[] OR path = ANY(${units}::ltree[]))
      GROUP BY parent_id`.execute(this.em.getKysely());
    const counts = new Map(rows.map((r) => [r.parent_id, Number(r.count)]));
    return parentIds.map((id) => counts.get(id) ?? 0);
  }

  /** The children of a unit the actor reads, or without a parent the tops of the actor's reach. */
  async children(actor: Actor, parentId: string | number | null, page: PageQuery): Promise<Page<Organization>> {
    const scope = scopeFilter(actor);
    const where = [scope.sql];
    const params: unknown[] = [...scope.params];
    if (parentId === null) {
      const { subtrees, units } = readScope(actor);
      where.push('path = ANY(?::ltree[])');
      params.push(pgArray([...subtrees, ...units]));
    } else {
      where.push('parent_id = ?');
      params.push((await this.get(actor, parentId)).id);
    }
    if (!page.includeArchived) where.push('archived_at IS NULL');
    return this.page(where, params, page, ['code']);
  }

  /**
   * The first page of children of many parents in one query (a window per parent), for a page of
   * units that each ask for their children; the parents are units the actor already reads.
   */
  async firstChildPages(
    actor: Actor,
    parentIds: readonly number[],
    first: number,
    includeArchived: boolean,
  ): Promise<Page<Organization>[]> {
    const scope = scopeFilter(actor);
    const rows = await this.em.execute<(Record<string, unknown> & { rank: string; total: string; parent_id: number })[]>(
      `SELECT * FROM (
         SELECT ${COLUMNS}, row_number() OVER (PARTITION BY parent_id ORDER BY code) AS rank, count(*) OVER (PARTITION BY parent_id) AS total
         FROM organization
         WHERE parent_id = ANY(?::int[]) AND ${scope.sql} ${includeArchived ? '' : 'AND archived_at IS NULL'}
       ) page WHERE rank <= ? ORDER BY parent_id, code`,
      [pgArray(parentIds), ...scope.params, first],
    );
    return parentIds.map((parentId) => {
      const own = rows.filter((row) => row.parent_id === parentId);
      const totalCount = Number(own[0]?.total ?? 0);
      return {
        nodes: own.map(({ rank: _rank, total: _total, ...row }) => this.em.map(Organization, row)),
        hasNextPage: totalCount > first,
        totalCount,
      };
    });
  }

  /** Name or code substring search, optionally within one unit's subtree. */
  async search(actor: Actor, text: string, withinId: string | number | null, page: PageQuery): Promise<Page<Organization>> {
    const needle = text.toLowerCase();
    // The grams narrow the search through the GIN index; LIKE confirms the characters are adjacent.
    const scope = scopeFilter(actor);
    const where = [scope.sql, 'search_grams @> string_to_array(?, ?)', '(lower(name) LIKE ? OR lower(code) LIKE ?)'];
    const params: unknown[] = [
      ...scope.params,
      needleGrams(needle).join(GRAM_SEPARATOR),
      GRAM_SEPARATOR,
      containsPattern(needle),
      containsPattern(needle),
    ];
    if (withinId !== null) {
      const within = await this.get(actor, withinId);
      where.push('path <@ ?::ltree');
      params.push(within.path);
    }
    if (!page.includeArchived) where.push('archived_at IS NULL');
    return this.page(where, params, page, ['depth', 'code']);
  }

  private page(where: string[], params: unknown[], page: PageQuery, order: ('code' | 'depth')[]): Promise<Page<Organization>> {
    return keysetPage(this.em, {
      select: COLUMNS,
      from: 'organization',
      where,
      params,
      order: order.map((column) => ({ column, part: column === 'depth' ? ('int' as const) : ('string' as const) })),
      first: page.first,
      after: page.after,
      toNode: (row) => this.em.map(Organization, row),
    });
  }

  async create(actor: Actor, input: CreateOrganizationInput): Promise<Organization> {
    const id = await this.em.transactional(async (em) => {
      await em.execute('SELECT pg_advisory_xact_lock_shared(?)', [TREE_LOCK]);
      const parent = input.parentId == null ? null : await this.parentFor(em, input.parentId, 'parentId');
      await this.assertCodeFree(em, input.code);
      const [{ id }] = await em.execute<{ id: number }[]>(`SELECT nextval(pg_get_serial_sequence('organization', 'id'))::int AS id`);
      const path = parent ? `${parent.path}.${id}` : String(id);
      const organization = em.create(Organization, {
        id,
        code: input.code,
        name: input.name,
        kind: input.kind,
        parent: parent?.id ?? null,
        path,
        depth: path.split('.').length,
        memberCount: input.memberCount,
      });
      await this.flush(em, input.code);
      await this.audit.record(em, actor, { entityType: 'Organization', entityId: id, organizationId: id, after: auditView(organization) });
      return id;
    });
    return this.fresh(actor, id);
  }

  async update(actor: Actor, id: string, input: UpdateOrganizationInput, version: number): Promise<Organization> {
    const organization = await this.get(actor, id);
    if (organization.archivedAt) throw DomainError.badInput('id', 'organization/archived');
    if (organization.version !== version) throw this.conflict(organization);
    if (input.code !== undefined && input.code !== organization.code) await this.assertCodeFree(this.em, input.code);
    const becomesBranch = input.kind === OrganizationKind.BRANCH && organization.kind !== OrganizationKind.BRANCH;
    const before = auditView(organization);
    try {
      await this.em.transactional(async (em) => {
        if (becomesBranch) {
          // Exclusive: no unit may be created under it between the count and the change.
          await em.execute('SELECT pg_advisory_xact_lock(?)', [TREE_LOCK]);
          const [{ count }] = await em.execute<{ count: string }[]>(
            'SELECT count(*) AS count FROM organization WHERE parent_id = ? AND archived_at IS NULL',
            [organization.id],
          );
          if (Number(count) > 0) throw DomainError.badInput('kind', 'organization/branch-has-children');
        }
        em.assign(organization, Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined)));
        await this.flush(em, input.code);
        await this.audit.record(em, actor, {
          entityType: 'Organization',
          entityId: organization.id,
          organizationId: organization.id,
          before,
          after: auditView(organization),
        });
      });
    } catch (error) {
      if (error instanceof OptimisticLockError) {
        this.em.clear();
        throw this.conflict(await this.get(actor, id));
      }
      throw error;
    }
    return organization;
  }

  /** Moves the unit with its whole subtree in one statement; a unit never lands under itself. */
  async move(actor: Actor, id: string, newParentId: string): Promise<Organization> {
    const key = parseId(id);
    await this.em.transactional(async (em) => {
      await this.rollups.lockForMove(em);
      await em.execute('SELECT pg_advisory_xact_lock(?)', [TREE_LOCK]);
      const node = key ? await em.findOne(Organization, key) : null;
      if (!node) throw forbidden();
      if (node.archivedAt) throw DomainError.badInput('id', 'organization/archived');
      const parent = await this.parentFor(em, newParentId, 'newParentId');
      if (`${parent.path}.`.startsWith(`${node.path}.`)) throw DomainError.badInput('newParentId', 'organization/cycle');
      if (node.parent?.id === parent.id) return;
      await this.rollups.moved(em, node.id, node.path, parent.path);
      const depthShift = parent.depth + 1 - node.depth;
      const [{ moved }] = await em.execute<{ moved: number }[]>(
        `WITH moved AS (
           UPDATE organization
           SET path = ?::ltree || subpath(path, ?), depth = depth + ?,
               parent_id = CASE WHEN id = ? THEN ? ELSE parent_id END,
               version = CASE WHEN id = ? THEN version + 1 ELSE version END,
               updated_at = CASE WHEN id = ? THEN now() ELSE updated_at END
           WHERE path <@ ?::ltree RETURNING 1)
         SELECT count(*)::int AS moved FROM moved`,
        [parent.path, node.depth - 1, depthShift, node.id, parent.id, node.id, node.id, node.path],
      );
      // The subtree's history moves with it: its events are read by the new ancestors' auditors.
      await em.execute(
        `UPDATE audit_event SET organization_path = ?::ltree || subpath(organization_path, ?) WHERE organization_path <@ ?::ltree`,
        [parent.path, node.depth - 1, node.path],
      );
      await this.audit.record(em, actor, {
        entityType: 'Organization',
        entityId: node.id,
        organizationId: node.id,
        before: { parentId: node.parent?.id ?? null, path: node.path },
        after: { parentId: parent.id, path: `${parent.path}.${node.id}`, unitsMoved: moved },
      });
    });
    return this.fresh(actor, key!);
  }

  /** 撤销: the unit and every active unit below it; history stays. Archiving twice changes nothing. */
  async archive(actor: Actor, id: string): Promise<Organization> {
    const node = await this.get(actor, id);
    await this.em.transactional(async (em) => {
      await em.execute('SELECT pg_advisory_xact_lock(?)', [TREE_LOCK]);
      const [{ archived }] = await em.execute<{ archived: number }[]>(
        `WITH archived AS (
           UPDATE organization SET archived_at = now(), version = version + 1, updated_at = now()
           WHERE path <@ (SELECT path FROM organization WHERE id = ?) AND archived_at IS NULL RETURNING 1)
         SELECT count(*)::int AS archived FROM archived`,
        [node.id],
      );
      await this.audit.record(em, actor, {
        entityType: 'Organization',
        entityId: node.id,
        organizationId: node.id,
        before: { archivedAt: node.archivedAt ?? null },
        after: { archived: true, unitsArchived: archived },
      });
    });
    return this.fresh(actor, node.id);
  }

  /** The guard has checked the actor reaches it; here the tree's own rules. */
  private async parentFor(em: EntityManager, id: string, field: string): Promise<Organization> {
    const key = parseId(id);
    const parent = key ? await em.findOne(Organization, key) : null;
    if (!parent) throw DomainError.badInput(field, 'organization/parent-not-found');
    if (parent.archivedAt) throw DomainError.badInput(field, 'organization/parent-archived');
    if (!canHaveChildren(parent.kind)) throw DomainError.badInput(field, 'organization/parent-is-branch');
    return parent;
  }

  private async assertCodeFree(em: EntityManager, code: string): Promise<void> {
    if (await em.count(Organization, { code })) throw DomainError.badInput('code', 'organization/code-taken', { code });
  }

  /** Flushes; a unique-code race lost to another writer reads as the same error as the pre-check. */
  private async flush(em: EntityManager, code: string | undefined): Promise<void> {
    try {
      await em.flush();
    } catch (error) {
      if (error instanceof UniqueConstraintViolationException) {
        throw DomainError.badInput('code', 'organization/code-taken', { code });
      }
      throw error;
    }
  }

  private conflict(current: Organization): DomainError {
    return new DomainError('CONFLICT', 'organization/version-conflict', { current: current.version }, 'version', {
      current: {
        id: String(current.id),
        code: current.code,
        name: current.name,
        kind: current.kind,
        memberCount: current.memberCount,
        version: current.version,
      },
    });
  }

  /** Re-reads after raw SQL so the identity map does not hand back the stale entity. */
  private async fresh(actor: Actor, id: number): Promise<Organization> {
    this.em.clear();
    return this.get(actor, id);
  }
}
