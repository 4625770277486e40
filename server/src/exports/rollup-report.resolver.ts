import { Args, Query, Resolver } from '@nestjs/graphql';
import { type Actor, CurrentActor } from '../authorization/actor.js';
import { organizationTarget, RequireRole } from '../authorization/allow.decorator.js';
import { SUBTREE_READERS } from '../authorization/scope.js';
import { RollupReportArgs } from './rollup-report.inputs.js';
import { RollupReportService } from './rollup-report.service.js';
import { RollupReport } from './rollup-report.types.js';

@Resolver(() => RollupReport)
export class RollupReportResolver {
  constructor(private readonly reports: RollupReportService) {}

  @RequireRole(SUBTREE_READERS, organizationTarget('organizationId'))
  @Query(() => RollupReport, {
    description:
      'A leader’s rollup report (分级汇总表) of a unit and a few levels below it, for the printable page: rows in tree order and totals per level, from one snapshot.',
  })
  rollupReport(@CurrentActor() actor: Actor, @Args() args: RollupReportArgs) {
    return this.reports.report(actor, args);
  }
}
