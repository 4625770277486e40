import type { EntityManager } from '@mikro-orm/postgresql';
import type { ImportKind } from './import-job.entity.js';
import type { TableColumn, TableRow } from './table-file.js';

/** One bad row (row 0: the whole file), with a message key and its parameters. */
export interface RowProblem {
  row: number;
  field: string | null;
  key: string;
  params: Record<string, string | number>;
}

export interface ImportContext {
  /** The import's transaction: everything is written here or nothing is. */
  tx: EntityManager;
  rows: TableRow[];
  /** Paths of the units the uploader administers now; null for the server's own jobs (no limit). */
  adminPaths: string[] | null;
  /** Reports rows written so far (outside the transaction, so the page sees it). */
  progress(processed: number): Promise<unknown>;
}

export interface ImportOutcome {
  problems: RowProblem[];
  imported: number;
  /** The unit the import belongs to in the audit trail. */
  organizationId?: number | null;
}

/** What one kind of import reads and how it validates and writes its rows. */
export interface ImportHandler {
  readonly kind: ImportKind;
  readonly columns: TableColumn[];
  /** Validates every row; when all are good, writes them through `ctx.tx`. */
  run(ctx: ImportContext): Promise<ImportOutcome>;
}
