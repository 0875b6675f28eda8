import { closeSync, readSync } from 'node:fs';
import { bytesPerElement, formatCount, product, StemflowError, viewArray, type DType, type TypedArray } from '@stemflow/plugin-sdk';
import type { DatasetDescriptor } from '../descriptor';
import { hostByteOrder, openFile, swapBytes } from '../file-io';
import type { DataSet } from '../framed-source';

/** Largest single read; bigger requests are split (bounded memory per source). */
const MAX_READ_BYTES = 8 << 20;

/**
 * Frames of a (sig, nav)-ordered array: for each detector pixel, the values at every scan
 * position one after another. A band of frames is gathered with one read per detector pixel
 * (or one read for several pixels when the band covers most of the scan), never the whole file.
 */
export class TransposedSource implements DataSet {
  readonly navShape: number[];
  readonly sigShape: number[];
  readonly dtype: DType;
  readonly frames: number;
  private fd: number | undefined;
  private readonly width: number;
  private readonly itemSize: number;
  private readonly storedFrames: number;
  private readonly swap: boolean;
  private readonly syncOffset: number;
  private scratch = new Uint8Array(0);

  constructor(readonly descriptor: DatasetDescriptor) {
    this.navShape = descriptor.navShape;
    this.sigShape = descriptor.sigShape;
    this.dtype = descriptor.dtype;
    this.frames = product(descriptor.navShape);
    this.width = descriptor.sigShape[descriptor.sigShape.length - 1]!;
    this.itemSize = bytesPerElement(descriptor.dtype);
    this.storedFrames = descriptor.imageCount ?? this.frames;
    this.swap = this.itemSize > 1 && descriptor.byteOrder !== hostByteOrder();
    this.syncOffset = descriptor.syncOffset ?? 0;
  }

  readFrames(frameStart: number, count: number, rowStart: number, rows: number, dest: TypedArray): void {
    const band = rows * this.width;
    // Stored frames [p0, p1) feed output frames [p0 - shift, p1 - shift); the rest are blank.
    const shift = frameStart + this.syncOffset;
    const p0 = Math.max(0, shift);
    const p1 = Math.min(this.storedFrames, shift + count);
    if (p1 <= p0) {
      dest.subarray(0, count * band).fill(0);
      return;
    }
    if (p0 > shift || p1 < shift + count) dest.subarray(0, count * band).fill(0);
    const run = p1 - p0;
    const stride = this.storedFrames;
    // Several pixels per read when at least half of what is read is wanted.
    const perRead = run * 2 >= stride ? Math.max(1, Math.floor(MAX_READ_BYTES / (stride * this.itemSize))) : 1;
    const firstPixel = rowStart * this.width;
    for (let k = 0; k < band; k += perRead) {
      const pixels = Math.min(perRead, band - k);
      const start = (firstPixel + k) * stride + p0;
      const length = (pixels - 1) * stride + run;
      const values = this.read(start, length);
      for (let j = 0; j < pixels; j++) {
        const base = j * stride;
        for (let p = 0; p < run; p++) dest[(p0 - shift + p) * band + k + j] = values[base + p]!;
      }
    }
  }

  close(): void {
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
  }

  /** `length` elements starting at element `start` of the array. */
  private read(start: number, length: number): TypedArray {
    const bytes = length * this.itemSize;
    if (this.scratch.length < bytes) this.scratch = new Uint8Array(bytes);
    const into = this.scratch.subarray(0, bytes);
    this.fd ??= openFile(this.descriptor.path);
    const position = this.descriptor.offset + start * this.itemSize;
    let done = 0;
    while (done < bytes) {
      const n = readSync(this.fd, into, done, bytes - done, position + done);
      if (n === 0) {
        throw new StemflowError('FILE_CORRUPT', `${this.descriptor.path} ended at byte ${formatCount(position + done)} while reading frames: the file is truncated or changed after it was opened`);
      }
      done += n;
    }
    if (this.swap) swapBytes(into, this.itemSize);
    return viewArray(this.dtype, this.scratch.buffer, 0, length);
  }
}
