import { Args, Query, Resolver } from '@nestjs/graphql';
import { type Actor, CurrentActor } from '../authorization/actor.js';
import { RequireRole } from '../authorization/allow.decorator.js';
import { Role } from '../authorization/role.js';
import { toConnection } from '../common/pagination.js';
import { ExportService } from './export.service.js';
import { LedgerExport, LedgerExportConnection, MyExportsArgs } from './export.types.js';

@Resolver(() => LedgerExport)
export class ExportResolver {
  constructor(private readonly exports: ExportService) {}

  // Leaders export rollup reports, auditors the ledger and reports: each lists their own downloads.
  @RequireRole([Role.AUDITOR, Role.LEADER, Role.ADMIN])
  @Query(() => LedgerExportConnection, {
    description: 'The caller’s own exports (ledgers and rollup reports, recent downloads), newest first.',
  })
  async myExports(@CurrentActor() actor: Actor, @Args() args: MyExportsArgs) {
    return toConnection(await this.exports.myExports(actor, args.first, args.after), (node) => [node.id]);
  }
}
