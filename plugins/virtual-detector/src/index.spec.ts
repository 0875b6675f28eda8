import { resolveParams } from '@stemflow/plugin-sdk';
import { awkwardCases, awkwardRoi, MemoryDataSet, paramErrors, randomDataSet, runUdf } from '@stemflow/plugin-sdk/testing';
import plugin, { DetectorParams } from './index';

const NAV = [5, 7];
const SIG = [9, 11]; // h = 9, w = 11
const [H, W] = SIG as [number, number];
const FRAMES = 35;
const ROI = awkwardRoi(FRAMES);

type Geometry = { shape: 'point' | 'disk' | 'ring' | 'rect'; [k: string]: unknown };

/** The edge conventions written out plainly (pixel indices, y down). */
function inside(g: Geometry, y: number, x: number): boolean {
  const n = (k: string) => g[k] as number;
  const d2 = (x - n('cx')) ** 2 + (y - n('cy')) ** 2;
  switch (g.shape) {
    case 'point':
      return y === Math.trunc(n('cy')) && x === Math.trunc(n('cx'));
    case 'disk':
      return d2 <= n('r') ** 2;
    case 'ring':
      return d2 > n('ri') ** 2 && d2 <= n('ro') ** 2;
    case 'rect':
      return x >= Math.trunc(n('x')) && x < Math.trunc(n('x') + n('width')) && y >= Math.trunc(n('y')) && y < Math.trunc(n('y') + n('height'));
  }
}

function naive(ds: MemoryDataSet, g: Geometry, roi?: Uint8Array): Float64Array {
  const out = new Float64Array(FRAMES);
  for (let f = 0; f < FRAMES; f++) {
    if (roi && !roi[f]) {
      out[f] = NaN;
      continue;
    }
    let s = 0;
    for (let y = 0; y < H; y++) for (let x = 0; x < W; x++) if (inside(g, y, x)) s += Number(ds.data[f * H * W + y * W + x]);
    out[f] = s;
  }
  return out;
}

const GEOMETRIES: Geometry[] = [
  { shape: 'point', cx: 7.6, cy: 2.2 },
  { shape: 'disk', cx: 5, cy: 4, r: 3 },
  { shape: 'disk', cx: 4.5, cy: 3.7, r: 2.5 },
  { shape: 'ring', cx: 5, cy: 4, ri: 2, ro: 4 },
  { shape: 'rect', x: 1.7, y: 1, width: 5, height: 6 },
];

const cases = awkwardCases(NAV, SIG);


describe('virtual-detector', () => {
  test.each(cases)('$dtype tile $tileShape.depth×$tileShape.rows, $partitions partitions, roi $useRoi', ({ dtype, tileShape, partitions, useRoi }) => {
    const ds = randomDataSet(NAV, SIG, dtype, 3);
    const roi = useRoi ? ROI : undefined;
    for (const g of GEOMETRIES) {
      const { intensity } = runUdf(plugin, ds, g, { tileShape, partitions, roi });
      expect(intensity!.shape).toEqual(NAV);
      const expected = naive(ds, g, roi);
      for (let f = 0; f < FRAMES; f++) {
        if (Number.isNaN(expected[f])) expect(intensity!.data[f]).toBeNaN();
        else if (dtype === 'uint16') expect(intensity!.data[f]).toBe(expected[f]);
        else expect(intensity!.data[f]).toBeCloseTo(expected[f]!, 6);
      }
    }
  });

  describe('edge conventions', () => {
    // nav = sig = 9×11 and frame i lights only pixel i, so the result image *is* the mask.
    const probe = new MemoryDataSet(
      Uint16Array.from({ length: H * W * H * W }, (_, i) => (i % (H * W) === Math.floor(i / (H * W)) ? 1 : 0)),
      SIG,
      SIG,
    );
    const maskOf = (g: Geometry) => runUdf(plugin, probe, g, { tileShape: { depth: 5, rows: 2 }, partitions: 3 }).intensity!.data;
    const at = (m: ArrayLike<number>, y: number, x: number) => m[y * W + x];

    test('a disk includes d = r', () => {
      const m = maskOf({ shape: 'disk', cx: 5, cy: 4, r: 3 });
      expect(at(m, 4, 8)).toBe(1); // d = 3
      expect(at(m, 1, 5)).toBe(1); // d = 3
      expect(at(m, 1, 6)).toBe(0); // d² = 10
      expect(Array.from(m).reduce((a, b) => a + b, 0)).toBe(29); // lattice points with d² ≤ 9
    });

    test('a ring with integer radii includes d = ro and excludes d = ri', () => {
      const m = maskOf({ shape: 'ring', cx: 5, cy: 4, ri: 2, ro: 3 });
      expect(at(m, 4, 8)).toBe(1); // d = ro
      expect(at(m, 7, 5)).toBe(1); // d = ro
      expect(at(m, 4, 7)).toBe(0); // d = ri
      expect(at(m, 2, 5)).toBe(0); // d = ri
      expect(at(m, 4, 5)).toBe(0); // centre
      expect(at(m, 3, 7)).toBe(1); // d² = 5
      expect(Array.from(m).reduce((a, b) => a + b, 0)).toBe(29 - 13);
    });

    test('a point is the pixel (trunc(cy), trunc(cx)); a rect is half-open', () => {
      const p = maskOf({ shape: 'point', cx: 3.9, cy: 6.2 });
      expect(Array.from(p).reduce((a, b) => a + b, 0)).toBe(1);
      expect(at(p, 6, 3)).toBe(1);
      const r = maskOf({ shape: 'rect', x: 2, y: 1, width: 3, height: 2 });
      for (let y = 0; y < H; y++) for (let x = 0; x < W; x++) expect(at(r, y, x)).toBe(x >= 2 && x < 5 && y >= 1 && y < 3 ? 1 : 0);
    });
  });

  describe('parameters', () => {
    const ds = randomDataSet(NAV, SIG);

    test('LiberTEM-like defaults from the frame size', () => {
      expect(resolveParams(plugin, {}, ds)).toMatchObject({ shape: 'disk', cx: 5.5, cy: 4.5, r: 4.5 * 0.3, ro: 4.5, ri: 4.5 * 0.8 });
      // A ring from the defaults alone is valid.
      expect(() => runUdf(plugin, ds, { shape: 'ring' })).not.toThrow();
    });

    test.each([
      [{ ri: 3, ro: 3 }, '/ri'],
      [{ ri: 4, ro: 3 }, '/ri'],
    ])('ring %j is refused at %s', (radii, path) => {
      const errors = paramErrors(() => runUdf(plugin, ds, { shape: 'ring', cx: 5, cy: 4, ...radii }));
      expect(errors).toHaveLength(1);
      expect(errors[0]!.path).toBe(path);
      expect(errors[0]!.message).toMatch(/lower ri or raise ro/);
    });

    test('a disk without a radius is refused at /r', () => {
      const errors = paramErrors(() => resolveParams(plugin, { shape: 'disk', cx: 5, cy: 4 }));
      expect(errors.map((e) => e.path)).toEqual(['/r']);
      expect(errors[0]!.message).toMatch(/set "r"/);
    });

    test('a centre off the detector is refused only when the data set is known', () => {
      expect(paramErrors(() => runUdf(plugin, ds, { shape: 'disk', cx: W, cy: 4, r: 2 })).map((e) => e.path)).toEqual(['/cx']);
      expect(paramErrors(() => runUdf(plugin, ds, { shape: 'ring', cx: 5, cy: -1, ri: 1, ro: 2 })).map((e) => e.path)).toEqual(['/cy']);
      expect(paramErrors(() => runUdf(plugin, ds, { shape: 'point', cx: -0.5, cy: H })).map((e) => e.path)).toEqual(['/cx', '/cy']);
      expect(() => resolveParams(plugin, { shape: 'disk', cx: W, cy: 4, r: 2 })).not.toThrow();
    });

    test('a detector covering no pixel is refused with a hint', () => {
      const errors = paramErrors(() => runUdf(plugin, ds, { shape: 'disk', cx: 4.5, cy: 4.5, r: 0.3 }));
      expect(errors).toEqual([{ path: '/r', message: expect.stringMatching(/raise r/) }]);
      expect(paramErrors(() => runUdf(plugin, ds, { shape: 'rect', x: W, y: 0, width: 3, height: 3 }))[0]!.path).toBe('/width');
    });

    test('schema errors: unknown shape, negative radius', () => {
      expect(paramErrors(() => runUdf(plugin, ds, { shape: 'circle' })).map((e) => e.path)).toEqual(['/shape']);
      expect(paramErrors(() => runUdf(plugin, ds, { shape: 'disk', r: -1 })).map((e) => e.path)).toEqual(['/r']);
    });

    test('the schema carries titles, an enum for the shape and the overlay hint', () => {
      const schema = DetectorParams as unknown as { properties: Record<string, { title?: string; enum?: unknown[] }>; 'x-ui': { overlay: string } };
      expect(schema['x-ui'].overlay).toBe('shape');
      expect(schema.properties.shape!.enum).toEqual(['point', 'disk', 'ring', 'rect', 'polygon', 'mask', 'stack']);
      for (const [name, prop] of Object.entries(schema.properties)) expect([name, typeof prop.title]).toEqual([name, 'string']);
    });
  });
});
