import { Controller, HttpCode, Post, UploadedFile, UseInterceptors } from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import { type Actor, CurrentActor } from '../authorization/actor.js';
import { RequireRole } from '../authorization/allow.decorator.js';
import { Role } from '../authorization/role.js';
import { DomainError } from '../common/errors.js';
import { ImportKind } from './import-job.entity.js';
import { ImportRunner } from './import-runner.service.js';

const MAX_UPLOAD_BYTES = 100 * 1024 * 1024;
// Old binary .xls (OLE2) and other containers are refused up front rather than misread as CSV.
const OLE2 = Buffer.from([0xd0, 0xcf, 0x11, 0xe0]);
const upload = FileInterceptor('file', { limits: { fileSize: MAX_UPLOAD_BYTES, files: 1 } });

/** Multipart uploads, field `file` (CSV or XLSX) → `{ jobId }`; progress through `importJob(id)`. */
@Controller('api/imports')
export class ImportsController {
  constructor(private readonly imports: ImportRunner) {}

  @RequireRole([Role.ADMIN])
  @Post('organizations')
  @HttpCode(202)
  @UseInterceptors(upload)
  organizations(@CurrentActor() actor: Actor, @UploadedFile() file: Express.Multer.File | undefined) {
    return this.submit(actor, ImportKind.ORGANIZATIONS, file);
  }

  @RequireRole([Role.ADMIN])
  @Post('users')
  @HttpCode(202)
  @UseInterceptors(upload)
  users(@CurrentActor() actor: Actor, @UploadedFile() file: Express.Multer.File | undefined) {
    return this.submit(actor, ImportKind.USERS, file);
  }

  private async submit(actor: Actor, kind: ImportKind, file: Express.Multer.File | undefined) {
    if (!file?.buffer?.length) throw DomainError.badInput('file', 'import/no-file');
    if (file.buffer.subarray(0, 4).equals(OLE2) || !/\.(csv|txt|xlsx)$/i.test(file.originalname)) {
      throw DomainError.badInput('file', 'import/unsupported-type');
    }
    const job = await this.imports.submit(actor, kind, Buffer.from(file.originalname, 'latin1').toString('utf8'), file.buffer);
    return { jobId: job.id, status: job.status };
  }
}
