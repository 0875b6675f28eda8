import type { TypedArray } from '../dtype';
import type { Tile } from '../plugin';
import { isNativeInput, native } from './native';

/**
 * A stack of `count` masks over a `height × width` frame, stored as (index, weight) lists:
 * mask `m` holds the pixels `indices[k]` (flat `y·width + x`, increasing) with weights
 * `weights[k]` for `k` in `[rowPtr[m·(height+1) + y0], rowPtr[m·(height+1) + y1])` — the entries
 * of rows `[y0, y1)`. Zero weights are not stored. Built once per task (`sparseMasksFrom`).
 *
 * @example
 * ```ts
 * import { applySparseMasks, detectorMask, sparseMasksFrom, type SparseMasks } from '@stemflow/plugin-sdk';
 *
 * // A thin ring on a 512 × 512 detector: under 2 % of the pixels, so the lists are much faster than the dense mask.
 * const ring: SparseMasks = sparseMasksFrom(detectorMask([512, 512], { shape: 'ring', ri: 200, ro: 203 }), 1, 512, 512);
 * const out = new Float64Array(tile.depth);
 * applySparseMasks(tile, ring, out);
 * ```
 */
export interface SparseMasks {
  /** Number of masks. */
  count: number;
  /** Detector rows. */
  height: number;
  /** Detector columns. */
  width: number;
  /** Flat pixel index `y·width + x` of each stored weight, increasing within a mask. */
  indices: Int32Array;
  /** The stored (non-zero) weights. */
  weights: Float64Array;
  /** `count × (height + 1)` offsets into `indices`/`weights`, per mask and row. */
  rowPtr: Int32Array;
}

/**
 * Number of non-zero weights in a dense `count × sigSize` stack.
 *
 * @example
 * ```ts
 * import { countNonZero, detectorMask } from '@stemflow/plugin-sdk';
 *
 * const pixels = countNonZero(detectorMask([64, 64], { shape: 'disk', r: 5 })); // pixels inside the disk
 * ```
 */
export function countNonZero(masks: TypedArray): number {
  let n = 0;
  for (let i = 0; i < masks.length; i++) if (masks[i] !== 0) n++;
  return n;
}

/**
 * The (index, weight) form of a dense stack of `count` masks of `height × width` (C order).
 * Throws a `RangeError` when `masks` does not hold `count × height × width` values.
 *
 * @example
 * ```ts
 * import { detectorMask, sparseMasksFrom } from '@stemflow/plugin-sdk';
 *
 * const [h = 1, w = 1] = dataset.sigShape;
 * const sparse = sparseMasksFrom(detectorMask(dataset.sigShape, { shape: 'disk', r: 3 }), 1, h, w);
 * ```
 */
export function sparseMasksFrom(masks: TypedArray, count: number, height: number, width: number): SparseMasks {
  const sigSize = height * width;
  if (masks.length !== count * sigSize) {
    throw new RangeError(`mask stack has ${masks.length} values, expected ${count} × ${height} × ${width} = ${count * sigSize}`);
  }
  const nnz = countNonZero(masks);
  const indices = new Int32Array(nnz);
  const weights = new Float64Array(nnz);
  const rowPtr = new Int32Array(count * (height + 1));
  let k = 0;
  for (let m = 0; m < count; m++) {
    const base = m * sigSize;
    const ptr = m * (height + 1);
    for (let y = 0; y < height; y++) {
      rowPtr[ptr + y] = k;
      const rowBase = base + y * width;
      for (let x = 0; x < width; x++) {
        const v = masks[rowBase + x]!;
        if (v !== 0) {
          indices[k] = y * width + x;
          weights[k] = v;
          k++;
        }
      }
    }
    rowPtr[ptr + height] = k;
  }
  return { count, height, width, indices, weights, rowPtr };
}

/**
 * `out[f · count + m] += Σ_k tile[f, indices[k] − rowStart·width] · weights[k]` over the entries
 * of mask `m` that fall in the tile's rows — `applyMasks` for masks given as (index, weight) lists.
 * Accumulates in float64. Cost ∝ stored entries in the band instead of `count × band size`.
 * Throws a `RangeError` when the tile does not lie within the masks' frame.
 *
 * @example
 * ```ts
 * import { applySparseMasks, definePlugin, detectorMask, sparseMasksFrom, Type } from '@stemflow/plugin-sdk';
 *
 * export default definePlugin({
 *   id: 'thin-ring',
 *   title: 'Thin ring',
 *   description: 'Sum over a one-pixel ring, with the sparse kernel.',
 *   params: Type.Object({ r: Type.Number({ title: 'Radius', minimum: 1, default: 50, 'x-ui': { unit: 'px' } }) }),
 *   udf: {
 *     buffers: { intensity: { kind: 'nav', dtype: 'float64' } },
 *     taskData: ({ params, dataset }) => {
 *       const [h = 1, w = 1] = dataset.sigShape;
 *       return { ring: sparseMasksFrom(detectorMask(dataset.sigShape, { shape: 'ring', ri: params.r - 1, ro: params.r }), 1, h, w) };
 *     },
 *     processTile: (tile, { task, out }) => applySparseMasks(tile, task.ring, out.intensity),
 *   },
 * });
 * ```
 */
export function applySparseMasks(tile: Tile, masks: SparseMasks, out: TypedArray): void {
  const { data, depth, rows, rowStart, width } = tile;
  if (width !== masks.width || rowStart + rows > masks.height) {
    throw new RangeError(`tile rows [${rowStart}, ${rowStart + rows}) × ${width} do not fit sparse masks of ${masks.height} × ${masks.width}`);
  }
  const { count, indices, weights, rowPtr } = masks;
  const size = rows * width;
  const offset = rowStart * width;
  const stride = masks.height + 1;
  if (native && out instanceof Float64Array && isNativeInput(data)) {
    const runs = runsOf(masks);
    native.applyRuns(data, depth, size, offset, count, runs.start, runs.length, runs.weight, runs.ptr, stride, rowStart, rows, out);
    return;
  }
  for (let m = 0; m < count; m++) {
    const start = rowPtr[m * stride + rowStart]!;
    const end = rowPtr[m * stride + rowStart + rows]!;
    if (start === end) continue;
    for (let f = 0; f < depth; f++) {
      const base = f * size - offset;
      let a = 0;
      let b = 0;
      let k = start;
      for (; k + 1 < end; k += 2) {
        a += data[base + indices[k]!]! * weights[k]!;
        b += data[base + indices[k + 1]!]! * weights[k + 1]!;
      }
      if (k < end) a += data[base + indices[k]!]! * weights[k]!;
      out[f * count + m]! += a + b;
    }
  }
}

/**
 * One stack of all the masks of `parts` (same frame size), in order. Throws a `RangeError`
 * when a part has another frame size.
 *
 * @example
 * ```ts
 * import { concatSparseMasks, detectorMask, sparseMasksFrom } from '@stemflow/plugin-sdk';
 *
 * const rings = [10, 20, 30].map((r) => sparseMasksFrom(detectorMask([64, 64], { shape: 'ring', ri: r - 2, ro: r }), 1, 64, 64));
 * const stack = concatSparseMasks(rings, 64, 64); // stack.count === 3
 * ```
 */
export function concatSparseMasks(parts: readonly SparseMasks[], height: number, width: number): SparseMasks {
  let count = 0;
  let nnz = 0;
  for (const p of parts) {
    if (p.height !== height || p.width !== width) throw new RangeError(`sparse masks of ${p.height}×${p.width} cannot join a ${height}×${width} stack`);
    count += p.count;
    nnz += p.indices.length;
  }
  const indices = new Int32Array(nnz);
  const weights = new Float64Array(nnz);
  const rowPtr = new Int32Array(count * (height + 1));
  let k = 0;
  let r = 0;
  for (const p of parts) {
    indices.set(p.indices, k);
    weights.set(p.weights, k);
    for (let i = 0; i < p.rowPtr.length; i++) rowPtr[r + i] = p.rowPtr[i]! + k;
    k += p.indices.length;
    r += p.rowPtr.length;
  }
  return { count, height, width, indices, weights, rowPtr };
}

/**
 * The dense `count × height × width` stack of sparse masks, written into `out` (zero-filled), which is returned.
 *
 * @example
 * ```ts
 * import { denseFromSparse, detectorMask, sparseMasksFrom } from '@stemflow/plugin-sdk';
 *
 * const sparse = sparseMasksFrom(detectorMask([32, 32], { shape: 'disk', r: 4 }), 1, 32, 32);
 * const dense = denseFromSparse(sparse, new Float32Array(32 * 32)); // e.g. to show the mask as an image
 * ```
 */
export function denseFromSparse<A extends Float32Array | Float64Array>(masks: SparseMasks, out: A): A {
  const sigSize = masks.height * masks.width;
  const stride = masks.height + 1;
  for (let m = 0; m < masks.count; m++) {
    const end = masks.rowPtr[m * stride + masks.height]!;
    for (let k = masks.rowPtr[m * stride]!; k < end; k++) out[m * sigSize + masks.indices[k]!] = masks.weights[k]!;
  }
  return out;
}

/** A sparse stack as runs of consecutive pixels of one row with one weight (disks and rings are a run or two per row). */
interface MaskRuns {
  start: Int32Array;
  length: Int32Array;
  weight: Float64Array;
  /** `count × (height + 1)` offsets into the runs, per mask and row (like `rowPtr`). */
  ptr: Int32Array;
}

const runsCache = new WeakMap<SparseMasks, MaskRuns>();

/** The runs of a sparse stack, built once per stack (so a stack must not change after its first use). */
function runsOf(masks: SparseMasks): MaskRuns {
  const cached = runsCache.get(masks);
  if (cached) return cached;
  const { count, height, indices, weights, rowPtr } = masks;
  const stride = height + 1;
  const start: number[] = [];
  const length: number[] = [];
  const weight: number[] = [];
  const ptr = new Int32Array(count * stride);
  for (let m = 0; m < count; m++) {
    for (let y = 0; y < height; y++) {
      ptr[m * stride + y] = start.length;
      for (let k = rowPtr[m * stride + y]!; k < rowPtr[m * stride + y + 1]!; k++) {
        const last = start.length - 1;
        const extends_ = last >= ptr[m * stride + y]! && start[last]! + length[last]! === indices[k] && weight[last] === weights[k];
        if (extends_) length[last]!++;
        else {
          start.push(indices[k]!);
          length.push(1);
          weight.push(weights[k]!);
        }
      }
    }
    ptr[m * stride + height] = start.length;
  }
  const runs = { start: Int32Array.from(start), length: Int32Array.from(length), weight: Float64Array.from(weight), ptr };
  runsCache.set(masks, runs);
  return runs;
}
