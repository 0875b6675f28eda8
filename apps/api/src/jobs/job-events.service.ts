import { Injectable, Logger } from '@nestjs/common';
import type { BufferKind } from '@stemflow/plugin-sdk';
import type { JobStatus } from './jobs.repository';

/** One named result as streamed to browsers: float32, NaN where not computed (yet). */
export interface StreamedResult {
  name: string;
  shape: number[];
  kind?: BufferKind;
  data: Float32Array;
}

export type JobEvent =
  | { type: 'progress'; jobId: string; status: JobStatus; progress: number; framesDone: number; framesTotal: number }
  /** Merged results so far (or the final ones); `results` is computed only if someone listens. */
  | { type: 'results'; jobId: string; seq: number; final: boolean; results: () => StreamedResult[] }
  | { type: 'status'; jobId: string; status: JobStatus; error?: string };

/** In-process fan-out of job events from the scheduler to the WebSocket gateway. */
@Injectable()
export class JobEventsService {
  private readonly logger = new Logger('JobEvents');
  private readonly listeners = new Set<(event: JobEvent) => void>();

  on(listener: (event: JobEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  emit(event: JobEvent): void {
    for (const listener of this.listeners) {
      try {
        listener(event);
      } catch (error) {
        this.logger.error(`a job event listener failed: ${(error as Error).message}`, (error as Error).stack);
      }
    }
  }
}

/** Compute once, on first use (several sockets share one partial result). */
export function once<T>(compute: () => T): () => T {
  let done = false;
  let value: T;
  return () => {
    if (!done) {
      value = compute();
      done = true;
    }
    return value;
  };
}
