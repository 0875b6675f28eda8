import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import { BufferPool, runPartition, StemflowError, type Partition } from '@stemflow/plugin-sdk';
import { openDataSet } from '../formats/registry';
import { loadPlugin } from '../plugins/load';
import { partitionOptionsOf, type Executor, type ExecutorHandlers, type JobSpec } from './executor';

/** Runs partitions one after another on the calling thread: for tests and debugging. */
export class InlineExecutor implements Executor {
  readonly kind = 'inline' as const;
  readonly workers = 1;
  private readonly pool = new BufferPool();

  async run(spec: JobSpec, partitions: Partition[], handlers: ExecutorHandlers, signal?: AbortSignal): Promise<void> {
    const plugin = loadPlugin(spec.plugin);
    const source = openDataSet(spec.dataset);
    try {
      for (const partition of partitions) {
        await yieldToEventLoop();
        if (signal?.aborted) throw new StemflowError('CANCELLED', 'the job was cancelled');
        const result = runPartition(plugin, spec.params, source, partition, {
          ...partitionOptionsOf(spec),
          pool: this.pool,
          isCancelled: () => signal?.aborted ?? false,
          onFrames: (n) => handlers.onFrames(n),
        });
        handlers.onResult(result);
      }
    } finally {
      source.close();
    }
  }

  async close(): Promise<void> {}
}
