import { StemflowError } from '@stemflow/plugin-sdk';
import type { Executor, ExecutorKind } from './executor';
import { InlineExecutor } from './inline-executor';
import { ThreadExecutor } from './thread-executor';

export interface ExecutorOptions {
  workers?: number;
}

export function createExecutor(kind: ExecutorKind | string = 'threads', options: ExecutorOptions = {}): Executor {
  switch (kind) {
    case 'inline':
      return new InlineExecutor();
    case 'threads':
      return new ThreadExecutor(options);
    case 'bullmq':
      throw new StemflowError('NOT_FOUND', 'the bullmq executor is not available yet; use --executor threads or inline');
    default:
      throw new StemflowError('PARAMS_INVALID', `unknown executor "${kind}": use threads, inline or bullmq`);
  }
}
