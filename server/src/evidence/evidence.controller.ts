import { Controller, Get, HttpCode, Param, Post, Query, Res, UploadedFile, UseInterceptors } from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import { pipeline } from 'node:stream/promises';
import type { Response } from 'express';
import { type Actor, CurrentActor } from '../authorization/actor.js';
import { organizationTarget, RequireRole } from '../authorization/allow.decorator.js';
import { Role } from '../authorization/role.js';
import { ALL_ROLES } from '../authorization/scope.js';
import { DomainError } from '../common/errors.js';
import { EVIDENCE_MAX_BYTES, EvidenceService } from './evidence.service.js';

const upload = FileInterceptor('file', { limits: { fileSize: EVIDENCE_MAX_BYTES, files: 1 } });

/**
 * `POST /api/evidence?organizationId=` (multipart, field `file`) → the stored file's digest and name;
 * `GET /api/evidence/:organizationId/:sha256` → the file, to callers who read that unit.
 */
@Controller('api/evidence')
export class EvidenceController {
  constructor(private readonly evidence: EvidenceService) {}

  @RequireRole([Role.SECRETARY], organizationTarget('organizationId'))
  @Post()
  @HttpCode(201)
  @UseInterceptors(upload)
  async upload(
    @CurrentActor() actor: Actor,
    @Query('organizationId') organizationId: string,
    @UploadedFile() file: Express.Multer.File | undefined,
  ) {
    if (!file?.buffer) throw DomainError.badInput('file', 'import/no-file');
    const name = Buffer.from(file.originalname, 'latin1').toString('utf8');
    const stored = await this.evidence.upload(actor, Number(organizationId), name, file.buffer);
    return { sha256: stored.sha256, fileName: stored.fileName, mediaType: stored.mediaType, size: stored.size };
  }

  @RequireRole([...ALL_ROLES], organizationTarget('organizationId'))
  @Get(':organizationId/:sha256')
  async download(@Param('organizationId') organizationId: string, @Param('sha256') sha256: string, @Res() response: Response) {
    const { upload, stream } = await this.evidence.open(Number(organizationId), sha256);
    response.set({
      'Content-Type': upload.mediaType,
      'Content-Length': String(upload.size),
      'Content-Disposition': `attachment; filename*=UTF-8''${encodeURIComponent(upload.fileName)}`,
      'X-Content-Type-Options': 'nosniff',
      'Cache-Control': 'private, max-age=31536000, immutable',
    });
    // A read failing midway can only cut the response short; it must never take the server down.
    await pipeline(stream, response).catch(() => response.destroy());
  }
}
