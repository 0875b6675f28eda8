import { product, type DType, type TypedArray } from '../dtype';
import { StemflowError } from '../errors';

/**
 * Detector corrections applied by the runner to every tile before a UDF sees it, as LiberTEM's
 * `CorrectionSet`: `(raw − dark) · gain`, then each excluded (dead/hot) pixel replaced by the mean
 * of its valid 8-neighbours. Plain typed arrays, so a job can carry it to worker threads (share
 * the memory with `shareCorrections`).
 */
export interface Corrections {
  /** Dark frame, one value per detector pixel (C order, sig shape); subtracted first. */
  dark?: Float32Array | Float64Array;
  /** Gain map, one value per detector pixel; multiplied after the dark subtraction. */
  gain?: Float32Array | Float64Array;
  /** Flat indices `y · width + x` of the pixels to replace by the mean of their neighbours. */
  excluded?: Uint32Array;
}

/** Corrections checked against a detector, with every excluded pixel's repair neighbourhood. */
export interface PreparedCorrections {
  /** What the UDF receives: float32, or float64 for 32-bit integer and float64 data (NumPy's result_type). */
  dtype: 'float32' | 'float64';
  width: number;
  height: number;
  frameSize: number;
  dark?: Float32Array | Float64Array;
  gain?: Float32Array | Float64Array;
  /** Excluded pixels, sorted and unique (flat sig indices). */
  excluded: Uint32Array;
  /** Neighbours of `excluded[k]` are `neighbours[neighbourStart[k] .. neighbourStart[k + 1])`. */
  neighbourStart: Uint32Array;
  neighbours: Uint32Array;
}

/** True when there is anything to apply (LiberTEM's `have_corrections`: a given, even empty, excluded list counts). */
export function hasCorrections(corrections: Corrections | undefined): corrections is Corrections {
  return !!corrections && (corrections.dark !== undefined || corrections.gain !== undefined || corrections.excluded !== undefined);
}

/** The dtype tiles arrive in when corrections are active: `result_type(float32, dtype)`. */
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
 * no neighbour left is refused (LiberTEM's `allow_empty=False`). `undefined` when there is
 * nothing to apply.
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

/** Flat indices of the non-zero entries of a sig-shaped map (a bool or 0/1 array). */
export function excludedFromMask(mask: ArrayLike<number>): Uint32Array {
  let n = 0;
  for (let i = 0; i < mask.length; i++) if (mask[i]) n++;
  const out = new Uint32Array(n);
  for (let i = 0, k = 0; i < mask.length; i++) if (mask[i]) out[k++] = i;
  return out;
}

/** Flat indices of `(y, x)` pairs (an N×2 array, C order) on a detector of `sigShape`. */
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

/** The same corrections on shared memory: worker threads then read them without a copy per task. */
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
