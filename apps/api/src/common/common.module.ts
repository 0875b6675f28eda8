import { Global, Module, type DynamicModule } from '@nestjs/common';
import { createExecutor, type Executor } from '@stemflow/engine';
import { ConfigController } from './config.controller';
import { DatabaseService } from './database.service';
import { SERVER_CONFIG, type ServerConfig } from './server-config';

export const EXECUTOR = Symbol('EXECUTOR');

/** Configuration, the SQLite store and the shared executor, visible to every module. */
@Global()
@Module({})
export class CommonModule {
  static forRoot(config: ServerConfig): DynamicModule {
    return {
      module: CommonModule,
      controllers: [ConfigController],
      providers: [
        { provide: SERVER_CONFIG, useValue: config },
        { provide: DatabaseService, useFactory: () => new DatabaseService(config.home) },
        {
          provide: EXECUTOR,
          useFactory: (): Executor => {
            const executor = createExecutor(config.executor, { workers: config.workers, redis: config.redis, prefix: config.redisPrefix });
            executor.warmUp?.(); // the first job then streams its first partition within a second
            return executor;
          },
        },
      ],
      exports: [SERVER_CONFIG, DatabaseService, EXECUTOR],
    };
  }
}
