import { Module } from '@nestjs/common';
import { DatasetsModule } from '../datasets/datasets.module';
import { PluginRegistryService } from './plugin-registry.service';
import { PluginsController } from './plugins.controller';

@Module({
  imports: [DatasetsModule],
  controllers: [PluginsController],
  providers: [PluginRegistryService],
  exports: [PluginRegistryService],
})
export class PluginsModule {}
