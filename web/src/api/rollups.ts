import {
  RollupChildrenDocument,
  RollupDocument,
  RollupReportDocument,
  type RollupReportQuery,
  UnitsBehindDocument,
  type RollupChildFieldsFragment,
  type RollupFiguresFieldsFragment,
  type RollupOrder,
  type RollupQuery,
  type UnitsBehindQuery,
} from '@/gql/graphql';
import { request } from './client';
import { MAX_PAGE_SIZE } from './organizations';
import type { PageRequest } from './problems';

export type { BehindReason, RollupOrder } from '@/gql/graphql';

export type Rollup = RollupQuery['rollup'];
export type RollupUnit = Rollup['organization'];
export type RollupFigures = RollupFiguresFieldsFragment;
export type RollupChild = RollupChildFieldsFragment;
export type RollupWeek = Rollup['trend'][number];
export type UnitsBehindPage = UnitsBehindQuery['unitsBehind'];
export type RollupReport = RollupReportQuery['rollupReport'];
export type RollupReportRow = RollupReport['rows'][number];
export type RollupReportLevel = RollupReport['levels'][number];
export type UnitBehind = UnitsBehindPage['edges'][number]['node'];

/** The server lists at most this many children (1 to 2000; its default). */
export const CHILDREN_LIMIT = 500;

/** The server's ranking: by any figure, largest first when descending (units without the figure last). */
export interface RollupRanking {
  orderBy: RollupOrder;
  descending: boolean;
}

/** A unit's subtree figures, its children ranked, and the trend of the last `weeks` weeks (oldest first). */
export async function getRollup(campaignId: string, organizationId: string, ranking: RollupRanking, weeks: number): Promise<Rollup> {
  return (await request(RollupDocument, { campaignId, organizationId, ...ranking, first: CHILDREN_LIMIT, weeks })).rollup;
}

/** The children alone, ranked again. */
export async function listRollupChildren(campaignId: string, organizationId: string, ranking: RollupRanking): Promise<RollupChild[]> {
  return (await request(RollupChildrenDocument, { campaignId, organizationId, ...ranking, first: CHILDREN_LIMIT })).rollup.children;
}

/** Units of the subtree that are behind (the unit itself included), by unit. */
export async function listUnitsBehind(campaignId: string, organizationId: string, page: PageRequest = {}): Promise<UnitsBehindPage> {
  const { first = 50, after = null } = page;
  return (await request(UnitsBehindDocument, { campaignId, organizationId, first: Math.min(first, MAX_PAGE_SIZE), after })).unitsBehind;
}

/** Levels below the unit the printable report offers (the server takes 1 to 3; the Excel file any depth). */
export const REPORT_DEPTHS = [1, 2, 3] as const;
export type ReportDepth = (typeof REPORT_DEPTHS)[number];

/** Rows the printable report lists at most (the server's limit); the Excel file holds every unit. */
export const REPORT_ROW_LIMIT = 2000;

/** The printable rollup report: the unit and `depth` levels below it, and the totals per level. */
export async function getRollupReport(campaignId: string, organizationId: string, depth: ReportDepth): Promise<RollupReport> {
  return (await request(RollupReportDocument, { campaignId, organizationId, depth, first: REPORT_ROW_LIMIT })).rollupReport;
}
