import { Controller, Get, Header, Query, Res } from '@nestjs/common';
import type { Response } from 'express';
import { type Actor, CurrentActor } from '../authorization/actor.js';
import { organizationTarget, RequireRole, SignedIn } from '../authorization/allow.decorator.js';
import { Role } from '../authorization/role.js';
import { SUBTREE_READERS } from '../authorization/scope.js';
import { LedgerExportQuery } from './export.inputs.js';
import { ExportService } from './export.service.js';
import { ExportFormat } from './export.types.js';
import { RollupReportQuery } from './rollup-report.inputs.js';
import { RollupReportService } from './rollup-report.service.js';

/**
 * Only an AUDITOR grant reaching `organizationId` exports its subtree. An absent id passes the
 * guard only to be refused by validation as a missing field; the query DTO requires it.
 */
const AUDITOR_OF_UNIT = RequireRole([Role.AUDITOR], organizationTarget('organizationId', { optional: true }));

/** A rollup report is a leader's: a LEADER, AUDITOR or ADMIN grant reaching `organizationId` (as the dashboard's subtree figures). */
const READER_OF_SUBTREE = RequireRole(SUBTREE_READERS, organizationTarget('organizationId', { optional: true }));

/**
 * `GET /api/exports/ledger.xlsx|.csv|.zip?campaignId=&organizationId=&from=&to=&status=` → the
 * fix-up ledger (整改台账) of a subtree, streamed; `.zip` is the signed evidence pack.
 * `GET /api/exports/rollup.xlsx?campaignId=&organizationId=&depth=` → a leader's rollup report
 * (分级汇总表) of a subtree, streamed.
 * `GET /api/exports/public-key` → the PEM key that verifies evidence packs.
 */
@Controller('api/exports')
export class ExportsController {
  constructor(
    private readonly exports: ExportService,
    private readonly reports: RollupReportService,
  ) {}

  @AUDITOR_OF_UNIT
  @Get('ledger.xlsx')
  xlsx(@CurrentActor() actor: Actor, @Query() query: LedgerExportQuery, @Res() response: Response) {
    return this.exports.exportLedger(actor, query, ExportFormat.XLSX, response);
  }

  @AUDITOR_OF_UNIT
  @Get('ledger.csv')
  csv(@CurrentActor() actor: Actor, @Query() query: LedgerExportQuery, @Res() response: Response) {
    return this.exports.exportLedger(actor, query, ExportFormat.CSV, response);
  }

  @AUDITOR_OF_UNIT
  @Get('ledger.zip')
  evidencePack(@CurrentActor() actor: Actor, @Query() query: LedgerExportQuery, @Res() response: Response) {
    return this.exports.exportLedger(actor, query, ExportFormat.EVIDENCE_PACK, response);
  }

  @READER_OF_SUBTREE
  @Get('rollup.xlsx')
  rollupReport(@CurrentActor() actor: Actor, @Query() query: RollupReportQuery, @Res() response: Response) {
    return this.reports.exportXlsx(actor, query, response);
  }

  @SignedIn()
  @Get('public-key')
  @Header('Content-Type', 'application/x-pem-file')
  publicKey() {
    return this.exports.publicKeyPem();
  }
}
