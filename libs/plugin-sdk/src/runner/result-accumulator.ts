import { product, type TypedArray } from '../dtype';
import { StemflowError } from '../errors';
import type { AnyPlugin, BufferDecls, BufferViews, DatasetInfo, NDArray } from '../plugin';
import { allocBuffers, bufferShape, extraSize, resolveBufferDecls } from './buffers';
import { countSelected } from './partitions';
import type { PartitionResult } from './run-partition';

/**
 * The running total of a job: partition results are merged in completion order, `nav`
 * buffers placed at their positions, `sig`/`single` buffers combined by the UDF's `merge`.
 * Positions outside the ROI (or not merged yet) hold NaN in float buffers.
 *
 * @example
 * ```ts
 * import { makePartitions, ResultAccumulator, runPartition } from '@stemflow/plugin-sdk';
 * import { randomDataSet } from '@stemflow/plugin-sdk/testing';
 *
 * const source = randomDataSet([8, 8], [32, 32]);
 * const job = new ResultAccumulator(plugin, {}, source);
 * for (const partition of makePartitions(source.frames, { count: 4 })) {
 *   job.merge(runPartition(plugin, {}, source, partition));
 *   console.log(`${job.framesMerged} / ${job.framesTotal} frames`, Object.keys(job.results())); // partial results
 * }
 * ```
 */
export class ResultAccumulator {
  /** The plugin's buffer declarations for these parameters. */
  readonly decls: BufferDecls;
  /** The merged buffers by name (nav buffers cover the whole scan). */
  readonly buffers: Record<string, TypedArray>;
  /** 1 where a merged partition covered the position. */
  readonly valid: Uint8Array;
  /** Frames the job reads in all: the ROI's positions, or every frame. */
  readonly framesTotal: number;
  /** Frames merged so far (for progress). */
  framesMerged = 0;
  /** Partitions merged so far. */
  partitionsMerged = 0;

  /** An empty total for a job of `plugin` with resolved `params` over `dataset`, reading the positions in `roi`. */
  constructor(
    private readonly plugin: AnyPlugin,
    private readonly params: unknown,
    private readonly dataset: DatasetInfo,
    roi?: Uint8Array,
  ) {
    this.decls = resolveBufferDecls(plugin, { params, dataset });
    this.buffers = allocBuffers(this.decls, dataset, dataset.frames, true);
    this.valid = new Uint8Array(dataset.frames);
    this.framesTotal = countSelected(dataset.frames, roi);
  }

  /**
   * Add one partition's result, in any order: nav values placed at their positions, sig and
   * single buffers combined by the UDF's `merge` (default: sum).
   *
   * @throws `StemflowError` `KERNEL_FAILED` when the plugin's `merge` throws; `INTERNAL` when a buffer is missing.
   */
  merge(result: PartitionResult): void {
    const ctx = { params: this.params, dataset: this.dataset };
    const src: Record<string, TypedArray> = {};
    const dest: Record<string, TypedArray> = {};
    for (const [name, decl] of Object.entries(this.decls)) {
      const part = result.buffers[name];
      const whole = this.buffers[name]!;
      if (!part) throw new StemflowError('INTERNAL', `partition ${result.partition.index} has no buffer "${name}"`);
      if (decl.kind === 'nav') {
        const size = extraSize(decl);
        result.navIndices.forEach((navIndex, k) => whole.set(part.subarray(k * size, (k + 1) * size), navIndex * size));
      } else {
        src[name] = part;
        dest[name] = whole;
      }
    }
    if (Object.keys(src).length > 0) {
      if (this.plugin.udf.merge) {
        try {
          this.plugin.udf.merge(dest as BufferViews<BufferDecls>, src as BufferViews<BufferDecls>, ctx);
        } catch (error) {
          const message = error instanceof Error ? error.message : String(error);
          throw new StemflowError('KERNEL_FAILED', `plugin "${this.plugin.id}" failed in merge: ${message}`, { cause: error });
        }
      } else {
        for (const name of Object.keys(src)) addInto(dest[name]!, src[name]!);
      }
    }
    for (const navIndex of result.navIndices) this.valid[navIndex] = 1;
    this.framesMerged += result.navIndices.length;
    this.partitionsMerged += 1;
  }

  /**
   * The named results as the user sees them (cheap enough to call for every partial update).
   *
   * @throws `StemflowError` `KERNEL_FAILED` when the plugin's `results` throws.
   */
  results(): Record<string, NDArray> {
    const ctx = { params: this.params, dataset: this.dataset, valid: this.valid };
    if (this.plugin.udf.results) {
      try {
        return this.plugin.udf.results(this.buffers as BufferViews<BufferDecls>, ctx);
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        throw new StemflowError('KERNEL_FAILED', `plugin "${this.plugin.id}" failed in results: ${message}`, { cause: error });
      }
    }
    const out: Record<string, NDArray> = {};
    for (const [name, decl] of Object.entries(this.decls)) {
      if (decl.use === 'private') continue;
      out[name] = { data: this.buffers[name]!, shape: bufferShape(decl, this.dataset) };
    }
    return out;
  }
}

function addInto(dest: TypedArray, src: TypedArray): void {
  for (let i = 0; i < dest.length; i++) dest[i]! += src[i]!;
}

/**
 * Check that a result's data fit its shape, before the host saves or sends it.
 *
 * @throws `StemflowError` `INTERNAL` naming the result when `product(shape)` differs from the data length.
 *
 * @example
 * ```ts
 * import { checkResultShape, runInline } from '@stemflow/plugin-sdk';
 * import { randomDataSet } from '@stemflow/plugin-sdk/testing';
 *
 * const results = runInline(plugin, {}, randomDataSet([4, 4], [16, 16])).results();
 * for (const [name, array] of Object.entries(results)) checkResultShape(name, array);
 * ```
 */
export function checkResultShape(name: string, array: NDArray): void {
  if (product(array.shape) !== array.data.length) {
    throw new StemflowError('INTERNAL', `result "${name}" has ${array.data.length} elements but shape [${array.shape.join(', ')}]`);
  }
}
