import { GRANT_UNITS } from './scope.js';
import { SetMetadata } from '@nestjs/common';
import { Role } from './role.js';

/** Where the unit a request acts on comes from: an argument, turned into the unit's path by SQL. */
export interface Target {
  /** Dotted path into the GraphQL args (or HTTP body/query), e.g. `id` or `input.parentId`. */
  arg: string;
  /** SELECT returning the `path` (text) of every unit the value touches; each `?` takes the value. The actor must reach them all. */
  pathSql: string;
  /** An absent argument means "a new root": only grants at a root unit reach it. */
  rootWhenAbsent?: boolean;
  /** An absent argument needs no check (a filter the service applies within the actor's scope). */
  optional?: boolean;
  /**
   * Only a grant at a unit strictly above the target reaches it: a unit never verifies its own
   * problems, a leader above it does.
   */
  above?: boolean;
  /**
   * The argument is a unit id and `pathSql` reads that unit's own path, nothing else: a unit the actor
   * holds a grant at needs no query, and the guard caches the path by id for the rest.
   */
  isUnit?: boolean;
  /**
   * For a reference inside the input (a parent, say): unknown or out of reach is bad input on that
   * field rather than FORBIDDEN; the same answer either way, so existence still does not leak.
   */
  invalid?: { field: string; key: string };
}

export type Rule =
  | { kind: 'public' }
  /** Any signed-in user; the service limits what it returns to the actor's scope in SQL. */
  | { kind: 'signedIn'; allowPasswordChangePending?: boolean }
  /** One of `roles` must reach every target (or, without targets, the actor must hold one of them). */
  | { kind: 'roles'; roles: Role[]; targets: Target[] };

export const RULE_KEY = 'campaign-ledger:rule';

/** Declares who may call a resolver or endpoint; the global AuthGuard enforces it and refuses any handler without one. */
export const Allow = (rule: Rule) => SetMetadata(RULE_KEY, rule);

export const Public = () => Allow({ kind: 'public' });
export const SignedIn = (options: { allowPasswordChangePending?: boolean } = {}) => Allow({ kind: 'signedIn', ...options });
export const RequireRole = (roles: Role[], ...targets: Target[]) => Allow({ kind: 'roles', roles, targets });

/** The unit whose id is in `arg`. */
export const organizationTarget = (arg: string, options: Pick<Target, 'rootWhenAbsent' | 'invalid' | 'optional'> = {}): Target => ({
  arg,
  pathSql: 'SELECT path::text AS path FROM organization WHERE id = ?',
  isUnit: true,
  ...options,
});

/**
 * The home unit of the user whose id is in `arg`, and every unit it holds a grant at: an admin below
 * a user's highest grant must not reset, disable or re-grant that user.
 */
export const userTarget = (arg: string): Target => ({
  arg,
  pathSql: `SELECT o.path::text AS path FROM app_user u JOIN organization o ON o.id = u.organization_id WHERE u.id = ?
             UNION ALL SELECT g.path::text FROM ${GRANT_UNITS} g WHERE g.user_id = ?`,
});

/** A unit referenced inside the input: unknown or out of reach is bad input on `field`, not FORBIDDEN. */
export const unitInput = (arg: string, field: string): Target =>
  organizationTarget(arg, { invalid: { field, key: 'organization/parent-not-found' } });

/** The unit of the grant whose id is in `arg`. */
export const grantTarget = (arg: string): Target => ({
  arg,
  pathSql: `SELECT g.path::text AS path FROM ${GRANT_UNITS} g WHERE g.id = ?`,
});

/** The launching unit of the campaign whose id is in `arg`. */
export const campaignTarget = (arg: string): Target => ({
  arg,
  pathSql: 'SELECT o.path::text AS path FROM campaign c JOIN organization o ON o.id = c.scope_id WHERE c.id = ?',
});

/** The unit of the study session whose id is in `arg`. */
export const sessionTarget = (arg: string): Target => ({
  arg,
  pathSql: 'SELECT o.path::text AS path FROM study_session s JOIN organization o ON o.id = s.organization_id WHERE s.id = ?',
});

/** The unit of the study plan item whose id is in `arg`. */
export const planItemTarget = (arg: string): Target => ({
  arg,
  pathSql: 'SELECT o.path::text AS path FROM study_plan_item p JOIN organization o ON o.id = p.organization_id WHERE p.id = ?',
});

/** The unit of the problem whose id is in `arg`; `above`: only from a unit above it. */
export const problemTarget = (arg: string, options: Pick<Target, 'above'> = {}): Target => ({
  arg,
  pathSql: 'SELECT o.path::text AS path FROM problem p JOIN organization o ON o.id = p.organization_id WHERE p.id = ?',
  ...options,
});

/** The unit a row of `table` (with `id` and `organization_id`) belongs to. */
export const unitRowTarget = (table: 'feedback' | 'commitment', arg: string): Target => ({
  arg,
  pathSql: `SELECT o.path::text AS path FROM ${table} t JOIN organization o ON o.id = t.organization_id WHERE t.id = ?`,
});
