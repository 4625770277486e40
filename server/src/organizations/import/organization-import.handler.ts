import { Injectable, type OnModuleInit } from '@nestjs/common';
import type { EntityManager } from '@mikro-orm/postgresql';
import { sql } from 'kysely';
import { isWithin } from '../../authorization/scope.js';
import type { ImportContext, ImportHandler, ImportOutcome } from '../../imports/import-handler.js';
import { ImportKind } from '../../imports/import-job.entity.js';
import { ImportRunner } from '../../imports/import-runner.service.js';
import type { TableColumn } from '../../imports/table-file.js';
import { TREE_LOCK } from '../organization.service.js';
import { insertUnits } from './insert-units.js';
import { validateUnits, type ExistingUnit, type UnitRow } from './validate-units.js';

export const UNIT_COLUMNS: TableColumn[] = [
  { key: 'code', aliases: ['单位代码', '组织代码', '代码'], required: true },
  { key: 'name', aliases: ['单位名称', '组织名称', '名称'], required: true },
  { key: 'kind', aliases: ['类别', '单位类别', '组织类别'], required: true },
  { key: 'parentCode', aliases: ['上级代码', '上级单位代码', '上级组织代码'], required: true },
  { key: 'memberCount', aliases: ['党员数', '党员人数'], required: false },
];

/** Units from a spreadsheet: code, name, kind, parentCode, memberCount; parents may come after children. */
@Injectable()
export class OrganizationImportHandler implements ImportHandler, OnModuleInit {
  readonly kind = ImportKind.ORGANIZATIONS;
  readonly columns = UNIT_COLUMNS;

  constructor(private readonly runner: ImportRunner) {}

  onModuleInit() {
    this.runner.register(this);
  }

  async run({ tx, rows, adminPaths, progress }: ImportContext): Promise<ImportOutcome> {
    // Shared: creates and other imports go on; a move waits, so parent paths stay as read.
    await tx.execute('SELECT pg_advisory_xact_lock_shared(?)', [TREE_LOCK]);
    const units = rows as unknown as UnitRow[];
    const codes = [...new Set(units.flatMap((r) => (r.parentCode ? [r.code, r.parentCode] : [r.code])))];
    const existing = await existingUnits(tx, codes);
    const mayPlaceUnder = (parent: ExistingUnit | null) =>
      adminPaths === null || (parent ? adminPaths.some((p) => isWithin(parent.path, p)) : adminPaths.some((p) => !p.includes('.')));
    const result = validateUnits(units, existing, mayPlaceUnder);
    if (result.problems.length) return { problems: result.problems, imported: 0 };
    await insertUnits(tx, result.units, existing, progress);
    const top = result.units.find((u) => u.parentCode && existing.has(u.parentCode));
    return { problems: [], imported: result.units.length, organizationId: top ? existing.get(top.parentCode!)!.id : null };
  }
}

async function existingUnits(em: EntityManager, codes: string[]): Promise<Map<string, ExistingUnit>> {
  const found = new Map<string, ExistingUnit>();
  for (let i = 0; i < codes.length; i += 50_000) {
    const { rows } = await sql<ExistingUnit>`SELECT id, code, path::text AS path, kind, archived_at IS NOT NULL AS archived
      FROM organization WHERE code = ANY(${codes.slice(i, i + 50_000)}::text[])`.execute(em.getKysely());
    for (const row of rows) found.set(row.code, row);
  }
  return found;
}
