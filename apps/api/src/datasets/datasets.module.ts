import { Module } from '@nestjs/common';
import { DataRootsService } from './data-roots.service';
import { DatasetsController } from './datasets.controller';
import { DatasetsService } from './datasets.service';
import { FilesController } from './files.controller';

@Module({
  controllers: [FilesController, DatasetsController],
  providers: [DataRootsService, DatasetsService],
  exports: [DataRootsService, DatasetsService],
})
export class DatasetsModule {}
