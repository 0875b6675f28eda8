/*
 * LiberTEM's `guess_corrections` (`udf/com.py`): the scan rotation and y-flip that make the
 * field curl-free, with the 180° ambiguity broken by the sign of the divergence at atoms.
 */
import { applyCorrection, divergenceAndCurl, gradient, type Shifts } from './field';

export interface CurlCurve {
  /** RMS curl for θ = 0…359°, row-major (360, 2): column 0 without the flip, column 1 with it. */
  curve: Float64Array;
  /** Positions that entered the statistics. */
  count: number;
}

/**
 * RMS curl of `R(θ)·F·shifts` over the window for every whole degree, with and without the flip.
 *
 * The curl is linear in the field: with a = −1 when flipping (else 1) and G = ∂shift/∂axis,
 * `curl(θ) = cos θ · P + sin θ · Q`, P = a·∂sy/∂x − ∂sx/∂y, Q = ∂sx/∂x + a·∂sy/∂y. So
 * `Σ curl² = cos²θ · ΣP² + 2 cos θ sin θ · ΣPQ + sin²θ · ΣQ²`: three sums over the scan per flip,
 * then O(1) per angle, where LiberTEM recomputes the whole curl 720 times. Positions whose curl
 * is not finite (next to a position not computed) are left out.
 */
export function curlCurve(shifts: Shifts, window: ArrayLike<number>, ny: number, nx: number): CurlCurve {
  const syX = gradient(shifts.y, ny, nx, 'x');
  const sxY = gradient(shifts.x, ny, nx, 'y');
  const sxX = gradient(shifts.x, ny, nx, 'x');
  const syY = gradient(shifts.y, ny, nx, 'y');
  const curve = new Float64Array(720);
  let count = 0;
  for (const [column, a] of [[0, 1], [1, -1]] as const) {
    let [pp, pq, qq, n] = [0, 0, 0, 0];
    for (let k = 0; k < window.length; k++) {
      if (!window[k]) continue;
      const p = a * syX[k]! - sxY[k]!;
      const q = sxX[k]! + a * syY[k]!;
      if (!Number.isFinite(p) || !Number.isFinite(q)) continue;
      pp += p * p;
      pq += p * q;
      qq += q * q;
      n++;
    }
    count = n;
    // (cos, sin) → (−cos, −sin) leaves the form unchanged: the curve has period 180° exactly.
    for (let angle = 0; angle < 180; angle++) {
      const t = (angle * Math.PI) / 180;
      const c = Math.cos(t);
      const s = Math.sin(t);
      const rms = n === 0 ? Number.NaN : Math.sqrt(Math.max(0, c * c * pp + 2 * c * s * pq + s * s * qq) / n);
      curve[2 * angle + column] = rms;
      curve[2 * (angle + 180) + column] = rms;
    }
  }
  return { curve, count };
}

/**
 * True when the divergence histogram has the wrong polarity, LiberTEM's test: 5 bins over
 * [−R, R] with R = max(−min, max), edges `−R + k·(2R/5)` as `np.histogram` makes them; the first
 * bin `[−R, e₁)` must hold at least as many values as the last `[e₄, R]`. Atoms pull the beam
 * towards them, so the divergence has its long tail at negative values.
 */
export function polarityOff(divergence: Float64Array, window: ArrayLike<number>): boolean {
  let [lo, hi] = [Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY];
  for (let k = 0; k < divergence.length; k++) {
    const v = divergence[k]!;
    if (!window[k] || !Number.isFinite(v)) continue;
    lo = Math.min(lo, v);
    hi = Math.max(hi, v);
  }
  const range = Math.max(-lo, hi);
  if (!(range > 0) || !Number.isFinite(range)) return false; // no values, or all zero: one middle bin
  const step = (2 * range) / 5;
  const e1 = 1 * step - range;
  const e4 = 4 * step - range;
  let [first, last] = [0, 0];
  for (let k = 0; k < divergence.length; k++) {
    const v = divergence[k]!;
    if (!window[k] || !Number.isFinite(v)) continue;
    if (v >= -range && v < e1) first++;
    if (v >= e4 && v <= range) last++;
  }
  return first < last;
}

export interface Guess {
  /** Degrees in (−180, 180]. */
  rotation: number;
  flipY: boolean;
  curve: Float64Array;
  /** Positions that entered the statistics (0: nothing to guess from; rotation 0, no flip). */
  count: number;
}

/**
 * The flip whose curve has the lower minimum (the flip only if strictly lower), the first angle
 * at that minimum — in [0°, 180°), since the curve repeats after a half-turn (LiberTEM computes
 * both halves and rounding may make either the first) — plus 180° if the divergence of the
 * corrected field has the wrong polarity; angles above 180° are reported as negative.
 */
export function guessCorrections(shifts: Shifts, window: ArrayLike<number>, ny: number, nx: number): Guess {
  const { curve, count } = curlCurve(shifts, window, ny, nx);
  if (count === 0) return { rotation: 0, flipY: false, curve, count };
  const argmin = (column: number): [number, number] => {
    let best = 0;
    for (let angle = 1; angle < 180; angle++) if (curve[2 * angle + column]! < curve[2 * best + column]!) best = angle;
    return [best, curve[2 * best + column]!];
  };
  const [straightAngle, straightMin] = argmin(0);
  const [flippedAngle, flippedMin] = argmin(1);
  const flipY = flippedMin < straightMin;
  let rotation = flipY ? flippedAngle : straightAngle;
  const corrected = applyCorrection(shifts, rotation, flipY);
  if (polarityOff(divergenceAndCurl(corrected, ny, nx).divergence, window)) rotation += 180;
  if (rotation > 180) rotation -= 360;
  return { rotation, flipY, curve, count };
}
