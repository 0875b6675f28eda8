import { StemflowError } from '@stemflow/plugin-sdk';
import { BullmqExecutor } from './bullmq/bullmq-executor';
import type { Executor, ExecutorKind } from './executor';
import { InlineExecutor } from './inline-executor';
import { ThreadExecutor } from './thread-executor';

export interface ExecutorOptions {
  workers?: number;
  /** redis://host:port, for the bullmq executor. */
  redis?: string;
  /** Redis key prefix shared with the workers (bullmq; default "stemflow"). */
  prefix?: string;
}

export function createExecutor(kind: ExecutorKind | string = 'threads', options: ExecutorOptions = {}): Executor {
  switch (kind) {
    case 'inline':
      return new InlineExecutor();
    case 'threads':
      return new ThreadExecutor(options);
    case 'bullmq':
      if (!options.redis) throw new StemflowError('PARAMS_INVALID', 'the bullmq executor needs a Redis URL: --redis redis://HOST:6379 (where the workers connect too)');
      return new BullmqExecutor({ redis: options.redis, prefix: options.prefix, workers: options.workers });
    default:
      throw new StemflowError('PARAMS_INVALID', `unknown executor "${kind}": use threads, inline or bullmq`);
  }
}
