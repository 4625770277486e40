import { GRANT_UNITS } from '../authorization/scope.js';
import { randomUUID } from 'node:crypto';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Injectable, Logger } from '@nestjs/common';
import { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import type { Actor } from '../authorization/actor.js';
import { forbidden } from '../authorization/auth.guard.js';
import { AuditService } from '../audit/audit.service.js';
import type { AppConfig } from '../common/config.js';
import { InjectConfig } from '../common/config.provider.js';
import { localize } from '../common/i18n/messages.js';
import { UUID_PATTERN } from '../common/ids.js';
import type { ImportHandler, RowProblem } from './import-handler.js';
import { ImportJob, ImportJobStatus, type ImportKind, type ImportRowError } from './import-job.entity.js';
import { readTable, TableFileError } from './table-file.js';

export const MAX_IMPORT_ROWS = 1_000_000;
const MAX_STORED_ERRORS = 10_000;
const UNFINISHED = [ImportJobStatus.QUEUED, ImportJobStatus.VALIDATING, ImportJobStatus.IMPORTING];

function rowError(problem: RowProblem): ImportRowError {
  const messages = localize(problem.key, { ...problem.params, field: (problem.params.field as string) ?? problem.field ?? undefined });
  return { row: problem.row, field: problem.field, code: problem.key, message: messages['zh-CN'], messageEn: messages.en };
}

const operationOf = (kind: ImportKind) => `import${kind.charAt(0)}${kind.slice(1).toLowerCase()}`;

/**
 * Bulk imports as jobs: the upload is stored under DATA_DIR and acknowledged with a job id; one
 * worker reads the table, lets the kind's handler validate every row and, when all are good, write
 * them in one transaction, which also records success. A restart resumes unfinished jobs.
 */
@Injectable()
export class ImportRunner {
  private readonly logger = new Logger('Imports');
  private readonly handlers = new Map<ImportKind, ImportHandler>();
  private queue: Promise<void> = Promise.resolve();

  constructor(
    private readonly orm: MikroORM,
    private readonly em: EntityManager,
    @InjectConfig() private readonly config: AppConfig,
    private readonly audit: AuditService,
  ) {}

  register(handler: ImportHandler) {
    this.handlers.set(handler.kind, handler);
  }

  /** Called once the schema is migrated, before the server takes requests. */
  async resumeUnfinished() {
    const unfinished = await this.orm.em.fork().find(ImportJob, { status: { $in: UNFINISHED } }, { orderBy: { createdAt: 'asc' } });
    for (const job of unfinished) this.enqueue(job.id);
  }

  async submit(actor: Actor, kind: ImportKind, fileName: string, bytes: Buffer): Promise<ImportJob> {
    const id = randomUUID();
    const folder = join(this.config.dataDir, 'imports');
    await mkdir(folder, { recursive: true });
    const storedAs = join(folder, id);
    await writeFile(storedAs, bytes, { mode: 0o600 });
    const job = this.em.create(ImportJob, { id, kind, fileName: fileName.slice(0, 255), storedAs, createdBy: actor.userId });
    await this.em.flush();
    this.enqueue(id);
    return job;
  }

  /** A job is its uploader's; anyone else (or an unknown id) gets FORBIDDEN. */
  async get(actor: Actor, id: string): Promise<ImportJob> {
    const job = UUID_PATTERN.test(id) ? await this.em.findOne(ImportJob, id, { refresh: true }) : null;
    if (!job || job.createdBy !== actor.userId) throw forbidden();
    return job;
  }

  private enqueue(id: string) {
    this.queue = this.queue.then(() => this.run(id)).catch((error: unknown) => this.logger.error(error));
  }

  private async run(id: string) {
    const em = this.orm.em.fork();
    const job = await em.findOneOrFail(ImportJob, id);
    const progress = (fields: Partial<ImportJob>) => em.fork().nativeUpdate(ImportJob, { id }, fields);
    const handler = this.handlers.get(job.kind)!;
    try {
      await progress({ status: ImportJobStatus.VALIDATING, processed: 0 });
      const rows = await readTable(await readFile(job.storedAs), handler.columns);
      if (rows.length > MAX_IMPORT_ROWS) {
        throw new TableFileError('import/too-many-rows', { max: MAX_IMPORT_ROWS, rows: rows.length });
      }
      await progress({ total: rows.length });
      await em.transactional(async (tx) => {
        const adminPaths = await this.adminPaths(tx, job.createdBy);
        let importing = false;
        const outcome = await handler.run({
          tx,
          rows,
          adminPaths,
          progress: async (processed) => {
            if (!importing) {
              importing = true;
              await progress({ status: ImportJobStatus.IMPORTING });
            }
            return progress({ processed });
          },
        });
        if (outcome.problems.length) {
          await progress({
            status: ImportJobStatus.FAILED,
            processed: rows.length,
            errorCount: outcome.problems.length,
            errors: outcome.problems
              .sort((a, b) => a.row - b.row)
              .slice(0, MAX_STORED_ERRORS)
              .map(rowError),
            finishedAt: new Date(),
          });
          return;
        }
        await this.audit.record(
          tx,
          { userId: job.createdBy ?? null, grants: [] },
          {
            operation: operationOf(job.kind),
            entityType: 'ImportJob',
            entityId: id,
            organizationId: outcome.organizationId ?? null,
            actorName: await this.username(tx, job.createdBy),
            after: { fileName: job.fileName, imported: outcome.imported },
          },
        );
        await tx.nativeUpdate(
          ImportJob,
          { id },
          {
            status: ImportJobStatus.SUCCEEDED,
            processed: outcome.imported,
            imported: outcome.imported,
            finishedAt: new Date(),
          },
        );
      });
    } catch (error) {
      const problem: RowProblem =
        error instanceof TableFileError
          ? { row: 0, field: 'file', key: error.key, params: error.params }
          : { row: 0, field: null, key: 'import/failed', params: { reason: (error as Error).message } };
      if (!(error instanceof TableFileError)) this.logger.error(error);
      await progress({ status: ImportJobStatus.FAILED, errorCount: 1, errors: [rowError(problem)], finishedAt: new Date() });
    } finally {
      await rm(job.storedAs, { force: true });
    }
  }

  /** The uploader's ADMIN reach as it is now (a job may wait); the server's own jobs reach everything. */
  private async adminPaths(em: EntityManager, userId: number | null | undefined): Promise<string[] | null> {
    if (!userId) return null;
    const rows = await em.execute<{ path: string }[]>(
      `SELECT g.path::text AS path FROM ${GRANT_UNITS} g WHERE g.user_id = ? AND g.role = 'ADMIN' AND g.archived_at IS NULL`,
      [userId],
    );
    return rows.map((r) => r.path);
  }

  private async username(em: EntityManager, userId: number | null | undefined): Promise<string | null> {
    if (!userId) return null;
    const [row] = await em.execute<{ username: string }[]>('SELECT username FROM app_user WHERE id = ?', [userId]);
    return row?.username ?? null;
  }
}
