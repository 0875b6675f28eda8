import { awkwardCases, awkwardRoi, MemoryDataSet, randomDataSet, runUdf } from '@stemflow/plugin-sdk/testing';
import plugin from './index';

const NAV = [5, 7];
const SIG = [9, 11];
const FRAMES = 35;
const SIG_SIZE = 99;
const ROI = awkwardRoi(FRAMES);

/** Plain float64 reference: Σ over each frame; NaN outside the ROI. */
function naiveSumSig(ds: MemoryDataSet, roi?: Uint8Array): Float64Array {
  const out = new Float64Array(FRAMES);
  for (let f = 0; f < FRAMES; f++) {
    if (roi && !roi[f]) {
      out[f] = NaN;
      continue;
    }
    let s = 0;
    for (let p = 0; p < SIG_SIZE; p++) s += Number(ds.data[f * SIG_SIZE + p]);
    out[f] = s;
  }
  return out;
}

const cases = awkwardCases(NAV, SIG);

describe('sum-sig', () => {
  test.each(cases)('$dtype tile $tileShape.depth×$tileShape.rows, $partitions partitions, roi $useRoi', ({ dtype, tileShape, partitions, useRoi }) => {
    const ds = randomDataSet(NAV, SIG, dtype, 11);
    const roi = useRoi ? ROI : undefined;
    const { intensity } = runUdf(plugin, ds, {}, { tileShape, partitions, roi });
    expect(intensity!.shape).toEqual(NAV);
    const expected = naiveSumSig(ds, roi);
    for (let f = 0; f < FRAMES; f++) {
      if (Number.isNaN(expected[f])) expect(intensity!.data[f]).toBeNaN();
      else if (dtype === 'uint16') expect(intensity!.data[f]).toBe(expected[f]);
      else expect(intensity!.data[f]).toBeCloseTo(expected[f]!, 6);
    }
  });

  test('each frame gets its own total (no mixing between positions)', () => {
    // Frame f is filled with the value f: the total must be f·SIG_SIZE at position f.
    const data = new Float32Array(FRAMES * SIG_SIZE).map((_, i) => Math.floor(i / SIG_SIZE));
    const { intensity } = runUdf(plugin, new MemoryDataSet(data, NAV, SIG), {}, { tileShape: { depth: 4, rows: 2 }, partitions: 3 });
    expect(Array.from(intensity!.data)).toEqual(Array.from({ length: FRAMES }, (_, f) => f * SIG_SIZE));
  });
});
