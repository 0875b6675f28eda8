import type { AnyPlugin } from '../plugin';
import { BufferPool } from './buffer-pool';
import type { FrameSource } from './frame-source';
import { makePartitions } from './partitions';
import { effectiveRoi } from './roi';
import { ResultAccumulator } from './result-accumulator';
import { runPartition, type PartitionResult, type RunPartitionOptions, type TileShape } from './run-partition';

export interface RunInlineOptions {
  roi?: Uint8Array;
  /** Number of partitions (default 2, so merging is always exercised). */
  partitions?: number;
  tileShape?: TileShape;
  tileBytes?: number;
  /** Merge partitions in reverse order (default) to catch merges that depend on order. */
  mergeOrder?: 'forward' | 'reverse';
  isCancelled?: RunPartitionOptions['isCancelled'];
  /** Detector corrections applied to every tile (dark, gain, excluded pixels). */
  corrections?: RunPartitionOptions['corrections'];
}

/** Run a UDF on the calling thread: every partition, then merge. Params must be resolved. */
export function runInline(plugin: AnyPlugin, params: unknown, source: FrameSource, options: RunInlineOptions = {}): ResultAccumulator {
  const roi = effectiveRoi(plugin, params, source, options.roi);
  const accumulator = new ResultAccumulator(plugin, params, source, roi);
  const pool = new BufferPool();
  const results: PartitionResult[] = makePartitions(source.frames, { count: options.partitions ?? 2 }).map((partition) =>
    runPartition(plugin, params, source, partition, {
      roi,
      tileShape: options.tileShape,
      tileBytes: options.tileBytes,
      pool,
      isCancelled: options.isCancelled,
      corrections: options.corrections,
    }),
  );
  if ((options.mergeOrder ?? 'reverse') === 'reverse') results.reverse();
  for (const result of results) accumulator.merge(result);
  return accumulator;
}
