import { readFileSync } from 'node:fs';
import { allocArray, dtypeOf, product, type DType, type TypedArray } from '../dtype';
import { StemflowError } from '../errors';
import { npyItemSize, parseNpyHeader } from '../npy';
import type { FrameSource } from '../runner/frame-source';

/**
 * An in-memory data set: a C-order array of `nav × sig` elements, for a UDF test with data you
 * chose (a reference computed in the test from `data`).
 *
 * @example
 * ```ts
 * import { MemoryDataSet, runUdf } from '@stemflow/plugin-sdk/testing';
 *
 * // 2 × 3 scan of 4 × 4 frames; frame f is filled with f.
 * const data = Float32Array.from({ length: 6 * 16 }, (_, i) => Math.floor(i / 16));
 * const ds = new MemoryDataSet(data, [2, 3], [4, 4]);
 * test('the sum of frames is 0 + 1 + … + 5 in every pixel', () => {
 *   expect(Array.from(runUdf(plugin, ds).intensity!.data)).toEqual(new Array(16).fill(15));
 * });
 * ```
 */
export class MemoryDataSet implements FrameSource {
  /** Element type, from the typed array. */
  readonly dtype: DType;
  /** Number of frames, `prod(navShape)`. */
  readonly frames: number;
  private readonly frameSize: number;
  private readonly width: number;

  /**
   * A data set over `data` (not copied).
   *
   * @throws `StemflowError` `SHAPE_MISMATCH` when `data` does not hold `prod(navShape) × prod(sigShape)` elements.
   */
  constructor(
    /** All frames, C order: the first frame's pixels, then the second's, … */
    readonly data: TypedArray,
    /** Scan shape, e.g. `[ny, nx]`. */
    readonly navShape: readonly number[],
    /** Frame shape, e.g. `[height, width]`. */
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

  /** Copy rows `[rowStart, rowStart + rows)` of frames `[frameStart, frameStart + count)` into `dest` (see `FrameSource`). */
  readFrames(frameStart: number, count: number, rowStart: number, rows: number, dest: TypedArray): void {
    const rowElements = rows * this.width;
    for (let f = 0; f < count; f++) {
      const from = (frameStart + f) * this.frameSize + rowStart * this.width;
      dest.set(this.data.subarray(from, from + rowElements), f * rowElements);
    }
  }
}

/**
 * Deterministic pseudo-random data (mulberry32), integers in `[0, max)` or floats in `[0, max)`:
 * the same `seed` gives the same values on every machine.
 *
 * @example
 * ```ts
 * import { randomData } from '@stemflow/plugin-sdk/testing';
 *
 * const weights = randomData('float32', 16 * 16, 7, 1); // a random float mask in [0, 1)
 * ```
 */
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

/**
 * A memory data set of random values, the usual input of a UDF test (default uint16 in `[0, 1000)`, seed 1).
 *
 * @example
 * ```ts
 * import { sumFrames } from '@stemflow/plugin-sdk';
 * import { randomDataSet, runUdf } from '@stemflow/plugin-sdk/testing';
 *
 * test('intensity is the per-pixel sum over all frames', () => {
 *   const ds = randomDataSet([5, 7], [9, 11], 'uint16', 3);
 *   const want = new Float64Array(9 * 11);
 *   sumFrames({ data: ds.data, depth: ds.frames, rowStart: 0, rows: 9, width: 11, navIndices: new Int32Array(ds.frames) }, want);
 *   expect(runUdf(plugin, ds).intensity!.data).toEqual(want);
 * });
 * ```
 */
export function randomDataSet(navShape: number[], sigShape: number[], dtype: DType = 'uint16', seed = 1): MemoryDataSet {
  return new MemoryDataSet(randomData(dtype, product(navShape) * product(sigShape), seed), navShape, sigShape);
}

/**
 * A small `.npy` file (test data, a real detector file cut down) as a memory data set: 3-D
 * `(frames, sy, sx)` or 4-D `(ny, nx, sy, sx)`. Reads the whole file; for tests only.
 *
 * @throws `StemflowError` `FILE_CORRUPT` when the file is not a supported `.npy` (see `parseNpyHeader`).
 *
 * @example
 * ```ts
 * import { join } from 'node:path';
 * import { npyDataSet, runUdf, sharedDataDir } from '@stemflow/plugin-sdk/testing';
 *
 * test('runs on a cut of a real detector file', () => {
 *   const ds = npyDataSet(join(sharedDataDir(), 'npy/delmic/sparc-angle-resolved-data.npy'));
 *   expect(Object.keys(runUdf(plugin, ds))).toContain('intensity');
 * });
 * ```
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
