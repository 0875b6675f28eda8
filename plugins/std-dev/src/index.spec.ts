import { awkwardCases, awkwardRoi, MemoryDataSet, randomDataSet, runUdf } from '@stemflow/plugin-sdk/testing';
import plugin from './index';

const NAV = [5, 7];
const SIG = [9, 11];
const FRAMES = 35;
const SIG_SIZE = 99;
const ROI = awkwardRoi(FRAMES);

/** Two-pass float64 reference: mean first, then Σ(x − mean)². */
function twoPass(ds: MemoryDataSet, roi?: Uint8Array) {
  const frames = Array.from({ length: FRAMES }, (_, f) => f).filter((f) => !roi || roi[f]);
  const n = frames.length;
  const sum = new Float64Array(SIG_SIZE);
  const varsum = new Float64Array(SIG_SIZE);
  for (let p = 0; p < SIG_SIZE; p++) {
    for (const f of frames) sum[p] += Number(ds.data[f * SIG_SIZE + p]);
    const mean = sum[p]! / n;
    for (const f of frames) varsum[p] += (Number(ds.data[f * SIG_SIZE + p]) - mean) ** 2;
  }
  return { n, sum, varsum, mean: sum.map((s) => s / n), var: varsum.map((v) => v / n), std: varsum.map((v) => Math.sqrt(v / n)) };
}

function expectClose(actual: ArrayLike<number>, expected: ArrayLike<number>, rel = 1e-9): void {
  expect(actual.length).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) {
    const e = expected[i]!;
    if (Math.abs(actual[i]! - e) > rel * Math.max(1, Math.abs(e))) throw new Error(`element ${i}: ${actual[i]} vs ${e}`);
  }
}

const cases = awkwardCases(NAV, SIG);

describe('std-dev', () => {
  test.each(cases)('$dtype tile $tileShape.depth×$tileShape.rows, $partitions partitions, roi $useRoi', ({ dtype, tileShape, partitions, useRoi }) => {
    const ds = randomDataSet(NAV, SIG, dtype, 13);
    const roi = useRoi ? ROI : undefined;
    const r = runUdf(plugin, ds, {}, { tileShape, partitions, roi });
    const ref = twoPass(ds, roi);
    expect(Object.keys(r).sort()).toEqual(['mean', 'num_frames', 'std', 'sum', 'var', 'varsum']);
    for (const name of ['mean', 'std', 'sum', 'var', 'varsum'] as const) {
      expect(r[name]!.shape).toEqual(SIG);
      expectClose(r[name]!.data, ref[name]);
    }
    expect(r.num_frames!.shape).toEqual([1]);
    expect(r.num_frames!.data[0]).toBe(ref.n);
  });

  test.each([
    { depth: 3, rows: 4 },
    { depth: 4, rows: 2 },
    { depth: 1, rows: 9 },
  ])('merge order does not matter (tile $depth×$rows, 3 partitions)', (tileShape) => {
    const ds = randomDataSet(NAV, SIG, 'float32', 21);
    const forward = runUdf(plugin, ds, {}, { tileShape, partitions: 3, mergeOrder: 'forward' });
    const reverse = runUdf(plugin, ds, {}, { tileShape, partitions: 3, mergeOrder: 'reverse' });
    for (const name of ['mean', 'var', 'std', 'varsum']) expectClose(forward[name]!.data, reverse[name]!.data);
  });

  test('a large offset does not cancel (pairwise merge, not Σx² − (Σx)²/N)', () => {
    const noise = randomDataSet(NAV, SIG, 'float64', 5).data;
    const ds = new MemoryDataSet(noise.map((v) => 1e9 + v / 1000), NAV, SIG); // variance ≈ 1/12, mean 1e9
    const r = runUdf(plugin, ds, {}, { tileShape: { depth: 3, rows: 4 }, partitions: 3 });
    const ref = twoPass(ds);
    expectClose(r.var!.data, ref.var, 1e-6);
    expect(Math.min(...r.var!.data)).toBeGreaterThan(0.01);
  });

  test('constant frames have zero variance exactly', () => {
    const ds = new MemoryDataSet(new Uint16Array(FRAMES * SIG_SIZE).fill(4242), NAV, SIG);
    const r = runUdf(plugin, ds, {}, { tileShape: { depth: 2, rows: 5 }, partitions: 3 });
    expect(Array.from(new Set(r.var!.data))).toEqual([0]);
    expect(Array.from(new Set(r.mean!.data))).toEqual([4242]);
  });

  test('an empty ROI gives NaN statistics and N = 0, without failing', () => {
    const r = runUdf(plugin, randomDataSet(NAV, SIG), {}, { roi: new Uint8Array(FRAMES), partitions: 3 });
    expect(r.num_frames!.data[0]).toBe(0);
    expect(Array.from(r.mean!.data).every(Number.isNaN)).toBe(true);
    expect(Array.from(r.std!.data).every(Number.isNaN)).toBe(true);
  });
});
