import type { Corrections, Partition, PartitionResult, RunPartitionOptions, TileShape } from '@stemflow/plugin-sdk';
import type { DatasetDescriptor } from '../formats/descriptor';
import type { PluginRef } from '../plugins/load';

/** One UDF run over one data set, as sent to workers: plain data only. */
export interface JobSpec {
  plugin: PluginRef;
  /** Already completed and validated (`resolveParams`). */
  params: unknown;
  dataset: DatasetDescriptor;
  /** 1 = process this scan position; length `prod(navShape)`. */
  roi?: Uint8Array;
  tileShape?: TileShape;
  tileBytes?: number;
  /**
   * Detector corrections applied to every tile before the UDF sees it (dark, gain, excluded
   * pixels). `runJob` checks them and moves them to shared memory, so workers read one copy.
   */
  corrections?: Corrections;
}

/** What every worker passes on from a job's spec to `runPartition`. */
export function partitionOptionsOf(spec: JobSpec): Pick<RunPartitionOptions, 'roi' | 'tileShape' | 'tileBytes' | 'corrections'> {
  return { roi: spec.roi, tileShape: spec.tileShape, tileBytes: spec.tileBytes, corrections: spec.corrections };
}

export interface ExecutorHandlers {
  /**
   * A finished partition, in completion order. Merge or copy it here: an executor may reuse
   * the result's arrays for the next one once this returns (the bullmq executor does).
   */
  onResult(result: PartitionResult): void;
  /** Frames completed inside a running partition (progress). */
  onFrames(frames: number): void;
}

export type ExecutorKind = 'inline' | 'threads' | 'bullmq';

/**
 * Runs the partitions of jobs somewhere. `run` resolves when every partition's result has
 * been handed to `onResult`, and rejects with the first failure or with `CANCELLED`
 * when `signal` aborts; remaining partitions of that job are dropped.
 */
export interface Executor {
  readonly kind: ExecutorKind;
  readonly workers: number;
  /**
   * Optional: the partition size this executor runs best with (bytes). Each partition has a
   * fixed cost where it is sent and merged; an executor whose cost is high asks for larger ones.
   */
  readonly partitionBytes?: number;
  run(spec: JobSpec, partitions: Partition[], handlers: ExecutorHandlers, signal?: AbortSignal): Promise<void>;
  /** Optional: get workers ready before the first job (a long-running host calls it at start). */
  warmUp?(): void;
  close(): Promise<void>;
}
