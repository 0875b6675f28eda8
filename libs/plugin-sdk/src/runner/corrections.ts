import { product, type DType, type TypedArray } from '../dtype';
import { StemflowError } from '../errors';

/**
 * Detector corrections applied by the runner to every tile before a UDF sees it, as LiberTEM's
 * `CorrectionSet`: `(raw − dark) · gain`, then each excluded (dead/hot) pixel replaced by the mean
 * of its valid 8-neighbours. Plain typed arrays, so a job can carry it to worker threads (share
 * the memory with `shareCorrections`).
 *
 * @example
 * ```ts
 * import { excludedFromCoords, type Corrections } from '@stemflow/plugin-sdk';
 * import { randomDataSet, runUdf } from '@stemflow/plugin-sdk/testing';
 *
 * const ds = randomDataSet([4, 4], [16, 16]);
 * const corrections: Corrections = {
 *   dark: new Float32Array(16 * 16).fill(100),
 *   excluded: excludedFromCoords([3, 7, 10, 2], ds.sigShape), // hot pixels (y=3, x=7) and (y=10, x=2)
 * };
 * const results = runUdf(plugin, ds, {}, { corrections }); // the UDF sees float32 tiles minus the dark frame
 * ```
 */
export interface Corrections {
  /** Dark frame, one value per detector pixel (C order, sig shape); subtracted first. */
  dark?: Float32Array | Float64Array;
  /** Gain map, one value per detector pixel; multiplied after the dark subtraction. */
  gain?: Float32Array | Float64Array;
  /** Flat indices `y · width + x` of the pixels to replace by the mean of their neighbours. */
  excluded?: Uint32Array;
}

/**
 * Corrections checked against a detector, with every excluded pixel's repair neighbourhood:
 * what `correctTile` applies. Built once per task by `prepareCorrections`.
 *
 * @example
 * ```ts
 * import { prepareCorrections, type PreparedCorrections } from '@stemflow/plugin-sdk';
 *
 * const plan: PreparedCorrections | undefined = prepareCorrections({ excluded: Uint32Array.of(5) }, { sigShape: [4, 4], dtype: 'uint16' });
 * // plan.dtype === 'float32'; the neighbours of pixel 5 are 0, 1, 2, 4, 6, 8, 9, 10
 * ```
 */
export interface PreparedCorrections {
  /** What the UDF receives: float32, or float64 for 32-bit integer and float64 data (NumPy's result_type). */
  dtype: 'float32' | 'float64';
  /** Detector columns. */
  width: number;
  /** Detector rows (1 for a 1-D detector). */
  height: number;
  /** Pixels per frame. */
  frameSize: number;
  /** Dark frame, as given. */
  dark?: Float32Array | Float64Array;
  /** Gain map, as given. */
  gain?: Float32Array | Float64Array;
  /** Excluded pixels, sorted and unique (flat sig indices). */
  excluded: Uint32Array;
  /** Neighbours of `excluded[k]` are `neighbours[neighbourStart[k] .. neighbourStart[k + 1])`. */
  neighbourStart: Uint32Array;
  /** Flat sig indices of the valid neighbours of every excluded pixel, one list after another. */
  neighbours: Uint32Array;
}

/**
 * True when there is anything to apply (LiberTEM's `have_corrections`: a given, even empty, excluded list counts).
 *
 * @example
 * ```ts
 * import { hasCorrections } from '@stemflow/plugin-sdk';
 *
 * hasCorrections({}); // false: tiles keep the data set's dtype
 * hasCorrections({ excluded: new Uint32Array(0) }); // true: tiles arrive as floats
 * ```
 */
export function hasCorrections(corrections: Corrections | undefined): corrections is Corrections {
  return !!corrections && (corrections.dark !== undefined || corrections.gain !== undefined || corrections.excluded !== undefined);
}

/**
 * The dtype tiles arrive in when corrections are active: `result_type(float32, dtype)`.
 *
 * @example
 * ```ts
 * import { correctedDtype } from '@stemflow/plugin-sdk';
 *
 * correctedDtype('uint16'); // 'float32'
 * correctedDtype('uint32'); // 'float64': float32 would round counts above 2^24
 * ```
 */
export function correctedDtype(dtype: DType): 'float32' | 'float64' {
  return dtype === 'uint32' || dtype === 'int32' || dtype === 'float64' ? 'float64' : 'float32';
}

function detector(sigShape: readonly number[]): { height: number; width: number; frameSize: number } {
  const width = sigShape[sigShape.length - 1] ?? 1;
  const frameSize = product(sigShape);
  return { width, height: frameSize / width, frameSize };
}

function position(index: number, width: number): string {
  return `(y=${Math.floor(index / width)}, x=${index % width})`;
}

/**
 * Check corrections against a data set and build the repair neighbourhoods: the 8 neighbours of
 * each excluded pixel, clipped at the frame border, without other excluded pixels. A pixel with
 * no neighbour left is refused (LiberTEM's `allow_empty=False`).
 *
 * @returns The plan for `correctTile`, or `undefined` when there is nothing to apply.
 * @throws `StemflowError` `SHAPE_MISMATCH` when a map does not have the detector's shape or an
 * excluded pixel lies outside it; `PARAMS_INVALID` when an excluded pixel has no valid neighbour.
 *
 * @example
 * ```ts
 * import { prepareCorrections } from '@stemflow/plugin-sdk';
 *
 * const gain = new Float32Array(256 * 256).fill(1.05);
 * const plan = prepareCorrections({ gain, excluded: Uint32Array.of(0, 1) }, { sigShape: [256, 256], dtype: 'uint16' });
 * ```
 */
export function prepareCorrections(corrections: Corrections | undefined, dataset: { sigShape: readonly number[]; dtype: DType }): PreparedCorrections | undefined {
  if (!hasCorrections(corrections)) return undefined;
  const { width, height, frameSize } = detector(dataset.sigShape);
  const shape = dataset.sigShape.join('×');
  for (const name of ['dark', 'gain'] as const) {
    const map = corrections[name];
    if (map !== undefined && map.length !== frameSize) {
      throw new StemflowError('SHAPE_MISMATCH', `the ${name} ${name === 'dark' ? 'frame' : 'map'} has ${map.length} pixels but the detector is ${shape} (${frameSize} pixels)`, {
        errors: [{ path: `/corrections/${name}`, message: `must have the detector's shape ${shape}` }],
      });
    }
  }
  const excluded = uniqueSorted(corrections.excluded ?? new Uint32Array(0));
  if (excluded.length > 0) {
    if (dataset.sigShape.length > 2) {
      throw new StemflowError('SHAPE_MISMATCH', `excluded pixels are repaired on 1-D or 2-D detectors; this one is ${shape}`, {
        errors: [{ path: '/corrections/excluded', message: 'needs a 1-D or 2-D detector' }],
      });
    }
    const last = excluded[excluded.length - 1]!;
    if (last >= frameSize) {
      throw new StemflowError('SHAPE_MISMATCH', `excluded pixel ${last} ${position(last, width)} lies outside the ${shape} detector`, {
        errors: [{ path: '/corrections/excluded', message: `must lie inside the ${shape} detector` }],
      });
    }
  }
  const neighbourStart = new Uint32Array(excluded.length + 1);
  const neighbours = new Uint32Array(excluded.length * 8);
  const empty: number[] = [];
  let n = 0;
  for (let k = 0; k < excluded.length; k++) {
    const p = excluded[k]!;
    const y = Math.floor(p / width);
    const x = p - y * width;
    neighbourStart[k] = n;
    // LiberTEM's order: the 3×3 block row by row, without the centre.
    for (let dy = -1; dy <= 1; dy++) {
      const yy = y + dy;
      if (yy < 0 || yy >= height) continue;
      for (let dx = -1; dx <= 1; dx++) {
        const xx = x + dx;
        if ((dy === 0 && dx === 0) || xx < 0 || xx >= width) continue;
        const q = yy * width + xx;
        if (!contains(excluded, q)) neighbours[n++] = q;
      }
    }
    if (n === neighbourStart[k]) empty.push(p);
  }
  neighbourStart[excluded.length] = n;
  if (empty.length > 0) {
    const list = empty.slice(0, 5).map((p) => position(p, width)).join(', ');
    throw new StemflowError(
      'PARAMS_INVALID',
      `excluded pixel${empty.length > 1 ? 's' : ''} ${list}${empty.length > 5 ? ` and ${empty.length - 5} more` : ''} cannot be repaired: every neighbour is excluded too or outside the frame. Leave at least one of the 8 neighbours of each excluded pixel valid`,
      { errors: [{ path: '/corrections/excluded', message: `${empty.length} excluded pixel(s) have no valid neighbour` }] },
    );
  }
  return {
    dtype: correctedDtype(dataset.dtype),
    width,
    height,
    frameSize,
    ...(corrections.dark ? { dark: corrections.dark } : {}),
    ...(corrections.gain ? { gain: corrections.gain } : {}),
    excluded,
    neighbourStart,
    neighbours: neighbours.slice(0, n),
  };
}

function uniqueSorted(values: Uint32Array): Uint32Array {
  const sorted = Uint32Array.from(values).sort();
  let n = 0;
  for (let i = 0; i < sorted.length; i++) if (i === 0 || sorted[i] !== sorted[i - 1]) sorted[n++] = sorted[i]!;
  return sorted.slice(0, n);
}

/** First index of `sorted` whose value is ≥ `value`. */
function lowerBound(sorted: Uint32Array, value: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function contains(sorted: Uint32Array, value: number): boolean {
  const i = lowerBound(sorted, value);
  return i < sorted.length && sorted[i] === value;
}

/**
 * Correct one tile: `raw` holds `depth` frames of detector rows `[readStart, readStart + readRows)`
 * (the band plus one halo row above and below where the frame has them, so every repair sees its
 * whole neighbourhood); `out` receives rows `[rowStart, rowStart + rows)` of each frame, corrected.
 * Neighbour values are recomputed from `raw` with the same expression and rounding as the stored
 * values, so a repaired pixel is bit-identical whatever the tiling.
 *
 * @example
 * ```ts
 * import { correctTile, prepareCorrections } from '@stemflow/plugin-sdk';
 *
 * // Two 4 × 4 uint16 frames read whole; correct all four rows of each.
 * const plan = prepareCorrections({ dark: new Float32Array(16).fill(10), excluded: Uint32Array.of(5) }, { sigShape: [4, 4], dtype: 'uint16' })!;
 * const raw = new Uint16Array(2 * 16).fill(110);
 * const out = new Float32Array(2 * 16);
 * correctTile(plan, raw, 0, 4, out, 0, 4, 2); // every value 100, pixel 5 repaired from its neighbours
 * ```
 */
export function correctTile(
  plan: PreparedCorrections,
  raw: TypedArray,
  readStart: number,
  readRows: number,
  out: Float32Array | Float64Array,
  rowStart: number,
  rows: number,
  depth: number,
): void {
  const { width, dark, gain } = plan;
  const readSize = readRows * width;
  const size = rows * width;
  const inner = (rowStart - readStart) * width;
  const sigBase = rowStart * width;
  for (let f = 0; f < depth; f++) {
    const src = f * readSize + inner;
    const dst = f * size;
    if (dark && gain) {
      for (let p = 0; p < size; p++) out[dst + p] = (raw[src + p]! - dark[sigBase + p]!) * gain[sigBase + p]!;
    } else if (dark) {
      for (let p = 0; p < size; p++) out[dst + p] = raw[src + p]! - dark[sigBase + p]!;
    } else if (gain) {
      for (let p = 0; p < size; p++) out[dst + p] = raw[src + p]! * gain[sigBase + p]!;
    } else {
      out.set(raw.subarray(src, src + size), dst);
    }
  }
  const { excluded, neighbourStart, neighbours } = plan;
  const k1 = lowerBound(excluded, sigBase + size);
  if (k1 === 0) return;
  const round = plan.dtype === 'float32' ? Math.fround : (v: number) => v;
  const readBase = readStart * width;
  for (let k = lowerBound(excluded, sigBase); k < k1; k++) {
    const p = excluded[k]!;
    const n0 = neighbourStart[k]!;
    const n1 = neighbourStart[k + 1]!;
    for (let f = 0; f < depth; f++) {
      const frameRaw = f * readSize - readBase;
      let acc = 0;
      for (let j = n0; j < n1; j++) {
        const q = neighbours[j]!;
        const r = raw[frameRaw + q]!;
        // Same expressions as above: x − 0 and x · 1 are exact, so one formula covers all four cases.
        acc += round((r - (dark ? dark[q]! : 0)) * (gain ? gain[q]! : 1));
      }
      out[f * size + p - sigBase] = acc / (n1 - n0);
    }
  }
}

/**
 * Flat indices of the non-zero entries of a sig-shaped map (a bool or 0/1 array), for `Corrections.excluded`.
 *
 * @example
 * ```ts
 * import { excludedFromMask } from '@stemflow/plugin-sdk';
 *
 * const deadPixels = new Uint8Array(8 * 8);
 * deadPixels[3 * 8 + 5] = 1;
 * const corrections = { excluded: excludedFromMask(deadPixels) }; // Uint32Array [29]
 * ```
 */
export function excludedFromMask(mask: ArrayLike<number>): Uint32Array {
  let n = 0;
  for (let i = 0; i < mask.length; i++) if (mask[i]) n++;
  const out = new Uint32Array(n);
  for (let i = 0, k = 0; i < mask.length; i++) if (mask[i]) out[k++] = i;
  return out;
}

/**
 * Flat indices of `(y, x)` pairs (an N×2 array, C order) on a detector of `sigShape`, for `Corrections.excluded`.
 *
 * @throws `StemflowError` `SHAPE_MISMATCH` naming the first pair that is not a pixel of the detector.
 *
 * @example
 * ```ts
 * import { excludedFromCoords } from '@stemflow/plugin-sdk';
 *
 * const excluded = excludedFromCoords([0, 1, 127, 64], [128, 128]); // (y=0, x=1) and (y=127, x=64): Uint32Array [1, 16320]
 * ```
 */
export function excludedFromCoords(coords: ArrayLike<number>, sigShape: readonly number[]): Uint32Array {
  const { width, height } = detector(sigShape);
  const out = new Uint32Array(coords.length / 2);
  for (let k = 0; k < out.length; k++) {
    const y = coords[2 * k]!;
    const x = coords[2 * k + 1]!;
    if (!Number.isInteger(y) || !Number.isInteger(x) || y < 0 || x < 0 || y >= height || x >= width) {
      throw new StemflowError('SHAPE_MISMATCH', `excluded pixel #${k} (y=${y}, x=${x}) lies outside the ${height}×${width} detector`, {
        errors: [{ path: '/corrections/excluded', message: `row ${k} must be a (y, x) pixel inside the ${height}×${width} detector` }],
      });
    }
    out[k] = y * width + x;
  }
  return out;
}

/**
 * The same corrections on shared memory: worker threads then read them without a copy per task.
 * Arrays already on a `SharedArrayBuffer` are kept as they are.
 *
 * @example
 * ```ts
 * import { shareCorrections } from '@stemflow/plugin-sdk';
 *
 * const shared = shareCorrections({ dark: new Float32Array(256 * 256) });
 * // shared.dark!.buffer is a SharedArrayBuffer: post it to every worker once
 * ```
 */
export function shareCorrections(corrections: Corrections): Corrections {
  const share = <T extends Float32Array | Float64Array | Uint32Array>(a: T | undefined): T | undefined => {
    if (!a || a.buffer instanceof SharedArrayBuffer) return a;
    const copy = new (a.constructor as new (buffer: SharedArrayBuffer) => T)(new SharedArrayBuffer(a.byteLength));
    copy.set(a as never);
    return copy;
  };
  const out: Corrections = {};
  const dark = share(corrections.dark);
  const gain = share(corrections.gain);
  const excluded = share(corrections.excluded);
  if (dark) out.dark = dark;
  if (gain) out.gain = gain;
  if (excluded) out.excluded = excluded;
  return out;
}
