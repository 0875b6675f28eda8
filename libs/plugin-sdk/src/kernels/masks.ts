import type { TypedArray } from '../dtype';
import type { Tile } from '../plugin';
import { isFloatArray, isNativeInput, native } from './native';

/**
 * `out[f * count + m] += Σ_p tile[f, p] · masks[m, rowStart·width + p]` — a stack of `count`
 * full-frame masks (`count × sigSize`, C order) applied to the tile's rows.
 * With `count = 1` this is a virtual detector. Exact for integer data and 0/1 masks; otherwise
 * float64 arithmetic (agrees with a float64 reference to ~1e-14 relative).
 * The native path converts a mask array once and caches it: build masks once (in `taskData`)
 * and do not change them between calls.
 *
 * @param masks - `count` full-frame masks, one after the other (`count × sigSize`).
 * @param out - A nav view with `count` values per frame (`extraShape: [count]`).
 *
 * @example
 * ```ts
 * import { applyMasks, detectorMask, product } from '@stemflow/plugin-sdk';
 *
 * const size = product(dataset.sigShape);
 * const masks = new Float32Array(2 * size);
 * detectorMask(dataset.sigShape, { shape: 'disk', r: 10 }, masks.subarray(0, size));
 * detectorMask(dataset.sigShape, { shape: 'ring', ri: 30, ro: 60 }, masks.subarray(size));
 * const out = new Float64Array(tile.depth * 2);
 * applyMasks(tile, masks, 2, out); // out[f * 2 + m]
 * ```
 */
export function applyMasks(tile: Tile, masks: TypedArray, count: number, out: TypedArray): void {
  if (native && isFloatArray(masks) && out instanceof Float64Array && isNativeInput(tile.data)) {
    const sigSize = masks.length / count;
    native.applyMasks(tile.data, tile.depth, tile.rows * tile.width, kernelMasks(masks), count, sigSize, tile.rowStart * tile.width, out);
    return;
  }
  applyMasksJs(tile, masks, count, out);
}

const kernelMaskCache = new WeakMap<Float32Array | Float64Array, Float32Array | Float64Array>();

/**
 * The masks as the native kernel reads them: float32 when every weight has at most 8 significant
 * bits (so single-precision products and block sums of 8/16-bit data are exact: 0/1 masks, halves,
 * quarters), float64 otherwise.
 */
function kernelMasks(masks: Float32Array | Float64Array): Float32Array | Float64Array {
  let converted = kernelMaskCache.get(masks);
  if (!converted) {
    const narrow = masks.every(hasAtMost8SignificantBits);
    converted = narrow ? (masks instanceof Float32Array ? masks : Float32Array.from(masks)) : masks instanceof Float64Array ? masks : Float64Array.from(masks);
    kernelMaskCache.set(masks, converted);
  }
  return converted;
}

function hasAtMost8SignificantBits(w: number): boolean {
  if (w === 0) return true;
  const a = Math.abs(w);
  if (!Number.isFinite(a)) return false;
  return ((a / 2 ** Math.floor(Math.log2(a))) * 128) % 1 === 0;
}

/** The JavaScript `applyMasks`. */
export function applyMasksJs(tile: Tile, masks: TypedArray, count: number, out: TypedArray): void {
  const { data, depth, width } = tile;
  const size = tile.rows * width;
  const sigSize = masks.length / count;
  const maskOffset = tile.rowStart * width;
  for (let f = 0; f < depth; f++) {
    const base = f * size;
    for (let m = 0; m < count; m++) {
      const mBase = m * sigSize + maskOffset;
      let a = 0;
      let b = 0;
      let p = 0;
      for (; p + 1 < size; p += 2) {
        a += data[base + p]! * masks[mBase + p]!;
        b += data[base + p + 1]! * masks[mBase + p + 1]!;
      }
      if (p < size) a += data[base + p]! * masks[mBase + p]!;
      out[f * count + m]! += a + b;
    }
  }
}

/**
 * `out[f] += Σ_p tile[f, p] · mask[rowStart·width + p]` for one full-frame mask: a virtual
 * detector. Exact for integer data and a 0/1 mask.
 *
 * @example
 * ```ts
 * import { definePlugin, detectorMask, maskedSum, Type } from '@stemflow/plugin-sdk';
 *
 * export default definePlugin({
 *   id: 'annular-dark-field',
 *   title: 'Annular dark field',
 *   description: 'Sum of each frame inside a ring.',
 *   params: Type.Object({
 *     ri: Type.Number({ title: 'Inner radius', minimum: 0, default: 20, 'x-ui': { unit: 'px' } }),
 *     ro: Type.Number({ title: 'Outer radius', minimum: 0, default: 40, 'x-ui': { unit: 'px' } }),
 *   }),
 *   udf: {
 *     buffers: { intensity: { kind: 'nav', dtype: 'float64' } },
 *     taskData: ({ params, dataset }) => ({ mask: detectorMask(dataset.sigShape, { shape: 'ring', ...params }) }),
 *     processTile: (tile, { task, out }) => maskedSum(tile, task.mask, out.intensity),
 *   },
 * });
 * ```
 */
export function maskedSum(tile: Tile, mask: TypedArray, out: TypedArray): void {
  applyMasks(tile, mask, 1, out);
}

/**
 * Centre-of-mass moments of each frame within a mask: `out[f*3 + 0] += Σ m·I`,
 * `out[f*3 + 1] += Σ m·I·y`, `out[f*3 + 2] += Σ m·I·x` (pixel indices, y down, x right).
 * Exact for integer data with a binary mask. The native path reads a 0/1 mask as bytes and sums
 * 8/16-bit data in 32-bit integers (the mask is converted once and cached: do not change it).
 * The centre of mass of frame f is `(out[f*3+1] / out[f*3], out[f*3+2] / out[f*3])` as (y, x).
 *
 * @example
 * ```ts
 * import { comMoments, detectorMask } from '@stemflow/plugin-sdk';
 *
 * const mask = detectorMask(dataset.sigShape, { shape: 'disk', r: 16 });
 * const moments = new Float64Array(tile.depth * 3);
 * comMoments(tile, mask, moments);
 * const [total = 0, ySum = 0, xSum = 0] = moments; // frame 0
 * const centre = { y: ySum / total, x: xSum / total };
 * ```
 */
export function comMoments(tile: Tile, mask: TypedArray, out: TypedArray): void {
  if (native && (isFloatArray(mask) || mask instanceof Uint8Array) && out instanceof Float64Array && isNativeInput(tile.data)) {
    native.comMoments(tile.data, tile.depth, tile.rows, tile.width, tile.rowStart, binaryAsBytes(mask), out);
    return;
  }
  comMomentsJs(tile, mask, out);
}

const byteMaskCache = new WeakMap<TypedArray, Uint8Array | Float32Array | Float64Array>();

/**
 * A mask of only 0 and 1 as a cached `Uint8Array` (the native integer path assumes 0/1 bytes);
 * any other float mask as it is, and other byte masks as float64.
 */
function binaryAsBytes(mask: Uint8Array | Float32Array | Float64Array): Uint8Array | Float32Array | Float64Array {
  let converted = byteMaskCache.get(mask);
  if (!converted) {
    const binary = mask.every((w) => w === 0 || w === 1);
    converted = binary ? (mask instanceof Uint8Array ? mask : Uint8Array.from(mask)) : mask instanceof Uint8Array ? Float64Array.from(mask) : mask;
    byteMaskCache.set(mask, converted);
  }
  return converted;
}

/** The JavaScript `comMoments`. */
export function comMomentsJs(tile: Tile, mask: TypedArray, out: TypedArray): void {
  const { data, depth, width, rows, rowStart } = tile;
  const size = rows * width;
  for (let f = 0; f < depth; f++) {
    const base = f * size;
    let total = 0;
    let ySum = 0;
    let xSum = 0;
    for (let r = 0; r < rows; r++) {
      const y = rowStart + r;
      const rowBase = base + r * width;
      const maskBase = y * width;
      let rowTotal = 0;
      let rowX = 0;
      for (let x = 0; x < width; x++) {
        const v = data[rowBase + x]! * mask[maskBase + x]!;
        rowTotal += v;
        rowX += v * x;
      }
      total += rowTotal;
      ySum += rowTotal * y;
      xSum += rowX;
    }
    out[f * 3]! += total;
    out[f * 3 + 1]! += ySum;
    out[f * 3 + 2]! += xSum;
  }
}
