import { makePartitions, resolveParams, ResultAccumulator, runPartition, StemflowError, type DType } from '@stemflow/plugin-sdk';
import { awkwardCases, awkwardRoi, MemoryDataSet, randomDataSet, runUdf } from '@stemflow/plugin-sdk/testing';
import { centerOfMass as plugin } from './index';

const NAV = [5, 7];
const SIG = [9, 11];
const FRAMES = 35;
const ROI = awkwardRoi(FRAMES);
const NAMES = ['field_y', 'field_x', 'magnitude', 'divergence', 'curl', 'raw_shifts_y', 'raw_shifts_x'];

interface P { cx: number; cy: number; r?: number; ri?: number; scanRotation?: number; flipY?: boolean }

/** np.gradient along axis 0 (y) or 1 (x) of a 2-D array, written out plainly. */
function npGradient(a: number[][], axis: 0 | 1): number[][] {
  const ny = a.length;
  const nx = a[0]!.length;
  return a.map((row, y) =>
    row.map((v, x) => {
      const n = axis === 0 ? ny : nx;
      const k = axis === 0 ? y : x;
      const at = (j: number) => (axis === 0 ? a[j]![x]! : a[y]![j]!);
      if (n === 1) return 0;
      if (k === 0) return at(1) - at(0);
      if (k === n - 1) return at(n - 1) - at(n - 2);
      return (at(k + 1) - at(k - 1)) / 2;
    }),
  );
}

/** Plain float64 CoMUDF: masked moments, shifts, R(θ)·F, np.gradient; NaN outside the ROI. */
function naiveCom(ds: MemoryDataSet, p: P, roi?: Uint8Array): Record<string, number[]> {
  const [ny, nx] = ds.navShape as [number, number];
  const [h, w] = ds.sigShape as [number, number];
  const r = p.r ?? Infinity;
  const ri = p.ri ?? 0;
  const inMask = (y: number, x: number) => {
    const d2 = (x - p.cx) ** 2 + (y - p.cy) ** 2;
    return d2 <= r * r && (ri === 0 || d2 > ri * ri);
  };
  const t = ((p.scanRotation ?? 0) * Math.PI) / 180;
  const grid = () => Array.from({ length: ny }, () => new Array<number>(nx).fill(0));
  const [sy, sx, fy, fx] = [grid(), grid(), grid(), grid()];
  for (let j = 0; j < ny; j++) {
    for (let i = 0; i < nx; i++) {
      const f = j * nx + i;
      let [I, Y, X] = [0, 0, 0];
      for (let y = 0; y < h; y++) {
        for (let x = 0; x < w; x++) {
          if (!inMask(y, x)) continue;
          const v = Number(ds.data[f * h * w + y * w + x]);
          I += v;
          Y += v * y;
          X += v * x;
        }
      }
      const outside = roi !== undefined && !roi[f];
      const dy = outside ? NaN : I === 0 ? 0 : Y / I - p.cy;
      const dx = outside ? NaN : I === 0 ? 0 : X / I - p.cx;
      const y1 = p.flipY ? -dy : dy;
      sy[j]![i] = dy;
      sx[j]![i] = dx;
      fy[j]![i] = Math.cos(t) * y1 + Math.sin(t) * dx;
      fx[j]![i] = -Math.sin(t) * y1 + Math.cos(t) * dx;
    }
  }
  const [dyy, dxx, dyx, dxy] = [npGradient(fy, 0), npGradient(fx, 1), npGradient(fy, 1), npGradient(fx, 0)];
  // Stemflow keeps unknown positions unknown (np.gradient would fill them from their neighbours).
  const keepNaN = (a: number[][]) => a.flat().map((v, k) => (Number.isNaN(sy.flat()[k]!) ? NaN : v));
  return {
    raw_shifts_y: sy.flat(),
    raw_shifts_x: sx.flat(),
    field_y: fy.flat(),
    field_x: fx.flat(),
    magnitude: fy.flat().map((v, k) => Math.hypot(v, fx.flat()[k]!)),
    divergence: keepNaN(dyy.map((row, j) => row.map((v, i) => v + dxx[j]![i]!))),
    curl: keepNaN(dyx.map((row, j) => row.map((v, i) => v - dxy[j]![i]!))),
  };
}

function expectClose(actual: ArrayLike<number>, expected: ArrayLike<number>, tol = 1e-9): void {
  expect(actual.length).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) {
    const [a, e] = [actual[i]!, expected[i]!];
    if (Number.isNaN(e) ? !Number.isNaN(a) : !(Math.abs(a - e) <= tol * Math.max(1, Math.abs(e)))) throw new Error(`element ${i}: ${a} vs ${e}`);
  }
}

/** Frames with a uniform disk (radius 4) at (16 + dy, 17 + dx) on a 33×35 detector: its CoM is exactly that centre. */
function diskData(navShape: number[], shift: (y: number, x: number) => [number, number], dtype: DType = 'uint16'): MemoryDataSet {
  const [h, w] = [33, 35];
  const nx = navShape[navShape.length - 1]!;
  const frames = navShape.reduce((a, b) => a * b, 1);
  const ds = randomDataSet(navShape, [h, w], dtype); // only for the typed array; overwritten below
  ds.data.fill(0);
  for (let f = 0; f < frames; f++) {
    const [dy, dx] = shift(Math.floor(f / nx), f % nx);
    for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) if ((y - 16 - dy) ** 2 + (x - 17 - dx) ** 2 <= 16) ds.data[f * h * w + y * w + x] = 7;
  }
  return ds;
}
const REF = { cx: 17, cy: 16 };

const PARAMS: Record<string, object> = {
  defaults: {},
  ring: { cx: 5.2, cy: 3.9, r: 4, ri: 1.5, scanRotation: 30, flipY: true },
  cutoff: { cx: 4, cy: 4, r: 3, scanRotation: -75 },
};
const cases = awkwardCases(NAV, SIG);

describe('center-of-mass', () => {
  test.each(cases)('$dtype tile $tileShape.depth×$tileShape.rows, $partitions partitions, roi $useRoi', ({ dtype, tileShape, partitions, useRoi }) => {
    const ds = randomDataSet(NAV, SIG, dtype, 17);
    const roi = useRoi ? ROI : undefined;
    for (const input of Object.values(PARAMS)) {
      const resolved = resolveParams(plugin, input, ds) as unknown as P;
      const results = runUdf(plugin, ds, input, { tileShape, partitions, roi });
      const expected = naiveCom(ds, resolved, roi);
      expect(Object.keys(results).sort()).toEqual([...NAMES, 'regression', 'cy', 'cx'].sort());
      for (const name of NAMES) {
        expect(results[name]!.shape).toEqual(NAV);
        expectClose(results[name]!.data, expected[name]!);
      }
    }
  });

  describe('synthetic disks', () => {
    const shift = (y: number, x: number): [number, number] => [((y * 7 + x) % 5) - 2, ((y * 7 + x) * 3) % 7 - 3];
    const ds = diskData(NAV, shift);
    const expectField = (params: object, expected: (dy: number, dx: number) => [number, number]) => {
      const r = runUdf(plugin, ds, { ...REF, ...params }, { tileShape: { depth: 4, rows: 5 }, partitions: 3 });
      for (let f = 0; f < FRAMES; f++) {
        const [dy, dx] = shift(Math.floor(f / 7), f % 7);
        expect(r.raw_shifts_y!.data[f]).toBeCloseTo(dy, 12);
        expect(r.raw_shifts_x!.data[f]).toBeCloseTo(dx, 12);
        const [ey, ex] = expected(dy, dx);
        expect(r.field_y!.data[f]).toBeCloseTo(ey, 12);
        expect(r.field_x!.data[f]).toBeCloseTo(ex, 12);
        expect(r.magnitude!.data[f]).toBeCloseTo(Math.hypot(dy, dx), 12);
      }
    };

    test('a disk shifted by (dy, dx) gives that shift', () => expectField({}, (dy, dx) => [dy, dx]));
    test('flipY negates the y component', () => expectField({ flipY: true }, (dy, dx) => [-dy, dx]));
    test('90° maps (dy, dx) to (dx, −dy)', () => expectField({ scanRotation: 90 }, (dy, dx) => [dx, -dy]));
    test('90° after the flip maps (dy, dx) to (dx, dy)', () => expectField({ scanRotation: 90, flipY: true }, (dy, dx) => [dx, dy]));
    test('180° negates both', () => expectField({ scanRotation: 180 }, (dy, dx) => [-dy, -dx]));
    test('a radius cut-off that holds the whole disk does not change the shift', () => expectField({ r: 12 }, (dy, dx) => [dy, dx]));

    test('a source field (dy = y, dx = x) has divergence 2 and no curl', () => {
      const r = runUdf(plugin, diskData(NAV, (y, x) => [y - 2, x - 3]), REF, { partitions: 2 });
      expectClose(r.divergence!.data, new Array(FRAMES).fill(2));
      expectClose(r.curl!.data, new Array(FRAMES).fill(0));
    });

    test('a vortex (dy = x, dx = −y) has curl 2 and no divergence', () => {
      const r = runUdf(plugin, diskData(NAV, (y, x) => [x - 3, 2 - y]), REF, { partitions: 2 });
      expectClose(r.curl!.data, new Array(FRAMES).fill(2));
      expectClose(r.divergence!.data, new Array(FRAMES).fill(0));
    });

    test('a scan of one row has no y derivatives (and does not fail)', () => {
      const r = runUdf(plugin, diskData([1, 7], (_y, x) => [(x * x) % 3, x - 3], 'float32'), REF, { partitions: 3 });
      const fy = [0, 1, 4, 9, 16, 25, 36].map((v) => v % 3);
      const ddx = npGradient([fy], 1)[0]!;
      expectClose(r.curl!.data, ddx); // ∂fy/∂x − 0
      expectClose(r.divergence!.data, new Array(7).fill(1)); // 0 + ∂fx/∂x
    });
  });

  test('frames with no intensity in the mask have zero shift (the reference point)', () => {
    const ds = randomDataSet(NAV, SIG, 'float32', 3);
    for (const f of [0, 12, 34]) ds.data.fill(0, f * 99, (f + 1) * 99);
    const r = runUdf(plugin, ds, { scanRotation: 40 }, { partitions: 3 });
    for (const f of [0, 12, 34]) for (const name of ['raw_shifts_y', 'raw_shifts_x', 'field_y', 'field_x', 'magnitude']) expect(r[name]!.data[f]).toBe(0);
    expect(r.raw_shifts_y!.data.some((v) => v !== 0)).toBe(true);
  });

  test('partial results: positions not merged yet are NaN, the others are computed', () => {
    const ds = randomDataSet(NAV, SIG, 'uint16', 8);
    const params = resolveParams(plugin, {}, ds);
    const acc = new ResultAccumulator(plugin, params, ds);
    const middle = makePartitions(FRAMES, { count: 3 })[1]!; // frames 11..22
    acc.merge(runPartition(plugin, params, ds, middle, { tileShape: { depth: 3, rows: 4 } }));
    const r = acc.results();
    const expected = naiveCom(ds, params as unknown as P, Uint8Array.from({ length: FRAMES }, (_, f) => (f >= middle.start && f < middle.end ? 1 : 0)));
    for (const name of NAMES) expectClose(r[name]!.data, expected[name]!);
    for (let f = 0; f < FRAMES; f++) expect(Number.isNaN(r.field_y!.data[f]!)).toBe(f < middle.start || f >= middle.end);
  });

  describe('parameters', () => {
    const ds = randomDataSet(NAV, SIG);

    test('defaults: the frame centre, no cut-off, no rotation', () => {
      expect(resolveParams(plugin, {}, ds)).toEqual({ cx: 5.5, cy: 4.5, ri: 0, reference: 'given', scanRotation: 0, flipY: false, regression: 'none' });
    });

    test('ri ≥ r is refused at /ri with a fix', () => {
      try {
        runUdf(plugin, ds, { r: 2, ri: 2 });
        throw new Error('expected PARAMS_INVALID');
      } catch (error) {
        expect((error as StemflowError).code).toBe('PARAMS_INVALID');
        expect((error as StemflowError).errors).toEqual([{ path: '/ri', message: expect.stringMatching(/lower ri, raise r/) }]);
      }
    });

    test('a mask covering no pixel is refused at /r', () => {
      expect(() => runUdf(plugin, ds, { cx: 4.5, cy: 4.5, r: 0.3 })).toThrow(/covers no detector pixel/);
      expect(() => runUdf(plugin, ds, { flipY: 'yes' })).toThrow(StemflowError);
    });
  });
});
