/*
 * The lattice side of the strain analysis: which peaks n·a + m·b are looked for, the
 * least-squares fit of (zero, a, b) to their refined positions, and the strain of a fitted
 * lattice against a reference. Vectors are (y, x) pairs in detector pixels, as in LiberTEM.
 */

export interface LatticeGuess {
  cx: number;
  cy: number;
  ax: number;
  ay: number;
  bx: number;
  by: number;
}

/** The peaks one frame is searched for, and the fixed least-squares solver for them. */
export interface PeakPlan {
  /** Lattice indices (n, m) of the peaks used, interleaved. */
  indices: Int32Array;
  /** Integer search centre (row, column) of each peak, interleaved: the predicted position rounded half up. */
  centres: Int32Array;
  count: number;
  /**
   * (GᵀG)⁻¹Gᵀ, 3 × count row-major, with G the count × 3 design matrix of rows (1, n, m):
   * (zero, a, b) along one axis = pinv · (that axis' peak coordinates).
   */
  pinv: Float64Array;
  /** Peaks within the order whose search window did not fit on the detector. */
  dropped: number;
}

/**
 * Every (n, m) with |n|, |m| ≤ maxOrder whose search window, widened by the template's reach,
 * lies on the detector: rows `round(y) ± (s + reach)` in [0, height), likewise columns.
 * `pinv` is empty (length 0) when those peaks are fewer than three or all on one line.
 */
export function planPeaks(g: LatticeGuess, maxOrder: number, s: number, reach: number, height: number, width: number): PeakPlan {
  const indices: number[] = [];
  const centres: number[] = [];
  let dropped = 0;
  const margin = s + reach;
  for (let n = -maxOrder; n <= maxOrder; n++) {
    for (let m = -maxOrder; m <= maxOrder; m++) {
      const y = Math.round(g.cy + n * g.ay + m * g.by);
      const x = Math.round(g.cx + n * g.ax + m * g.bx);
      if (y - margin < 0 || y + margin >= height || x - margin < 0 || x + margin >= width) {
        dropped++;
        continue;
      }
      indices.push(n, m);
      centres.push(y, x);
    }
  }
  const count = indices.length / 2;
  return { indices: Int32Array.from(indices), centres: Int32Array.from(centres), count, pinv: pseudoInverse(indices, count), dropped };
}

/** (GᵀG)⁻¹Gᵀ by the normal equations in float64; empty when GᵀG is singular (rank < 3). */
function pseudoInverse(indices: readonly number[], count: number): Float64Array {
  // GᵀG = [[K, Σn, Σm], [Σn, Σn², Σnm], [Σm, Σnm, Σm²]]: integers, so its determinant is an integer ≥ 1 when regular.
  let sn = 0;
  let sm = 0;
  let snn = 0;
  let snm = 0;
  let smm = 0;
  for (let k = 0; k < count; k++) {
    const n = indices[2 * k]!;
    const m = indices[2 * k + 1]!;
    sn += n;
    sm += m;
    snn += n * n;
    snm += n * m;
    smm += m * m;
  }
  const N = [count, sn, sm, sn, snn, snm, sm, snm, smm];
  const inv = invert3(N);
  if (!inv) return new Float64Array(0);
  const pinv = new Float64Array(3 * count);
  for (let row = 0; row < 3; row++) {
    for (let k = 0; k < count; k++) {
      pinv[row * count + k] = inv[row * 3]! + inv[row * 3 + 1]! * indices[2 * k]! + inv[row * 3 + 2]! * indices[2 * k + 1]!;
    }
  }
  return pinv;
}

/** Inverse of a 3×3 matrix (row-major) by cofactors; null when |det| < 0.5 (integer matrices: singular). */
function invert3(a: readonly number[]): number[] | null {
  const [a00, a01, a02, a10, a11, a12, a20, a21, a22] = a as [number, number, number, number, number, number, number, number, number];
  const c00 = a11 * a22 - a12 * a21;
  const c01 = a12 * a20 - a10 * a22;
  const c02 = a10 * a21 - a11 * a20;
  const det = a00 * c00 + a01 * c01 + a02 * c02;
  if (!(Math.abs(det) >= 0.5)) return null;
  return [
    c00 / det,
    (a02 * a21 - a01 * a22) / det,
    (a01 * a12 - a02 * a11) / det,
    c01 / det,
    (a00 * a22 - a02 * a20) / det,
    (a02 * a10 - a00 * a12) / det,
    c02 / det,
    (a01 * a20 - a00 * a21) / det,
    (a00 * a11 - a01 * a10) / det,
  ];
}

/** A (y, x) pair to write into: a typed-array view of a result buffer. */
export type Writable = { [i: number]: number };

/**
 * Least-squares lattice through the refined peaks `ys`, `xs`: writes zero (y, x), a (y, x),
 * b (y, x) and returns the RMS distance (px) between each peak and its fitted position,
 * √(Σ_k |p_k − (zero + n_k·a + m_k·b)|² / K).
 */
export function fitLattice(plan: PeakPlan, ys: Float64Array, xs: Float64Array, zero: Writable, a: Writable, b: Writable): number {
  const K = plan.count;
  const p = plan.pinv;
  let zy = 0;
  let ay = 0;
  let by = 0;
  let zx = 0;
  let ax = 0;
  let bx = 0;
  for (let k = 0; k < K; k++) {
    const y = ys[k]!;
    const x = xs[k]!;
    zy += p[k]! * y;
    ay += p[K + k]! * y;
    by += p[2 * K + k]! * y;
    zx += p[k]! * x;
    ax += p[K + k]! * x;
    bx += p[2 * K + k]! * x;
  }
  let sq = 0;
  for (let k = 0; k < K; k++) {
    const n = plan.indices[2 * k]!;
    const m = plan.indices[2 * k + 1]!;
    const ry = ys[k]! - (zy + n * ay + m * by);
    const rx = xs[k]! - (zx + n * ax + m * bx);
    sq += ry * ry + rx * rx;
  }
  zero[0] = zy;
  zero[1] = zx;
  a[0] = ay;
  a[1] = ax;
  b[0] = by;
  b[1] = bx;
  return Math.sqrt(sq / K);
}

export type StrainOf = 'pattern' | 'crystal';
export type Decomposition = 'polar' | 'linear';

/**
 * Strain of the lattice (a, b) against the reference (a0, b0) = `ref` [a0y, a0x, b0y, b0x]; writes
 * [exx, eyy, exy, rotation] to `out`. In (x, y) coordinates, with the vectors as columns,
 * [a b] = F·[a0 b0]; for `crystal`, F is replaced by F⁻ᵀ (the diffraction vectors are reciprocal to
 * the crystal's). `polar`: F = R(θ)·U, θ = atan2(F₁₀ − F₀₁, F₀₀ + F₁₁), ε = U − I. `linear`:
 * ε = (F + Fᵀ)/2 − I, rotation = (F₁₀ − F₀₁)/2. R(θ) = [[cos θ, −sin θ], [sin θ, cos θ]] on (x, y):
 * with y down, θ > 0 turns x toward y, clockwise on screen (LiberTEM's sense of rotation).
 */
export function strainOf(ay: number, ax: number, by: number, bx: number, ref: ArrayLike<number>, of: StrainOf, how: Decomposition, out: Writable): void {
  const [a0y, a0x, b0y, b0x] = [ref[0]!, ref[1]!, ref[2]!, ref[3]!];
  // A0 = [[a0x, b0x], [a0y, b0y]]; A0⁻¹ = [[b0y, −b0x], [−a0y, a0x]] / det A0.
  const det0 = a0x * b0y - b0x * a0y;
  const i00 = b0y / det0;
  const i01 = -b0x / det0;
  const i10 = -a0y / det0;
  const i11 = a0x / det0;
  // F = A·A0⁻¹ with A = [[ax, bx], [ay, by]].
  let f00 = ax * i00 + bx * i10;
  let f01 = ax * i01 + bx * i11;
  let f10 = ay * i00 + by * i10;
  let f11 = ay * i01 + by * i11;
  if (of === 'crystal') {
    // F⁻ᵀ = [[f11, −f10], [−f01, f00]] / det F
    const det = f00 * f11 - f01 * f10;
    [f00, f01, f10, f11] = [f11 / det, -f10 / det, -f01 / det, f00 / det];
  }
  if (how === 'linear') {
    out[0] = f00 - 1;
    out[1] = f11 - 1;
    out[2] = (f01 + f10) / 2;
    out[3] = (f10 - f01) / 2;
    return;
  }
  const theta = Math.atan2(f10 - f01, f00 + f11);
  const c = Math.cos(theta);
  const s = Math.sin(theta);
  // U = Rᵀ·F, symmetric up to rounding.
  out[0] = c * f00 + s * f10 - 1;
  out[1] = -s * f01 + c * f11 - 1;
  out[2] = (c * f01 + s * f11 + (-s * f00 + c * f10)) / 2;
  out[3] = theta;
}
