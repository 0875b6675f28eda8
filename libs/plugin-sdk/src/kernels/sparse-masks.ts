import type { TypedArray } from '../dtype';
import type { Tile } from '../plugin';
import { isNativeInput, native } from './native';

/**
 * A stack of `count` masks over a `height × width` frame, stored as (index, weight) lists:
 * mask `m` holds the pixels `indices[k]` (flat `y·width + x`, increasing) with weights
 * `weights[k]` for `k` in `[rowPtr[m·(height+1) + y0], rowPtr[m·(height+1) + y1])` — the entries
 * of rows `[y0, y1)`. Zero weights are not stored. Built once per task (`sparseMasksFrom`).
 */
export interface SparseMasks {
  count: number;
  height: number;
  width: number;
  indices: Int32Array;
  weights: Float64Array;
  /** `count × (height + 1)` offsets into `indices`/`weights`, per mask and row. */
  rowPtr: Int32Array;
}

/** Number of non-zero weights in a dense `count × sigSize` stack. */
export function countNonZero(masks: TypedArray): number {
  let n = 0;
  for (let i = 0; i < masks.length; i++) if (masks[i] !== 0) n++;
  return n;
}

/** The (index, weight) form of a dense stack of `count` masks of `height × width` (C order). */
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

/** One stack of all the masks of `parts` (same frame size), in order. */
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

/** The dense `count × height × width` stack of sparse masks, written into `out` (zero-filled). */
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
