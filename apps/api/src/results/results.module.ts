import { Module } from '@nestjs/common';
import { ResultStoreService } from './result-store.service';
import { ResultsController } from './results.controller';

@Module({
  controllers: [ResultsController],
  providers: [ResultStoreService],
  exports: [ResultStoreService],
})
export class ResultsModule {}
