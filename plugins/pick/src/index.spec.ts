import { resolveParams, StemflowError, type FieldError } from '@stemflow/plugin-sdk';
import { awkwardRoi, MemoryDataSet, randomDataSet, runUdf } from '@stemflow/plugin-sdk/testing';
import plugin from './index';

const NAV = [5, 7]; // ny = 5, nx = 7
const SIG = [9, 11];
const SIG_SIZE = 99;
const ROI = awkwardRoi(35);

function naiveFrame(ds: MemoryDataSet, y: number, x: number): number[] {
  const f = y * 7 + x;
  return Array.from(ds.data.subarray(f * SIG_SIZE, (f + 1) * SIG_SIZE), Number);
}

function paramErrors(run: () => unknown): FieldError[] {
  try {
    run();
  } catch (error) {
    expect((error as StemflowError).code).toBe('PARAMS_INVALID');
    return (error as StemflowError).errors ?? [];
  }
  throw new Error('expected PARAMS_INVALID');
}

const cases = (['uint16', 'float32'] as const).flatMap((dtype) =>
  [{ depth: 3, rows: 4 }, { depth: 1, rows: 9 }].flatMap((tileShape) => [2, 3].map((partitions) => ({ dtype, tileShape, partitions }))),
);
// Corners and the frames on either side of partition boundaries (16/17 for 2 partitions; 10/11, 22/23 for 3).
const POSITIONS: [number, number][] = [[0, 0], [4, 6], [0, 6], [4, 0], [1, 3], [1, 4], [2, 2], [2, 3], [3, 1], [3, 2]];

describe('pick', () => {
  test.each(cases)('$dtype tile $tileShape.depth×$tileShape.rows, $partitions partitions', ({ dtype, tileShape, partitions }) => {
    const ds = randomDataSet(NAV, SIG, dtype, 5);
    for (const [y, x] of POSITIONS) {
      const { intensity } = runUdf(plugin, ds, { x, y }, { tileShape, partitions });
      expect(intensity!.shape).toEqual(SIG);
      expect(intensity!.data).toBeInstanceOf(Float64Array);
      // A copy is exact for both dtypes: float32 values are representable in float64.
      expect(Array.from(intensity!.data)).toEqual(naiveFrame(ds, y, x));
    }
  });

  test.each([2, 3])('with a ROI (%i partitions): the frame if inside, NaN if outside', (partitions) => {
    const ds = randomDataSet(NAV, SIG, 'uint16', 9);
    for (let f = 0; f < 35; f++) {
      const [y, x] = [Math.floor(f / 7), f % 7];
      const { intensity } = runUdf(plugin, ds, { x, y }, { roi: ROI, partitions, tileShape: { depth: 2, rows: 3 } });
      if (ROI[f]) expect(Array.from(intensity!.data)).toEqual(naiveFrame(ds, y, x));
      else expect(Array.from(intensity!.data).every(Number.isNaN)).toBe(true);
    }
  });

  test('defaults to the first position', () => {
    const ds = randomDataSet(NAV, SIG, 'float32', 2);
    expect(resolveParams(plugin, {}, ds)).toEqual({ x: 0, y: 0 });
    expect(Array.from(runUdf(plugin, ds).intensity!.data)).toEqual(naiveFrame(ds, 0, 0));
  });

  test('a 1-D scan is one row', () => {
    const ds = randomDataSet([6], SIG, 'uint16', 4);
    const { intensity } = runUdf(plugin, ds, { x: 5 }, { partitions: 3 });
    expect(Array.from(intensity!.data)).toEqual(Array.from(ds.data.subarray(5 * SIG_SIZE, 6 * SIG_SIZE)));
    expect(paramErrors(() => runUdf(plugin, ds, { x: 0, y: 1 })).map((e) => e.path)).toEqual(['/y']);
  });

  test('positions outside the scan are refused with the valid range', () => {
    const ds = randomDataSet(NAV, SIG);
    const errors = paramErrors(() => runUdf(plugin, ds, { x: 7, y: 5 }));
    expect(errors.map((e) => e.path)).toEqual(['/x', '/y']);
    expect(errors[0]!.message).toMatch(/0 ≤ x < 7/);
    expect(errors[1]!.message).toMatch(/0 ≤ y < 5/);
    expect(paramErrors(() => runUdf(plugin, ds, { x: -1 })).map((e) => e.path)).toEqual(['/x']);
    expect(paramErrors(() => runUdf(plugin, ds, { y: 1.5 })).map((e) => e.path)).toEqual(['/y']);
  });

  test('reads only the picked frame, not the whole data set', () => {
    const ds = randomDataSet(NAV, SIG, 'uint16', 5);
    let framesRead = 0;
    const read = ds.readFrames.bind(ds);
    ds.readFrames = (start, count, rowStart, rows, dest) => {
      framesRead += count;
      read(start, count, rowStart, rows, dest);
    };
    const { intensity } = runUdf(plugin, ds, { x: 3, y: 2 }, { partitions: 3 });
    expect(framesRead).toBe(1);
    expect(Array.from(intensity!.data)).toEqual(naiveFrame(ds, 2, 3));
  });
});
