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
 */
export class ResultAccumulator {
  readonly decls: BufferDecls;
  readonly buffers: Record<string, TypedArray>;
  /** 1 where a merged partition covered the position. */
  readonly valid: Uint8Array;
  readonly framesTotal: number;
  framesMerged = 0;
  partitionsMerged = 0;

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

  /** The named results as the user sees them (cheap enough to call for every partial update). */
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

export function checkResultShape(name: string, array: NDArray): void {
  if (product(array.shape) !== array.data.length) {
    throw new StemflowError('INTERNAL', `result "${name}" has ${array.data.length} elements but shape [${array.shape.join(', ')}]`);
  }
}
