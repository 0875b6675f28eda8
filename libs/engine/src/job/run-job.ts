import { bytesPerElement, effectiveRoi, makePartitions, prepareCorrections, product, ResultAccumulator, shareCorrections, StemflowError, type NDArray } from '@stemflow/plugin-sdk';
import type { Executor, JobSpec } from '../executors/executor';
import { loadPlugin } from '../plugins/load';

export interface JobProgress {
  framesDone: number;
  framesTotal: number;
  partitionsDone: number;
  partitionsTotal: number;
  /** The merged state so far; call `results()` on it for partial images. */
  accumulator: ResultAccumulator;
}

export interface RunJobOptions {
  signal?: AbortSignal;
  /** Exact partition count; by default ~128 MiB each (or the executor's `partitionBytes`) and at least two per worker. */
  partitions?: number;
  /** After each merged partition. */
  onPartition?: (progress: JobProgress) => void;
  /** When frames complete inside partitions (finer than onPartition). */
  onFrames?: (progress: JobProgress) => void;
}

export interface JobOutcome {
  results: Record<string, NDArray>;
  seconds: number;
  bytesRead: number;
  framesTotal: number;
}

/** Partition size unless the executor prefers another (`Executor.partitionBytes`). */
const PARTITION_BYTES = 128 * 2 ** 20;

/** Run one UDF over one data set on an executor, merging partitions as they complete. */
export async function runJob(spec: JobSpec, executor: Executor, options: RunJobOptions = {}): Promise<JobOutcome> {
  const started = performance.now();
  const plugin = loadPlugin(spec.plugin);
  const { navShape, sigShape, dtype } = spec.dataset;
  const frames = product(navShape);
  if (spec.roi && spec.roi.length !== frames) {
    throw new StemflowError('SHAPE_MISMATCH', `the ROI has ${spec.roi.length} entries but the scan has ${frames} positions (nav ${navShape.join('×')})`);
  }
  const dataset = { navShape, sigShape, dtype, frames };
  const roi = effectiveRoi(plugin, spec.params, dataset, spec.roi);
  // Checked here so a bad correction fails the job before any work is handed out; shared so every worker reads one copy.
  const corrections = prepareCorrections(spec.corrections, dataset) ? shareCorrections(spec.corrections!) : undefined;
  const accumulator = new ResultAccumulator(plugin, spec.params, dataset, roi);
  const frameBytes = product(sigShape) * bytesPerElement(dtype);
  const partitions = makePartitions(frames, {
    count: options.partitions,
    frameBytes,
    targetBytes: executor.partitionBytes ?? PARTITION_BYTES,
    minCount: executor.workers * 2,
    taper: executor.workers,
  });
  let framesDone = 0;
  const progress = (): JobProgress => ({
    framesDone,
    framesTotal: accumulator.framesTotal,
    partitionsDone: accumulator.partitionsMerged,
    partitionsTotal: partitions.length,
    accumulator,
  });
  await executor.run(
    { ...spec, roi, corrections },
    partitions,
    {
      onFrames(n) {
        framesDone += n;
        options.onFrames?.(progress());
      },
      onResult(result) {
        accumulator.merge(result);
        options.onPartition?.(progress());
      },
    },
    options.signal,
  );
  return {
    results: accumulator.results(),
    seconds: (performance.now() - started) / 1000,
    bytesRead: accumulator.framesTotal * frameBytes,
    framesTotal: accumulator.framesTotal,
  };
}
