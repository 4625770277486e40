import { ArgsType, Field, ID, Int } from '@nestjs/graphql';
import { Transform } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, Min } from 'class-validator';
import { ExportScopeQuery } from './export.inputs.js';

/** The deepest a report goes below its unit when asked for a depth; without one it takes the whole subtree. */
export const MAX_REPORT_DEPTH = 20;
/** The printable page reads at most this many levels: it sums them on every view, the XLSX streams any depth. */
export const MAX_PAGE_DEPTH = 3;
/** Rows the printable page lists at most; the XLSX holds every unit. */
export const MAX_PAGE_ROWS = 2000;

/** `depth=2` arrives as text: whole numbers become numbers, anything else stays as sent for the validator to name. */
const toInteger = ({ value }: { value: unknown }) =>
  value === undefined || value === '' ? undefined : typeof value === 'string' && /^[+-]?\d{1,9}$/.test(value) ? Number(value) : value;

/** Query string of `GET /api/exports/rollup.xlsx`. */
export class RollupReportQuery extends ExportScopeQuery {
  /** Levels below the unit (1: the unit and its children); absent: the whole subtree. */
  // The validator reports the decorator nearest the property first: "not a whole number" before a bound.
  @IsOptional()
  @Transform(toInteger)
  @Min(1)
  @Max(MAX_REPORT_DEPTH)
  @IsInt()
  depth?: number;
}

@ArgsType()
export class RollupReportArgs {
  @Field(() => ID, { description: 'The campaign whose figures are reported.' })
  @IsString()
  campaignId!: string;

  @Field(() => ID, { description: 'The unit the report starts at (level 0).' })
  @IsString()
  organizationId!: string;

  @Field(() => Int, {
    defaultValue: 1,
    description: `Levels below the unit, 1 (the unit and its children) to ${MAX_PAGE_DEPTH}; the XLSX takes any depth.`,
  })
  @IsInt()
  @Min(1)
  @Max(MAX_PAGE_DEPTH)
  depth: number = 1;

  @Field(() => Int, {
    defaultValue: MAX_PAGE_ROWS,
    description: `Rows listed at most, 1 to ${MAX_PAGE_ROWS}; the level totals count every unit.`,
  })
  @IsInt()
  @Min(1)
  @Max(MAX_PAGE_ROWS)
  first: number = MAX_PAGE_ROWS;
}
