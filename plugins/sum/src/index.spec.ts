import { StemflowError } from '@stemflow/plugin-sdk';
import { awkwardCases, awkwardRoi, MemoryDataSet, randomDataSet, runUdf } from '@stemflow/plugin-sdk/testing';
import plugin from './index';

const NAV = [5, 7];
const SIG = [9, 11];
const FRAMES = 35;
const SIG_SIZE = 99;
// Every third position plus a block: ROI gaps split tiles into several reads.
const ROI = awkwardRoi(FRAMES);

/** Plain float64 reference: Σ over the selected frames. */
function naiveSum(ds: MemoryDataSet, roi?: Uint8Array): Float64Array {
  const out = new Float64Array(SIG_SIZE);
  for (let f = 0; f < FRAMES; f++) {
    if (roi && !roi[f]) continue;
    for (let p = 0; p < SIG_SIZE; p++) out[p] += Number(ds.data[f * SIG_SIZE + p]);
  }
  return out;
}

const cases = awkwardCases(NAV, SIG);

describe('sum', () => {
  test.each(cases)('$dtype tile $tileShape.depth×$tileShape.rows, $partitions partitions, roi $useRoi', ({ dtype, tileShape, partitions, useRoi }) => {
    const ds = randomDataSet(NAV, SIG, dtype, 7);
    const roi = useRoi ? ROI : undefined;
    const { intensity } = runUdf(plugin, ds, {}, { tileShape, partitions, roi });
    expect(intensity!.shape).toEqual(SIG);
    expect(intensity!.data).toBeInstanceOf(Float64Array);
    const expected = naiveSum(ds, roi);
    // Integer input sums exactly; float32 input differs only by summation order.
    for (let p = 0; p < SIG_SIZE; p++) {
      if (dtype === 'uint16') expect(intensity!.data[p]).toBe(expected[p]);
      else expect(intensity!.data[p]).toBeCloseTo(expected[p]!, 6);
    }
  });

  test('uint16 sums beyond 65535 are not wrapped', () => {
    const data = new Uint16Array(FRAMES * SIG_SIZE).fill(65535);
    const { intensity } = runUdf(plugin, new MemoryDataSet(data, NAV, SIG), {}, { tileShape: { depth: 4, rows: 2 }, partitions: 3 });
    expect(Array.from(new Set(intensity!.data))).toEqual([65535 * FRAMES]);
  });

  test('an empty ROI gives zeros, not NaN', () => {
    const { intensity } = runUdf(plugin, randomDataSet(NAV, SIG), {}, { roi: new Uint8Array(FRAMES) });
    expect(Array.from(new Set(intensity!.data))).toEqual([0]);
  });

  test('rejects unknown parameter types', () => {
    expect(() => runUdf(plugin, randomDataSet(NAV, SIG), 'x' as unknown as object)).toThrow(StemflowError);
  });
});
