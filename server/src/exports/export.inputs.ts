import { Transform } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsEnum, IsNotEmpty, IsNumberString, IsOptional, MaxLength } from 'class-validator';
import { IsCalendarDate } from '../common/dates.js';
import { ProblemStatus } from '../problems/problem.enums.js';

/** `status=OPEN&status=VERIFIED` arrives as an array, `status=OPEN` as a string: always a list. */
const toList = ({ value }: { value: unknown }) => (value === undefined || value === '' ? undefined : ([] as unknown[]).concat(value));

/** The campaign and the subtree's root of every export's query string; the guard has checked the caller's grant reaches the unit. */
export class ExportScopeQuery {
  @IsNumberString({ no_symbols: true })
  @MaxLength(10)
  @IsNotEmpty()
  campaignId!: string;

  @IsNumberString({ no_symbols: true })
  @MaxLength(10)
  @IsNotEmpty()
  organizationId!: string;
}

/** Query string of `GET /api/exports/ledger.(xlsx|csv|zip)`. */
export class LedgerExportQuery extends ExportScopeQuery {
  /** Found on or after (YYYY-MM-DD). */
  @IsOptional()
  @IsCalendarDate()
  from?: string;

  /** Found on or before (YYYY-MM-DD). */
  @IsOptional()
  @IsCalendarDate()
  to?: string;

  /** Only these statuses (repeat the parameter for several); all when absent. */
  @IsOptional()
  @Transform(toList)
  @IsArray()
  @ArrayMaxSize(4)
  @IsEnum(ProblemStatus, { each: true })
  status?: ProblemStatus[];
}
