import type { TypedArray } from '../dtype';
import type { Tile } from '../plugin';
import { isFloatArray, isNativeInput, native } from './native';

/*
 * Each kernel runs the native SIMD addon when it is loaded and the arrays are of a type it reads,
 * and otherwise the plain loop below (float64 accumulation, 4 accumulators for reductions).
 * Integer inputs sum exactly on both paths; float inputs agree to ~1e-12 relative.
 */

/**
 * `out[p] += Σ_f tile[f, p]` — sum of the tile's frames into a sig view of the tile's rows.
 * Exact for integer data into float64; floats agree with a float64 reference to ~1e-12 relative.
 *
 * @example
 * ```ts
 * import { definePlugin, sumFrames, Type } from '@stemflow/plugin-sdk';
 *
 * export default definePlugin({
 *   id: 'sum',
 *   title: 'Sum of frames',
 *   description: 'Adds all frames into one diffraction image.',
 *   params: Type.Object({}),
 *   udf: {
 *     buffers: { intensity: { kind: 'sig', dtype: 'float64' } },
 *     processTile: (tile, { out }) => sumFrames(tile, out.intensity),
 *   },
 * });
 * ```
 */
export function sumFrames(tile: Tile, out: TypedArray): void {
  if (native && isFloatArray(out) && isNativeInput(tile.data)) {
    native.sumFrames(tile.data, tile.depth, tile.rows * tile.width, out);
    return;
  }
  sumFramesJs(tile, out);
}

/** The JavaScript `sumFrames` (the fallback, and the reference the native kernel is tested against). */
export function sumFramesJs(tile: Tile, out: TypedArray): void {
  const { data, depth } = tile;
  const size = tile.rows * tile.width;
  for (let f = 0; f < depth; f++) {
    const base = f * size;
    for (let p = 0; p < size; p++) out[p]! += data[base + p]!;
  }
}

/**
 * `out[f] += Σ_p tile[f, p]` — total intensity of each frame of the tile into a nav view.
 *
 * @example
 * ```ts
 * import { sumPerFrame } from '@stemflow/plugin-sdk';
 *
 * // In processTile: out.intensity has one element per frame of the tile.
 * const intensity = new Float64Array(tile.depth);
 * sumPerFrame(tile, intensity);
 * ```
 */
export function sumPerFrame(tile: Tile, out: TypedArray): void {
  if (native && isFloatArray(out) && isNativeInput(tile.data)) {
    native.sumPerFrame(tile.data, tile.depth, tile.rows * tile.width, out);
    return;
  }
  sumPerFrameJs(tile, out);
}

/** The JavaScript `sumPerFrame`. */
export function sumPerFrameJs(tile: Tile, out: TypedArray): void {
  const { data, depth } = tile;
  const size = tile.rows * tile.width;
  for (let f = 0; f < depth; f++) {
    out[f]! += sumRange(data, f * size, (f + 1) * size);
  }
}

/**
 * Σ data[start..end) in float64 with four accumulators: a fast sum of one part of an array.
 *
 * @example
 * ```ts
 * import { sumRange } from '@stemflow/plugin-sdk';
 *
 * // The first detector row of the tile's first frame.
 * const rowTotal = sumRange(tile.data, 0, tile.width);
 * ```
 */
export function sumRange(data: TypedArray, start: number, end: number): number {
  let a = 0;
  let b = 0;
  let c = 0;
  let d = 0;
  let i = start;
  for (; i + 3 < end; i += 4) {
    a += data[i]!;
    b += data[i + 1]!;
    c += data[i + 2]!;
    d += data[i + 3]!;
  }
  for (; i < end; i++) a += data[i]!;
  return a + b + c + d;
}
