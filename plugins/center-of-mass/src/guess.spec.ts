/*
 * The rotation/flip guess against a brute-force float64 reference (reference.fixture.ts), and on
 * curl-free fields of known rotation and handedness.
 */
import { join } from 'node:path';
import { makePartitions, resolveParams, ResultAccumulator, runPartition } from '@stemflow/plugin-sdk';
import { awkwardCases, npyDataSet, randomDataSet, runUdf, sharedDataDir } from '@stemflow/plugin-sdk/testing';
import { centerOfMass, centerOfMassGuess } from './index';
import { NAV, SIG, FRAMES, LATTICE, CENTRE, dpcData, detectorShift, fieldX, fieldY, grid, naiveGuess, expectClose, expectGuessMatches, type P } from './reference.fixture';

/** The real file in the shared data directory (../shared/data beside the repository), found as the SDK's own tests do. */
function delmicFile(): string {
  const dataDir = sharedDataDir();
  return join(dataDir, 'npy/delmic/sparc-angle-resolved-data.npy');
}

describe('center-of-mass.guess', () => {
  test.each(awkwardCases(NAV, SIG))('$dtype tile $tileShape.depth×$tileShape.rows, $partitions partitions, roi $useRoi', ({ dtype, tileShape, partitions, roi }) => {
    const ds = randomDataSet(NAV, SIG, dtype, 5);
    for (const input of [{}, { centre: 'sum-frame', regression: 'plane', r: 4 }]) expectGuessMatches(ds, input, { tileShape, partitions, ...(roi ? { roi } : {}) });
  });

  test.each([
    [0, false],
    [37, false],
    [143, true],
    [-120, true],
    [180, false],
    [-91, false],
    [90, true],
  ])('a curl-free field seen at %i° (flip %s) is recovered exactly', (deg, flip) => {
    const ds = dpcData(LATTICE, (y, x) => detectorShift(fieldY(y, x), fieldX(y, x), deg, flip));
    const g = runUdf(centerOfMassGuess, ds, {}, { partitions: 3 });
    expect([g.rotation!.data[0], g.flip_y!.data[0]]).toEqual([deg, flip ? 1 : 0]);
    // Zero at the answer, to the √rounding accuracy of the closed form there (see guess.ts).
    const curve = g.curl_rms!.data;
    expect(curve[2 * ((deg + 360) % 360) + (flip ? 1 : 0)]).toBeLessThan(1e-6 * Math.max(...curve));
    // The found centre: the undeflected beam plus the mean shift over the window.
    const mean = [0, 0];
    for (let y = 0; y < 23; y++) for (let x = 0; x < 23; x++) detectorShift(fieldY(y, x), fieldX(y, x), deg, flip).forEach((v, c) => (mean[c]! += v / 23 ** 2));
    expectClose([g.cy!.data[0]!, g.cx!.data[0]!], [CENTRE[0] + mean[0]!, CENTRE[1] + mean[1]!], 1e-12);
    // Fed back into the analysis, the guess gives the field put in, curl-free, negative at the atoms.
    const com = runUdf(centerOfMass, ds, { cy: CENTRE[0], cx: CENTRE[1], scanRotation: g.rotation!.data[0], flipY: g.flip_y!.data[0] === 1 }, { partitions: 2 });
    expectClose(com.field_y!.data, grid(...LATTICE, fieldY).flat(), 1e-9);
    expectClose(com.field_x!.data, grid(...LATTICE, fieldX).flat(), 1e-9);
    expect(Math.max(...com.curl!.data.map(Math.abs))).toBeLessThan(1e-9);
    expect(com.divergence!.data[9 * 24 + 15]).toBeLessThan(0); // the atom at (9, 15)
  });

  test('a repulsive field (divergence positive at the peaks) is read as the half-turn', () => {
    const ds = dpcData(LATTICE, (y, x) => detectorShift(-fieldY(y, x), -fieldX(y, x), 37, false));
    const g = runUdf(centerOfMassGuess, ds, {}, { partitions: 2 });
    expect([g.rotation!.data[0], g.flip_y!.data[0]]).toEqual([-143, 0]);
  });

  test('a descan plane with a curl of its own: removed first, the rotation is still exact', () => {
    const descan = (y: number, x: number): [number, number] => [0.2 + 0.03 * x, -0.1 - 0.03 * y];
    const ds = dpcData(LATTICE, (y, x) => {
      const [dy, dx] = detectorShift(fieldY(y, x), fieldX(y, x), -64, true);
      const [py, px] = descan(y, x);
      return [dy + py, dx + px];
    });
    const g = runUdf(centerOfMassGuess, ds, { regression: 'plane' }, { partitions: 3 });
    expect([g.rotation!.data[0], g.flip_y!.data[0]]).toEqual([-64, 1]);
  });

  test('one scan position: nothing to guess from, no failure', () => {
    const ds = randomDataSet([1, 1], SIG, 'uint16', 2);
    const g = runUdf(centerOfMassGuess, ds, {});
    expect([g.rotation!.data[0], g.flip_y!.data[0]]).toEqual([0, 0]);
    expect(g.curl_rms!.data.every((v) => v === 0 || Number.isNaN(v))).toBe(true);
  });

  test('partial results: the guess uses the merged positions only', () => {
    const ds = randomDataSet(NAV, SIG, 'float32', 9);
    const params = resolveParams(centerOfMassGuess, {}, ds);
    const acc = new ResultAccumulator(centerOfMassGuess, params, ds);
    const part = makePartitions(FRAMES, { count: 2 })[1]!;
    acc.merge(runPartition(centerOfMassGuess, params, ds, part, { tileShape: { depth: 2, rows: 5 } }));
    const r = acc.results();
    const expected = naiveGuess(ds, params as unknown as P, Uint8Array.from({ length: FRAMES }, (_, f) => (f >= part.start ? 1 : 0)));
    expectClose(r.curl_rms!.data, expected.curve, 1e-9, Math.max(1, ...expected.curve.filter(Number.isFinite)));
    expect([r.rotation!.data[0], r.flip_y!.data[0]]).toEqual([expected.rotation, expected.flipY ? 1 : 0]);
  });
});

test('a real file (Delmic SPARC 3×2 × 256×256 uint16): the guess matches the brute-force reference', () => {
  expectGuessMatches(npyDataSet(delmicFile()), {}, { tileShape: { depth: 1, rows: 100 }, partitions: 2 });
});
