import { ArgsType, Field, GraphQLISODateTime, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { Connection, PageArgs } from '../common/pagination.js';
import { ProblemStatus } from '../problems/problem.enums.js';

export enum ExportFormat {
  XLSX = 'XLSX',
  CSV = 'CSV',
  EVIDENCE_PACK = 'EVIDENCE_PACK',
}
registerEnumType(ExportFormat, {
  name: 'ExportFormat',
  description: 'What a ledger export produced: XLSX (ledger.xlsx), CSV (ledger.csv) or EVIDENCE_PACK (ledger.zip, signed).',
});

export enum ExportKind {
  LEDGER = 'LEDGER',
  ROLLUP_REPORT = 'ROLLUP_REPORT',
}
registerEnumType(ExportKind, {
  name: 'ExportKind',
  description:
    'What was exported: LEDGER, the fix-up ledger (整改台账); ROLLUP_REPORT, a leader’s rollup report (分级汇总表, rollup.xlsx).',
});

/** The audit trail's operations for exports; `myExports` reads these events back. */
export const EXPORT_OPERATIONS: Record<ExportKind, string> = {
  [ExportKind.LEDGER]: 'exportLedger',
  [ExportKind.ROLLUP_REPORT]: 'exportRollupReport',
};

@ObjectType({ description: 'One export of the fix-up ledger (整改台账) or of a rollup report, as the audit trail recorded it.' })
export class LedgerExport {
  @Field(() => ID, { description: 'The audit event’s id.' })
  id!: string;

  @Field(() => ExportKind, { description: 'The ledger or a rollup report.' })
  kind!: ExportKind;

  @Field(() => GraphQLISODateTime)
  at!: Date;

  @Field(() => ExportFormat)
  format!: ExportFormat;

  @Field({ description: 'The download’s file name.' })
  fileName!: string;

  @Field(() => ID, { description: 'The subtree root exported.' })
  organizationId!: string;

  @Field({ description: 'Its code when exported.' })
  organizationCode!: string;

  @Field({ description: 'Its name when exported.' })
  organizationName!: string;

  @Field(() => ID)
  campaignId!: string;

  @Field()
  campaignTitle!: string;

  @Field(() => String, { nullable: true, description: 'Found on or after, YYYY-MM-DD.' })
  from!: string | null;

  @Field(() => String, { nullable: true, description: 'Found on or before, YYYY-MM-DD.' })
  to!: string | null;

  @Field(() => [ProblemStatus], { description: 'Statuses exported; empty means all.' })
  statuses!: ProblemStatus[];

  @Field(() => Int, { description: 'Problems in a ledger export (rows of sheet 1); 0 for a rollup report.' })
  problems!: number;

  @Field(() => Int, { description: 'Rectification records in a ledger export (rows of sheet 2); 0 for a rollup report.' })
  records!: number;

  @Field(() => Int, {
    nullable: true,
    description: 'Levels below the unit a rollup report covered; null for the whole subtree and for a ledger export.',
  })
  depth!: number | null;
}

@ObjectType({ description: 'A page of the caller’s exports, newest first.' })
export class LedgerExportConnection extends Connection(LedgerExport) {}

@ArgsType()
export class MyExportsArgs extends PageArgs {}

/** The details a ledger export's audit event keeps (its `after`); `myExports` reads them back. */
export interface ExportDetails {
  format: ExportFormat;
  fileName: string;
  organization: { id: string; code: string; name: string };
  campaign: { id: string; title: string };
  filters: { from: string | null; to: string | null; status: ProblemStatus[] };
  problems: number;
  records: number;
}

/** The details a rollup report's audit event keeps. */
export interface ReportExportDetails {
  kind: ExportKind.ROLLUP_REPORT;
  format: ExportFormat.XLSX;
  fileName: string;
  organization: { id: string; code: string; name: string };
  campaign: { id: string; title: string };
  /** Levels below the unit; null: the whole subtree. */
  depth: number | null;
}
