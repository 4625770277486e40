import { Args, ID, Query, Resolver } from '@nestjs/graphql';
import { type Actor, CurrentActor } from '../authorization/actor.js';
import { SignedIn } from '../authorization/allow.decorator.js';
import { ImportJob } from './import-job.entity.js';
import { ImportRunner } from './import-runner.service.js';

@Resolver(() => ImportJob)
export class ImportJobResolver {
  constructor(private readonly imports: ImportRunner) {}

  @SignedIn()
  @Query(() => ImportJob, {
    description: 'Progress and bad-row report of an import started at POST /api/imports/…; the uploader’s own jobs only.',
  })
  importJob(@CurrentActor() actor: Actor, @Args('id', { type: () => ID }) id: string) {
    return this.imports.get(actor, id);
  }
}
