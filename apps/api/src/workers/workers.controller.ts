import { availableParallelism, hostname } from 'node:os';
import { Controller, Get, Inject } from '@nestjs/common';
import { BullmqExecutor, type Executor, type WorkerInfo } from '@stemflow/engine';
import { EXECUTOR } from '../common/common.module';

export interface WorkersView {
  executor: Executor['kind'];
  workers: Pick<WorkerInfo, 'id' | 'host' | 'pid' | 'cores' | 'concurrency'>[] | WorkerInfo[];
}

/** `GET /api/workers`: who runs partitions — the connected BullMQ workers, or this process's threads. */
@Controller('workers')
export class WorkersController {
  constructor(@Inject(EXECUTOR) private readonly executor: Executor) {}

  @Get()
  async list(): Promise<WorkersView> {
    if (this.executor instanceof BullmqExecutor) return { executor: 'bullmq', workers: await this.executor.listWorkers() };
    return {
      executor: this.executor.kind,
      workers: [{ id: `${hostname()}-${process.pid}`, host: hostname(), pid: process.pid, cores: availableParallelism(), concurrency: this.executor.workers }],
    };
  }
}
