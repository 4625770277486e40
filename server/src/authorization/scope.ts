import type { Actor } from './actor.js';
import { Role } from './role.js';
import { pgArray } from '../common/sql.js';

/** `path` is `ancestor` or lies below it. */
export function isWithin(path: string, ancestor: string): boolean {
  return path === ancestor || path.startsWith(`${ancestor}.`);
}

/**
 * Whether one of the actor's grants with one of `roles` reaches the unit at `path`. A SECRETARY
 * grant reaches only its own unit; the others reach the whole subtree.
 */
export function reaches(actor: Actor, roles: readonly Role[], path: string): boolean {
  return actor.grants.some((g) => roles.includes(g.role) && (g.role === Role.SECRETARY ? path === g.path : isWithin(path, g.path)));
}

/** Whether a non-secretary grant with one of `roles` sits strictly above the unit at `path`. */
export function reachesFromAbove(actor: Actor, roles: readonly Role[], path: string): boolean {
  return actor.grants.some((g) => roles.includes(g.role) && g.role !== Role.SECRETARY && path.startsWith(`${g.path}.`));
}

export const ALL_ROLES = [Role.SECRETARY, Role.LEADER, Role.AUDITOR, Role.ADMIN] as const;

/** Who reads the figures of the units below a unit: a secretary reads their own unit alone. */
export const SUBTREE_READERS = [Role.LEADER, Role.AUDITOR, Role.ADMIN];

export function canRead(actor: Actor, path: string): boolean {
  return reaches(actor, ALL_ROLES, path);
}

export interface ReadScope {
  /** Units whose whole subtree is readable (no one below another in the list). */
  subtrees: string[];
  /** Units readable on their own (secretaries' units outside every subtree above). */
  units: string[];
}

/** The actor's reach as few paths as possible, for filtering lists in SQL. */
export function readScope(actor: Actor, roles: readonly Role[] = ALL_ROLES): ReadScope {
  const grants = actor.grants.filter((g) => roles.includes(g.role));
  const subtreePaths = grants.filter((g) => g.role !== Role.SECRETARY).map((g) => g.path);
  const subtrees = [...new Set(subtreePaths)].filter((p, _, all) => !all.some((other) => other !== p && isWithin(p, other)));
  const units = [...new Set(grants.filter((g) => g.role === Role.SECRETARY).map((g) => g.path))].filter(
    (p) => !subtrees.some((s) => isWithin(p, s)),
  );
  return { subtrees, units };
}

/**
 * A WHERE fragment limiting `organization` rows (aliased `column`) to the actor's reach, with
 * MikroORM `?` parameters. Arrays travel as literals because `?` would expand them into lists.
 */
export function scopeFilter(actor: Actor, column = 'path', roles: readonly Role[] = ALL_ROLES): { sql: string; params: unknown[] } {
  const { subtrees, units } = readScope(actor, roles);
  return {
    sql: `(${column} <@ ?::ltree[] OR ${column} = ANY(?::ltree[]))`,
    params: [pgArray(subtrees), pgArray(units)],
  };
}

/**
 * Grant rows with their unit's `path` and `archived_at`, each unit read by primary key. role_grant is
 * small and changes often; joined plainly, stale statistics (a grant at a unit newer than the last
 * ANALYZE) make the planner merge-join it against the whole unit tree, a full scan per request.
 */
export const GRANT_UNITS = `(SELECT g.*, o.path, o.archived_at FROM role_grant g
  CROSS JOIN LATERAL (SELECT path, archived_at FROM organization WHERE id = g.organization_id OFFSET 0) o)`;
