import type { EntityManager } from '@mikro-orm/postgresql';
import { sql } from 'kysely';
import { GRAM_SEPARATOR, searchGramsOf } from '../search-grams.js';
import type { ExistingUnit, ImportUnit } from './validate-units.js';

const BATCH = 5_000;

/**
 * Inserts validated units, parents first, in batches of one statement each. Ids come from the
 * sequence up front so each path is known before its row is written.
 */
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
  const placed = new Map<string, { id: number; path: string }>();
  for (let start = 0; start < units.length; start += BATCH) {
    const batch = units.slice(start, start + BATCH);
    const rows = batch.map((unit, i) => {
      const id = ids[start + i].id;
      const parent = unit.parentCode ? (placed.get(unit.parentCode) ?? existing.get(unit.parentCode)!) : null;
      const path = parent ? `${parent.path}.${id}` : String(id);
      placed.set(unit.code, { id, path });
      return { ...unit, id, parentId: parent?.id ?? null, path, grams: searchGramsOf(unit.name, unit.code).join(GRAM_SEPARATOR) };
    });
    const column = <K extends keyof (typeof rows)[number]>(key: K) => rows.map((row) => row[key]);
    // Through Kysely so each array travels as one parameter (MikroORM's `?` expands arrays into lists).
    await sql`INSERT INTO organization (id, code, name, kind, parent_id, path, depth, member_count, search_grams)
      SELECT id, code, name, kind, parent_id, path, nlevel(path), member_count, string_to_array(grams, ${GRAM_SEPARATOR})
      FROM unnest(${column('id')}::int[], ${column('code')}::text[], ${column('name')}::text[], ${column('kind')}::text[],
        ${column('parentId')}::int[], ${column('path')}::text[]::ltree[], ${column('memberCount')}::int[], ${column('grams')}::text[])
        AS u(id, code, name, kind, parent_id, path, member_count, grams)`.execute(em.getKysely());
    await onProgress(start + batch.length);
  }
}
