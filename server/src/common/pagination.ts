import type { Type } from '@nestjs/common';
import type { EntityManager } from '@mikro-orm/postgresql';
import { ArgsType, Field, Int, ObjectType } from '@nestjs/graphql';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { isCalendarDate } from './dates.js';
import { DomainError } from './errors.js';

export const MAX_PAGE_SIZE = 200;

@ObjectType({ description: 'Relay page information.' })
export class PageInfo {
  @Field()
  hasNextPage!: boolean;

  @Field(() => String, { nullable: true, description: 'Pass as `after` to read the next page.' })
  endCursor!: string | null;
}

@ArgsType()
export class PageArgs {
  @Field(() => Int, { defaultValue: 50, description: `Page size, 1 to ${MAX_PAGE_SIZE}.` })
  @IsInt()
  @Min(1)
  @Max(MAX_PAGE_SIZE)
  first: number = 50;

  @Field(() => String, { nullable: true, description: 'The `endCursor` of the previous page.' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  after?: string | null;
}

/** Cursors are opaque to clients: base64url of the sort key's JSON. */
export function encodeCursor(key: unknown[]): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

export type CursorPart = 'string' | 'int' | 'date';

const PART_CHECKS: Record<CursorPart, (value: unknown) => boolean> = {
  string: (v) => typeof v === 'string' && v.length <= 200,
  int: (v) => (typeof v === 'number' && Number.isSafeInteger(v)) || (typeof v === 'string' && /^\d{1,18}$/.test(v)),
  date: isCalendarDate,
};

/** The sort key a cursor holds, each part checked, so a forged cursor is bad input and never reaches SQL. */
export function decodeCursor(cursor: string, parts: CursorPart[]): (string | number)[] {
  try {
    const key: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(key) && key.length === parts.length && parts.every((part, i) => PART_CHECKS[part](key[i]))) return key;
  } catch {
    // fall through to the typed error
  }
  throw DomainError.badInput('after', 'validation/cursor');
}

export interface Page<T> {
  nodes: T[];
  hasNextPage: boolean;
  totalCount: number;
}

export interface ConnectionShape<T> {
  edges: { cursor: string; node: T }[];
  pageInfo: PageInfo;
  totalCount: number;
}

/** A Relay connection type for `node`: `{ edges { cursor node } pageInfo totalCount }`. */
export function Connection<T>(node: Type<T>): Type<ConnectionShape<T>> {
  @ObjectType(`${node.name}Edge`, { description: `One ${node.name} in a page.` })
  class Edge {
    @Field()
    cursor!: string;

    @Field(() => node)
    node!: T;
  }

  @ObjectType({ isAbstract: true })
  class ConnectionType {
    @Field(() => [Edge])
    edges!: Edge[];

    @Field(() => PageInfo)
    pageInfo!: PageInfo;

    @Field(() => Int, { description: 'Number of items in all pages.' })
    totalCount!: number;
  }
  return ConnectionType;
}

export function toConnection<T>(page: Page<T>, cursorOf: (node: T) => unknown[]): ConnectionShape<T> {
  const edges = page.nodes.map((node) => ({ cursor: encodeCursor(cursorOf(node)), node }));
  return {
    edges,
    pageInfo: { hasNextPage: page.hasNextPage, endCursor: edges.at(-1)?.cursor ?? null },
    totalCount: page.totalCount,
  };
}

export interface KeysetQuery<T> {
  /** Columns to select, e.g. `s.*`. */
  select: string;
  /** FROM and JOINs. */
  from: string;
  where: string[];
  params: unknown[];
  /** The sort key: unique as a whole, all in one direction; the cursor holds its values. */
  order: { column: string; part: CursorPart }[];
  descending?: boolean;
  first: number;
  after?: string | null;
  toNode(row: Record<string, unknown>): T;
}

/**
 * One page by keyset (never OFFSET): the rows after the cursor's key, one more than asked to know
 * whether another page follows, and the total under the same filter.
 */
export async function keysetPage<T>(em: EntityManager, query: KeysetQuery<T>): Promise<Page<T>> {
  const columns = query.order.map((o) => o.column).join(', ');
  const keyed = [...query.where];
  const keyParams = [...query.params];
  if (query.after) {
    keyed.push(`(${columns}) ${query.descending ? '<' : '>'} (${query.order.map(() => '?').join(', ')})`);
    keyParams.push(
      ...decodeCursor(
        query.after,
        query.order.map((o) => o.part),
      ),
    );
  }
  const direction = query.descending ? ' DESC' : '';
  const [rows, [{ count }]] = await Promise.all([
    em.execute<Record<string, unknown>[]>(
      `SELECT ${query.select} FROM ${query.from} WHERE ${keyed.join(' AND ')} ORDER BY ${query.order.map((o) => o.column + direction).join(', ')} LIMIT ?`,
      [...keyParams, query.first + 1],
    ),
    em.execute<{ count: string }[]>(`SELECT count(*) AS count FROM ${query.from} WHERE ${query.where.join(' AND ')}`, query.params),
  ]);
  return { nodes: rows.slice(0, query.first).map(query.toNode), hasNextPage: rows.length > query.first, totalCount: Number(count) };
}
