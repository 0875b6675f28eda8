import type { TypedArray } from '../dtype';
import type { Tile } from '../plugin';
import { isNativeInput, native } from './native';

/**
 * Per-pixel statistics of a group of frames: count `n`, sums `S` and sums of squared
 * deviations from the mean `V` (LiberTEM's `varsum`). Float64 throughout.
 */

/**
 * Fold the tile's frames into running `(n0, sum, varsum)` of its rows: the tile's own
 * statistics are computed in two passes, then merged pairwise. `scratch` holds one tile row block
 * (used by the JavaScript path only). Native: 8- and 16-bit integers take exact moments
 * (`v = (n·Σx² − (Σx)²)/n`), other types two passes; both agree with a float64 two-pass reference
 * to ~1e-12 relative.
 *
 * @param n0 - Frames already folded into `sum`/`varsum` at these rows (0 the first time).
 * @param scratch - At least `tile.rows × tile.width` elements, reused between calls.
 *
 * @example
 * ```ts
 * import { definePlugin, mergeWelford, product, Type, welfordTile } from '@stemflow/plugin-sdk';
 *
 * export default definePlugin({
 *   id: 'pixel-variance',
 *   title: 'Per-pixel variance',
 *   description: 'Variance of every detector pixel over the scan.',
 *   params: Type.Object({}),
 *   udf: {
 *     buffers: { sum: { kind: 'sig', dtype: 'float64' }, varsum: { kind: 'sig', dtype: 'float64' }, n: { kind: 'single', dtype: 'float64', extraShape: [1] } },
 *     // Each row band has seen its own number of frames so far.
 *     taskData: ({ dataset }) => ({ seen: new Map<number, number>(), scratch: new Float64Array(product(dataset.sigShape)) }),
 *     processTile(tile, { task, out }) {
 *       const n0 = task.seen.get(tile.rowStart) ?? 0;
 *       welfordTile(tile, n0, out.sum, out.varsum, task.scratch);
 *       task.seen.set(tile.rowStart, n0 + tile.depth);
 *       if (tile.rowStart === 0) out.n[0]! += tile.depth;
 *     },
 *     merge(dest, src) {
 *       mergeWelford(dest.n[0]!, dest.sum, dest.varsum, src.n[0]!, src.sum, src.varsum);
 *       dest.n[0]! += src.n[0]!;
 *     },
 *   },
 * });
 * ```
 */
export function welfordTile(tile: Tile, n0: number, sum: TypedArray, varsum: TypedArray, scratch: Float64Array): void {
  if (native && sum instanceof Float64Array && varsum instanceof Float64Array && isNativeInput(tile.data)) {
    native.welfordTile(tile.data, tile.depth, tile.rows * tile.width, n0, sum, varsum);
    return;
  }
  welfordTileJs(tile, n0, sum, varsum, scratch);
}

/** The JavaScript `welfordTile`. */
export function welfordTileJs(tile: Tile, n0: number, sum: TypedArray, varsum: TypedArray, scratch: Float64Array): void {
  const { data, depth } = tile;
  const size = tile.rows * tile.width;
  const tileSum = scratch.subarray(0, size);
  tileSum.fill(0);
  for (let f = 0; f < depth; f++) {
    const base = f * size;
    for (let p = 0; p < size; p++) tileSum[p]! += data[base + p]!;
  }
  for (let p = 0; p < size; p++) {
    const mean1 = tileSum[p]! / depth;
    let v1 = 0;
    for (let f = 0; f < depth; f++) {
      const d = data[f * size + p]! - mean1;
      v1 += d * d;
    }
    mergeMoments(n0, sum, varsum, p, depth, tileSum[p]!, v1);
  }
}

/** Pairwise merge (Chan et al.; LiberTEM `merge_single`) of `(n1, s1, v1)` into element `p`. */
function mergeMoments(n0: number, sum: TypedArray, varsum: TypedArray, p: number, n1: number, s1: number, v1: number): void {
  if (n0 === 0) {
    sum[p] = s1;
    varsum[p] = v1;
    return;
  }
  const n = n0 + n1;
  const mean0 = sum[p]! / n0;
  const mean1 = s1 / n1;
  const delta = mean1 - mean0;
  sum[p]! += s1;
  varsum[p]! += v1 + (n0 * n1 * delta * delta) / n;
}

/**
 * Merge whole buffers `(n1, sum1, varsum1)` into `(n0, sum0, varsum0)`; used by `merge`.
 * Associative and commutative up to rounding, as a merge must be. Does not add the counts.
 *
 * @example
 * ```ts
 * import { mergeWelford, type BufferViews } from '@stemflow/plugin-sdk';
 *
 * type Moments = { sum: { kind: 'sig'; dtype: 'float64' }; varsum: { kind: 'sig'; dtype: 'float64' }; n: { kind: 'single'; dtype: 'float64' } };
 * function merge(dest: BufferViews<Moments>, src: BufferViews<Moments>): void {
 *   mergeWelford(dest.n[0]!, dest.sum, dest.varsum, src.n[0]!, src.sum, src.varsum);
 *   dest.n[0]! += src.n[0]!; // afterwards: mergeWelford reads dest's count
 * }
 * ```
 */
export function mergeWelford(n0: number, sum0: TypedArray, varsum0: TypedArray, n1: number, sum1: TypedArray, varsum1: TypedArray): void {
  if (n1 === 0) return;
  for (let p = 0; p < sum0.length; p++) mergeMoments(n0, sum0, varsum0, p, n1, sum1[p]!, varsum1[p]!);
}
