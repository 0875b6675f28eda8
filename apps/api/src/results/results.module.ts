import { Module } from '@nestjs/common';
import { ResultExportsService } from './result-exports.service';
import { ResultStoreService } from './result-store.service';
import { ResultsController } from './results.controller';

@Module({
  controllers: [ResultsController],
  providers: [ResultStoreService, ResultExportsService],
  exports: [ResultStoreService],
})
export class ResultsModule {}
