import { Injectable, Logger } from '@nestjs/common';
import { EntityManager } from '@mikro-orm/postgresql';
import type { Response } from 'express';
import type { Actor } from '../authorization/actor.js';
import { forbidden } from '../authorization/auth.guard.js';
import { AuditService } from '../audit/audit.service.js';
import { CampaignService } from '../campaigns/campaign.service.js';
import { Clock } from '../common/clock.js';
import { CAMPAIGN_TIME_ZONE, today } from '../common/dates.js';
import { parseId } from '../common/ids.js';
import type { Organization } from '../organizations/organization.entity.js';
import { COLUMNS } from '../rollups/figures.js';
import { UNIT, unit as toOrganization } from '../organizations/unit-row.js';
import { RollupFigures } from '../rollups/rollup.types.js';
import { failDownload, fileNamePart, startDownload } from './download.js';
import { ClientGone, ExportSnapshot, streamExport } from './export-job.js';
import { EXPORT_OPERATIONS, ExportFormat, ExportKind, type ReportExportDetails } from './export.types.js';
import {
  depthText,
  type LevelSums,
  levelTotals,
  REPORT_FIGURES,
  type RollupReportJob,
  sumsOf,
  type UnitRow,
} from './rollup-report-layout.js';
import { reportLevelsQuery, reportRowsQuery, type ReportScope } from './rollup-report-query.js';
import type { RollupReportArgs, RollupReportQuery } from './rollup-report.inputs.js';
import type { RollupReport } from './rollup-report.types.js';

/** The ideographic space (U+3000) Chinese documents separate items with. */
const WIDE_SPACE = '\u3000';
const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const AS_OF_FORMAT = new Intl.DateTimeFormat('sv-SE', { timeZone: CAMPAIGN_TIME_ZONE, dateStyle: 'short', timeStyle: 'short' });

/**
 * The leader's rollup report (分级汇总表): a unit's subtree, a row per unit with its subtree figures
 * and the totals per level, as a streamed XLSX or (a few levels) for the printable page. Read from
 * `rollup_subtree` and `rollup_own` in one snapshot; nothing is counted again from the facts.
 */
@Injectable()
export class RollupReportService {
  private readonly logger = new Logger('RollupReport');

  constructor(
    private readonly em: EntityManager,
    private readonly campaigns: CampaignService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  /**
   * Streams the report of `query`'s unit to `response`. The guard has checked a LEADER, AUDITOR or
   * ADMIN grant reaches the unit; the campaign must be one the caller sees. The export is an audit
   * event before the first byte; a failure after it cuts the download off.
   */
  async exportXlsx(actor: Actor, query: RollupReportQuery, response: Response): Promise<void> {
    const campaign = await this.campaigns.get(actor, query.campaignId);
    const unit = await this.unit(query.organizationId);
    const depth = query.depth ?? null;
    const started = this.clock.now();
    const day = today(started).replace(/-/g, '');
    const fileName = `分级汇总表-${fileNamePart(unit.name)}-${day}.xlsx`;
    const job: RollupReportJob = {
      kind: 'rollupReport',
      rows: reportRowsQuery(scopeOf(campaign.id, unit, depth), REPORT_FIGURES),
      columns: REPORT_FIGURES,
      title: `${campaign.title} · 分级汇总表`,
      subtitle: [
        `单位：${unit.name}（${unit.code}）`,
        `范围：${depthText(depth)}`,
        `截至 ${AS_OF_FORMAT.format(started)}（北京时间）`,
      ].join(WIDE_SPACE),
    };
    const details: ReportExportDetails = {
      kind: ExportKind.ROLLUP_REPORT,
      format: ExportFormat.XLSX,
      fileName,
      organization: { id: String(unit.id), code: unit.code, name: unit.name },
      campaign: { id: String(campaign.id), title: campaign.title },
      depth,
    };
    try {
      await ExportSnapshot.take(this.em.getKysely(), async (snapshot) => {
        await this.em.transactional((em) =>
          this.audit.record(em, actor, {
            operation: EXPORT_OPERATIONS.ROLLUP_REPORT,
            entityType: 'RollupReport',
            entityId: campaign.id,
            organizationId: unit.id,
            after: details,
          }),
        );
        // The download starts now; a report of a million units takes a while to read.
        startDownload(response, XLSX_TYPE, fileName, `rollup-report-${fileNamePart(unit.code)}-${day}.xlsx`);
        await streamExport(this.em.config.get('clientUrl')!, snapshot, job, response);
        response.end();
      });
    } catch (error) {
      failDownload(response, error, this.logger, (e) => e instanceof ClientGone);
    }
  }

  /**
   * The printable page's report: the first `first` rows of `depth` levels and the totals of every
   * unit in them, both from one snapshot. It reads those levels (walked down by parent), never the
   * subtree below them.
   */
  async report(actor: Actor, args: RollupReportArgs): Promise<RollupReport> {
    const campaign = await this.campaigns.get(actor, args.campaignId);
    const unit = await this.unit(args.organizationId);
    const scope = scopeOf(campaign.id, unit, args.depth);
    const asOf = this.clock.now();
    const [rows, levels] = await ExportSnapshot.take(
      this.em.getKysely(),
      async (snapshot) =>
        [
          await snapshot.query<UnitRow>(reportRowsQuery(scope, COLUMNS, { limit: args.first, entity: true })),
          await snapshot.query<LevelSums & Record<string, unknown>>(reportLevelsQuery(scope, COLUMNS)),
        ] as const,
    );
    const totals = levelTotals(
      levels.map((row) => ({ level: row.level, units: row.units, own: sumsOf(row, 'o_', COLUMNS), subtree: sumsOf(row, 's_', COLUMNS) })),
      COLUMNS,
    );
    return {
      campaign,
      organization: unit,
      depth: args.depth,
      asOf,
      rows: rows.map((row) => ({
        organization: toOrganization({ ...row, id: Number(row.id) }),
        level: row.level,
        figures: RollupFigures.ofSums(sumsOf(row, 's_', COLUMNS)),
      })),
      totalRows: totals.units,
      levels: totals.levels.map((level) => ({ ...level, figures: RollupFigures.ofSums(level.figures) })),
      total: RollupFigures.ofSums(totals.total),
    };
  }

  /** The report's unit; the guard has let the caller through to it, so it exists unless the id names nothing. */
  private async unit(organizationId: string): Promise<Organization> {
    const [row] = await this.em.execute<Record<string, unknown>[]>(`SELECT ${UNIT} FROM organization o WHERE o.id = ?`, [
      parseId(organizationId) ?? 0,
    ]);
    if (!row) throw forbidden();
    return toOrganization(row);
  }
}

const scopeOf = (campaignId: number, unit: Organization, depth: number | null): ReportScope => ({
  campaignId,
  unitId: unit.id,
  depth,
});
