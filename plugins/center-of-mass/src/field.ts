/*
 * Post-processing of centre-of-mass moments into the DPC field, after LiberTEM's CoMUDF
 * (`udf/com.py`). Pure functions over nav images stored C-order, (ny, nx) last.
 */

export interface Shifts {
  y: Float64Array;
  x: Float64Array;
}

/**
 * `(Y/I − cy, X/I − cx)` per position from interleaved moments `[I, Y, X]`. Where I == 0 the
 * reference point is taken (shift 0), as LiberTEM does; NaN (not merged, outside the ROI) stays NaN.
 */
export function centreShifts(moments: ArrayLike<number>, cy: number, cx: number): Shifts {
  const n = moments.length / 3;
  const y = new Float64Array(n);
  const x = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    const total = moments[3 * k]!;
    // NaN === 0 is false, so NaN moments give NaN shifts.
    y[k] = total === 0 ? 0 : moments[3 * k + 1]! / total - cy;
    x[k] = total === 0 ? 0 : moments[3 * k + 2]! / total - cx;
  }
  return { y, x };
}

/** `field = R(θ) · F · (dy, dx)` with R(θ) = [[cos θ, sin θ], [−sin θ, cos θ]] on (y, x), F = diag(−1, 1) when flipping y. */
export function applyCorrection(shifts: Shifts, scanRotationDeg: number, flipY: boolean): Shifts {
  const theta = (scanRotationDeg * Math.PI) / 180;
  const c = Math.cos(theta);
  const s = Math.sin(theta);
  const n = shifts.y.length;
  const y = new Float64Array(n);
  const x = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    const dy = flipY ? -shifts.y[k]! : shifts.y[k]!;
    const dx = shifts.x[k]!;
    y[k] = c * dy + s * dx;
    x[k] = -s * dy + c * dx;
  }
  return { y, x };
}

/**
 * `numpy.gradient` of a stack of (ny, nx) images along y or x: central differences inside,
 * one-sided at the edges. An axis of length 1 has no slope (0). NaN positions stay NaN.
 */
export function gradient(f: Float64Array, ny: number, nx: number, axis: 'y' | 'x'): Float64Array {
  const out = new Float64Array(f.length);
  const len = axis === 'y' ? ny : nx;
  const stride = axis === 'y' ? nx : 1;
  for (let i = 0; i < f.length; i++) {
    const k = axis === 'y' ? Math.floor(i / nx) % ny : i % nx;
    if (Number.isNaN(f[i]!)) out[i] = Number.NaN;
    else if (len === 1) out[i] = 0;
    else if (k === 0) out[i] = f[i + stride]! - f[i]!;
    else if (k === len - 1) out[i] = f[i]! - f[i - stride]!;
    else out[i] = (f[i + stride]! - f[i - stride]!) / 2;
  }
  return out;
}

/** Divergence `∂fy/∂y + ∂fx/∂x` and curl `∂fy/∂x − ∂fx/∂y` of a field on the scan grid. */
export function divergenceAndCurl(field: Shifts, ny: number, nx: number): { divergence: Float64Array; curl: Float64Array } {
  const dyy = gradient(field.y, ny, nx, 'y');
  const dxx = gradient(field.x, ny, nx, 'x');
  const dyx = gradient(field.y, ny, nx, 'x');
  const dxy = gradient(field.x, ny, nx, 'y');
  const divergence = new Float64Array(field.y.length);
  const curl = new Float64Array(field.y.length);
  for (let i = 0; i < divergence.length; i++) {
    divergence[i] = dyy[i]! + dxx[i]!;
    curl[i] = dyx[i]! - dxy[i]!;
  }
  return { divergence, curl };
}

/** Scan grid as (rows, columns); leading axes of a deeper scan are stacked, a 1-D scan is one row. */
export function navGrid(navShape: readonly number[]): [number, number] {
  const nx = navShape[navShape.length - 1] ?? 1;
  return [navShape.length >= 2 ? navShape[navShape.length - 2]! : 1, nx];
}

/**
 * LiberTEM's guess statistics skip the last scan row and column ("they contain artefacts");
 * an axis of one position keeps it. 1 at the valid positions of that window.
 */
export function guessWindow(valid: ArrayLike<number>, ny: number, nx: number): Uint8Array {
  const out = new Uint8Array(valid.length);
  for (let k = 0; k < valid.length; k++) {
    const row = Math.floor(k / nx) % ny;
    const col = k % nx;
    out[k] = valid[k] && (ny === 1 || row < ny - 1) && (nx === 1 || col < nx - 1) ? 1 : 0;
  }
  return out;
}

export type Reference = 'given' | 'sum-frame' | 'mean-shift';

/**
 * The zero-shift point (cy, cx) on the detector:
 * - `given`: (cy, cx) as entered;
 * - `sum-frame`: centre of mass of the sum of all valid frames within the mask, `(ΣY / ΣI, ΣX / ΣI)`;
 * - `mean-shift`: (cy, cx) plus the mean shift over LiberTEM's guess window (frames with I = 0 count
 *   as shift 0), which is where LiberTEM's `guess_corrections` puts the centre.
 * Falls back to (cy, cx) when nothing valid carries intensity.
 */
export function referencePoint(moments: ArrayLike<number>, valid: ArrayLike<number>, ny: number, nx: number, cy: number, cx: number, how: Reference): [number, number] {
  const n = moments.length / 3;
  if (how === 'sum-frame') {
    let [total, ySum, xSum] = [0, 0, 0];
    for (let k = 0; k < n; k++) {
      if (!valid[k] || !Number.isFinite(moments[3 * k]!)) continue;
      total += moments[3 * k]!;
      ySum += moments[3 * k + 1]!;
      xSum += moments[3 * k + 2]!;
    }
    return total === 0 ? [cy, cx] : [ySum / total, xSum / total];
  }
  if (how === 'mean-shift') {
    const shifts = centreShifts(moments, cy, cx);
    const window = guessWindow(valid, ny, nx);
    let [count, dy, dx] = [0, 0, 0];
    for (let k = 0; k < n; k++) {
      if (!window[k] || !Number.isFinite(shifts.y[k]!)) continue;
      count++;
      dy += shifts.y[k]!;
      dx += shifts.x[k]!;
    }
    return count === 0 ? [cy, cx] : [cy + dy / count, cx + dx / count];
  }
  return [cy, cx];
}

export type Regression = 'none' | 'mean' | 'plane';

/**
 * LiberTEM's regression, 3×2 row-major `[[fy₀, fx₀], [∂fy/∂y, ∂fx/∂y], [∂fy/∂x, ∂fx/∂x]]` in scan
 * pixels (y = row, x = column index), fitted over the positions where `use` is 1 and the field finite:
 * `none` zeros, `mean` the mean field, `plane` the least-squares plane in (1, y, x).
 *
 * The plane solves the 3×3 normal equations in float64 after moving the origin to the mean
 * (y̅, x̅) of the fitted positions — the same least-squares problem, but the 3×3 system falls
 * apart into the mean and a 2×2 system for the slopes, with no cancellation of large y², x².
 * If the fitted positions lie on a line (one scan row, a one-column ROI), the 2×2 system is
 * singular and the minimum-norm slopes are taken (0 across the line); the fitted values at the
 * positions are then the same as any least-squares solution's.
 */
export function fitRegression(field: Shifts, use: ArrayLike<number>, ny: number, nx: number, kind: Regression): Float64Array {
  const coeffs = new Float64Array(6);
  if (kind === 'none') return coeffs;
  const n = field.y.length;
  const ok = (k: number) => use[k] && Number.isFinite(field.y[k]!) && Number.isFinite(field.x[k]!);
  let [count, yMean, xMean, fyMean, fxMean] = [0, 0, 0, 0, 0];
  for (let k = 0; k < n; k++) {
    if (!ok(k)) continue;
    count++;
    yMean += Math.floor(k / nx) % ny;
    xMean += k % nx;
    fyMean += field.y[k]!;
    fxMean += field.x[k]!;
  }
  if (count === 0) return coeffs;
  [yMean, xMean, fyMean, fxMean] = [yMean / count, xMean / count, fyMean / count, fxMean / count];
  if (kind === 'mean') {
    coeffs[0] = fyMean;
    coeffs[1] = fxMean;
    return coeffs;
  }
  // Centred sums: Syy, Syx, Sxx and the right-hand sides Σ y'·f', Σ x'·f' for both components.
  let [syy, syx, sxx, syFy, sxFy, syFx, sxFx] = [0, 0, 0, 0, 0, 0, 0];
  for (let k = 0; k < n; k++) {
    if (!ok(k)) continue;
    const y = (Math.floor(k / nx) % ny) - yMean;
    const x = (k % nx) - xMean;
    const fy = field.y[k]! - fyMean;
    const fx = field.x[k]! - fxMean;
    syy += y * y;
    syx += y * x;
    sxx += x * x;
    syFy += y * fy;
    sxFy += x * fy;
    syFx += y * fx;
    sxFx += x * fx;
  }
  const trace = syy + sxx;
  const det = syy * sxx - syx * syx;
  const slopes = (ry: number, rx: number): [number, number] => {
    if (trace === 0) return [0, 0];
    // Regular: Cramer's rule. Rank 1 (collinear positions): pinv(M) = M / trace².
    if (det > 1e-12 * trace * trace) return [(sxx * ry - syx * rx) / det, (syy * rx - syx * ry) / det];
    return [(syy * ry + syx * rx) / (trace * trace), (syx * ry + sxx * rx) / (trace * trace)];
  };
  const [byY, byX] = slopes(syFy, sxFy);
  const [bxY, bxX] = slopes(syFx, sxFx);
  coeffs[0] = fyMean - byY * yMean - byX * xMean;
  coeffs[1] = fxMean - bxY * yMean - bxX * xMean;
  coeffs[2] = byY;
  coeffs[3] = bxY;
  coeffs[4] = byX;
  coeffs[5] = bxX;
  return coeffs;
}

/** `field − [1, y, x] · coeffs` at every position, in place (NaN stays NaN). */
export function subtractRegression(field: Shifts, coeffs: Float64Array, ny: number, nx: number): void {
  for (let k = 0; k < field.y.length; k++) {
    const y = Math.floor(k / nx) % ny;
    const x = k % nx;
    field.y[k]! -= coeffs[0]! + coeffs[2]! * y + coeffs[4]! * x;
    field.x[k]! -= coeffs[1]! + coeffs[3]! * y + coeffs[5]! * x;
  }
}
