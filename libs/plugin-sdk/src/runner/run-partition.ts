import { bytesPerElement, product, type TypedArray } from '../dtype';
import { StemflowError } from '../errors';
import type { AnyPlugin, BufferDecls, Frame, ProcessContext, Tile } from '../plugin';
import { BufferPool } from './buffer-pool';
import { allocBuffers, extraSize, resolveBufferDecls } from './buffers';
import { correctTile, prepareCorrections, type Corrections } from './corrections';
import type { FrameSource } from './frame-source';
import { selectFrames, type Partition } from './partitions';

/**
 * Tile geometry: frames per tile and detector rows per tile. Tests force odd ones to catch UDFs
 * that assume whole frames.
 *
 * @example
 * ```ts
 * import { runInline, type TileShape } from '@stemflow/plugin-sdk';
 * import { randomDataSet } from '@stemflow/plugin-sdk/testing';
 *
 * const bands: TileShape = { depth: 3, rows: 5 }; // 3 frames × 5 rows: every frame arrives in pieces
 * const results = runInline(plugin, {}, randomDataSet([6, 6], [16, 16]), { tileShape: bands }).results();
 * ```
 */
export interface TileShape {
  /** Frames per tile. */
  depth: number;
  /** Detector rows per tile (whole frames: the frame height). */
  rows: number;
}

/**
 * How `runPartition` reads and reports: ROI, tiling, scratch memory, cancellation, progress and
 * detector corrections.
 *
 * @example
 * ```ts
 * import { runPartition, type RunPartitionOptions } from '@stemflow/plugin-sdk';
 * import { randomDataSet } from '@stemflow/plugin-sdk/testing';
 *
 * let done = 0;
 * const options: RunPartitionOptions = { tileBytes: 2 ** 20, onFrames: (n) => (done += n), isCancelled: () => false };
 * const source = randomDataSet([4, 4], [32, 32]);
 * const result = runPartition(plugin, {}, source, { index: 0, start: 0, end: source.frames }, options);
 * ```
 */
export interface RunPartitionOptions {
  /** Region of interest: 1 per scan position to read (`frames` long); default all. */
  roi?: Uint8Array;
  /** Force a tile shape (tests use odd ones); otherwise chosen from `tileBytes`. */
  tileShape?: TileShape;
  /** Target bytes per tile (default 1 MiB: stays in L2 while kernels run over it). */
  tileBytes?: number;
  /** Scratch memory reused across partitions of the same worker. */
  pool?: BufferPool;
  /** Polled between tiles; a true answer stops the task with `CANCELLED`. */
  isCancelled?: () => boolean;
  /** Called after each tile with the number of frames it completed (for progress). */
  onFrames?: (frames: number) => void;
  /**
   * Detector corrections: the UDF then receives `(raw − dark) · gain` with excluded pixels
   * repaired, as float32 (float64 for 32-bit integer and float64 data).
   */
  corrections?: Corrections;
}

/**
 * What one partition task sends back: buffers for its ROI frames (nav) or the whole sig/single.
 * Merge it into a `ResultAccumulator`.
 *
 * @example
 * ```ts
 * import { runPartition, type PartitionResult } from '@stemflow/plugin-sdk';
 * import { randomDataSet } from '@stemflow/plugin-sdk/testing';
 *
 * const source = randomDataSet([4, 4], [32, 32]);
 * const result: PartitionResult = runPartition(plugin, {}, source, { index: 0, start: 0, end: 8 });
 * const framesRead = result.navIndices.length; // 8
 * ```
 */
export interface PartitionResult {
  /** The partition that was run. */
  partition: Partition;
  /** Flat scan index of each frame that was read, in order (the ROI's frames of the partition). */
  navIndices: Int32Array;
  /** Each declared buffer: nav buffers for `navIndices` only, sig and single buffers whole. */
  buffers: Record<string, TypedArray>;
}

type Method = 'tile' | 'frame' | 'partition';

function methodOf(plugin: AnyPlugin): Method {
  const udf = plugin.udf;
  if (udf.processTile) return 'tile';
  if (udf.processFrame) return 'frame';
  return 'partition';
}

/**
 * LiberTEM-like negotiation: whole rows, about `tileBytes` per tile, at most `preferredDepth` frames.
 *
 * @param method - The UDF's process callback: `tile`, `frame` (whole frames) or `partition` (everything at once).
 * @param frames - Frames the partition will read (the depth never exceeds it).
 *
 * @example
 * ```ts
 * import { chooseTileShape } from '@stemflow/plugin-sdk';
 * import { randomDataSet } from '@stemflow/plugin-sdk/testing';
 *
 * const source = randomDataSet([16, 16], [256, 256], 'uint16');
 * chooseTileShape('tile', source, 256, 2, 2 ** 20, 32); // { depth: 8, rows: 256 }: 8 whole frames ≈ 1 MiB
 * ```
 */
export function chooseTileShape(
  method: Method,
  source: FrameSource,
  frames: number,
  bytesPerElement: number,
  tileBytes: number,
  preferredDepth?: number,
): TileShape {
  const [height = 1, width = 1] = source.sigShape.length >= 2 ? source.sigShape.slice(-2) : [1, source.sigShape[0] ?? 1];
  if (method === 'partition') return { depth: Math.max(1, frames), rows: height };
  const rowBytes = width * bytesPerElement;
  const rows = method === 'frame' ? height : Math.max(1, Math.min(height, Math.floor(tileBytes / rowBytes)));
  let depth = Math.max(1, Math.floor(tileBytes / (rows * rowBytes)));
  if (preferredDepth) depth = Math.min(depth, preferredDepth);
  return { depth: Math.min(depth, Math.max(1, frames)), rows };
}

function kernelError(plugin: AnyPlugin, where: string, error: unknown): StemflowError {
  if (error instanceof StemflowError) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new StemflowError('KERNEL_FAILED', `plugin "${plugin.id}" failed in ${where}: ${message}`, { cause: error });
}

/**
 * Run one UDF over one partition: read it tile by tile into a reused buffer, call the
 * plugin's kernel with views of its result buffers, and return the partition's buffers.
 * What a worker does with each task; `params` must be resolved (`resolveParams`).
 *
 * @throws `StemflowError` `KERNEL_FAILED` when the plugin throws (a `StemflowError` it throws
 * passes unchanged), `CANCELLED` when `options.isCancelled()` answers true, `SHAPE_MISMATCH` or
 * `PARAMS_INVALID` when the corrections do not fit the detector.
 *
 * @example
 * ```ts
 * import { makePartitions, ResultAccumulator, resolveParams, runPartition } from '@stemflow/plugin-sdk';
 * import { randomDataSet } from '@stemflow/plugin-sdk/testing';
 *
 * const source = randomDataSet([8, 8], [32, 32]);
 * const params = resolveParams(plugin, {}, source);
 * const total = new ResultAccumulator(plugin, params, source);
 * for (const partition of makePartitions(source.frames, { count: 4 })) total.merge(runPartition(plugin, params, source, partition));
 * const results = total.results();
 * ```
 */
export function runPartition(
  plugin: AnyPlugin,
  params: unknown,
  source: FrameSource,
  partition: Partition,
  options: RunPartitionOptions = {},
): PartitionResult {
  const udf = plugin.udf;
  const dataset = { navShape: source.navShape, sigShape: source.sigShape, dtype: source.dtype, frames: source.frames };
  const ctxBase = { params, dataset };
  let decls: BufferDecls;
  let task: unknown;
  try {
    decls = resolveBufferDecls(plugin, ctxBase);
    task = udf.taskData ? udf.taskData(ctxBase) : undefined;
  } catch (error) {
    throw kernelError(plugin, 'taskData', error);
  }

  const navIndices = selectFrames(partition, options.roi);
  const count = navIndices.length;
  const buffers = allocBuffers(decls, dataset, count);
  if (count === 0) return { partition, navIndices, buffers };

  const height = source.sigShape.length >= 2 ? source.sigShape[source.sigShape.length - 2]! : 1;
  const width = source.sigShape[source.sigShape.length - 1] ?? 1;
  const frameSize = product(source.sigShape);
  const method = methodOf(plugin);
  const plan = prepareCorrections(options.corrections, source);
  const inputDtype = plan ? plan.dtype : source.dtype;
  // Zero copy: whole frames straight from the page cache when the source can map them and the
  // UDF sees the data as stored (no corrections); frames it cannot map are read into `scratch`.
  const mapped = source.mapFrames !== undefined && !plan && method !== 'partition' && (options.tileShape?.rows ?? height) >= height;
  const shape =
    method === 'partition'
      ? { depth: count, rows: height }
      : mapped
        ? { depth: Math.max(1, Math.min(count, Math.floor((options.tileBytes ?? 2 ** 20) / (frameSize * bytesPerElement(inputDtype))))), rows: height }
        : options.tileShape
        ? { depth: options.tileShape.depth, rows: method === 'frame' ? height : Math.min(options.tileShape.rows, height) }
        : chooseTileShape(method, source, count, bytesPerElement(inputDtype), options.tileBytes ?? 2 ** 20, udf.tileDepth);
  // A row band reads one more row above and below, so no repair neighbourhood is cut by the tile.
  const halo = plan && plan.excluded.length > 0 && shape.rows < height ? 1 : 0;
  const pool = options.pool ?? new BufferPool();
  const scratch = pool.take(source.dtype, shape.depth * Math.min(height, shape.rows + 2 * halo) * width);
  const corrected = plan ? (pool.take(plan.dtype, shape.depth * shape.rows * width, 1) as Float32Array | Float64Array) : undefined;

  const names = Object.keys(decls);
  const sizes = names.map((name) => extraSize(decls[name]!));
  const kinds = names.map((name) => decls[name]!.kind);

  const viewsFor = (frameOffset: number, depth: number, rowStart: number, rows: number): Record<string, TypedArray> => {
    const out: Record<string, TypedArray> = {};
    names.forEach((name, i) => {
      const buffer = buffers[name]!;
      const size = sizes[i]!;
      switch (kinds[i]) {
        case 'nav':
          out[name] = buffer.subarray(frameOffset * size, (frameOffset + depth) * size);
          break;
        case 'sig':
          out[name] = buffer.subarray(rowStart * width * size, (rowStart + rows) * width * size);
          break;
        default:
          out[name] = buffer;
      }
    });
    return out;
  };

  const runTile = (data: TypedArray, depth: number, offset: number, tileIndices: Int32Array, rowStart: number, rows: number): void => {
    try {
      if (method === 'frame') {
        for (let f = 0; f < depth; f++) {
          const frame: Frame = { data: data.subarray(f * frameSize, (f + 1) * frameSize), navIndex: tileIndices[f]! };
          const ctx = { ...ctxBase, task, out: viewsFor(offset + f, 1, 0, height) } as ProcessContext<unknown, BufferDecls, unknown>;
          udf.processFrame!(frame, ctx);
        }
      } else {
        const tile: Tile = { data, depth, rowStart, rows, width, navIndices: tileIndices };
        const ctx = { ...ctxBase, task, out: viewsFor(offset, depth, rowStart, rows) } as ProcessContext<unknown, BufferDecls, unknown>;
        if (method === 'tile') udf.processTile!(tile, ctx);
        else udf.processPartition!(tile, ctx);
      }
    } catch (error) {
      throw kernelError(plugin, method === 'frame' ? 'processFrame' : method === 'tile' ? 'processTile' : 'processPartition', error);
    }
  };
  const checkCancelled = (): void => {
    if (options.isCancelled?.()) throw new StemflowError('CANCELLED', 'the job was cancelled');
  };

  if (mapped) {
    const maxDepth = options.tileShape?.depth ?? udf.tileDepth ?? count;
    for (let offset = 0; offset < count; ) {
      checkCancelled();
      const first = navIndices[offset]!;
      let run = 1;
      while (run < maxDepth && offset + run < count && navIndices[offset + run] === first + run) run++;
      let data = source.mapFrames!(first, run);
      let depth: number;
      if (data) {
        depth = data.length / frameSize;
      } else {
        depth = Math.min(run, shape.depth);
        data = scratch.subarray(0, depth * frameSize);
        readRuns(source, navIndices.subarray(offset, offset + depth), 0, height, data, frameSize);
      }
      runTile(data, depth, offset, navIndices.subarray(offset, offset + depth), 0, height);
      offset += depth;
      options.onFrames?.(depth);
    }
    return { partition, navIndices, buffers };
  }

  for (let offset = 0; offset < count; offset += shape.depth) {
    const depth = Math.min(shape.depth, count - offset);
    const tileIndices = navIndices.subarray(offset, offset + depth);
    for (let rowStart = 0; rowStart < height; rowStart += shape.rows) {
      checkCancelled();
      const rows = Math.min(shape.rows, height - rowStart);
      const tileSize = rows * width;
      let data: TypedArray;
      if (plan) {
        const readStart = Math.max(0, rowStart - halo);
        const readRows = Math.min(height, rowStart + rows + halo) - readStart;
        const raw = scratch.subarray(0, depth * readRows * width);
        readRuns(source, tileIndices, readStart, readRows, raw, readRows * width);
        data = corrected!.subarray(0, depth * tileSize);
        correctTile(plan, raw, readStart, readRows, data as Float32Array | Float64Array, rowStart, rows, depth);
      } else {
        data = scratch.subarray(0, depth * tileSize);
        readRuns(source, tileIndices, rowStart, rows, data, tileSize);
      }
      runTile(data, depth, offset, tileIndices, rowStart, rows);
    }
    options.onFrames?.(depth);
  }
  return { partition, navIndices, buffers };
}

/** Read the frames of a tile, one read per run of consecutive nav indices (ROI gaps break runs). */
function readRuns(source: FrameSource, indices: Int32Array, rowStart: number, rows: number, dest: TypedArray, tileSize: number): void {
  let runStart = 0;
  for (let i = 1; i <= indices.length; i++) {
    if (i === indices.length || indices[i] !== indices[i - 1]! + 1) {
      const n = i - runStart;
      source.readFrames(indices[runStart]!, n, rowStart, rows, dest.subarray(runStart * tileSize, i * tileSize));
      runStart = i;
    }
  }
}
