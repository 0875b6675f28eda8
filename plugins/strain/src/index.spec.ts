import { join } from 'node:path';
import { resolveParams, StemflowError } from '@stemflow/plugin-sdk';
import { awkwardCases, awkwardRoi, MemoryDataSet, npyDataSet, randomDataSet, runUdf, sharedDataDir } from '@stemflow/plugin-sdk/testing';
import plugin, { StrainParams } from './index';

const dataDir = sharedDataDir();

interface P {
  cx: number;
  cy: number;
  ax: number;
  ay: number;
  bx: number;
  by: number;
  r: number;
  rBackground?: number;
  searchRadius: number;
  maxOrder: number;
  refX: number;
  refY: number;
  refWidth?: number;
  refHeight?: number;
  strainOf: 'pattern' | 'crystal';
  decomposition: 'polar' | 'linear';
}

const NAMES = ['a', 'b', 'zero', 'fit_error', 'exx', 'eyy', 'exy', 'rotation', 'reference'];

// ---------------------------------------------------------------------------------------------
// A plain float64 reference: written out loop by loop, sharing no code with the plugin.
// ---------------------------------------------------------------------------------------------

/** Solve a 3×3 system by Gaussian elimination with partial pivoting. */
function solve3(m: number[][], rhs: number[]): number[] {
  const a = m.map((row, i) => [...row, rhs[i]!]);
  for (let c = 0; c < 3; c++) {
    let p = c;
    for (let r = c + 1; r < 3; r++) if (Math.abs(a[r]![c]!) > Math.abs(a[p]![c]!)) p = r;
    [a[c], a[p]] = [a[p]!, a[c]!];
    for (let r = c + 1; r < 3; r++) {
      const f = a[r]![c]! / a[c]![c]!;
      for (let k = c; k < 4; k++) a[r]![k]! -= f * a[c]![k]!;
    }
  }
  const x = [0, 0, 0];
  for (let r = 2; r >= 0; r--) {
    let s = a[r]![3]!;
    for (let k = r + 1; k < 3; k++) s -= a[r]![k]! * x[k]!;
    x[r] = s / a[r]![r]!;
  }
  return x;
}

/** Strain per the documented definitions, computed from the 2×2 matrices written out. */
function naiveStrain(A: number[][], A0: number[][], p: P): [number, number, number, number] {
  const det0 = A0[0]![0]! * A0[1]![1]! - A0[0]![1]! * A0[1]![0]!;
  const inv0 = [
    [A0[1]![1]! / det0, -A0[0]![1]! / det0],
    [-A0[1]![0]! / det0, A0[0]![0]! / det0],
  ];
  let F = [0, 1].map((i) => [0, 1].map((j) => A[i]![0]! * inv0[0]![j]! + A[i]![1]! * inv0[1]![j]!));
  if (p.strainOf === 'crystal') {
    const d = F[0]![0]! * F[1]![1]! - F[0]![1]! * F[1]![0]!;
    const inv = [
      [F[1]![1]! / d, -F[0]![1]! / d],
      [-F[1]![0]! / d, F[0]![0]! / d],
    ];
    F = [0, 1].map((i) => [0, 1].map((j) => inv[j]![i]!)); // transpose of the inverse
  }
  if (p.decomposition === 'linear') return [F[0]![0]! - 1, F[1]![1]! - 1, (F[0]![1]! + F[1]![0]!) / 2, (F[1]![0]! - F[0]![1]!) / 2];
  const t = Math.atan2(F[1]![0]! - F[0]![1]!, F[0]![0]! + F[1]![1]!);
  const Rt = [
    [Math.cos(t), Math.sin(t)],
    [-Math.sin(t), Math.cos(t)],
  ];
  const U = [0, 1].map((i) => [0, 1].map((j) => Rt[i]![0]! * F[0]![j]! + Rt[i]![1]! * F[1]![j]!));
  return [U[0]![0]! - 1, U[1]![1]! - 1, (U[0]![1]! + U[1]![0]!) / 2, t];
}

function naiveStrainMap(ds: MemoryDataSet, p: P, roi?: Uint8Array): Record<string, number[]> {
  const [h, w] = ds.sigShape as [number, number];
  const nx = ds.navShape[ds.navShape.length - 1]!;
  const ny = ds.frames / nx;
  const rb = p.rBackground ?? 1.5 * p.r;
  const K = Math.floor(Math.max(p.r, rb));
  let nDisk = 0;
  let nRing = 0;
  for (let dy = -K; dy <= K; dy++) {
    for (let dx = -K; dx <= K; dx++) {
      if (dy * dy + dx * dx <= p.r * p.r) nDisk++;
      else if (dy * dy + dx * dx <= rb * rb) nRing++;
    }
  }
  const kappa = nRing > 0 ? nDisk / nRing : 0;
  const s = p.searchRadius;
  const peaks: [number, number, number, number][] = [];
  for (let n = -p.maxOrder; n <= p.maxOrder; n++) {
    for (let m = -p.maxOrder; m <= p.maxOrder; m++) {
      const y = Math.round(p.cy + n * p.ay + m * p.by);
      const x = Math.round(p.cx + n * p.ax + m * p.bx);
      if (y - s - K >= 0 && y + s + K <= h - 1 && x - s - K >= 0 && x + s + K <= w - 1) peaks.push([n, m, y, x]);
    }
  }
  const out: Record<string, number[]> = { a: [], b: [], zero: [], fit_error: [] };
  for (let f = 0; f < ds.frames; f++) {
    if (roi && !roi[f]) {
      out.a!.push(NaN, NaN);
      out.b!.push(NaN, NaN);
      out.zero!.push(NaN, NaN);
      out.fit_error!.push(NaN);
      continue;
    }
    const frame = Float64Array.from(ds.data.subarray(f * h * w, (f + 1) * h * w));
    const C = (y: number, x: number): number => {
      if (y - K < 0 || y + K > h - 1 || x - K < 0 || x + K > w - 1) return NaN;
      let D = 0;
      let B = 0;
      for (let dy = -K; dy <= K; dy++) {
        for (let dx = -K; dx <= K; dx++) {
          const d2 = dy * dy + dx * dx;
          if (d2 <= p.r * p.r) D += frame[(y + dy) * w + x + dx]!;
          else if (d2 <= rb * rb) B += frame[(y + dy) * w + x + dx]!;
        }
      }
      return nRing > 0 ? D - kappa * B : D;
    };
    const vertex = (cm: number, c0: number, cp: number) => {
      const bend = cm - 2 * c0 + cp;
      return bend < 0 ? Math.min(1, Math.max(-1, (cm - cp) / (2 * bend))) : 0;
    };
    const found = peaks.map(([n, m, y0, x0]) => {
      let [best, by, bx] = [-Infinity, 0, 0];
      for (let y = y0 - s; y <= y0 + s; y++) {
        for (let x = x0 - s; x <= x0 + s; x++) {
          const c = C(y, x);
          if (c > best) [best, by, bx] = [c, y, x];
        }
      }
      return [n, m, by + vertex(C(by - 1, bx), best, C(by + 1, bx)), bx + vertex(C(by, bx - 1), best, C(by, bx + 1))] as const;
    });
    // Normal equations GᵀG·(z, a, b) = Gᵀ·coordinate, G rows (1, n, m), one system per axis.
    const G = found.map(([n, m]) => [1, n, m]);
    const GtG = [0, 1, 2].map((i) => [0, 1, 2].map((j) => G.reduce((acc, g) => acc + g[i]! * g[j]!, 0)));
    const [zy, ay, by] = solve3(GtG, [0, 1, 2].map((i) => G.reduce((acc, g, k) => acc + g[i]! * found[k]![2], 0)));
    const [zx, ax, bx] = solve3(GtG, [0, 1, 2].map((i) => G.reduce((acc, g, k) => acc + g[i]! * found[k]![3], 0)));
    let sq = 0;
    for (const [n, m, y, x] of found) sq += (y - zy! - n * ay! - m * by!) ** 2 + (x - zx! - n * ax! - m * bx!) ** 2;
    out.a!.push(ay!, ax!);
    out.b!.push(by!, bx!);
    out.zero!.push(zy!, zx!);
    out.fit_error!.push(Math.sqrt(sq / found.length));
  }
  // Reference lattice: mean over the rectangle's positions in the ROI.
  const ref = [0, 0, 0, 0];
  let count = 0;
  for (let y = p.refY; y < (p.refHeight === undefined ? ny : p.refY + p.refHeight); y++) {
    for (let x = p.refX; x < (p.refWidth === undefined ? nx : p.refX + p.refWidth); x++) {
      const i = y * nx + x;
      if (roi && !roi[i]) continue;
      ref[0] += out.a![2 * i]!;
      ref[1] += out.a![2 * i + 1]!;
      ref[2] += out.b![2 * i]!;
      ref[3] += out.b![2 * i + 1]!;
      count++;
    }
  }
  const [a0y, a0x, b0y, b0x] = ref.map((v) => v / count) as [number, number, number, number];
  out.reference = [a0y, a0x, b0y, b0x];
  for (const name of ['exx', 'eyy', 'exy', 'rotation']) out[name] = [];
  for (let f = 0; f < ds.frames; f++) {
    const A = [
      [out.a![2 * f + 1]!, out.b![2 * f + 1]!],
      [out.a![2 * f]!, out.b![2 * f]!],
    ];
    const e = naiveStrain(A, [[a0x, b0x], [a0y, b0y]], p);
    ['exx', 'eyy', 'exy', 'rotation'].forEach((name, k) => out[name]!.push(e[k]!));
  }
  return out;
}

function expectClose(actual: ArrayLike<number>, expected: ArrayLike<number>, tol = 1e-9): void {
  expect(actual.length).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) {
    const [a, e] = [actual[i]!, expected[i]!];
    if (Number.isNaN(e) ? !Number.isNaN(a) : !(Math.abs(a - e) <= tol * Math.max(1, Math.abs(e)))) throw new Error(`element ${i}: ${a} vs ${e}`);
  }
}

function expectMatchesReference(results: Record<string, { data: ArrayLike<number>; shape: number[] }>, expected: Record<string, number[]>, nav: readonly number[]): void {
  expect(Object.keys(results).sort()).toEqual([...NAMES].sort());
  for (const name of NAMES) {
    const extra = name === 'reference' ? null : ['a', 'b', 'zero'].includes(name) ? [2] : [];
    expect(results[name]!.shape).toEqual(extra === null ? [2, 2] : [...nav, ...extra]);
    try {
      expectClose(results[name]!.data, expected[name]!);
    } catch (error) {
      throw new Error(`${name}: ${(error as Error).message}`);
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Synthetic lattices of smooth disks.
// ---------------------------------------------------------------------------------------------

type Vec = [number, number]; // (y, x)

/** F·v for a 2×2 F given on (x, y), v as (y, x). */
const apply = (F: number[][], [y, x]: Vec): Vec => [F[1]![0]! * x + F[1]![1]! * y, F[0]![0]! * x + F[0]![1]! * y];

/**
 * Frames of a lattice of smooth disks (radius 5, tanh edge 0.7 px, brightness varying by disk)
 * on a linear background; frame f has lattice vectors `vectors(f)` and zero position `zero(f)`.
 */
function latticeData(nav: number[], sig: Vec, vectors: (f: number) => [Vec, Vec], zero: (f: number) => Vec): MemoryDataSet {
  const [h, w] = sig;
  const frames = nav.reduce((p, q) => p * q, 1);
  const data = new Float32Array(frames * h * w);
  const R = 5;
  for (let f = 0; f < frames; f++) {
    const frame = new Float64Array(h * w);
    for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) frame[y * w + x] = 15 + 0.05 * x - 0.03 * y;
    const [a, b] = vectors(f);
    const [zy, zx] = zero(f);
    for (let n = -4; n <= 4; n++) {
      for (let m = -4; m <= 4; m++) {
        const cy = zy + n * a[0] + m * b[0];
        const cx = zx + n * a[1] + m * b[1];
        const peak = n === 0 && m === 0 ? 400 : 120 * (1 + 0.4 * Math.cos(n + 2 * m));
        for (let y = Math.max(0, Math.floor(cy - R - 6)); y <= Math.min(h - 1, Math.ceil(cy + R + 6)); y++) {
          for (let x = Math.max(0, Math.floor(cx - R - 6)); x <= Math.min(w - 1, Math.ceil(cx + R + 6)); x++) {
            frame[y * w + x] += peak * 0.5 * (1 - Math.tanh((Math.hypot(y - cy, x - cx) - R) / 0.7));
          }
        }
      }
    }
    data.set(frame, f * h * w);
  }
  return new MemoryDataSet(data, nav, [h, w]);
}

describe('strain', () => {
  describe('a lattice strained by a known uniform strain and rotation in part of the scan', () => {
    // Scan 4×6: columns 0–2 unstrained (the reference), columns 3–5 deformed by F = R(θ)·(I + ε).
    const NAV = [4, 6];
    const a0: Vec = [1.3, 21.7];
    const b0: Vec = [22.4, -3.1];
    const eps = [
      [0.012, -0.004],
      [-0.004, -0.008],
    ]; // (x, y): εxx = 0.012, εyy = −0.008, εxy = −0.004
    const theta = (1.5 * Math.PI) / 180;
    const [c, s] = [Math.cos(theta), Math.sin(theta)];
    const U = [
      [1 + eps[0]![0]!, eps[0]![1]!],
      [eps[1]![0]!, 1 + eps[1]![1]!],
    ];
    const F = [
      [c * U[0]![0]! - s * U[1]![0]!, c * U[0]![1]! - s * U[1]![1]!],
      [s * U[0]![0]! + c * U[1]![0]!, s * U[0]![1]! + c * U[1]![1]!],
    ];
    const strained = (f: number) => f % 6 >= 3;
    // Sub-pixel descan: the zero position wanders by up to ±0.5 px.
    const zero = (f: number): Vec => [63.6 + 0.5 * Math.sin(1.7 * f), 64.2 + 0.5 * Math.cos(2.3 * f)];
    const ds = latticeData(NAV, [128, 128], (f) => (strained(f) ? [apply(F, a0), apply(F, b0)] : [a0, b0]), zero);
    const params = { cx: 64.2, cy: 63.6, ax: a0[1], ay: a0[0], bx: b0[1], by: b0[0], r: 5, searchRadius: 3, maxOrder: 2, refX: 0, refWidth: 3 };
    const run = (extra: object = {}) => runUdf(plugin, ds, { ...params, ...extra }, { partitions: 3 });
    const STRAIN_TOL = 1e-3;
    const ROT_TOL = (0.1 * Math.PI) / 180;

    test('pattern strain, polar decomposition: ε and θ as put in (1e-3, 0.1°), zero and vectors to 0.05 px', () => {
      const r = run();
      for (let f = 0; f < 24; f++) {
        const [exx, eyy, exy] = strained(f) ? [eps[0]![0]!, eps[1]![1]!, eps[0]![1]!] : [0, 0, 0];
        expect(Math.abs(r.exx!.data[f]! - exx)).toBeLessThan(STRAIN_TOL);
        expect(Math.abs(r.eyy!.data[f]! - eyy)).toBeLessThan(STRAIN_TOL);
        expect(Math.abs(r.exy!.data[f]! - exy)).toBeLessThan(STRAIN_TOL);
        expect(Math.abs(r.rotation!.data[f]! - (strained(f) ? theta : 0))).toBeLessThan(ROT_TOL);
        const [zy, zx] = zero(f);
        expect(Math.abs(r.zero!.data[2 * f]! - zy)).toBeLessThan(0.05);
        expect(Math.abs(r.zero!.data[2 * f + 1]! - zx)).toBeLessThan(0.05);
        const [a, b] = strained(f) ? [apply(F, a0), apply(F, b0)] : [a0, b0];
        expectClose([r.a!.data[2 * f]!, r.a!.data[2 * f + 1]!, r.b!.data[2 * f]!, r.b!.data[2 * f + 1]!], [...a, ...b], 0.05 / 22);
        expect(r.fit_error!.data[f]).toBeLessThan(0.05);
      }
      expectClose(r.reference!.data, [...a0, ...b0], 0.02 / 22);
    });

    test('the rotation is positive for x turning toward y (clockwise on screen, y down)', () => {
      const r = run();
      expect(r.rotation!.data[3]).toBeGreaterThan(0.02);
    });

    test('crystal strain is that of F⁻ᵀ = R·U⁻¹: U⁻¹ − I, same rotation', () => {
      const r = run({ strainOf: 'crystal' });
      const d = U[0]![0]! * U[1]![1]! - U[0]![1]! * U[1]![0]!;
      const expected = [U[1]![1]! / d - 1, U[0]![0]! / d - 1, -U[0]![1]! / d]; // exx, eyy, exy of U⁻¹ − I
      for (let f = 0; f < 24; f++) {
        const e = strained(f) ? expected : [0, 0, 0];
        expect(Math.abs(r.exx!.data[f]! - e[0]!)).toBeLessThan(STRAIN_TOL);
        expect(Math.abs(r.eyy!.data[f]! - e[1]!)).toBeLessThan(STRAIN_TOL);
        expect(Math.abs(r.exy!.data[f]! - e[2]!)).toBeLessThan(STRAIN_TOL);
        expect(Math.abs(r.rotation!.data[f]! - (strained(f) ? theta : 0))).toBeLessThan(ROT_TOL);
      }
      expect(r.exx!.data[3]).toBeLessThan(-0.01); // 1.2 % longer diffraction vectors: the crystal is compressed
    });

    test('linear decomposition: symmetric and antisymmetric parts of F − I', () => {
      const r = run({ decomposition: 'linear' });
      for (let f = 3; f < 24; f += 6) {
        expect(Math.abs(r.exx!.data[f]! - (F[0]![0]! - 1))).toBeLessThan(STRAIN_TOL);
        expect(Math.abs(r.eyy!.data[f]! - (F[1]![1]! - 1))).toBeLessThan(STRAIN_TOL);
        expect(Math.abs(r.exy!.data[f]! - (F[0]![1]! + F[1]![0]!) / 2)).toBeLessThan(STRAIN_TOL);
        expect(Math.abs(r.rotation!.data[f]! - (F[1]![0]! - F[0]![1]!) / 2)).toBeLessThan(ROT_TOL);
      }
    });

    test('the reference region is where the strain is zero: referring to the strained half gives −(its strain) on the other', () => {
      const r = run({ refX: 3, refWidth: 3, decomposition: 'linear' });
      expect(Math.abs(r.exx!.data[3]!)).toBeLessThan(STRAIN_TOL);
      // F_ref⁻¹ on the unstrained half: rotation −θ to first order.
      expect(Math.abs(r.rotation!.data[0]! + theta)).toBeLessThan(2 * ROT_TOL);
    });

    test('the fitted vectors match the float64 reference exactly', () => {
      const p = resolveParams(plugin, params, ds) as unknown as P;
      expectMatchesReference(run(), naiveStrainMap(ds, p), NAV);
    });
  });

  describe('against a float64 reference on awkward tilings, partitions and a ROI', () => {
    const NAV = [5, 7];
    const SIG = [21, 23];
    const PARAMS: Record<string, object> = {
      defaults: {},
      custom: { cx: 11.2, cy: 10.4, ax: 6, ay: 0.5, bx: -0.7, by: 5.5, r: 1.5, rBackground: 2.5, searchRadius: 1, refX: 1, refY: 1, refWidth: 4, refHeight: 3 },
      crystalLinearNoBackground: { cx: 11.2, cy: 10.4, ax: 6, ay: 0.5, bx: -0.7, by: 5.5, r: 2, rBackground: 2, searchRadius: 2, strainOf: 'crystal', decomposition: 'linear', refY: 2 },
    };
    // The reference depends only on the data, the parameters and the ROI: computed once for each.
    const cache = new Map<string, Record<string, number[]>>();
    test.each(awkwardCases(NAV, SIG))('$dtype tile $tileShape.depth×$tileShape.rows, $partitions partitions, roi $useRoi', ({ dtype, tileShape, partitions, useRoi, roi }) => {
      const ds = randomDataSet(NAV, SIG, dtype, 23);
      for (const [name, input] of Object.entries(PARAMS)) {
        const key = `${dtype} ${useRoi} ${name}`;
        if (!cache.has(key)) cache.set(key, naiveStrainMap(ds, resolveParams(plugin, input, ds) as unknown as P, roi));
        expectMatchesReference(runUdf(plugin, ds, input, { tileShape, partitions, roi }), cache.get(key)!, NAV);
      }
    });

    test('ROI: positions outside are NaN, the reference is the mean over the ROI positions of the rectangle', () => {
      const ds = randomDataSet(NAV, SIG, 'float32', 5);
      const roi = awkwardRoi(35);
      const r = runUdf(plugin, ds, {}, { roi, partitions: 2 });
      for (let f = 0; f < 35; f++) {
        for (const name of ['exx', 'eyy', 'exy', 'rotation', 'fit_error']) expect(Number.isNaN(r[name]!.data[f]!)).toBe(!roi[f]);
        expect(Number.isNaN(r.a!.data[2 * f]!)).toBe(!roi[f]);
      }
      expect(r.reference!.data.every(Number.isFinite)).toBe(true);
    });

    test('a reference region with no valid position leaves the strain unknown (NaN), the vectors known', () => {
      const ds = randomDataSet(NAV, SIG, 'float32', 5);
      const roi = new Uint8Array(35).fill(1);
      roi.fill(0, 0, 7); // the first scan row
      const r = runUdf(plugin, ds, { refHeight: 1 }, { roi, partitions: 2 });
      expect(Array.from(r.reference!.data).every(Number.isNaN)).toBe(true);
      expect(Array.from(r.exx!.data).every(Number.isNaN)).toBe(true);
      expect(Number.isFinite(r.a!.data[20]!)).toBe(true);
    });

    test('defaults validate and run on the smallest awkward detector (9×11)', () => {
      const ds = randomDataSet(NAV, [9, 11], 'uint16', 2);
      const p = resolveParams(plugin, {}, ds) as unknown as P;
      expectMatchesReference(runUdf(plugin, ds, {}, { partitions: 2, tileShape: { depth: 3, rows: 4 } }), naiveStrainMap(ds, p), NAV);
    });
  });

  test('a real detector file (Delmic SPARC, 3×2 × 256×256 uint16) matches the float64 reference', () => {
    const ds = npyDataSet(join(dataDir, 'npy/delmic/sparc-angle-resolved-data.npy'));
    for (const input of [{}, { maxOrder: 2, ax: 50, ay: 5, bx: -6, by: 48, r: 6, searchRadius: 5, refWidth: 1 }]) {
      const p = resolveParams(plugin, input, ds) as unknown as P;
      expectMatchesReference(runUdf(plugin, ds, input, { partitions: 2 }), naiveStrainMap(ds, p), [3, 2]);
    }
  });

  describe('parameters', () => {
    const ds = randomDataSet([5, 7], [64, 64]);
    const refuse = (input: object, path: string, message: RegExp) => {
      try {
        runUdf(plugin, ds, input);
      } catch (error) {
        expect((error as StemflowError).code).toBe('PARAMS_INVALID');
        expect((error as StemflowError).errors).toContainEqual({ path, message: expect.stringMatching(message) });
        return;
      }
      throw new Error('expected PARAMS_INVALID');
    };

    test('the form: every field has a title, geometric fields a unit, and the defaults suit the data set', () => {
      for (const [name, field] of Object.entries(StrainParams.properties)) {
        const f = field as { title?: string; 'x-ui'?: { unit?: string; help?: string } };
        expect(f.title).toBeTruthy();
        expect(f['x-ui']?.help).toBeTruthy();
        if (!['maxOrder', 'strainOf', 'decomposition'].includes(name)) expect(f['x-ui']?.unit).toBeTruthy();
      }
      expect(resolveParams(plugin, {}, ds)).toEqual({
        cx: 32,
        cy: 32,
        ax: 16,
        ay: 0,
        bx: 0,
        by: 16,
        r: 2,
        searchRadius: 1,
        maxOrder: 1,
        refX: 0,
        refY: 0,
        strainOf: 'pattern',
        decomposition: 'polar',
      });
    });

    test('nonsense is refused with a pointer to the field and a fix', () => {
      refuse({ cx: 70 }, '/cx', /off the detector/);
      refuse({ cy: -3 }, '/cy', /off the detector/);
      refuse({ r: 4, rBackground: 3 }, '/rBackground', /below the disk radius/);
      refuse({ ax: 0.2, ay: 0.3 }, '/ax', /shorter than 1 px/);
      refuse({ bx: 16, by: 1 }, '/bx', /parallel/);
      refuse({ refX: 7 }, '/refX', /outside the scan/);
      refuse({ refY: 2, refHeight: 4 }, '/refHeight', /refHeight ≤ 3/);
      refuse({ ax: 40, by: 40 }, '/maxOrder', /fit needs 3 not on one line/);
      refuse({ strainOf: 'real' }, '/strainOf', /must be one of/);
      refuse({ searchRadius: 1.5 }, '/searchRadius', /./);
    });
  });
});
