import type { Organization } from './organization.entity.js';

/**
 * A unit's times as whole epoch microseconds, not timestamps: the driver's timestamp parser cost a
 * dashboard read of a few dozen units about 0.1 ms. date_part gives float8 directly (extract would
 * compute a numeric first, about 2 µs a row more); its error is under a microsecond, so rounded to
 * whole microseconds it is exact, where milliseconds with a fraction could land a millisecond short.
 */
const UNIT_TIMES = `(date_part('epoch', o.created_at) * 1e6)::int8 AS created_us, (date_part('epoch', o.updated_at) * 1e6)::int8 AS updated_us`;

/** The columns `unit` maps besides id, code, name and kind, of `organization o`. */
export const UNIT_REST = `o.parent_id, o.path::text AS path, o.depth, o.member_count, o.archived_at, o.version, ${UNIT_TIMES}`;

/** The columns `unit` maps, of `organization o`. */
export const UNIT = `o.id, o.code, o.name, o.kind, ${UNIT_REST}`;

/**
 * A unit from a row, as the Organization type's resolvers read it: a plain object of the entity's
 * fields rather than an entity. A dashboard maps dozens per request, nothing here is written back,
 * and an entity instance costs a MikroORM helper and a property redefinition per field on first write.
 */
export function unit(row: Record<string, unknown>): Organization {
  const fields = {
    id: row.id as number,
    code: row.code as string,
    name: row.name as string,
    kind: row.kind as Organization['kind'],
    parent: row.parent_id ? { id: row.parent_id as number } : undefined,
    path: row.path as string,
    depth: row.depth as number,
    memberCount: row.member_count as number,
    archivedAt: (row.archived_at as Date | null) ?? null,
    version: row.version as number,
    createdAt: fromMicroseconds(row.created_us),
    updatedAt: fromMicroseconds(row.updated_us),
  };
  return fields as unknown as Organization;
}

/** A time from whole epoch microseconds (int8 arrives as text); Date keeps milliseconds, truncated as PostgreSQL's text would be. */
const fromMicroseconds = (microseconds: unknown) => new Date(Math.floor(Number(microseconds) / 1000));
