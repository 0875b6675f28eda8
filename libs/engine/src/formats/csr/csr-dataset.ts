import { formatCount, product, StemflowError, type DType, type TypedArray } from '@stemflow/plugin-sdk';
import type { DatasetDescriptor } from '../descriptor';
import type { DataSet } from '../framed-source';
import { NumericFile } from './numeric-file';

/** Reader settings carried in `descriptor.params`. */
export interface CsrParams {
  indptr: { file: string; dtype: string };
  indices: { file: string; dtype: string };
  data: { file: string; dtype: string };
}

/** Non-zeros scattered per read at most; bigger frame runs are read in pieces. */
const CHUNK = 1 << 20;

/**
 * LiberTEM's raw CSR (one row per frame over the flattened nav, one column per detector pixel),
 * delivered densely: each call zeroes the requested row bands and adds the stored values
 * (duplicate entries add up, as scipy's toarray does).
 */
export class CsrDataSet implements DataSet {
  readonly navShape: number[];
  readonly sigShape: number[];
  readonly dtype: DType;
  readonly frames: number;
  private readonly indptr: NumericFile;
  private readonly indices: NumericFile;
  private readonly values: NumericFile;
  private readonly width: number;
  private readonly sigSize: number;
  private readonly imageCount: number;
  private readonly syncOffset: number;
  private pointers = new Float64Array(0);

  constructor(readonly descriptor: DatasetDescriptor) {
    const p = descriptor.params as unknown as CsrParams;
    this.navShape = descriptor.navShape;
    this.sigShape = descriptor.sigShape;
    this.dtype = descriptor.dtype;
    this.frames = product(descriptor.navShape);
    this.width = descriptor.sigShape[descriptor.sigShape.length - 1]!;
    this.sigSize = product(descriptor.sigShape);
    this.indptr = new NumericFile(p.indptr.file, p.indptr.dtype, 'indptr');
    this.indices = new NumericFile(p.indices.file, p.indices.dtype, 'indices');
    this.values = new NumericFile(p.data.file, p.data.dtype, 'data');
    this.imageCount = descriptor.imageCount ?? this.indptr.length - 1;
    this.syncOffset = descriptor.syncOffset ?? 0;
  }

  readFrames(frameStart: number, count: number, rowStart: number, rows: number, dest: TypedArray): void {
    const band = rows * this.width;
    dest.fill(0, 0, count * band);
    // Frames present in the files: [first, last) after the sync offset.
    const first = Math.max(0, frameStart + this.syncOffset);
    const last = Math.min(this.imageCount, frameStart + count + this.syncOffset);
    if (first >= last) return;
    const n = last - first;
    if (this.pointers.length < n + 1) this.pointers = new Float64Array(n + 1);
    this.pointers.set(this.indptr.read(first, n + 1));
    for (let i = 0; i < n; i++) {
      const a = this.pointers[i]!;
      const b = this.pointers[i + 1]!;
      if (!(a <= b) || b > this.indices.length) {
        throw new StemflowError('FILE_CORRUPT', `${this.indptr.path}: row pointers ${a}…${b} of frame ${first + i} are not increasing or exceed the ${formatCount(this.indices.length)} stored values`);
      }
    }
    const rowEnd = rowStart + rows;
    let frame = 0;
    for (let at = this.pointers[0]!; at < this.pointers[n]!; ) {
      const take = Math.min(CHUNK, this.pointers[n]! - at);
      const columns = Float64Array.from(this.indices.read(at, take));
      const values = this.values.read(at, take);
      for (let j = 0; j < take; j++) {
        const k = at + j;
        while (k >= this.pointers[frame + 1]!) frame++;
        const column = columns[j]!;
        if (!(column >= 0 && column < this.sigSize) || !Number.isInteger(column)) {
          throw new StemflowError('FILE_CORRUPT', `${this.indices.path}: value ${formatCount(k)} names pixel ${column}, outside the ${formatCount(this.sigSize)} pixels of a frame`);
        }
        const row = Math.floor(column / this.width);
        if (row < rowStart || row >= rowEnd) continue;
        const slot = first + frame - this.syncOffset - frameStart;
        dest[slot * band + (row - rowStart) * this.width + (column % this.width)] += values[j]!;
      }
      at += take;
    }
  }

  close(): void {
    this.indptr.close();
    this.indices.close();
    this.values.close();
  }
}
