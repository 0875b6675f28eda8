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
