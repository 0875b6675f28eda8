import { join } from 'node:path';
import { resolveParams } from '@stemflow/plugin-sdk';
import { awkwardCases, awkwardRoi, MemoryDataSet, npyDataSet, paramErrors, randomDataSet, runUdf, sharedDataDir } from '@stemflow/plugin-sdk/testing';
import plugin, { RadialProfileParams } from './index';

const NAV = [5, 7];
const SIG = [9, 11];
const [H, W] = SIG as [number, number];
const FRAMES = 35;
const ROI = awkwardRoi(FRAMES);

const dataDir = sharedDataDir();

interface Geometry {
  cx: number;
  cy: number;
  rMin: number;
  rMax: number;
  nBins: number;
}

/**
 * Plain float64 reference from the written convention: edges e_k = rMin + (rMax − rMin)·k/n (e_n = rMax),
 * a pixel in bin k when e_k² ≤ d² < e_{k+1}² (squared, as LiberTEM's masks), found by a linear search over the edges.
 */
function reference(ds: MemoryDataSet, g: Geometry, roi?: Uint8Array) {
  const [h, w] = ds.sigShape as [number, number];
  const n = g.nBins;
  const edges = Array.from({ length: n + 1 }, (_, k) => (k === n ? g.rMax : g.rMin + ((g.rMax - g.rMin) * k) / n));
  const binOf = new Int32Array(h * w).fill(-1);
  const counts = new Float64Array(n);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const d2 = (x - g.cx) ** 2 + (y - g.cy) ** 2;
      for (let k = 0; k < n; k++) {
        if (d2 >= edges[k]! ** 2 && d2 < edges[k + 1]! ** 2) {
          binOf[y * w + x] = k;
          counts[k]! += 1;
          break;
        }
      }
    }
  }
  const profile = new Float64Array(ds.frames * n).fill(NaN);
  const mean = new Float64Array(ds.frames * n).fill(NaN);
  const total = new Float64Array(n);
  for (let f = 0; f < ds.frames; f++) {
    if (roi && !roi[f]) continue;
    const sums = new Float64Array(n);
    for (let p = 0; p < h * w; p++) if (binOf[p]! >= 0) sums[binOf[p]!] += Number(ds.data[f * h * w + p]);
    for (let k = 0; k < n; k++) {
      profile[f * n + k] = sums[k]!;
      mean[f * n + k] = sums[k]! / counts[k]!;
      total[k] += sums[k]!;
    }
  }
  const radii = Float64Array.from({ length: n }, (_, k) => (edges[k]! + edges[k + 1]!) / 2);
  return { profile, mean, total, radii, counts };
}

function expectClose(actual: ArrayLike<number>, expected: ArrayLike<number>, rel = 0): void {
  expect(actual.length).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) {
    const a = actual[i]!;
    const e = expected[i]!;
    if (Number.isNaN(e) ? !Number.isNaN(a) : !(a === e || Math.abs(a - e) <= rel * Math.max(1, Math.abs(e)))) throw new Error(`element ${i}: ${a} vs ${e}`);
  }
}


const GEOMETRIES: Geometry[] = [
  { cx: 5, cy: 4, rMin: 0, rMax: 5, nBins: 5 }, // integer edges: many pixels exactly on an edge
  { cx: 4.5, cy: 3.7, rMin: 0.5, rMax: 4.1, nBins: 7 }, // fractional edges 0.5 + 3.6·k/7
  { cx: 0, cy: 8, rMin: 1, rMax: 13, nBins: 3 }, // corner centre, bins clipped by the frame
  { cx: 5, cy: 4, rMin: 0, rMax: 3, nBins: 30 }, // narrow bins, some with no pixel
];

describe('radial-profile', () => {
  test.each(awkwardCases(NAV, SIG))('$dtype tile $tileShape.depth×$tileShape.rows, $partitions partitions, roi $useRoi', ({ dtype, tileShape, partitions, useRoi }) => {
    const ds = randomDataSet(NAV, SIG, dtype, 9);
    const roi = useRoi ? ROI : undefined;
    for (const g of GEOMETRIES) {
      const r = runUdf(plugin, ds, g, { tileShape, partitions, roi });
      const ref = reference(ds, g, roi);
      expect(Object.keys(r).sort()).toEqual(['bin_pixels', 'mean_profile', 'profile', 'radii', 'total_profile']);
      expect(r.profile!.shape).toEqual([...NAV, g.nBins]);
      expect(r.mean_profile!.shape).toEqual([...NAV, g.nBins]);
      expect(r.radii!.shape).toEqual([g.nBins]);
      expect(r.total_profile!.shape).toEqual([g.nBins]);
      // Integer input sums exactly; float32 input differs only by summation order.
      const rel = dtype === 'uint16' ? 0 : 1e-12;
      expectClose(r.profile!.data, ref.profile, rel);
      expectClose(r.mean_profile!.data, ref.mean, rel);
      expectClose(r.total_profile!.data, ref.total, rel);
      expectClose(r.radii!.data, ref.radii);
      expectClose(r.bin_pixels!.data, ref.counts);
    }
  });

  describe('known answers', () => {
    // nav = sig = 9×11 and frame i lights only pixel i: profile[i] shows pixel i's bin.
    const probe = new MemoryDataSet(
      Uint16Array.from({ length: H * W * H * W }, (_, i) => (i % (H * W) === Math.floor(i / (H * W)) ? 1 : 0)),
      SIG,
      SIG,
    );
    const binOf = (g: Geometry) => {
      const { profile } = runUdf(plugin, probe, g, { tileShape: { depth: 5, rows: 2 }, partitions: 3 });
      return (y: number, x: number) => {
        const row = Array.from(profile!.data.subarray((y * W + x) * g.nBins, (y * W + x + 1) * g.nBins));
        return row.indexOf(1);
      };
    };

    test('bins are half-open [r_k, r_k+1): d = r_k opens bin k, d = rMax is outside', () => {
      const at = binOf({ cx: 5, cy: 4, rMin: 1, rMax: 3, nBins: 2 });
      expect(at(4, 5)).toBe(-1); // d = 0 < rMin
      expect(at(4, 6)).toBe(0); // d = 1 = rMin: inside bin 0
      expect(at(5, 6)).toBe(0); // d = √2
      expect(at(4, 7)).toBe(1); // d = 2 = r_1: bin 1, not bin 0
      expect(at(6, 7)).toBe(1); // d = √8 < 3
      expect(at(4, 8)).toBe(-1); // d = 3 = rMax: outside
    });

    test('a ring of known radius peaks in its bin; the mean of a radial ramp lies inside each bin', () => {
      // Frame value = 1 where |d − 3| < 0.25 around (4, 5), else 0: the 1-px-bin mean profile peaks in bin [3, 4).
      const ring = new Float64Array(H * W);
      const ramp = new Float64Array(H * W);
      for (let y = 0; y < H; y++) {
        for (let x = 0; x < W; x++) {
          const d = Math.hypot(x - 5, y - 4);
          ring[y * W + x] = Math.abs(d - 3) < 0.25 ? 1 : 0;
          ramp[y * W + x] = d;
        }
      }
      const g = { cx: 5, cy: 4, rMin: 0, rMax: 5, nBins: 5 };
      const mp = runUdf(plugin, new MemoryDataSet(ring, [1], SIG), g, { partitions: 1 }).mean_profile!.data;
      expect(Array.from(mp).indexOf(Math.max(...mp))).toBe(3);
      // Bin [3, 4) holds d² = 9 (4 pixels), 10 (8) and 13 (8); only d = 3 and √10 lie within 0.25 of 3: 12 / 20.
      expect(mp[3]).toBe(0.6);
      const r = runUdf(plugin, new MemoryDataSet(ramp, [1], SIG), g, { partitions: 1 });
      for (let k = 0; k < 5; k++) {
        expect(r.mean_profile!.data[k]).toBeGreaterThanOrEqual(k);
        expect(r.mean_profile!.data[k]).toBeLessThan(k + 1);
      }
      expect(Array.from(r.radii!.data)).toEqual([0.5, 1.5, 2.5, 3.5, 4.5]);
      // Bin pixel counts around an on-pixel centre: lattice points with k² ≤ d² < (k+1)².
      // d² in [0,1): 0 | [1,4): 1, 2 | [4,9): 4, 5, 8 | [9,16): 9, 10, 13 | [16,25): 16, 17, 18, 20.
      expect(Array.from(r.bin_pixels!.data)).toEqual([1, 8, 16, 20, 24]);
    });

    test('a uniform frame: profile = pixels per bin × value, mean_profile = value; total = Σ over frames', () => {
      const ds = new MemoryDataSet(new Uint16Array(FRAMES * H * W).fill(3), NAV, SIG);
      const g = { cx: 5, cy: 4, rMin: 0, rMax: 5, nBins: 5 };
      const r = runUdf(plugin, ds, g, { tileShape: { depth: 4, rows: 2 }, partitions: 3 });
      expect(Array.from(new Set(r.mean_profile!.data))).toEqual([3]);
      expect(Array.from(r.profile!.data.subarray(0, 5))).toEqual([3, 24, 48, 60, 72]);
      expect(Array.from(r.total_profile!.data)).toEqual([3, 24, 48, 60, 72].map((v) => v * FRAMES));
    });

    test('an empty bin has a zero sum and a NaN mean', () => {
      const r = runUdf(plugin, randomDataSet(NAV, SIG), { cx: 5, cy: 4, rMin: 0, rMax: 2, nBins: 8 }, { partitions: 2 });
      // Bin [0.25, 0.5) holds no pixel around an on-pixel centre.
      expect(r.bin_pixels!.data[1]).toBe(0);
      expect(r.profile!.data[1]).toBe(0);
      expect(r.mean_profile!.data[1]).toBeNaN();
    });

    test('an empty ROI: nav profiles NaN, total_profile 0', () => {
      const r = runUdf(plugin, randomDataSet(NAV, SIG), {}, { roi: new Uint8Array(FRAMES) });
      expect(Array.from(r.profile!.data).every(Number.isNaN)).toBe(true);
      expect(Array.from(new Set(r.total_profile!.data))).toEqual([0]);
    });
  });

  test('a real detector file (delmic SPARC, 3×2 × 256×256 uint16), defaults and chosen bins, matches the float64 reference', () => {
    const ds = npyDataSet(join(dataDir, 'npy/delmic/sparc-angle-resolved-data.npy'));
    const resolved = resolveParams(plugin, {}, ds) as unknown as Geometry;
    expect(resolved).toEqual({ cx: 128, cy: 128, rMin: 0, rMax: 128, nBins: 128 });
    for (const g of [resolved, { cx: 120.5, cy: 131.25, rMin: 3.5, rMax: 150, nBins: 37 }]) {
      const r = runUdf(plugin, ds, g, { partitions: 2, tileShape: { depth: 4, rows: 37 } });
      const ref = reference(ds, g);
      expectClose(r.profile!.data, ref.profile);
      expectClose(r.mean_profile!.data, ref.mean);
      expectClose(r.total_profile!.data, ref.total);
    }
  });

  describe('parameters', () => {
    const ds = randomDataSet(NAV, SIG);

    test('defaults: the frame centre, out to half the short side, 1 px bins; they run on odd frames too', () => {
      expect(resolveParams(plugin, {}, ds)).toEqual({ cx: 5.5, cy: 4.5, rMin: 0, rMax: 4.5, nBins: 4 });
      for (const sig of [[9, 11], [1, 1], [2, 3], [1, 64], [256, 64]]) expect(() => runUdf(plugin, randomDataSet([2], sig))).not.toThrow();
    });

    test.each([
      [{ rMin: 3, rMax: 3 }, '/rMin', /lower rMin or raise rMax/],
      [{ rMin: 4, rMax: 3 }, '/rMin', /lower rMin or raise rMax/],
      [{ rMin: 0.1, rMax: 0.9 }, '/rMax', /raise rMax/],
    ])('%j is refused at %s', (radii, path, message) => {
      expect(paramErrors(() => runUdf(plugin, ds, { cx: 5, cy: 4, ...radii }))).toEqual([{ path, message: expect.stringMatching(message) }]);
    });

    test('nBins < 1, fractional nBins, a negative radius: schema errors at the field', () => {
      expect(paramErrors(() => runUdf(plugin, ds, { nBins: 0 })).map((e) => e.path)).toEqual(['/nBins']);
      expect(paramErrors(() => runUdf(plugin, ds, { nBins: 2.5 })).map((e) => e.path)).toEqual(['/nBins']);
      expect(paramErrors(() => runUdf(plugin, ds, { rMin: -1 })).map((e) => e.path)).toEqual(['/rMin']);
    });

    test('so many bins that the per-frame profiles would not fit in memory are refused at /nBins', () => {
      const big = { navShape: [4096, 4096], sigShape: [256, 256], dtype: 'uint16' as const, frames: 4096 * 4096 };
      expect(paramErrors(() => resolveParams(plugin, { nBins: 9 }, big))).toEqual([{ path: '/nBins', message: expect.stringMatching(/use at most 8 bins/) }]);
      expect(() => resolveParams(plugin, { nBins: 8 }, big)).not.toThrow();
      // The defaults stay within the limit: wider bins on such a scan.
      expect(resolveParams(plugin, {}, big)).toMatchObject({ rMax: 128, nBins: 8 });
    });

    test('a centre off the detector is refused at /cx, /cy (only when the data set is known)', () => {
      expect(paramErrors(() => runUdf(plugin, ds, { cx: W, cy: 4 })).map((e) => e.path)).toEqual(['/cx']);
      expect(paramErrors(() => runUdf(plugin, ds, { cx: -1, cy: H + 2 })).map((e) => e.path)).toEqual(['/cx', '/cy']);
      expect(() => resolveParams(plugin, { cx: W, cy: 4, rMin: 0, rMax: 2, nBins: 2 })).not.toThrow();
    });

    test('the form: titles, units and help on every field, the ring overlay', () => {
      const schema = RadialProfileParams as unknown as { properties: Record<string, { title?: string; type: string; 'x-ui'?: { unit?: string; help?: string } }>; 'x-ui': { overlay: string } };
      expect(schema['x-ui'].overlay).toBe('ring');
      expect(Object.keys(schema.properties)).toEqual(['cx', 'cy', 'rMin', 'rMax', 'nBins']);
      expect(schema.properties.nBins!.type).toBe('integer');
      for (const prop of Object.values(schema.properties)) {
        expect(typeof prop.title).toBe('string');
        expect(typeof prop['x-ui']?.unit).toBe('string');
        expect(typeof prop['x-ui']?.help).toBe('string');
      }
    });
  });
});
