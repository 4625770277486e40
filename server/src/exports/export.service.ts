import { open } from 'node:fs/promises';
import { PassThrough } from 'node:stream';
import { Injectable, Logger } from '@nestjs/common';
import { EntityManager } from '@mikro-orm/postgresql';
import type { Response } from 'express';
import type { Actor } from '../authorization/actor.js';
import { forbidden } from '../authorization/auth.guard.js';
import { AuditService } from '../audit/audit.service.js';
import { CampaignService } from '../campaigns/campaign.service.js';
import { Clock } from '../common/clock.js';
import { today } from '../common/dates.js';
import { DomainError } from '../common/errors.js';
import { keysetPage, type Page } from '../common/pagination.js';
import { EvidenceService } from '../evidence/evidence.service.js';
import { failDownload, fileNamePart, startDownload } from './download.js';
import type { LedgerExportQuery } from './export.inputs.js';
import { type ExportDetails, ExportFormat, ExportKind, EXPORT_OPERATIONS, LedgerExport, type ReportExportDetails } from './export.types.js';
import {
  ClientGone,
  type Collected,
  LedgerSnapshot,
  type LedgerTotals,
  ledgerJob,
  runExport,
  settled,
  streamExport,
} from './export-job.js';
import type { LedgerFilter } from './ledger-query.js';
import {
  evidencePath,
  keyFingerprint,
  type ManifestFile,
  manifestBytes,
  PACK_FORMAT,
  PACK_LEDGER,
  PACK_MANIFEST,
  PACK_SIGNATURE,
} from './pack.js';
import { signBytes, SigningKeyService } from './signing-key.js';
import { ZipOutputClosed, ZipWriter } from './zip.js';

/** The audit trail's operation for every ledger export; `myExports` reads these events back. */
export const EXPORT_OPERATION = EXPORT_OPERATIONS[ExportKind.LEDGER];

const CONTENT_TYPES: Record<ExportFormat, string> = {
  [ExportFormat.XLSX]: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  [ExportFormat.CSV]: 'text/csv; charset=utf-8',
  [ExportFormat.EVIDENCE_PACK]: 'application/zip',
};

/** The download's name, in Chinese and (for clients that only take ASCII) by the unit's code. */
const FILE_NAMES: Record<ExportFormat, [string, string]> = {
  [ExportFormat.XLSX]: ['整改台账', 'ledger.xlsx'],
  [ExportFormat.CSV]: ['整改台账', 'ledger.csv'],
  [ExportFormat.EVIDENCE_PACK]: ['整改台账证据包', 'evidence-pack.zip'],
};

function fileNames(format: ExportFormat, unit: Unit, day: string): { fileName: string; fallback: string } {
  const [title, ascii] = FILE_NAMES[format];
  const extension = ascii.slice(ascii.lastIndexOf('.'));
  return {
    fileName: `${title}-${fileNamePart(unit.name)}-${day}${extension}`,
    fallback: `${ascii.slice(0, -extension.length)}-${fileNamePart(unit.code)}-${day}${extension}`,
  };
}

interface Unit {
  id: string;
  code: string;
  name: string;
  path: string;
}

/**
 * Auditors' exports of the fix-up ledger (整改台账): XLSX, CSV and the signed evidence pack, each
 * streamed from one database snapshot and recorded in the audit trail before the first byte.
 */
@Injectable()
export class ExportService {
  private readonly logger = new Logger('Exports');

  constructor(
    private readonly em: EntityManager,
    private readonly campaigns: CampaignService,
    private readonly evidence: EvidenceService,
    private readonly audit: AuditService,
    private readonly signingKey: SigningKeyService,
    private readonly clock: Clock,
  ) {}

  /**
   * Streams the ledger of `query`'s subtree to `response`. The guard has checked an AUDITOR grant
   * reaches the unit; the campaign must be one the caller sees. Failures before the first byte are
   * ordinary error answers; after it, the response is cut off (a download that cannot complete).
   */
  async exportLedger(actor: Actor, query: LedgerExportQuery, format: ExportFormat, response: Response): Promise<void> {
    if (query.from && query.to && query.to < query.from) throw DomainError.badInput('to', 'export/date-range');
    const campaign = await this.campaigns.get(actor, query.campaignId);
    const unit = await this.unit(query.organizationId);
    const filter: LedgerFilter = {
      campaignId: campaign.id,
      rootPath: unit.path,
      from: query.from ?? null,
      to: query.to ?? null,
      statuses: [...new Set(query.status ?? [])],
    };
    const started = this.clock.now();
    const { fileName, fallback } = fileNames(format, unit, today(started).replace(/-/g, ''));
    try {
      await LedgerSnapshot.run(this.em.getKysely(), filter, async (snapshot) => {
        const totals = await snapshot.totals();
        const details: ExportDetails = {
          format,
          fileName,
          organization: { id: unit.id, code: unit.code, name: unit.name },
          campaign: { id: String(campaign.id), title: campaign.title },
          filters: { from: filter.from ?? null, to: filter.to ?? null, status: query.status ? [...new Set(query.status)] : [] },
          ...totals,
        };
        // Recorded at the start, with the snapshot's counts: an export the client abandons halfway may already have handed over data.
        await this.em.transactional((em) =>
          this.audit.record(em, actor, {
            operation: EXPORT_OPERATION,
            entityType: 'LedgerExport',
            entityId: campaign.id,
            organizationId: Number(unit.id),
            after: details,
          }),
        );
        startDownload(response, CONTENT_TYPES[format], fileName, fallback, {
          'X-Total-Problems': String(totals.problems),
          'X-Total-Records': String(totals.records),
        });
        if (format === ExportFormat.EVIDENCE_PACK) await this.writePack(snapshot, response, actor, details, totals, started);
        else await streamExport(this.databaseUrl, snapshot, ledgerJob(snapshot, format === ExportFormat.CSV ? 'csv' : 'xlsx'), response);
        response.end();
      });
    } catch (error) {
      failDownload(response, error, this.logger, (e) => e instanceof ClientGone || e instanceof ZipOutputClosed);
    }
  }

  private async unit(organizationId: string): Promise<Unit> {
    const [unit] = await this.em.execute<Unit[]>('SELECT id::text AS id, code, name, path::text AS path FROM organization WHERE id = ?', [
      Number(organizationId),
    ]);
    if (!unit) throw forbidden();
    return unit;
  }

  /**
   * The evidence pack: ledger.xlsx streamed into the ZIP (hashed on the way), then every cited
   * evidence file, then the manifest, written last because it lists the others' digests, and its signature.
   */
  private async writePack(
    snapshot: LedgerSnapshot,
    response: Response,
    actor: Actor,
    details: ExportDetails,
    totals: LedgerTotals,
    started: Date,
  ): Promise<void> {
    const key = await this.signingKey.get();
    const zip = new ZipWriter(response, started);
    const collected: Collected = { heads: [], evidence: new Set() };
    const workbookOut = new PassThrough();
    const [ledger] = await settled(
      zip.add(PACK_LEDGER, workbookOut).catch((error: unknown) => {
        response.destroy();
        throw error;
      }),
      runExport(this.databaseUrl, snapshot, ledgerJob(snapshot, 'xlsx', true), workbookOut, collected).catch((error: unknown) => {
        workbookOut.destroy(error instanceof Error ? error : undefined);
        throw error;
      }),
    );
    const files: ManifestFile[] = [{ path: PACK_LEDGER, size: ledger.size, sha256: ledger.sha256 }];
    const missing: string[] = [];
    const stored = await snapshot.evidenceFiles([...collected.evidence].sort());
    const known = new Set(stored.map((file) => file.sha256));
    missing.push(...[...collected.evidence].filter((digest) => !known.has(digest)).sort());
    for (const file of stored) {
      // Opened before its entry starts: a file lost from storage is listed as missing instead of breaking the archive.
      const handle = await open(this.evidence.pathOf(file.sha256), 'r').catch(() => undefined);
      if (!handle) {
        missing.push(file.sha256);
        continue;
      }
      const path = evidencePath(file.sha256, file.media_type);
      try {
        const written = await zip.add(path, handle.createReadStream({ autoClose: false }));
        files.push({ path, size: written.size, sha256: written.sha256, mediaType: file.media_type });
      } finally {
        await handle.close();
      }
    }
    const manifest = manifestBytes({
      format: PACK_FORMAT,
      version: 1,
      exportedAt: started.toISOString(),
      exportedBy: { userId: actor.userId, username: actor.username ?? null },
      scope: { organization: details.organization, campaign: details.campaign },
      filters: details.filters,
      counts: { ...totals, evidenceFiles: files.length - 1, missingEvidence: missing.length },
      files,
      missingEvidence: missing.sort(),
      signature: { algorithm: 'Ed25519', file: PACK_SIGNATURE, publicKeySha256: keyFingerprint(key.publicKey) },
      chainHeads: collected.heads.map(([problemId, seq, hash]) => ({ problemId, seq, hash })),
    });
    await zip.add(PACK_MANIFEST, manifest);
    await zip.add(PACK_SIGNATURE, signBytes(key, manifest));
    await zip.finish();
  }

  /** The caller's own exports (ledgers and rollup reports), newest first, from the audit trail. */
  async myExports(actor: Actor, first: number, after?: string | null): Promise<Page<LedgerExport>> {
    return keysetPage(this.em, {
      select: 'id, at, after',
      from: 'audit_event',
      where: ['actor_id = ?', 'operation IN (?, ?)'],
      params: [actor.userId, EXPORT_OPERATIONS.LEDGER, EXPORT_OPERATIONS.ROLLUP_REPORT],
      order: [{ column: 'id', part: 'int' }],
      descending: true,
      first,
      after,
      toNode: (row) => toLedgerExport(String(row.id), new Date(row.at as string), row.after as ExportDetails | ReportExportDetails),
    });
  }

  /** The worker opens its own connection to the same database, where it imports the snapshot. */
  private get databaseUrl(): string {
    return this.em.config.get('clientUrl')!;
  }

  async publicKeyPem(): Promise<string> {
    return (await this.signingKey.get()).publicKeyPem;
  }
}

function toLedgerExport(id: string, at: Date, details: ExportDetails | ReportExportDetails): LedgerExport {
  const common = {
    id,
    at,
    format: details.format,
    fileName: details.fileName,
    organizationId: details.organization.id,
    organizationCode: details.organization.code,
    organizationName: details.organization.name,
    campaignId: details.campaign.id,
    campaignTitle: details.campaign.title,
  };
  // Only a rollup report's event names its kind; ledger events never did.
  if ('kind' in details) {
    return { ...common, kind: details.kind, from: null, to: null, statuses: [], problems: 0, records: 0, depth: details.depth };
  }
  return {
    ...common,
    kind: ExportKind.LEDGER,
    from: details.filters.from,
    to: details.filters.to,
    statuses: details.filters.status,
    problems: details.problems,
    records: details.records,
    depth: null,
  };
}
