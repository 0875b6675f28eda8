import { Module } from '@nestjs/common';
import { DatasetsModule } from '../datasets/datasets.module';
import { PluginsModule } from '../plugins/plugins.module';
import { ResultsModule } from '../results/results.module';
import { EventsGateway } from './events.gateway';
import { JobEventsService } from './job-events.service';
import { JobsController } from './jobs.controller';
import { JobsRepository } from './jobs.repository';
import { JobsService } from './jobs.service';

@Module({
  imports: [DatasetsModule, PluginsModule, ResultsModule],
  controllers: [JobsController],
  providers: [JobsRepository, JobsService, JobEventsService, EventsGateway],
  exports: [JobsService, EventsGateway],
})
export class JobsModule {}
