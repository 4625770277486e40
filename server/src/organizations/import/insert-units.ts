import type { EntityManager } from '@mikro-orm/postgresql';
import { sql } from 'kysely';
import type { ExistingUnit, ImportUnit } from './validate-units.js';

const BATCH = 5_000;

/** Ids come from the sequence up front so each path is known before its row is written. */
export async function insertUnits(
  em: EntityManager,
  units: ImportUnit[],
  existing: ReadonlyMap<string, ExistingUnit>,
  onProgress: (processed: number) => Promise<unknown>,
) {
  const ids = await em.execute<{ id: number }[]>(
    `SELECT nextval(pg_get_serial_sequence('organization', 'id'))::int AS id FROM generate_series(1, ?)`,
    [units.length],
  );
  const paths = new Map<string, { id: number; path: string }>();
  for (let i = 0; i < units.length; i += BATCH) {
    const batch = units.slice(i, i + BATCH);
    const columns = { id: [] as number[], code: [] as string[], name: [] as string[], kind: [] as string[], parent: [] as (number | null)[], path: [] as string[], depth: [] as number[], members: [] as number[] };
    batch.forEach((unit, j) => {
      const id = ids[i + j].id;
      const parent = unit.parentCode ? (paths.get(unit.parentCode) ?? existing.get(unit.parentCode)!) : null;
      const path = parent ? `${parent.path}.${id}` : String(id);
      paths.set(unit.code, { id, path });
      columns.id.push(id);
      columns.code.push(unit.code);
      columns.name.push(unit.name);
      columns.kind.push(unit.kind);
      columns.parent.push(parent?.id ?? null);
      columns.path.push(path);
      columns.depth.push(path.split('.').length);
      columns.members.push(unit.memberCount);
    });
    // Through Kysely so each array travels as one parameter (MikroORM's `?` expands arrays into lists).
    const c = columns;
    await sql`INSERT INTO organization (id, code, name, kind, parent_id, path, depth, member_count)
      SELECT * FROM unnest(${c.id}::int[], ${c.code}::text[], ${c.name}::text[], ${c.kind}::text[],
        ${c.parent}::int[], ${c.path}::text[]::ltree[], ${c.depth}::smallint[], ${c.members}::int[])`.execute(em.getKysely());
    await onProgress(i + batch.length);
  }
}
