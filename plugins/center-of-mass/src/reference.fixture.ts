/*
 * Plain float64 references for the centre-of-mass tests, written without the plugin's code:
 * masked moments by loops, the uncentred 3×3 normal equations by Gaussian elimination, the curl
 * recomputed for every angle, numpy's histogram binning; and synthetic DPC data whose centre of
 * mass is known exactly.
 */
import { resolveParams } from '@stemflow/plugin-sdk';
import { awkwardRoi, MemoryDataSet, runUdf } from '@stemflow/plugin-sdk/testing';
import { centerOfMass, centerOfMassGuess } from './index';

export const NAV = [5, 7];
export const SIG = [9, 11];
export const FRAMES = 35;
export const ROI = awkwardRoi(FRAMES);
export const NAV_NAMES = ['field_y', 'field_x', 'magnitude', 'divergence', 'curl', 'raw_shifts_y', 'raw_shifts_x'];

export interface P {
  cx: number;
  cy: number;
  r?: number;
  ri: number;
  reference?: 'given' | 'sum-frame' | 'mean-shift';
  centre?: 'mean-shift' | 'sum-frame';
  scanRotation?: number;
  flipY?: boolean;
  regression?: 'none' | 'mean' | 'plane';
}

export type Grid = number[][];
export const grid = (ny: number, nx: number, f: (y: number, x: number) => number): Grid => Array.from({ length: ny }, (_, y) => Array.from({ length: nx }, (_, x) => f(y, x)));

/** np.gradient along axis 0 (y) or 1 (x), written out plainly. */
export function npGradient(a: Grid, axis: 0 | 1): Grid {
  const [ny, nx] = [a.length, a[0]!.length];
  return grid(ny, nx, (y, x) => {
    const [n, k] = axis === 0 ? [ny, y] : [nx, x];
    const at = (j: number) => (axis === 0 ? a[j]![x]! : a[y]![j]!);
    if (n === 1) return 0;
    if (k === 0) return at(1) - at(0);
    if (k === n - 1) return at(n - 1) - at(n - 2);
    return (at(k + 1) - at(k - 1)) / 2;
  });
}

/** R(θ)·F on (y, x) as LiberTEM's `apply_correction`. */
export function correct(dy: number, dx: number, deg: number, flip: boolean): [number, number] {
  const t = (deg * Math.PI) / 180;
  const y = flip ? -dy : dy;
  return [Math.cos(t) * y + Math.sin(t) * dx, -Math.sin(t) * y + Math.cos(t) * dx];
}

/** Least squares of f over (1, y, x) at the used positions: the 3×3 normal equations as they are, by Gaussian elimination. */
export function planeFit(f: Grid, use: (y: number, x: number) => boolean): [number, number, number] {
  const m = [0, 1, 2].map(() => [0, 0, 0, 0]);
  f.forEach((row, y) =>
    row.forEach((v, x) => {
      if (!use(y, x)) return;
      const basis = [1, y, x];
      for (let i = 0; i < 3; i++) {
        for (let j = 0; j < 3; j++) m[i]![j]! += basis[i]! * basis[j]!;
        m[i]![3]! += basis[i]! * v;
      }
    }),
  );
  for (let col = 0; col < 3; col++) {
    const pivot = [col, col + 1, col + 2].filter((r) => r < 3).reduce((a, b) => (Math.abs(m[b]![col]!) > Math.abs(m[a]![col]!) ? b : a));
    [m[col], m[pivot]] = [m[pivot]!, m[col]!];
    for (let r = 0; r < 3; r++) {
      if (r === col) continue;
      const factor = m[r]![col]! / m[col]![col]!;
      for (let c = col; c < 4; c++) m[r]![c]! -= factor * m[col]![c]!;
    }
  }
  return [m[0]![3]! / m[0]![0]!, m[1]![3]! / m[1]![1]!, m[2]![3]! / m[2]![2]!];
}

export interface Moments {
  I: number[];
  Y: number[];
  X: number[];
}

export function naiveMoments(ds: MemoryDataSet, p: P): Moments {
  const [h, w] = ds.sigShape as [number, number];
  const r = p.r ?? Infinity;
  const out: Moments = { I: [], Y: [], X: [] };
  for (let f = 0; f < ds.frames; f++) {
    let [I, Y, X] = [0, 0, 0];
    for (let y = 0; y < h; y++) {
      for (let x = 0; x < w; x++) {
        const d2 = (x - p.cx) ** 2 + (y - p.cy) ** 2;
        if (d2 > r * r || (p.ri > 0 && d2 <= p.ri * p.ri)) continue;
        const v = Number(ds.data[f * h * w + y * w + x]);
        I += v;
        Y += v * y;
        X += v * x;
      }
    }
    out.I.push(I);
    out.Y.push(Y);
    out.X.push(X);
  }
  return out;
}

/** LiberTEM's guess window: valid, not in the last row or column (unless the axis has one position). */
export const inWindow = (ny: number, nx: number, valid: (f: number) => boolean) => (y: number, x: number) =>
  valid(y * nx + x) && (ny === 1 || y < ny - 1) && (nx === 1 || x < nx - 1);

/** Where shifts are measured from: given, CoM of the summed frames (summed first), or mean CoM over the window. */
export function naiveReference(ds: MemoryDataSet, p: P, how: string, m: Moments, valid: (f: number) => boolean): [number, number] {
  const [ny, nx] = [ds.navShape[0]!, ds.navShape[1]!];
  if (how === 'sum-frame') {
    const [h, w] = ds.sigShape as [number, number];
    const sum = new Float64Array(h * w);
    for (let f = 0; f < ds.frames; f++) if (valid(f)) for (let i = 0; i < h * w; i++) sum[i]! += Number(ds.data[f * h * w + i]);
    const one = new MemoryDataSet(sum, [1, 1], [h, w]);
    const s = naiveMoments(one, p);
    return s.I[0] === 0 ? [p.cy, p.cx] : [s.Y[0]! / s.I[0]!, s.X[0]! / s.I[0]!];
  }
  if (how === 'mean-shift') {
    const use = inWindow(ny, nx, valid);
    let [n, sy, sx] = [0, 0, 0];
    for (let f = 0; f < ds.frames; f++) {
      if (!use(Math.floor(f / nx), f % nx)) continue;
      n++;
      sy += m.I[f] === 0 ? 0 : m.Y[f]! / m.I[f]! - p.cy;
      sx += m.I[f] === 0 ? 0 : m.X[f]! / m.I[f]! - p.cx;
    }
    return n === 0 ? [p.cy, p.cx] : [p.cy + sy / n, p.cx + sx / n];
  }
  return [p.cy, p.cx];
}

export function naiveShifts(ds: MemoryDataSet, m: Moments, ry: number, rx: number, valid: (f: number) => boolean): [Grid, Grid] {
  const [ny, nx] = [ds.navShape[0]!, ds.navShape[1]!];
  const at = (y: number, x: number, c: number[], r: number) => {
    const f = y * nx + x;
    return !valid(f) ? NaN : m.I[f] === 0 ? 0 : c[f]! / m.I[f]! - r;
  };
  return [grid(ny, nx, (y, x) => at(y, x, m.Y, ry)), grid(ny, nx, (y, x) => at(y, x, m.X, rx))];
}

/** Plain float64 CoMUDF with a found centre and regression; NaN outside the ROI. */
export function naiveCom(ds: MemoryDataSet, p: P, roi?: Uint8Array) {
  const [ny, nx] = [ds.navShape[0]!, ds.navShape[1]!];
  const valid = (f: number) => !roi || roi[f] === 1;
  const m = naiveMoments(ds, p);
  const [ry, rx] = naiveReference(ds, p, p.reference ?? 'given', m, valid);
  const [sy, sx] = naiveShifts(ds, m, ry, rx, valid);
  const fy = grid(ny, nx, (y, x) => correct(sy[y]![x]!, sx[y]![x]!, p.scanRotation ?? 0, p.flipY ?? false)[0]);
  const fx = grid(ny, nx, (y, x) => correct(sy[y]![x]!, sx[y]![x]!, p.scanRotation ?? 0, p.flipY ?? false)[1]);
  const use = (y: number, x: number) => valid(y * nx + x);
  let reg = [0, 0, 0, 0, 0, 0];
  if (p.regression === 'mean') {
    const mean = (g: Grid) => g.flat().filter((_, f) => valid(f)).reduce((a, b) => a + b, 0) / g.flat().filter((_, f) => valid(f)).length;
    reg = [mean(fy), mean(fx), 0, 0, 0, 0];
  } else if (p.regression === 'plane') {
    const [a, b, c] = planeFit(fy, use);
    const [d, e, g] = planeFit(fx, use);
    reg = [a, d, b, e, c, g];
  }
  const gy = grid(ny, nx, (y, x) => fy[y]![x]! - (reg[0]! + reg[2]! * y + reg[4]! * x));
  const gx = grid(ny, nx, (y, x) => fx[y]![x]! - (reg[1]! + reg[3]! * y + reg[5]! * x));
  // Stemflow keeps unknown positions unknown (np.gradient would fill them from their neighbours).
  const keepNaN = (a: Grid) => a.flat().map((v, f) => (valid(f) ? v : NaN));
  const [dyy, dxx, dyx, dxy] = [npGradient(gy, 0), npGradient(gx, 1), npGradient(gy, 1), npGradient(gx, 0)];
  return {
    nav: {
      raw_shifts_y: sy.flat(),
      raw_shifts_x: sx.flat(),
      field_y: gy.flat(),
      field_x: gx.flat(),
      magnitude: gy.flat().map((v, k) => Math.hypot(v, gx.flat()[k]!)),
      divergence: keepNaN(grid(ny, nx, (y, x) => dyy[y]![x]! + dxx[y]![x]!)),
      curl: keepNaN(grid(ny, nx, (y, x) => dyx[y]![x]! - dxy[y]![x]!)),
    } as Record<string, number[]>,
    regression: reg,
    cy: ry,
    cx: rx,
  };
}

/** numpy's histogram (uniform bins: `linspace` edges, index corrected against them), counts of the first and last of 5 bins. */
export function npHistogramEnds(values: number[]): [number, number] {
  const [lo, hi] = [Math.min(...values), Math.max(...values)];
  const range = Math.max(-lo, hi);
  let [first, last] = [-range, range];
  if (first === last) [first, last] = [first - 0.5, last + 0.5];
  const step = (last - first) / 5;
  const edges = [0, 1, 2, 3, 4, 5].map((k) => (k === 5 ? last : k * step + first));
  const counts = [0, 0, 0, 0, 0];
  for (const v of values) {
    if (v < first || v > last) continue;
    let i = Math.floor(((v - first) * 5) / (last - first));
    if (i === 5) i = 4;
    if (v < edges[i]!) i--;
    if (v >= edges[i + 1]! && i !== 4) i++;
    counts[i]!++;
  }
  return [counts[0]!, counts[4]!];
}

/** LiberTEM `guess_corrections` by brute force: the curl recomputed for each of 360 angles × flip. */
export function naiveGuess(ds: MemoryDataSet, p: P, roi?: Uint8Array) {
  const [ny, nx] = [ds.navShape[0]!, ds.navShape[1]!];
  const valid = (f: number) => !roi || roi[f] === 1;
  const m = naiveMoments(ds, p);
  let [sy, sx] = naiveShifts(ds, m, p.cy, p.cx, valid);
  if (p.regression === 'plane') {
    const use = (y: number, x: number) => valid(y * nx + x);
    const [a, b, c] = planeFit(sy, use);
    const [d, e, g] = planeFit(sx, use);
    sy = grid(ny, nx, (y, x) => sy[y]![x]! - (a + b * y + c * x));
    sx = grid(ny, nx, (y, x) => sx[y]![x]! - (d + e * y + g * x));
  }
  const window = inWindow(ny, nx, valid);
  const corrected = (deg: number, flip: boolean): [Grid, Grid] => [
    grid(ny, nx, (y, x) => correct(sy[y]![x]!, sx[y]![x]!, deg, flip)[0]),
    grid(ny, nx, (y, x) => correct(sy[y]![x]!, sx[y]![x]!, deg, flip)[1]),
  ];
  const inWindowFinite = (a: Grid) => a.flatMap((row, y) => row.filter((v, x) => window(y, x) && Number.isFinite(v)));
  // The curl of the corrected field for every angle and flip, on flat arrays (np.gradient inline).
  const [fy, fx] = [new Float64Array(ny * nx), new Float64Array(ny * nx)];
  const d = (a: Float64Array, y: number, x: number, axis: 0 | 1) => {
    const [n, k, stride] = axis === 0 ? [ny, y, nx] : [nx, x, 1];
    const i = y * nx + x;
    if (n === 1) return 0;
    if (k === 0) return a[i + stride]! - a[i]!;
    if (k === n - 1) return a[i]! - a[i - stride]!;
    return (a[i + stride]! - a[i - stride]!) / 2;
  };
  const curve: number[] = [];
  for (let angle = 0; angle < 360; angle++) {
    for (const flip of [false, true]) {
      const [c, s] = [Math.cos((angle * Math.PI) / 180), Math.sin((angle * Math.PI) / 180)];
      for (let y = 0; y < ny; y++) {
        for (let x = 0; x < nx; x++) {
          const dy = flip ? -sy[y]![x]! : sy[y]![x]!;
          fy[y * nx + x] = c * dy + s * sx[y]![x]!;
          fx[y * nx + x] = -s * dy + c * sx[y]![x]!;
        }
      }
      let [sum, n] = [0, 0];
      for (let y = 0; y < ny; y++) {
        for (let x = 0; x < nx; x++) {
          const c = d(fy, y, x, 1) - d(fx, y, x, 0);
          if (!window(y, x) || !Number.isFinite(c)) continue;
          sum += c * c;
          n++;
        }
      }
      curve.push(n === 0 ? NaN : Math.sqrt(sum / n));
    }
  }
  // The first minimum over [0°, 180°): the curve repeats after a half-turn.
  const argmin = (col: number) => [...Array(180).keys()].reduce((best, a) => (curve[2 * a + col]! < curve[2 * best + col]! ? a : best), 0);
  let rotation = 0;
  let flipY = false;
  if (!Number.isNaN(curve[0]!)) {
    flipY = curve[2 * argmin(1) + 1]! < curve[2 * argmin(0)]!;
    rotation = argmin(flipY ? 1 : 0);
    const [fy, fx] = corrected(rotation, flipY);
    const [dyy, dxx] = [npGradient(fy, 0), npGradient(fx, 1)];
    const div = inWindowFinite(grid(ny, nx, (y, x) => dyy[y]![x]! + dxx[y]![x]!));
    const [first, last] = div.length ? npHistogramEnds(div) : [0, 0];
    if (first < last) rotation += 180;
    if (rotation > 180) rotation -= 360;
  }
  const [cy, cx] = naiveReference(ds, p, p.centre ?? 'mean-shift', m, valid);
  return { curve, rotation, flipY, cy, cx };
}

export function expectClose(actual: ArrayLike<number>, expected: ArrayLike<number>, tol = 1e-9, scale = 1): void {
  expect(actual.length).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) {
    const [a, e] = [actual[i]!, expected[i]!];
    if (Number.isNaN(e) ? !Number.isNaN(a) : !(Math.abs(a - e) <= tol * Math.max(scale, Math.abs(e)))) throw new Error(`element ${i}: ${a} vs ${e}`);
  }
}

export function expectComMatches(ds: MemoryDataSet, input: object, options: { tileShape?: { depth: number; rows: number }; partitions?: number; roi?: Uint8Array }) {
  const resolved = resolveParams(centerOfMass, input, ds) as unknown as P;
  const results = runUdf(centerOfMass, ds, input, options);
  const expected = naiveCom(ds, resolved, options.roi);
  for (const name of NAV_NAMES) {
    expect(results[name]!.shape).toEqual([...ds.navShape]);
    expectClose(results[name]!.data, expected.nav[name]!);
  }
  expect(results.regression!.shape).toEqual([3, 2]);
  expectClose(results.regression!.data, expected.regression);
  expectClose([results.cy!.data[0]!, results.cx!.data[0]!], [expected.cy, expected.cx]);
}

export function expectGuessMatches(ds: MemoryDataSet, input: object, options: { tileShape?: { depth: number; rows: number }; partitions?: number; roi?: Uint8Array }) {
  const resolved = resolveParams(centerOfMassGuess, input, ds) as unknown as P;
  const r = runUdf(centerOfMassGuess, ds, input, options);
  const expected = naiveGuess(ds, resolved, options.roi);
  expect(r.curl_rms!.shape).toEqual([360, 2]);
  expectClose(r.curl_rms!.data, expected.curve, 1e-9, Math.max(1, ...expected.curve.filter(Number.isFinite)));
  expect([r.rotation!.data[0], r.flip_y!.data[0]]).toEqual([expected.rotation, expected.flipY ? 1 : 0]);
  expectClose([r.cy!.data[0]!, r.cx!.data[0]!], [expected.cy, expected.cx]);
}

// ---- synthetic DPC data: frames whose centre of mass is exactly where we put it ----

/** Unit weight split bilinearly over the 4 pixels around (py, px): its centre of mass is exactly (py, px). */
export function splat(data: Float64Array, offset: number, w: number, py: number, px: number): void {
  const [y0, x0] = [Math.floor(py), Math.floor(px)];
  const [fy, fx] = [py - y0, px - x0];
  data[offset + y0 * w + x0]! += (1 - fy) * (1 - fx);
  data[offset + y0 * w + x0 + 1]! += (1 - fy) * fx;
  data[offset + (y0 + 1) * w + x0]! += fy * (1 - fx);
  data[offset + (y0 + 1) * w + x0 + 1]! += fy * fx;
}

export const DET = [12, 12];
export const CENTRE: [number, number] = [5.3, 5.8]; // the undeflected beam, off the frame centre (6, 6)

/** Frames (float64) whose CoM is CENTRE + shift(y, x). */
export function dpcData(navShape: [number, number], shift: (y: number, x: number) => [number, number]): MemoryDataSet {
  const [ny, nx] = navShape;
  const [h, w] = DET as [number, number];
  const data = new Float64Array(ny * nx * h * w);
  for (let y = 0; y < ny; y++) {
    for (let x = 0; x < nx; x++) {
      const [dy, dx] = shift(y, x);
      splat(data, (y * nx + x) * h * w, w, CENTRE[0] + dy, CENTRE[1] + dx);
    }
  }
  return new MemoryDataSet(data, navShape, DET);
}

/**
 * A curl-free field on a 24×24 scan: np.gradient of a lattice of Gaussian "atoms" (V peaks at the
 * atoms, the beam is pulled towards them, so the divergence is negative there). np.gradient along
 * y and x commute, so its discrete curl is exactly 0.
 */
export const LATTICE: [number, number] = [24, 24];
export const potential = grid(...LATTICE, (y, x) => {
  let v = 0;
  for (let i = -1; i <= 4; i++) for (let j = -1; j <= 4; j++) v += Math.exp(-((y - 3 - 6 * i) ** 2 + (x - 3 - 6 * j) ** 2) / (2 * 1.2 ** 2));
  return v;
});
export const [gy0, gx0] = [npGradient(potential, 0), npGradient(potential, 1)];
export const gScale = 1.5 / Math.max(...gy0.flat().map(Math.abs), ...gx0.flat().map(Math.abs));
export const fieldY = (y: number, x: number) => gy0[y]![x]! * gScale;
export const fieldX = (y: number, x: number) => gx0[y]![x]! * gScale;

/** Detector shifts that the correction R(θ)·F turns into `field`: s = F·R(−θ)·field. */
export function detectorShift(fy: number, fx: number, deg: number, flip: boolean): [number, number] {
  const [c, s] = [Math.cos((deg * Math.PI) / 180), Math.sin((deg * Math.PI) / 180)];
  const ry = c * fy - s * fx;
  const rx = s * fy + c * fx;
  return [flip ? -ry : ry, rx];
}

