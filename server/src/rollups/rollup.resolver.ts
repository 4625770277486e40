import { Args, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { type Actor, CurrentActor } from '../authorization/actor.js';
import { organizationTarget, RequireRole } from '../authorization/allow.decorator.js';
import { ALL_ROLES } from '../authorization/scope.js';
import { toConnection } from '../common/pagination.js';
import { RollupService } from './rollup.service.js';
import { ProblemCategory, ProblemScope, ProblemSource } from '../problems/problem.enums.js';
import { SessionType } from '../sessions/session-type.js';
import { categoryColumn, scopeColumn, sessionColumn, sourceColumn } from './figures.js';
import {
  counts,
  FigureCount,
  Rollup,
  RollupArgs,
  RollupChild,
  RollupChildrenArgs,
  RollupFigures,
  RollupTrendArgs,
  RollupWeek,
  UnitBehindConnection,
  UnitsBehindArgs,
} from './rollup.types.js';

@Resolver(() => Rollup)
export class RollupResolver {
  constructor(private readonly service: RollupService) {}

  @RequireRole([...ALL_ROLES], organizationTarget('organizationId'))
  @Query(() => Rollup, { description: 'A unit’s campaign figures over its subtree (within about a second of the latest write).' })
  rollup(@CurrentActor() actor: Actor, @Args() { campaignId, organizationId }: RollupArgs) {
    return this.service.rollup(actor, campaignId, organizationId);
  }

  @ResolveField(() => RollupFigures, { description: 'The unit’s own figures, without the units below it.' })
  own(@Parent() rollup: Rollup) {
    return this.service.own(rollup);
  }

  @ResolveField(() => [RollupChild], { description: 'Direct children with figures in the campaign, ranked by any figure.' })
  children(@Parent() rollup: Rollup, @Args() args: RollupChildrenArgs) {
    return this.service.children(rollup, args);
  }

  @ResolveField(() => [RollupWeek], { description: 'The subtree figures week by week, oldest first.' })
  trend(@Parent() rollup: Rollup, @Args() { weeks }: RollupTrendArgs) {
    return this.service.trend(rollup, weeks);
  }

  @RequireRole([...ALL_ROLES], organizationTarget('organizationId'))
  @Query(() => UnitBehindConnection, { description: 'Participating units in the subtree that are behind, and why.' })
  async unitsBehind(@CurrentActor() actor: Actor, @Args() args: UnitsBehindArgs) {
    return toConnection(await this.service.unitsBehind(actor, args), (u) => [u.organization.id]);
  }
}

/** Counts by enum, built only when a client asks for them: a dashboard maps dozens of figure rows. */
@Resolver(() => RollupFigures)
export class RollupFiguresResolver {
  @ResolveField(() => [FigureCount], { description: 'Sessions by SessionType.' })
  sessionsByType(@Parent() figures: RollupFigures) {
    return counts(figures.values, SessionType, sessionColumn);
  }

  @ResolveField(() => [FigureCount], { description: 'Problems by ProblemScope.' })
  problemsByScope(@Parent() figures: RollupFigures) {
    return counts(figures.values, ProblemScope, scopeColumn);
  }

  @ResolveField(() => [FigureCount], { description: 'Problems by ProblemSource.' })
  problemsBySource(@Parent() figures: RollupFigures) {
    return counts(figures.values, ProblemSource, sourceColumn);
  }

  @ResolveField(() => [FigureCount], { description: 'Problems by ProblemCategory.' })
  problemsByCategory(@Parent() figures: RollupFigures) {
    return counts(figures.values, ProblemCategory, categoryColumn);
  }
}
