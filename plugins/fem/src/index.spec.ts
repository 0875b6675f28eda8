import { join } from 'node:path';
import { resolveParams } from '@stemflow/plugin-sdk';
import { awkwardCases, awkwardRoi, MemoryDataSet, npyDataSet, paramErrors, randomDataSet, runUdf, sharedDataDir } from '@stemflow/plugin-sdk/testing';
import plugin, { FemParams } from './index';

const NAV = [5, 7];
const SIG = [9, 11];
const [H, W] = SIG as [number, number];
const FRAMES = 35;
const ROI = awkwardRoi(FRAMES);

const dataDir = sharedDataDir();

interface Ring {
  cx: number;
  cy: number;
  ri: number;
  ro: number;
}

/** Plain float64 reference: the ring written out (ri² < d² ≤ ro²), np.std with ddof = 0 by two passes. */
function reference(ds: MemoryDataSet, g: Ring, roi?: Uint8Array) {
  const [h, w] = ds.sigShape as [number, number];
  const std = new Float64Array(ds.frames).fill(NaN);
  const nv = new Float64Array(ds.frames).fill(NaN);
  for (let f = 0; f < ds.frames; f++) {
    if (roi && !roi[f]) continue;
    const values: number[] = [];
    for (let y = 0; y < h; y++) {
      for (let x = 0; x < w; x++) {
        const d2 = (x - g.cx) ** 2 + (y - g.cy) ** 2;
        if (d2 > g.ri ** 2 && d2 <= g.ro ** 2) values.push(Number(ds.data[f * h * w + y * w + x]));
      }
    }
    const mean = values.reduce((a, b) => a + b, 0) / values.length;
    const variance = values.reduce((a, v) => a + (v - mean) ** 2, 0) / values.length;
    std[f] = Math.sqrt(variance);
    nv[f] = variance / mean ** 2;
  }
  return { std, nv };
}

function expectClose(actual: ArrayLike<number>, expected: ArrayLike<number>, rel: number): void {
  expect(actual.length).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) {
    const a = actual[i]!;
    const e = expected[i]!;
    if (Number.isNaN(e) ? !Number.isNaN(a) : !(a === e || Math.abs(a - e) <= rel * Math.max(1, Math.abs(e)))) throw new Error(`element ${i}: ${a} vs ${e}`);
  }
}


const RINGS: Ring[] = [
  { cx: 5, cy: 4, ri: 2, ro: 4 },
  { cx: 4.5, cy: 3.7, ri: 0, ro: 2.5 },
  { cx: 0, cy: 8, ri: 3, ro: 20 }, // centre in a corner, ring clipped by the frame
];

describe('fem', () => {
  test.each(awkwardCases(NAV, SIG))('$dtype tile $tileShape.depth×$tileShape.rows, $partitions partitions, roi $useRoi', ({ dtype, tileShape, partitions, useRoi }) => {
    const ds = randomDataSet(NAV, SIG, dtype, 11);
    const roi = useRoi ? ROI : undefined;
    for (const g of RINGS) {
      const r = runUdf(plugin, ds, g, { tileShape, partitions, roi });
      expect(r.intensity!.shape).toEqual(NAV);
      expect(r.normalized_variance!.shape).toEqual(NAV);
      const ref = reference(ds, g, roi);
      expectClose(r.intensity!.data, ref.std, 1e-12);
      expectClose(r.normalized_variance!.data, ref.nv, 1e-12);
    }
  });

  describe('known answers', () => {
    // One frame per case; pixel values chosen per distance from (cy, cx) = (4, 5).
    const frameOf = (value: (y: number, x: number) => number) => {
      const data = new Float64Array(H * W);
      for (let y = 0; y < H; y++) for (let x = 0; x < W; x++) data[y * W + x] = value(y, x);
      return new MemoryDataSet(data, [1], SIG);
    };
    const run = (ds: MemoryDataSet, g: Ring) => {
      const r = runUdf(plugin, ds, g, { partitions: 1 });
      return { std: r.intensity!.data[0]!, nv: r.normalized_variance!.data[0]! };
    };

    test('a ring of constant intensity has σ = 0 whatever lies inside or outside it', () => {
      const ds = frameOf((y, x) => {
        const d2 = (x - 5) ** 2 + (y - 4) ** 2;
        return d2 > 4 && d2 <= 9 ? 100 : 1e6 * (x + 1);
      });
      expect(run(ds, { cx: 5, cy: 4, ri: 2, ro: 3 })).toEqual({ std: 0, nv: 0 });
    });

    test('edges: d = ro is inside, d = ri is outside (ri < d ≤ ro)', () => {
      // Ring ri = 2, ro = 3 around (4, 5): 29 − 13 = 16 pixels. Mark the 4 pixels at d = 3 with 1, the rest 0,
      // and pixels at d = 2 with 1000 (they must not count): p = 4/16 ones, σ² = p(1 − p) = 3/16, μ = 1/4.
      const ds = frameOf((y, x) => {
        const d2 = (x - 5) ** 2 + (y - 4) ** 2;
        return d2 === 9 ? 1 : d2 === 4 ? 1000 : 0;
      });
      const { std, nv } = run(ds, { cx: 5, cy: 4, ri: 2, ro: 3 });
      expect(std).toBeCloseTo(Math.sqrt(3 / 16), 14);
      expect(nv).toBeCloseTo(3, 14); // (3/16) / (1/16)
    });

    test('population normalisation (÷N, not ÷(N−1)); σ scales with the intensity, σ²/μ² does not', () => {
      // Two values a, b on the 16 ring pixels, 8 each: σ = |a − b| / 2 exactly with ÷N.
      let k = 0;
      const values = new Map<number, number>();
      const ds = frameOf((y, x) => {
        const d2 = (x - 5) ** 2 + (y - 4) ** 2;
        if (!(d2 > 4 && d2 <= 9)) return 0;
        const v = k++ % 2 === 0 ? 10 : 30;
        values.set(y * W + x, v);
        return v;
      });
      expect(values.size).toBe(16);
      const a = run(ds, { cx: 5, cy: 4, ri: 2, ro: 3 });
      expect(a.std).toBe(10);
      expect(a.nv).toBeCloseTo(100 / 400, 14);
      const scaled = new MemoryDataSet(ds.data.map((v) => 3 * v), [1], SIG);
      const b = run(scaled, { cx: 5, cy: 4, ri: 2, ro: 3 });
      expect(b.std).toBeCloseTo(30, 12);
      expect(b.nv).toBeCloseTo(a.nv, 14);
    });

    test('a large offset does not cancel (two-pass, not Σv² − (Σv)²/N)', () => {
      let k = 0;
      const ds = frameOf(() => 1e9 + (k++ % 2 === 0 ? 0.5 : -0.5));
      // Every pixel but the centre (flat index 49, odd): 50 pixels at +0.5, 48 at −0.5, σ = √(50·48)/98.
      const { std } = run(ds, { cx: 5, cy: 4, ri: 0, ro: 20 });
      expect(std).toBeCloseTo(Math.sqrt(50 * 48) / 98, 8);
    });

    test('a frame that is zero on the ring: σ = 0 and σ²/μ² = 0/0 = NaN', () => {
      const { std, nv } = run(frameOf(() => 0), { cx: 5, cy: 4, ri: 2, ro: 3 });
      expect(std).toBe(0);
      expect(nv).toBeNaN();
    });
  });

  test('a real detector file (delmic SPARC, 3×2 × 256×256 uint16), defaults and a chosen ring, matches the float64 reference', () => {
    const ds = npyDataSet(join(dataDir, 'npy/delmic/sparc-angle-resolved-data.npy'));
    const resolved = resolveParams(plugin, {}, ds) as unknown as Ring;
    expect(resolved).toEqual({ cx: 128, cy: 128, ri: 102.4, ro: 128 });
    for (const g of [resolved, { cx: 120.5, cy: 131, ri: 10, ro: 60 }]) {
      const r = runUdf(plugin, ds, g, { partitions: 2 });
      expect(r.intensity!.shape).toEqual([3, 2]);
      const ref = reference(ds, g);
      expectClose(r.intensity!.data, ref.std, 1e-12);
      expectClose(r.normalized_variance!.data, ref.nv, 1e-12);
      expect(Array.from(r.intensity!.data).every((v) => v > 0)).toBe(true);
    }
  });

  describe('parameters', () => {
    const ds = randomDataSet(NAV, SIG);

    test('defaults: the frame centre, a ring from 0.8 to 1 × half the short side; they run on odd frames too', () => {
      expect(resolveParams(plugin, {}, ds)).toEqual({ cx: 5.5, cy: 4.5, ri: 3.6, ro: 4.5 });
      for (const sig of [[9, 11], [1, 1], [2, 3], [256, 64]]) expect(() => runUdf(plugin, randomDataSet([2], sig))).not.toThrow();
      // Where the usual ring misses every pixel centre: everything but the centre pixel.
      expect(resolveParams(plugin, {}, randomDataSet([2], [2, 3]))).toEqual({ cx: 1.5, cy: 1, ri: 0, ro: 2 });
    });

    test.each([
      [{ ri: 3, ro: 3 }, '/ri'],
      [{ ri: 4, ro: 3 }, '/ri'],
    ])('ring %j is refused at %s', (radii, path) => {
      const errors = paramErrors(() => runUdf(plugin, ds, { cx: 5, cy: 4, ...radii }));
      expect(errors).toEqual([{ path, message: expect.stringMatching(/lower ri or raise ro/) }]);
    });

    test('a centre off the detector is refused at /cx, /cy (only when the data set is known)', () => {
      expect(paramErrors(() => runUdf(plugin, ds, { cx: W, cy: 4 })).map((e) => e.path)).toEqual(['/cx']);
      expect(paramErrors(() => runUdf(plugin, ds, { cx: -0.5, cy: H })).map((e) => e.path)).toEqual(['/cx', '/cy']);
      expect(() => resolveParams(plugin, { cx: W, cy: 4, ri: 1, ro: 2 })).not.toThrow();
    });

    test('a ring that covers no pixel is refused at /ro with a hint', () => {
      expect(paramErrors(() => runUdf(plugin, ds, { cx: 5, cy: 4, ri: 0.2, ro: 0.6 }))).toEqual([{ path: '/ro', message: expect.stringMatching(/raise ro/) }]);
    });

    test('schema errors: negative radius, missing centre without a data set', () => {
      expect(paramErrors(() => runUdf(plugin, ds, { ri: -1 })).map((e) => e.path)).toEqual(['/ri']);
      expect(paramErrors(() => resolveParams(plugin, { ri: 1, ro: 2 })).map((e) => e.path)).toEqual(['/cx', '/cy']);
    });

    test('the form: titles, px units and help on every field, the ring overlay', () => {
      const schema = FemParams as unknown as { title: string; properties: Record<string, { title?: string; 'x-ui'?: { unit?: string; help?: string } }>; 'x-ui': { overlay: string } };
      expect(schema['x-ui'].overlay).toBe('ring');
      expect(Object.keys(schema.properties)).toEqual(['cx', 'cy', 'ri', 'ro']);
      for (const prop of Object.values(schema.properties)) {
        expect(typeof prop.title).toBe('string');
        expect(prop['x-ui']?.unit).toBe('px');
        expect(typeof prop['x-ui']?.help).toBe('string');
      }
    });
  });
});
