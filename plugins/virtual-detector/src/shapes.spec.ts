import { join } from 'node:path';
import { encodeMaskData, resolveParams, StemflowError, type FieldError } from '@stemflow/plugin-sdk';
import { awkwardCases, awkwardRoi, MemoryDataSet, npyDataSet, randomData, randomDataSet, runUdf, sharedDataDir } from '@stemflow/plugin-sdk/testing';
import plugin, { DetectorParams } from './index';

// Polygons, anti-aliased edges, masks as data, stacks and sparse storage, each against a plain
// float64 reference written here from the stated rules (not from the SDK's mask code).

const NAV = [5, 7];
const SIG = [9, 11];
const [H, W] = SIG as [number, number];
const FRAMES = 35;

type XY = { x: number; y: number };
type Spec = Record<string, unknown> & { shape: string };

/** Even–odd rule on the pixel centre (x, y), half-open edges (PNPOLY with its division). */
function inPolygon(vs: XY[], x: number, y: number): boolean {
  let inside = false;
  for (let i = 0, j = vs.length - 1; i < vs.length; j = i++) {
    const a = vs[i]!;
    const b = vs[j]!;
    if (a.y > y !== b.y > y && x < ((b.x - a.x) * (y - a.y)) / (b.y - a.y) + a.x) inside = !inside;
  }
  return inside;
}

/** numpy's round (half to even), for LiberTEM's centre patch. */
const npRound = (v: number) => (Math.abs(v % 1) === 0.5 ? 2 * Math.round(v / 2) : Math.round(v));

/** The weight of pixel (y, x) of a detector of h × w for one spec, from the rules in docs/conventions/virtual-detectors.md. */
function weight(g: Spec, y: number, x: number, w: number, values?: Float32Array): number {
  const { cx, cy, r, ri, ro } = g as Record<string, number>;
  const d = Math.sqrt((x - cx!) ** 2 + (y - cy!) ** 2);
  switch (g.shape) {
    case 'point':
      return y === Math.trunc(cy!) && x === Math.trunc(cx!) ? 1 : 0;
    case 'disk':
      return g.antialiased ? ramp(g, y, x, d, 0, r!) : d * d <= r! ** 2 ? 1 : 0;
    case 'ring':
      return g.antialiased ? ramp(g, y, x, d, ri!, ro!) : d * d > ri! ** 2 && d * d <= ro! ** 2 ? 1 : 0;
    case 'rect': {
      const n = g as unknown as { x: number; y: number; width: number; height: number };
      return x >= Math.trunc(n.x) && x < Math.trunc(n.x + n.width) && y >= Math.trunc(n.y) && y < Math.trunc(n.y + n.height) ? 1 : 0;
    }
    case 'polygon':
      return inPolygon(g.vertices as XY[], x, y) ? 1 : 0;
    case 'mask':
      return values![y * w + x]!;
    default:
      throw new Error(`no reference for ${g.shape}`);
  }
}

/** LiberTEM's radial_bins(n_bins = 1): clip((ro − ri)/2 + ½ − |d − (ri + ro)/2|, 0, 1); pixel (round(cy), round(cx)) = 1 − ri when ri < ½. */
function ramp(g: Spec, y: number, x: number, d: number, ri: number, ro: number): number {
  if (ri < 0.5 && y === npRound(g.cy as number) && x === npRound(g.cx as number)) return 1 - ri;
  return Math.min(1, Math.max(0, (ro - ri) / 2 + 0.5 - Math.abs(d - (ri + ro) / 2)));
}

/** ref[f·n + m] = Σ_p frame_f[p] · w_m[p] in float64; NaN outside the ROI. */
function reference(ds: MemoryDataSet, specs: Spec[], roi?: Uint8Array, maskValues: (Float32Array | undefined)[] = []): Float64Array {
  const [h, w] = ds.sigShape as [number, number];
  const frames = ds.data.length / (h * w);
  const out = new Float64Array(frames * specs.length);
  const data = Float64Array.from(ds.data);
  const size = h * w;
  specs.forEach((g, m) => {
    const wts = new Float64Array(size);
    for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) wts[y * w + x] = weight(g, y, x, w, maskValues[m]);
    for (let f = 0; f < frames; f++) {
      let s = 0;
      for (let p = 0; p < size; p++) s += data[f * size + p]! * wts[p]!;
      out[f * specs.length + m] = roi && !roi[f] ? NaN : s;
    }
  });
  return out;
}

function expectClose(got: ArrayLike<number>, want: ArrayLike<number>, exact: boolean): void {
  expect(got.length).toBe(want.length);
  for (let i = 0; i < want.length; i++) {
    const [g, e] = [got[i]!, want[i]!];
    if (Number.isNaN(e)) expect([i, g]).toEqual([i, NaN]);
    else if (exact) expect([i, g]).toEqual([i, e]);
    else if (Math.abs(g - e) > 1e-9 * Math.max(1, Math.abs(e))) expect([i, g]).toEqual([i, e]);
  }
}

// A float32 weight mask and a uint8 0/1 mask of the detector shape.
const FLOAT_MASK = Float32Array.from(randomData('float32', H * W, 11, 1) as Float32Array, (v) => (v < 0.5 ? 0 : v * 2 - 1));
const BYTE_MASK = Float32Array.from({ length: H * W }, (_, i) => ((i * 7) % 5 === 0 ? 1 : 0));

const STAR: XY[] = [
  { x: 5.3, y: 0.2 },
  { x: 8.1, y: 8.7 },
  { x: 0.2, y: 2.9 },
  { x: 10.6, y: 3.1 },
  { x: 1.9, y: 8.2 },
];
const DIAMOND: XY[] = [
  { x: 5, y: 0 },
  { x: 9, y: 4 },
  { x: 5, y: 8 },
  { x: 1, y: 4 },
];

/** Every kind of single mask, with the values the reference needs. */
const SINGLES: [Spec, Float32Array?][] = [
  [{ shape: 'polygon', vertices: STAR }],
  [{ shape: 'polygon', vertices: DIAMOND }],
  [{ shape: 'disk', cx: 5, cy: 4, r: 3, antialiased: true }],
  [{ shape: 'disk', cx: 4.5, cy: 3.5, r: 2.2, antialiased: true }],
  [{ shape: 'ring', cx: 5.2, cy: 4.1, ri: 1.5, ro: 4, antialiased: true }],
  [{ shape: 'ring', cx: 5, cy: 4, ri: 0.2, ro: 3.3, antialiased: true }],
  [{ shape: 'mask', mask: encodeMaskData([H, W], FLOAT_MASK) }, FLOAT_MASK],
  [{ shape: 'mask', mask: encodeMaskData([H, W], BYTE_MASK, 'uint8') }, BYTE_MASK],
];

/** A stack of every shape, with a common centre for the items that give none. */
const STACK_ITEMS: Spec[] = [
  { shape: 'point', cx: 7.6, cy: 2.2 },
  { shape: 'disk', r: 3 },
  { shape: 'ring', ri: 2, ro: 4 },
  { shape: 'ring', cx: 4.5, cy: 3.7, ri: 1, ro: 3.5, antialiased: true },
  { shape: 'rect', x: 1.7, y: 1, width: 5, height: 6 },
  { shape: 'polygon', vertices: STAR },
  { shape: 'mask', mask: encodeMaskData([H, W], FLOAT_MASK) },
];
const STACK_CENTRE = { cx: 5, cy: 4 };
const STACK_REF: Spec[] = STACK_ITEMS.map((g) => ({ ...STACK_CENTRE, ...g }));
const STACK_VALUES = STACK_ITEMS.map((g) => (g.shape === 'mask' ? FLOAT_MASK : undefined));

describe('virtual-detector: polygons, anti-aliasing, masks as data, stacks', () => {
  test.each(awkwardCases(NAV, SIG))(
    '$dtype tile $tileShape.depth×$tileShape.rows, $partitions partitions, roi $useRoi',
    ({ dtype, tileShape, partitions, roi }) => {
      const ds = randomDataSet(NAV, SIG, dtype, 5);
      for (const [spec, values] of SINGLES) {
        const { intensity } = runUdf(plugin, ds, spec, { tileShape, partitions, roi });
        expect(intensity!.shape).toEqual(NAV);
        const binary = spec.shape === 'polygon' || (spec.shape === 'mask' && values === BYTE_MASK);
        expectClose(intensity!.data, reference(ds, [spec], roi, [values]), dtype === 'uint16' && binary);
      }
      const want = reference(ds, STACK_REF, roi, STACK_VALUES);
      for (const storage of ['auto', 'dense', 'sparse']) {
        const { intensity } = runUdf(plugin, ds, { shape: 'stack', ...STACK_CENTRE, masks: STACK_ITEMS, storage }, { tileShape, partitions, roi });
        expect(intensity!.shape).toEqual([...NAV, STACK_ITEMS.length]);
        expectClose(intensity!.data, want, false);
      }
    },
  );

  test('a stack equals its masks run one by one, and storage does not change results', () => {
    const ds = randomDataSet(NAV, SIG, 'uint16', 8);
    const opts = { tileShape: { depth: 4, rows: 2 }, partitions: 3, roi: awkwardRoi(FRAMES) };
    const stack = runUdf(plugin, ds, { shape: 'stack', ...STACK_CENTRE, masks: STACK_ITEMS }, opts).intensity!;
    const n = STACK_ITEMS.length;
    STACK_ITEMS.forEach((item, m) => {
      for (const storage of ['dense', 'sparse']) {
        const single = runUdf(plugin, ds, { ...STACK_CENTRE, ...item, storage }, opts).intensity!.data;
        for (let f = 0; f < FRAMES; f++) {
          const v = stack.data[f * n + m]!;
          if (Number.isNaN(single[f]!)) expect(v).toBeNaN();
          else expect(Math.abs(v - single[f]!)).toBeLessThanOrEqual(1e-9 * Math.abs(single[f]!));
        }
      }
    });
  });

  describe('known answers', () => {
    // nav = sig and frame i lights only pixel i: the result image *is* the mask.
    const probe = new MemoryDataSet(
      Uint16Array.from({ length: H * W * H * W }, (_, i) => (i % (H * W) === Math.floor(i / (H * W)) ? 1 : 0)),
      SIG,
      SIG,
    );
    const maskOf = (p: object) => runUdf(plugin, probe, p, { tileShape: { depth: 5, rows: 2 }, partitions: 3 }).intensity!;
    const total = (a: ArrayLike<number>) => Array.from(a).reduce((s, v) => s + v, 0);

    test('a polygon on integer corners is the rect: left/top edges in, right/bottom out', () => {
      const poly = maskOf({ shape: 'polygon', vertices: [{ x: 2, y: 1 }, { x: 5, y: 1 }, { x: 5, y: 3 }, { x: 2, y: 3 }] }).data;
      const rect = maskOf({ shape: 'rect', x: 2, y: 1, width: 3, height: 2 }).data;
      expect(Array.from(poly)).toEqual(Array.from(rect));
      expect(total(poly)).toBe(6);
    });

    test('the diamond through pixel centres takes its left/top boundary only, and its area in pixels', () => {
      const m = maskOf({ shape: 'polygon', vertices: DIAMOND }).data;
      expect(m[4 * W + 1]).toBe(1); // left vertex
      expect(m[4 * W + 9]).toBe(0); // right vertex
      expect(m[0 * W + 5]).toBe(0); // top vertex: a zero-width tip is on a left and a right edge
      expect(m[8 * W + 5]).toBe(0); // bottom vertex
      expect([m[1 * W + 4], m[1 * W + 5], m[1 * W + 6]]).toEqual([1, 1, 0]); // row 1 is [4, 6)
      expect(total(m)).toBe(32); // area of the diamond
    });

    test('an anti-aliased disk weighs ½ at d = r and sums to about π r²', () => {
      const m = maskOf({ shape: 'disk', cx: 5, cy: 4, r: 3, antialiased: true }).data;
      expect(m[4 * W + 8]).toBe(0.5);
      expect(m[4 * W + 7]).toBe(1);
      expect(m[4 * W + 5]).toBe(1);
      expect(total(m) / (Math.PI * 9)).toBeCloseTo(1, 1);
    });

    test('a stack of n masks gives n images, in order', () => {
      const r = maskOf({ shape: 'stack', cx: 5, cy: 4, masks: [{ shape: 'point', cx: 1, cy: 2 }, { shape: 'disk', r: 1 }] });
      expect(r.shape).toEqual([H, W, 2]);
      const first = Array.from({ length: H * W }, (_, i) => r.data[2 * i]);
      const second = Array.from({ length: H * W }, (_, i) => r.data[2 * i + 1]);
      expect(total(first)).toBe(1);
      expect(first[2 * W + 1]).toBe(1);
      expect(total(second)).toBe(5);
      expect([second[4 * W + 5], second[3 * W + 5], second[4 * W + 6]]).toEqual([1, 1, 1]);
    });
  });

  test('a real detector file: a stack of every shape against the float64 reference', () => {
    const dataDir = sharedDataDir();
    const ds = npyDataSet(join(dataDir, 'npy/delmic/sparc-angle-resolved-data.npy'));
    expect(ds.sigShape).toEqual([256, 256]);
    const values = Float32Array.from({ length: 256 * 256 }, (_, i) => ((i >> 8) + (i & 255)) % 7 === 0 ? 0.25 : 0);
    const items: Spec[] = [
      { shape: 'disk', r: 40 },
      { shape: 'disk', r: 40, antialiased: true },
      { shape: 'ring', ri: 60, ro: 110, antialiased: true },
      { shape: 'polygon', vertices: [{ x: 20.5, y: 30 }, { x: 200, y: 10.25 }, { x: 240, y: 250 }, { x: 128, y: 128 }, { x: 10, y: 200 }] },
      { shape: 'mask', mask: encodeMaskData([256, 256], values) },
    ];
    const centre = { cx: 131.5, cy: 120.25 };
    const r = runUdf(plugin, ds, { shape: 'stack', ...centre, masks: items }, { partitions: 2 }).intensity!;
    expect(r.shape).toEqual([3, 2, items.length]);
    const want = reference(ds, items.map((g) => ({ ...centre, ...g })), undefined, items.map((g) => (g.shape === 'mask' ? values : undefined)));
    expectClose(r.data, want, false);
    expect(Math.min(...Array.from(want))).toBeGreaterThan(0);
  });

  describe('the form', () => {
    const ds = randomDataSet(NAV, SIG);
    function paramErrors(run: () => unknown): FieldError[] {
      try {
        run();
      } catch (error) {
        expect(error).toBeInstanceOf(StemflowError);
        expect((error as StemflowError).code).toBe('PARAMS_INVALID');
        return (error as StemflowError).errors ?? [];
      }
      throw new Error('expected PARAMS_INVALID');
    }
    const paths = (p: object) => paramErrors(() => runUdf(plugin, ds, p)).map((e) => e.path);

    test('every shape runs from the defaults alone except an uploaded mask', () => {
      expect(runUdf(plugin, ds, {}).intensity!.shape).toEqual(NAV);
      expect(runUdf(plugin, ds, { shape: 'polygon' }).intensity!.shape).toEqual(NAV);
      expect(runUdf(plugin, ds, { shape: 'disk', antialiased: true }).intensity!.shape).toEqual(NAV);
      // The default stack: a bright-field disk and an annular dark-field ring.
      expect(runUdf(plugin, ds, { shape: 'stack' }).intensity!.shape).toEqual([...NAV, 2]);
      expect(resolveParams(plugin, {}, ds)).toMatchObject({ storage: 'auto', antialiased: false, masks: [{ shape: 'disk' }, { shape: 'ring' }] });
      expect(paths({ shape: 'mask' })).toEqual(['/mask']);
    });

    test('nested fields have titles, and the overlay hint is on the root and on stack items', () => {
      type S = { title?: string; properties?: Record<string, S>; items?: S; 'x-ui'?: { overlay?: string } };
      const titled = (s: S, at: string): string[] => [
        ...(typeof s.title === 'string' || at.endsWith('/shape/items') ? [] : [at]), // the [h, w] pair's entries need none
        ...Object.entries(s.properties ?? {}).flatMap(([k, v]) => titled(v, `${at}/${k}`)),
        ...(s.items ? titled(s.items, `${at}/items`) : []),
      ];
      const schema = DetectorParams as unknown as S;
      expect(titled(schema, '')).toEqual([]);
      expect(schema['x-ui']!.overlay).toBe('shape');
      expect(schema.properties!.masks!.items!['x-ui']!.overlay).toBe('shape');
      expect(Object.keys(schema.properties!.mask!.properties!)).toEqual(['shape', 'dtype', 'data']);
    });

    test('polygon nonsense is refused at /vertices', () => {
      expect(paths({ shape: 'polygon', vertices: [{ x: 1, y: 1 }, { x: 2, y: 2 }] })).toEqual(['/vertices']);
      const off = paramErrors(() => runUdf(plugin, ds, { shape: 'polygon', vertices: [{ x: 20, y: 1 }, { x: 30, y: 1 }, { x: 25, y: 8 }] }));
      expect(off).toEqual([{ path: '/vertices', message: expect.stringMatching(/covers no detector pixel: move the polygon/) }]);
      expect(paths({ shape: 'polygon', vertices: [{ x: 1 }, { x: 2, y: 2 }, { x: 3, y: 1 }] })).toEqual(['/vertices/0/y']);
    });

    test('a mask of the wrong shape or not base64 is refused with the pointer', () => {
      const wrong = encodeMaskData([W, H], BYTE_MASK, 'uint8');
      const errors = paramErrors(() => runUdf(plugin, ds, { shape: 'mask', mask: wrong }));
      expect(errors).toEqual([{ path: '/mask/shape', message: `the mask is ${W}×${H} but the detector is ${H}×${W}: upload a mask of the detector's shape` }]);
      expect(paths({ shape: 'mask', mask: { ...wrong, shape: [H, W], data: wrong.data.slice(4) } })).toEqual(['/mask/data']);
      expect(paths({ shape: 'mask', mask: { ...wrong, dtype: 'float64' } })).toEqual(['/mask/dtype']);
      expect(paths({ shape: 'mask', mask: { ...wrong, shape: [H] } })).toEqual(['/mask/shape']);
    });

    test('stack items are checked one by one, with pointers into the list', () => {
      expect(paths({ shape: 'stack', masks: [] })).toEqual(['/masks']);
      expect(paths({ shape: 'stack', masks: [{ shape: 'disk' }, { shape: 'ring', ri: 4, ro: 3 }] })).toEqual(['/masks/0/r', '/masks/1/ri']);
      expect(paths({ shape: 'stack', masks: [{ shape: 'disk', r: 2, cx: 40 }] })).toEqual(['/masks/0/cx']);
      // Items without a centre use the common one: its error is reported once, at /cx.
      expect(paths({ shape: 'stack', cx: -3, masks: [{ shape: 'disk', r: 2 }, { shape: 'ring', ri: 1, ro: 2 }] })).toEqual(['/cx']);
      expect(paths({ shape: 'stack', masks: [{ shape: 'disk', r: 2 }, { shape: 'mask', mask: encodeMaskData([2, 2], [1, 1, 1, 1], 'uint8') }] })).toEqual(['/masks/1/mask/shape']);
      expect(paths({ shape: 'stack', masks: [{ shape: 'stack' }] })).toEqual(['/masks/0/shape']);
      expect(paths({ shape: 'disk', storage: 'csr' })).toEqual(['/storage']);
    });
  });
});
