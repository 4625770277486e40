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

@ObjectType({ description: 'One export of the fix-up ledger (整改台账), as the audit trail recorded it.' })
export class LedgerExport {
  @Field(() => ID, { description: 'The audit event’s id.' })
  id!: string;

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

  @Field(() => Int, { description: 'Problems in the export (rows of sheet 1).' })
  problems!: number;

  @Field(() => Int, { description: 'Rectification records in the export (rows of sheet 2).' })
  records!: number;
}

@ObjectType({ description: 'A page of the caller’s ledger exports, newest first.' })
export class LedgerExportConnection extends Connection(LedgerExport) {}

@ArgsType()
export class MyExportsArgs extends PageArgs {}

/** The details an export's audit event keeps (its `after`); `myExports` reads them back. */
export interface ExportDetails {
  format: ExportFormat;
  fileName: string;
  organization: { id: string; code: string; name: string };
  campaign: { id: string; title: string };
  filters: { from: string | null; to: string | null; status: ProblemStatus[] };
  problems: number;
  records: number;
}
