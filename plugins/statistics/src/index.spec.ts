import { join } from 'node:path';
import { resolveParams, type AnyPlugin, type DType } from '@stemflow/plugin-sdk';
import { awkwardCases, awkwardRoi, MemoryDataSet, npyDataSet, randomDataSet, runUdf, sharedDataDir } from '@stemflow/plugin-sdk/testing';
import plugins, { FrameStatisticsParams, logsum, maxFrame, mean, minFrame } from './index';

const NAV = [5, 7];
const SIG = [9, 11];
const FRAMES = 35;
const ROI = awkwardRoi(FRAMES);

const dataDir = sharedDataDir();

type Stat = 'logsum' | 'max' | 'min' | 'mean';

/** Plain float64 references written out from the definitions, frame by frame (two passes for logsum). */
function reference(ds: MemoryDataSet, stat: Stat, roi?: Uint8Array): Float64Array {
  const size = ds.sigShape.reduce((a, b) => a * b, 1);
  const frames = Array.from({ length: ds.frames }, (_, f) => f).filter((f) => !roi || roi[f]);
  const out = new Float64Array(size).fill(stat === 'max' || stat === 'min' ? NaN : 0);
  for (const f of frames) {
    let m = Infinity;
    for (let p = 0; p < size; p++) m = Math.min(m, Number(ds.data[f * size + p]));
    for (let p = 0; p < size; p++) {
      const v = Number(ds.data[f * size + p]);
      if (stat === 'logsum') out[p] += Math.log(v - m + 1);
      else if (stat === 'mean') out[p] += v;
      else if (f === frames[0]) out[p] = v;
      else out[p] = stat === 'max' ? Math.max(out[p]!, v) : Math.min(out[p]!, v);
    }
  }
  if (stat === 'mean') for (let p = 0; p < size; p++) out[p] /= frames.length;
  return out;
}

const PLUGINS: [Stat, AnyPlugin][] = [
  ['logsum', logsum],
  ['max', maxFrame],
  ['min', minFrame],
  ['mean', mean],
];

/** Element-wise comparison that names the first mismatch (a Jest diff of 65536 numbers takes minutes). */
function expectClose(actual: ArrayLike<number>, expected: ArrayLike<number>, rel = 0): void {
  expect(actual.length).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) {
    const a = actual[i]!;
    const e = expected[i]!;
    if (Number.isNaN(e) ? !Number.isNaN(a) : !(a === e || Math.abs(a - e) <= rel * Math.max(1, Math.abs(e)))) throw new Error(`element ${i}: ${a} vs ${e}`);
  }
}

describe('statistics', () => {
  test('the package exports four analyses with ids statistics.<name>', () => {
    expect(plugins.map((p) => p.id)).toEqual(['statistics.logsum', 'statistics.max-frame', 'statistics.min-frame', 'statistics.mean']);
    for (const p of plugins) {
      expect(typeof p.title).toBe('string');
      expect(p.params).toBe(FrameStatisticsParams);
    }
  });

  // int16 as well: all-negative values catch a max that starts from the zeroed buffer.
  const cases = awkwardCases(NAV, SIG, ['uint16', 'float32', 'int16']);
  test.each(cases)('$dtype tile $tileShape.depth×$tileShape.rows, $partitions partitions, roi $useRoi', ({ dtype, tileShape, partitions, useRoi }) => {
    const base = randomDataSet(NAV, SIG, dtype, 17);
    // int16: values in [−1000, −1]; float32: [0.5, 1000.5): every result is away from 0.
    const data = dtype === 'int16' ? base.data.map((v) => -v - 1) : dtype === 'float32' ? base.data.map((v) => v + 0.5) : base.data;
    const ds = new MemoryDataSet(data, NAV, SIG);
    const roi = useRoi ? ROI : undefined;
    for (const [stat, plugin] of PLUGINS) {
      const r = runUdf(plugin, ds, {}, { tileShape, partitions, roi });
      expect(r[stat]!.shape).toEqual(SIG);
      const expected = reference(ds, stat, roi);
      // max, min and integer means are exact; logsum of integers differs only by summation order.
      expectClose(r[stat]!.data, expected, stat === 'max' || stat === 'min' || (stat === 'mean' && dtype !== 'float32') ? 0 : 1e-12);
    }
  });

  test.each([
    { depth: 3, rows: 4 },
    { depth: 1, rows: 9 },
    { depth: 7, rows: 2 },
  ])('max/min merge order does not matter (tile $depth×$rows, 2–5 partitions)', (tileShape) => {
    const ds = new MemoryDataSet(randomDataSet(NAV, SIG, 'int16', 4).data.map((v) => v - 500), NAV, SIG);
    for (const [stat, plugin] of PLUGINS.slice(1, 3)) {
      const expected = Array.from(reference(ds, stat));
      for (const partitions of [2, 3, 5]) {
        for (const mergeOrder of ['forward', 'reverse'] as const) {
          expect(Array.from(runUdf(plugin, ds, {}, { tileShape, partitions, mergeOrder })[stat]!.data)).toEqual(expected);
        }
      }
    }
  });

  test('max of all-negative frames is negative, min of all-positive frames is positive (no zero from the buffers)', () => {
    const negative = new MemoryDataSet(new Float32Array(FRAMES * 99).fill(-3.5), NAV, SIG);
    const positive = new MemoryDataSet(new Uint16Array(FRAMES * 99).fill(7), NAV, SIG);
    // A ROI with frames in one partition only: the other partition merges in as "no frame".
    const roi = Uint8Array.from({ length: FRAMES }, (_, i) => (i >= 30 ? 1 : 0));
    for (const options of [{ partitions: 3 }, { partitions: 3, roi }, { partitions: 2, roi, mergeOrder: 'forward' as const }]) {
      expect(Array.from(new Set(runUdf(maxFrame, negative, {}, options).max!.data))).toEqual([-3.5]);
      expect(Array.from(new Set(runUdf(minFrame, positive, {}, options).min!.data))).toEqual([7]);
    }
  });

  test('known answers: frame i holding i gives max N−1, min 0, mean (N−1)/2', () => {
    const data = Uint16Array.from({ length: FRAMES * 99 }, (_, i) => Math.floor(i / 99));
    const ds = new MemoryDataSet(data, NAV, SIG);
    const opts = { tileShape: { depth: 4, rows: 3 }, partitions: 3 };
    expect(Array.from(new Set(runUdf(maxFrame, ds, {}, opts).max!.data))).toEqual([34]);
    expect(Array.from(new Set(runUdf(minFrame, ds, {}, opts).min!.data))).toEqual([0]);
    const r = runUdf(mean, ds, {}, opts);
    expect(Array.from(new Set(r.mean!.data))).toEqual([17]);
    expect(r.num_frames!.data[0]).toBe(35);
    // Constant frames: frame − min(frame) = 0 everywhere, so the log-sum is 0.
    expect(Array.from(new Set(runUdf(logsum, ds, {}, opts).logsum!.data))).toEqual([0]);
  });

  test("logsum: LiberTEM's docstring example (f1 = (11, 101), f2…f10 = (11, 1)), natural log", () => {
    const data = new Uint16Array(20);
    for (let f = 0; f < 10; f++) data.set(f === 0 ? [11, 101] : [11, 1], 2 * f);
    const { logsum: out } = runUdf(logsum, new MemoryDataSet(data, [10], [1, 2]), {}, { partitions: 3 });
    expect(out!.shape).toEqual([1, 2]);
    expect(out!.data[0]).toBeCloseTo(9 * Math.log(11), 12);
    expect(out!.data[1]).toBeCloseTo(Math.log(91), 12);
  });

  test('NaN pixels propagate as in NumPy (np.max, np.min, np.log of a NaN frame minimum)', () => {
    const data = new Float32Array(FRAMES * 99).fill(2);
    data[5 * 99 + 40] = NaN;
    const ds = new MemoryDataSet(data, NAV, SIG);
    const opts = { tileShape: { depth: 3, rows: 4 }, partitions: 3 };
    const max = runUdf(maxFrame, ds, {}, opts).max!.data;
    const min = runUdf(minFrame, ds, {}, opts).min!.data;
    expect(max[40]).toBeNaN();
    expect(min[40]).toBeNaN();
    expect(max.filter(Number.isNaN)).toHaveLength(1);
    expect(Array.from(runUdf(logsum, ds, {}, opts).logsum!.data).every(Number.isNaN)).toBe(true);
  });

  test('an empty ROI: max, min and mean are NaN, logsum is 0 (a sum of nothing)', () => {
    const ds = randomDataSet(NAV, SIG);
    const roi = new Uint8Array(FRAMES);
    expect(Array.from(runUdf(maxFrame, ds, {}, { roi }).max!.data).every(Number.isNaN)).toBe(true);
    expect(Array.from(runUdf(minFrame, ds, {}, { roi }).min!.data).every(Number.isNaN)).toBe(true);
    expect(Array.from(runUdf(mean, ds, {}, { roi }).mean!.data).every(Number.isNaN)).toBe(true);
    expect(Array.from(new Set(runUdf(logsum, ds, {}, { roi }).logsum!.data))).toEqual([0]);
  });

  test('a real detector file (delmic SPARC, 3×2 × 256×256 uint16) matches the float64 reference', () => {
    const ds = npyDataSet(join(dataDir, 'npy/delmic/sparc-angle-resolved-data.npy'));
    for (const [stat, plugin] of PLUGINS) {
      const r = runUdf(plugin, ds, {}, { partitions: 2, tileShape: { depth: 4, rows: 37 } });
      expect(r[stat]!.shape).toEqual([256, 256]);
      const expected = reference(ds, stat);
      expectClose(r[stat]!.data, expected, stat === 'logsum' ? 1e-12 : 0);
    }
    // MANIFEST: the total of the file is 300418883 over 6 frames.
    const m = runUdf(mean, ds).mean!.data;
    expect(Array.from(m).reduce((a, b) => a + b, 0) * 6).toBeCloseTo(300418883, 3);
  });

  test('the form: no fields, a title; any defaults run; a non-object is refused with PARAMS_INVALID', () => {
    const schema = FrameStatisticsParams as unknown as { type: string; title: string; properties: object };
    expect(schema.type).toBe('object');
    expect(typeof schema.title).toBe('string');
    expect(Object.keys(schema.properties)).toEqual([]);
    const ds = randomDataSet([2, 3], [4, 5], 'uint8' as DType);
    for (const p of plugins) {
      expect(resolveParams(p, {}, ds)).toEqual({});
      expect(() => runUdf(p, ds)).not.toThrow();
      expect(() => resolveParams(p, 42, ds)).toThrow(expect.objectContaining({ code: 'PARAMS_INVALID', errors: [{ path: '/', message: 'must be an object' }] }));
    }
  });
});
