import { readFileSync } from 'node:fs';
import { allocArray, dtypeOf, product, type DType, type TypedArray } from '../dtype';
import { StemflowError } from '../errors';
import { npyItemSize, parseNpyHeader } from '../npy';
import type { FrameSource } from '../runner/frame-source';

/** An in-memory data set: a C-order array of `nav × sig` elements. */
export class MemoryDataSet implements FrameSource {
  readonly dtype: DType;
  readonly frames: number;
  private readonly frameSize: number;
  private readonly width: number;

  constructor(
    readonly data: TypedArray,
    readonly navShape: readonly number[],
    readonly sigShape: readonly number[],
  ) {
    this.dtype = dtypeOf(data);
    this.frames = product(navShape);
    this.frameSize = product(sigShape);
    this.width = sigShape[sigShape.length - 1] ?? 1;
    if (data.length !== this.frames * this.frameSize) {
      throw new StemflowError(
        'SHAPE_MISMATCH',
        `memory data set has ${data.length} elements but nav [${navShape.join(', ')}] × sig [${sigShape.join(', ')}] needs ${this.frames * this.frameSize}`,
      );
    }
  }

  readFrames(frameStart: number, count: number, rowStart: number, rows: number, dest: TypedArray): void {
    const rowElements = rows * this.width;
    for (let f = 0; f < count; f++) {
      const from = (frameStart + f) * this.frameSize + rowStart * this.width;
      dest.set(this.data.subarray(from, from + rowElements), f * rowElements);
    }
  }
}

/** Deterministic pseudo-random data (mulberry32), integers in `[0, max)` or floats in `[0, max)`. */
export function randomData(dtype: DType, length: number, seed = 1, max = 1000): TypedArray {
  const out = allocArray(dtype, length);
  let state = seed >>> 0;
  for (let i = 0; i < length; i++) {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    const u = ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    out[i] = dtype.startsWith('float') ? u * max : Math.floor(u * max);
  }
  return out;
}

/** A memory data set of random values, the usual input of a UDF test. */
export function randomDataSet(navShape: number[], sigShape: number[], dtype: DType = 'uint16', seed = 1): MemoryDataSet {
  return new MemoryDataSet(randomData(dtype, product(navShape) * product(sigShape), seed), navShape, sigShape);
}

/**
 * A small `.npy` file (test data, a real detector file cut down) as a memory data set: 3-D
 * `(frames, sy, sx)` or 4-D `(ny, nx, sy, sx)`. Reads the whole file; for tests only.
 */
export function npyDataSet(path: string): MemoryDataSet {
  const bytes = new Uint8Array(readFileSync(path));
  const header = parseNpyHeader(bytes, path);
  const count = header.shape.reduce((a, b) => a * b, 1);
  const data = allocArray(header.dtype, count);
  const body = new Uint8Array(data.buffer);
  body.set(bytes.subarray(header.offset, header.offset + body.length));
  if (header.byteOrder === 'big') swapInPlace(body, npyItemSize(header.dtype));
  const sigShape = header.shape.slice(-2);
  return new MemoryDataSet(data, header.shape.slice(0, -2), sigShape);
}

function swapInPlace(bytes: Uint8Array, size: number): void {
  for (let i = 0; i < bytes.length; i += size) bytes.subarray(i, i + size).reverse();
}
