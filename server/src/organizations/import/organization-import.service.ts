import { randomUUID } from 'node:crypto';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Injectable, Logger } from '@nestjs/common';
import { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import { sql } from 'kysely';
import type { Actor } from '../../authorization/actor.js';
import { forbidden } from '../../authorization/auth.guard.js';
import { isWithin } from '../../authorization/scope.js';
import { AuditService } from '../../audit/audit.service.js';
import type { AppConfig } from '../../common/config.js';
import { InjectConfig } from '../../common/config.provider.js';
import { localize } from '../../common/i18n/messages.js';
import { TREE_LOCK } from '../organization.service.js';
import { ImportJob, ImportJobStatus, type ImportRowError } from './import-job.entity.js';
import { parseUnitsFile, UnitsFileError } from './units-file.js';
import { insertUnits } from './insert-units.js';
import { validateUnits, type ExistingUnit, type RowProblem } from './validate-units.js';

export const MAX_IMPORT_ROWS = 1_000_000;
const MAX_STORED_ERRORS = 10_000;
const UNFINISHED = [ImportJobStatus.QUEUED, ImportJobStatus.VALIDATING, ImportJobStatus.IMPORTING];

function rowError(problem: RowProblem): ImportRowError {
  const messages = localize(problem.key, { ...problem.params, field: (problem.params.field as string) ?? problem.field ?? undefined });
  return { row: problem.row, field: problem.field, code: problem.key, message: messages['zh-CN'], messageEn: messages.en };
}

/**
 * Bulk import of units as a job: the upload is stored under DATA_DIR and acknowledged with a job
 * id; one worker validates every row, then inserts the whole file in one transaction. A restart
 * resumes unfinished jobs from the stored file, and success is recorded in the import transaction.
 */
@Injectable()
export class OrganizationImportService {
  private readonly logger = new Logger('OrganizationImport');
  private queue: Promise<void> = Promise.resolve();

  constructor(
    private readonly orm: MikroORM,
    private readonly em: EntityManager,
    @InjectConfig() private readonly config: AppConfig,
    private readonly audit: AuditService,
  ) {}

  /** Called once the schema is migrated, before the server takes requests. */
  async resumeUnfinished() {
    const unfinished = await this.orm.em.fork().find(ImportJob, { status: { $in: UNFINISHED } }, { orderBy: { createdAt: 'asc' } });
    for (const job of unfinished) this.enqueue(job.id);
  }

  async submit(actor: Actor, fileName: string, bytes: Buffer): Promise<ImportJob> {
    const id = randomUUID();
    const folder = join(this.config.dataDir, 'imports');
    await mkdir(folder, { recursive: true });
    const storedAs = join(folder, id);
    await writeFile(storedAs, bytes);
    const job = this.em.create(ImportJob, { id, fileName: fileName.slice(0, 255), storedAs, createdBy: actor.userId });
    await this.em.flush();
    this.enqueue(id);
    return job;
  }

  /** A job is its uploader's; anyone else (or an unknown id) gets FORBIDDEN. */
  async get(actor: Actor, id: string): Promise<ImportJob> {
    const job = /^[0-9a-f-]{36}$/i.test(id) ? await this.em.findOne(ImportJob, id, { refresh: true }) : null;
    if (!job || job.createdBy !== actor.userId) throw forbidden();
    return job;
  }

  /** Resolves when every job queued so far has finished (tests and shutdown wait on it). */
  idle(): Promise<void> {
    return this.queue;
  }

  private enqueue(id: string) {
    this.queue = this.queue.then(() => this.run(id)).catch((error: unknown) => this.logger.error(error));
  }

  private async run(id: string) {
    const em = this.orm.em.fork();
    const job = await em.findOneOrFail(ImportJob, id);
    const progress = (fields: Partial<ImportJob>) => em.fork().nativeUpdate(ImportJob, { id }, fields);
    try {
      await progress({ status: ImportJobStatus.VALIDATING, processed: 0 });
      const rows = await parseUnitsFile(await readFile(job.storedAs));
      if (rows.length > MAX_IMPORT_ROWS) {
        throw new UnitsFileError('import/too-many-rows', { max: MAX_IMPORT_ROWS, rows: rows.length });
      }
      await progress({ total: rows.length });
      await em.transactional(async (tx) => {
        // Shared: creates and other imports go on; a move waits, so parent paths stay as read.
        await tx.execute('SELECT pg_advisory_xact_lock_shared(?)', [TREE_LOCK]);
        const codes = [...new Set(rows.flatMap((r) => (r.parentCode ? [r.code, r.parentCode] : [r.code])))];
        const existing = await this.existing(tx, codes);
        const adminPaths = await this.adminPaths(tx, job.createdBy);
        const { units, problems } = validateUnits(rows, existing, (parent) =>
          adminPaths === null || (parent ? adminPaths.some((p) => isWithin(parent.path, p)) : adminPaths.some((p) => !p.includes('.'))),
        );
        if (problems.length) {
          await progress({
            status: ImportJobStatus.FAILED,
            processed: rows.length,
            errorCount: problems.length,
            errors: problems.slice(0, MAX_STORED_ERRORS).map(rowError),
            finishedAt: new Date(),
          });
          return;
        }
        await progress({ status: ImportJobStatus.IMPORTING, processed: 0 });
        await insertUnits(tx, units, existing, (processed) => progress({ processed }));
        const top = units.find((u) => !u.parentCode || existing.has(u.parentCode))!;
        await this.audit.record(tx, { userId: job.createdBy ?? null, grants: [] }, {
          operation: 'importOrganizations',
          entityType: 'ImportJob',
          entityId: id,
          organizationId: top.parentCode ? existing.get(top.parentCode)!.id : null,
          actorName: await this.username(tx, job.createdBy),
          after: { fileName: job.fileName, imported: units.length },
        });
        await tx.nativeUpdate(ImportJob, { id }, {
          status: ImportJobStatus.SUCCEEDED,
          processed: units.length,
          imported: units.length,
          finishedAt: new Date(),
        });
      });
    } catch (error) {
      const problem: RowProblem =
        error instanceof UnitsFileError
          ? { row: 0, field: 'file', key: error.key, params: error.params }
          : { row: 0, field: null, key: 'import/failed', params: { reason: (error as Error).message } };
      if (!(error instanceof UnitsFileError)) this.logger.error(error);
      await progress({ status: ImportJobStatus.FAILED, errorCount: 1, errors: [rowError(problem)], finishedAt: new Date() });
    } finally {
      await rm(job.storedAs, { force: true });
    }
  }

  /** The uploader's ADMIN reach as it is now (a job may wait); the server's own jobs reach everything. */
  private async adminPaths(em: EntityManager, userId: number | null | undefined): Promise<string[] | null> {
    if (!userId) return null;
    const rows = await em.execute<{ path: string }[]>(
      `SELECT o.path::text AS path FROM role_grant g JOIN organization o ON o.id = g.organization_id
       WHERE g.user_id = ? AND g.role = 'ADMIN' AND o.archived_at IS NULL`,
      [userId],
    );
    return rows.map((r) => r.path);
  }

  private async username(em: EntityManager, userId: number | null | undefined): Promise<string | null> {
    if (!userId) return null;
    const [row] = await em.execute<{ username: string }[]>('SELECT username FROM app_user WHERE id = ?', [userId]);
    return row?.username ?? null;
  }

  private async existing(em: EntityManager, codes: string[]): Promise<Map<string, ExistingUnit>> {
    const found = new Map<string, ExistingUnit>();
    for (let i = 0; i < codes.length; i += 50_000) {
      const { rows } = await sql<ExistingUnit>`SELECT id, code, path::text AS path, kind, archived_at IS NOT NULL AS archived
        FROM organization WHERE code = ANY(${codes.slice(i, i + 50_000)}::text[])`.execute(em.getKysely());
      for (const row of rows) found.set(row.code, row);
    }
    return found;
  }
}
