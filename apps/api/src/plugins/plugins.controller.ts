import { Controller, Get, Query } from '@nestjs/common';
import { DatasetsService } from '../datasets/datasets.service';
import { PluginRegistryService, type PluginSummary } from './plugin-registry.service';

@Controller('plugins')
export class PluginsController {
  constructor(
    private readonly registry: PluginRegistryService,
    private readonly datasets: DatasetsService,
  ) {}

  /** Every installed analysis; with `?datasetId=` the defaults suit that data set. */
  @Get()
  list(@Query('datasetId') datasetId?: string): PluginSummary[] {
    const dataset = datasetId ? this.datasets.info(datasetId) : undefined;
    return this.registry.list(dataset);
  }
}
