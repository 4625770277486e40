import { createHash, randomUUID } from 'node:crypto';
import type { ReadStream } from 'node:fs';
import { access, mkdir, open as fsOpen, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Injectable } from '@nestjs/common';
import { EntityManager } from '@mikro-orm/postgresql';
import type { Actor } from '../authorization/actor.js';
import { forbidden } from '../authorization/auth.guard.js';
import { AuditService } from '../audit/audit.service.js';
import type { AppConfig } from '../common/config.js';
import { InjectConfig } from '../common/config.provider.js';
import { DomainError } from '../common/errors.js';
import { EvidenceUpload } from './evidence.entity.js';
import { detectEvidenceType } from './file-type.js';

export const EVIDENCE_MAX_BYTES = 20 * 1024 * 1024;
export const SHA256_PATTERN = /^[0-9a-f]{64}$/;

/** Evidence files (佐证材料): checked by content, stored once by their sha256 under DATA_DIR/evidence. */
@Injectable()
export class EvidenceService {
  constructor(
    private readonly em: EntityManager,
    private readonly audit: AuditService,
    @InjectConfig() private readonly config: AppConfig,
  ) {}

  async upload(actor: Actor, organizationId: number, fileName: string, content: Buffer): Promise<EvidenceUpload> {
    if (content.length === 0) throw DomainError.badInput('file', 'import/no-file');
    if (content.length > EVIDENCE_MAX_BYTES) throw DomainError.badInput('file', 'evidence/too-large');
    const type = detectEvidenceType(content);
    if (!type) throw DomainError.badInput('file', 'evidence/unsupported-type');
    const sha256 = createHash('sha256').update(content).digest('hex');
    await this.store(sha256, content);
    const name = fileName.slice(0, 255) || `${sha256.slice(0, 12)}.${type.extension}`;
    return this.em.transactional(async (em) => {
      await em.execute('INSERT INTO evidence_file (sha256, size, media_type) VALUES (?, ?, ?) ON CONFLICT (sha256) DO NOTHING', [
        sha256,
        content.length,
        type.mediaType,
      ]);
      const [row] = await em.execute<Record<string, unknown>[]>(
        `INSERT INTO evidence_upload (sha256, organization_id, file_name, media_type, size, uploaded_by) VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT (sha256, organization_id) DO UPDATE SET file_name = evidence_upload.file_name RETURNING *`,
        [sha256, organizationId, name, type.mediaType, content.length, actor.userId],
      );
      await this.audit.record(em, actor, {
        entityType: 'EvidenceUpload',
        entityId: sha256,
        organizationId,
        after: { sha256, fileName: name, mediaType: type.mediaType, size: content.length },
      });
      return em.map(EvidenceUpload, row);
    });
  }

  /**
   * The file as `organizationId` holds it; the guard has checked the caller reads that unit. The
   * file is opened before anything is sent, so a file lost from disk is an error answer, not a crash.
   */
  async open(organizationId: number, sha256: string): Promise<{ upload: EvidenceUpload; stream: ReadStream }> {
    const upload = SHA256_PATTERN.test(sha256) ? await this.em.findOne(EvidenceUpload, { sha256, organization: organizationId }) : null;
    if (!upload) throw forbidden();
    const file = await fsOpen(this.pathOf(sha256), 'r').catch((error: NodeJS.ErrnoException) => {
      throw new DomainError('NOT_FOUND', 'evidence/missing', { sha256 }, 'sha256', { cause: error.code });
    });
    return { upload, stream: file.createReadStream() };
  }

  /** The uploads of one unit among `digests`, for checking that a record cites only the unit's own files. */
  async uploadsOf(organizationId: number, digests: readonly string[]): Promise<EvidenceUpload[]> {
    if (digests.length === 0) return [];
    return this.em.find(EvidenceUpload, { sha256: { $in: [...digests] }, organization: organizationId });
  }

  /** The files cited by records, with the names the units gave them. */
  async describe(pairs: readonly { organizationId: number; sha256: string }[]): Promise<(EvidenceUpload | null)[]> {
    if (pairs.length === 0) return [];
    const uploads = await this.em.find(EvidenceUpload, {
      $or: pairs.map((p) => ({ sha256: p.sha256, organization: p.organizationId })),
    });
    return pairs.map((p) => uploads.find((u) => u.sha256 === p.sha256 && u.organization.id === p.organizationId) ?? null);
  }

  /** Where a file is stored: `DATA_DIR/evidence/ab/ab12…` (the evidence pack reads them from here too). */
  pathOf(sha256: string): string {
    return join(this.config.dataDir, 'evidence', sha256.slice(0, 2), sha256);
  }

  // Written under a temporary name and renamed, so a crash never leaves a half file under a digest.
  private async store(sha256: string, content: Buffer): Promise<void> {
    const target = this.pathOf(sha256);
    const exists = await access(target).then(
      () => true,
      () => false,
    );
    if (exists) return;
    await mkdir(join(target, '..'), { recursive: true });
    const temporary = `${target}.${randomUUID()}.part`;
    await writeFile(temporary, content, { flag: 'wx' });
    await rename(temporary, target);
  }
}
