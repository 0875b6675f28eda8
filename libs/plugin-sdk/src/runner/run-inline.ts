import type { AnyPlugin } from '../plugin';
import { BufferPool } from './buffer-pool';
import type { FrameSource } from './frame-source';
import { makePartitions } from './partitions';
import { effectiveRoi } from './roi';
import { ResultAccumulator } from './result-accumulator';
import { runPartition, type PartitionResult, type RunPartitionOptions, type TileShape } from './run-partition';

/**
 * How `runInline` (and `runUdf`) split, tile and merge a run: the knobs tests turn to provoke
 * awkward cases.
 *
 * @example
 * ```ts
 * import { type RunInlineOptions } from '@stemflow/plugin-sdk';
 * import { awkwardRoi, randomDataSet, runUdf } from '@stemflow/plugin-sdk/testing';
 *
 * const options: RunInlineOptions = { partitions: 3, tileShape: { depth: 2, rows: 3 }, roi: awkwardRoi(35), mergeOrder: 'reverse' };
 * const results = runUdf(plugin, randomDataSet([5, 7], [9, 11]), {}, options);
 * ```
 */
export interface RunInlineOptions {
  /** Region of interest: 1 per scan position to read; default all. */
  roi?: Uint8Array;
  /** Number of partitions (default 2, so merging is always exercised). */
  partitions?: number;
  /** Force a tile shape; otherwise chosen from `tileBytes`. */
  tileShape?: TileShape;
  /** Target bytes per tile (default 1 MiB). */
  tileBytes?: number;
  /** Merge partitions in reverse order (default) to catch merges that depend on order. */
  mergeOrder?: 'forward' | 'reverse';
  /** Polled between tiles; true stops the run with `CANCELLED`. */
  isCancelled?: RunPartitionOptions['isCancelled'];
  /** Detector corrections applied to every tile (dark, gain, excluded pixels). */
  corrections?: RunPartitionOptions['corrections'];
}

/**
 * Run a UDF on the calling thread: every partition, then merge. Params must be resolved
 * (`resolveParams`); `runUdf` in the testing entry point does that for you.
 *
 * @returns The accumulator after every merge: `.results()` gives the named results.
 * @throws `StemflowError` as `runPartition` and `ResultAccumulator.merge` do.
 *
 * @example
 * ```ts
 * import { resolveParams, runInline } from '@stemflow/plugin-sdk';
 * import { randomDataSet } from '@stemflow/plugin-sdk/testing';
 *
 * const source = randomDataSet([6, 6], [32, 32], 'uint16');
 * const run = runInline(plugin, resolveParams(plugin, {}, source), source, { partitions: 3 });
 * const { intensity } = run.results();
 * ```
 */
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
