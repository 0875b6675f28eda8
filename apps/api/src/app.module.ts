import { Module, type DynamicModule } from '@nestjs/common';
import { CommonModule } from './common/common.module';
import type { ServerConfig } from './common/server-config';
import { DatasetsModule } from './datasets/datasets.module';
import { JobsModule } from './jobs/jobs.module';
import { PluginsModule } from './plugins/plugins.module';
import { ResultsModule } from './results/results.module';
import { WorkersModule } from './workers/workers.module';

@Module({})
export class AppModule {
  static forRoot(config: ServerConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [CommonModule.forRoot(config), PluginsModule, DatasetsModule, JobsModule, ResultsModule, WorkersModule],
    };
  }
}
