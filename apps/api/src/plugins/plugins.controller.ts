import { Controller, Get, Param, Query } from '@nestjs/common';
import { DatasetsService } from '../datasets/datasets.service';
import { PluginRegistryService, type PluginProblem, type PluginSummary } from './plugin-registry.service';

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

  /** Plugin packages found but not loaded, each with what to do about it. Declared before `:id`. */
  @Get('problems')
  problems(): PluginProblem[] {
    return this.registry.problems();
  }

  /** One analysis's form (schema and defaults); 404 says why if its package was refused. */
  @Get(':id')
  form(@Param('id') id: string, @Query('datasetId') datasetId?: string): PluginSummary {
    const dataset = datasetId ? this.datasets.info(datasetId) : undefined;
    return this.registry.form(id, dataset);
  }
}
