import { Global, Module } from '@nestjs/common';
import { MikroOrmModule } from '@mikro-orm/nestjs';
import { ImportJob } from './import-job.entity.js';
import { ImportJobResolver } from './import-job.resolver.js';
import { ImportRunner } from './import-runner.service.js';
import { ImportsController } from './imports.controller.js';

/** Global: capability modules register their import handlers with the runner. */
@Global()
@Module({
  imports: [MikroOrmModule.forFeature([ImportJob])],
  controllers: [ImportsController],
  providers: [ImportRunner, ImportJobResolver],
  exports: [ImportRunner],
})
export class ImportsModule {}
