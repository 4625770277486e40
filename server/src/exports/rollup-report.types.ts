import { Field, GraphQLISODateTime, Int, ObjectType } from '@nestjs/graphql';
import { Campaign } from '../campaigns/campaign.entity.js';
import { Organization } from '../organizations/organization.entity.js';
import { RollupFigures } from '../rollups/rollup.types.js';

@ObjectType({ description: 'One unit of a rollup report (分级汇总表), with the figures of its subtree.' })
export class RollupReportRow {
  @Field(() => Organization)
  organization!: Organization;

  @Field(() => Int, { description: 'Levels below the report’s unit: 0 is the unit itself, 1 its children.' })
  level!: number;

  @Field(() => RollupFigures, { description: 'Summed over the unit and every unit below it, as the dashboard shows them.' })
  figures!: RollupFigures;
}

@ObjectType({ description: 'The totals of one level of a rollup report (分层合计).' })
export class RollupReportLevel {
  @Field(() => Int, { description: 'Levels below the report’s unit: 0 is the unit itself.' })
  level!: number;

  @Field(() => Int, { description: 'Units at this level with figures in the campaign.' })
  units!: number;

  @Field({
    description:
      'The deepest level of the report, and units below it have figures: they are counted here (this row sums its units’ subtree figures).',
  })
  includesBelow!: boolean;

  @Field(() => RollupFigures, {
    description:
      'The own figures of the level’s units summed; on the deepest level, their subtree figures, so the levels add up to the total.',
  })
  figures!: RollupFigures;
}

@ObjectType({
  description:
    'A leader’s rollup report: a unit and the units a few levels below it, each with its subtree figures, and the totals per level. The same report as `GET /api/exports/rollup.xlsx`, which holds every unit.',
})
export class RollupReport {
  @Field(() => Campaign, { description: 'The campaign whose figures are reported.' })
  campaign!: Campaign;

  @Field(() => Organization, { description: 'The unit the report starts at (level 0).' })
  organization!: Organization;

  @Field(() => Int, { description: 'Levels below the unit the report covers.' })
  depth!: number;

  @Field(() => GraphQLISODateTime, { description: 'When the figures were read; they trail the latest writes by about a second.' })
  asOf!: Date;

  @Field(() => [RollupReportRow], {
    description: 'Units in tree order (each unit followed by the units below it), at most `first` of them.',
  })
  rows!: RollupReportRow[];

  @Field(() => Int, { description: 'Units in the report, listed or not.' })
  totalRows!: number;

  @Field(() => [RollupReportLevel], { description: 'Totals per level, the unit’s own level first.' })
  levels!: RollupReportLevel[];

  @Field(() => RollupFigures, { description: '合计: the levels added up, equal to the unit’s subtree figures.' })
  total!: RollupFigures;
}
