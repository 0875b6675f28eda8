import { join } from 'node:path';
import { resolveParams, type NDArray } from '@stemflow/plugin-sdk';
import { awkwardCases, awkwardRoi, MemoryDataSet, npyDataSet, paramErrors, randomData, randomDataSet, runUdf, sharedDataDir } from '@stemflow/plugin-sdk/testing';
import plugin, { ClusteringParams } from './index';
import { gridAdjacency, referenceFeatures, referenceGrid, referenceNormalise, referenceWard, samePartition } from './reference.fixture';

const dataDir = sharedDataDir();

const NAV = [5, 7];
const SIG = [9, 11];
const FRAMES = 35;
const ROI = awkwardRoi(FRAMES);


/** Labels at the given positions, as plain numbers. */
const at = (labels: NDArray, positions: number[]) => positions.map((p) => labels.data[p]!);

/** Ward reference labels of the valid positions, from reference features. */
function referenceLabels(features: number[][], valid: number[], nx: number, k: number): number[] {
  return referenceWard(referenceNormalise(valid.map((p) => features[p]!)), gridAdjacency(valid, nx), k);
}

/**
 * Synthetic scan: region(y, x) ∈ {0, 1, …}; every frame has low noise (0…19) and region r lights the
 * detector pixels `spots[r]` with 400 more counts.
 */
function regionDataSet(navShape: [number, number], sig: [number, number], region: (y: number, x: number) => number, spots: [number, number][][], seed = 1): MemoryDataSet {
  const [ny, nx] = navShape;
  const [h, w] = sig;
  const data = randomData('uint16', ny * nx * h * w, seed, 20) as Uint16Array;
  for (let y = 0; y < ny; y++) {
    for (let x = 0; x < nx; x++) {
      const f = y * nx + x;
      for (const [sy, sx] of spots[region(y, x)]!) data[f * h * w + sy * w + sx]! += 400;
    }
  }
  return new MemoryDataSet(data, navShape, sig);
}

describe('clustering', () => {
  const FEATURE_PARAMS = [
    { positions: [{ x: 0, y: 0 }, { x: 10, y: 8 }, { x: 5, y: 4 }, { x: 5, y: 4 }, { x: 2, y: 7 }], boxRadius: 0 },
    { positions: [{ x: 0, y: 0 }, { x: 10, y: 8 }, { x: 5, y: 4 }, { x: 9, y: 1 }], boxRadius: 1 },
    { cx: 5, cy: 4, ri: 1, ro: 4, nPositions: 9, nRings: 2, boxRadius: 1 },
  ];

  describe.each(['agglomerative', 'kmeans'] as const)('%s over awkward tilings', (method) => {
    const baseline = new Map<string, ArrayLike<number>>();
    test.each(awkwardCases(NAV, SIG))('$dtype tile $tileShape.depth×$tileShape.rows, $partitions partitions, roi $useRoi', ({ dtype, tileShape, partitions, useRoi }) => {
      const ds = randomDataSet(NAV, SIG, dtype, 4);
      const roi = useRoi ? ROI : undefined;
      const valid = Array.from({ length: FRAMES }, (_, i) => i).filter((i) => !roi || roi[i]);
      FEATURE_PARAMS.forEach((params, which) => {
        const { features, labels, centers, positions } = runUdf(plugin, ds, { ...params, method, nClusters: 3, seed: 5 }, { tileShape, partitions, roi });
        const pixels: [number, number][] =
          'positions' in params ? params.positions!.map((q) => [q.y, q.x]) : referenceGrid(params.cx, params.cy, params.ri, params.ro, params.nPositions, params.nRings, 9, 11);
        const d = pixels.length;
        expect(Array.from(positions!.data)).toEqual(pixels.flat());
        // Features: exactly the float64 reference (same summation order), NaN outside the ROI.
        const expected = referenceFeatures(ds, pixels, params.boxRadius, roi);
        expect(features!.shape).toEqual([...NAV, d]);
        expect(Array.from(features!.data)).toEqual(expected.flat());
        // Labels 1…3 on the ROI, NaN outside.
        expect(labels!.shape).toEqual(NAV);
        for (let i = 0; i < FRAMES; i++) {
          if (roi && !roi[i]) expect(labels!.data[i]).toBeNaN();
          else expect([1, 2, 3]).toContain(labels!.data[i]);
        }
        // Centres: the mean raw feature vector of each label.
        expect(centers!.shape).toEqual([3, d]);
        for (let c = 1; c <= 3; c++) {
          const members = valid.filter((i) => labels!.data[i] === c);
          for (let j = 0; j < d; j++) expect(centers!.data[(c - 1) * d + j]).toBeCloseTo(members.reduce((s, i) => s + expected[i]![j]!, 0) / members.length, 9);
        }
        // Agglomerative: the Lance–Williams reference; k-means: the same labels on every tiling.
        const key = `${which} ${useRoi} ${dtype}`;
        if (method === 'agglomerative') expect(samePartition(at(labels!, valid), referenceLabels(expected, valid, 7, 3))).toBe(true);
        if (!baseline.has(key)) baseline.set(key, labels!.data);
        expect(Array.from(labels!.data)).toEqual(Array.from(baseline.get(key)!));
      });
    });
  });

  describe('known regions', () => {
    // 10×14 scan: A = left (x < 5), B = top right, C = bottom right.
    const region = (y: number, x: number) => (x < 5 ? 0 : y < 5 ? 1 : 2);
    const truth = Array.from({ length: 140 }, (_, p) => region(Math.floor(p / 14), p % 14));
    const POSITIONS = [
      { x: 3, y: 3 },
      { x: 12, y: 4 },
      { x: 8, y: 12 },
      { x: 0, y: 15 },
    ];
    const given = regionDataSet([10, 14], [16, 16], region, [[[3, 3]], [[4, 12]], [[12, 8]]]);
    // The automatic grid (ring 2…7 around (8, 8), 8 points on one circle): each region lights its own grid pixels.
    const grid = referenceGrid(8, 8, 2, 7, 8, 1, 16, 16);
    const auto = regionDataSet([10, 14], [16, 16], region, [grid.slice(0, 2), grid.slice(2, 5), grid.slice(5, 8)], 2);
    const AUTO = { cx: 8, cy: 8, ri: 2, ro: 7, nPositions: 8, nRings: 1 };

    test.each(['agglomerative', 'kmeans'] as const)('%s finds the three regions exactly, given positions or the ring grid', (method) => {
      for (const [ds, params] of [
        [given, { positions: POSITIONS }],
        [auto, AUTO],
        [auto, { ...AUTO, boxRadius: 1 }],
      ] as const) {
        for (const seed of [0, 1, 2]) {
          const { labels, centers } = runUdf(plugin, ds, { ...params, method, nClusters: 3, seed }, { tileShape: { depth: 4, rows: 5 }, partitions: 3 });
          expect(samePartition(labels!.data, truth)).toBe(true);
          // Labels are numbered in order of first appearance in the scan: A (top left) is 1, B is 2.
          expect(at(labels!, [0, 13, 139])).toEqual([1, 2, 3]);
          expect(centers!.data.every(Number.isFinite)).toBe(true);
        }
      }
    });

    test.each(['agglomerative', 'kmeans'] as const)('%s clusters only the ROI', (method) => {
      const roi = Uint8Array.from({ length: 140 }, (_, p) => (p % 14 >= 2 && p % 14 < 12 && Math.floor(p / 14) >= 1 ? 1 : 0));
      const { labels } = runUdf(plugin, given, { positions: POSITIONS, method, nClusters: 3 }, { partitions: 2, roi });
      const inside = truth.map((_, p) => p).filter((p) => roi[p]);
      expect(samePartition(at(labels!, inside), inside.map((p) => truth[p]!))).toBe(true);
      for (let p = 0; p < 140; p++) if (!roi[p]) expect(labels!.data[p]).toBeNaN();
    });
  });

  describe('connectivity', () => {
    // 6×12 scan in three stripes: A | B | A, with identical A patterns (no noise).
    const stripe = (_y: number, x: number) => (x >= 4 && x < 8 ? 1 : 0);
    const frames = 72;
    const data = new Uint16Array(frames * 64);
    for (let p = 0; p < frames; p++) data[p * 64 + (stripe(0, p % 12) ? 9 : 54)] = 100;
    const ds = new MemoryDataSet(data, [6, 12], [8, 8]);
    const params = { positions: [{ x: 1, y: 1 }, { x: 6, y: 6 }] };
    const leftMiddleRight = [0, 5, 11];

    test('agglomerative keeps two separated regions with identical features apart', () => {
      const three = runUdf(plugin, ds, { ...params, method: 'agglomerative', nClusters: 3 }).labels!;
      expect(at(three, leftMiddleRight)).toEqual([1, 2, 3]);
      expect(samePartition(three.data, Array.from({ length: frames }, (_, p) => Math.floor((p % 12) / 4)))).toBe(true);
      const two = runUdf(plugin, ds, { ...params, method: 'agglomerative', nClusters: 2 }).labels!;
      expect(two.data[0]).not.toBe(two.data[11]);
    });

    test('k-means, with no spatial constraint, puts them together and leaves the unused centre NaN', () => {
      const { labels, centers } = runUdf(plugin, ds, { ...params, method: 'kmeans', nClusters: 3 });
      expect(at(labels!, leftMiddleRight)).toEqual([1, 2, 1]);
      expect(Array.from(centers!.data.subarray(0, 4))).toEqual([0, 100, 100, 0]);
      expect(Array.from(centers!.data.subarray(4))).toEqual([NaN, NaN]);
    });
  });

  test('k-means is deterministic for a fixed seed', () => {
    const ds = randomDataSet([9, 9], [12, 12], 'uint16', 8);
    const run = (seed: number, partitions: number) => Array.from(runUdf(plugin, ds, { method: 'kmeans', nClusters: 5, seed }, { partitions }).labels!.data);
    expect(run(7, 2)).toEqual(run(7, 3));
    expect(run(7, 2)).toEqual(run(7, 2));
  });

  describe('real data: sparc-angle-resolved-data.npy (3×2 scan, 256×256 uint16)', () => {
    const ds = npyDataSet(join(dataDir, 'npy/delmic/sparc-angle-resolved-data.npy'));
    const valid = [0, 1, 2, 3, 4, 5];

    test.each([
      [{ positions: [{ x: 128, y: 128 }, { x: 40, y: 200 }, { x: 255, y: 0 }, { x: 100, y: 60 }], boxRadius: 2 }],
      [{ boxRadius: 3 }],
    ])('features and Ward labels equal the float64 reference (%j)', (params) => {
      const { features, labels, positions } = runUdf(plugin, ds, { ...params, nClusters: 2 }, { tileShape: { depth: 4, rows: 37 }, partitions: 2 });
      const pixels: [number, number][] =
        'positions' in params ? params.positions.map((q) => [q.y, q.x]) : referenceGrid(128, 128, 0.2 * 128, 0.8 * 128, 16, 2, 256, 256);
      expect(Array.from(positions!.data)).toEqual(pixels.flat());
      const expected = referenceFeatures(ds, pixels, params.boxRadius);
      expect(Array.from(features!.data)).toEqual(expected.flat());
      expect(samePartition(labels!.data, referenceLabels(expected, valid, 2, 2))).toBe(true);
      const km = runUdf(plugin, ds, { ...params, nClusters: 2, method: 'kmeans' }).labels!;
      expect(new Set(km.data)).toEqual(new Set([1, 2]));
    });
  });

  describe('parameters', () => {
    const ds = randomDataSet(NAV, SIG);

    test('defaults: a ring around the frame centre, 16 positions on 2 circles, Ward, 4 clusters', () => {
      expect(resolveParams(plugin, {}, ds)).toEqual({
        positions: [],
        cx: 5.5,
        cy: 4.5,
        ri: 0.2 * 4.5,
        ro: 0.8 * 4.5,
        nPositions: 16,
        nRings: 2,
        boxRadius: 0,
        nClusters: 4,
        method: 'agglomerative',
        seed: 0,
      });
    });

    test.each([
      [[1], [1, 1]],
      [[3], [2, 3]],
      [[2, 2], [3, 2]],
      [[4, 3], [64, 48]],
      [[2, 1, 3], [5, 5]],
    ])('the defaults run on nav %j × sig %j', (nav, sig) => {
      const small = randomDataSet(nav, sig, 'uint16', 2);
      for (const method of ['agglomerative', 'kmeans']) {
        const { labels, features } = runUdf(plugin, small, { method });
        expect(labels!.shape).toEqual(nav);
        expect(features!.data.every(Number.isFinite)).toBe(true);
        expect(Array.from(labels!.data).every((l) => l >= 1 && l <= 4)).toBe(true);
      }
    });

    test.each([
      [{ ri: 3, ro: 3 }, '/ri', /lower ri or raise ro/],
      [{ nPositions: 3, nRings: 4 }, '/nRings', /lower nRings/],
      [{ cx: 11 }, '/cx', /off the detector/],
      [{ cy: -0.6 }, '/cy', /off the detector/],
      [{ cx: 0, cy: 0, ri: 20, ro: 30 }, '/ro', /shrink the ring/],
      [{ positions: [{ x: 1, y: 1 }, { x: 11, y: 2 }] }, '/positions/1/x', /column 11 is off the detector/],
      [{ positions: [{ x: 1, y: 9 }] }, '/positions/0/y', /row 9/],
    ])('%j is refused at %s', (params, path, message) => {
      const errors = paramErrors(() => runUdf(plugin, ds, params));
      expect(errors).toHaveLength(1);
      expect(errors[0]!.path).toBe(path);
      expect(errors[0]!.message).toMatch(message);
    });

    test('ring fields are not checked when positions are given; detector bounds only with a data set', () => {
      expect(() => runUdf(plugin, ds, { positions: [{ x: 2, y: 2 }], ri: 5, ro: 1 })).not.toThrow();
      expect(() => resolveParams(plugin, { positions: [{ x: 99, y: 2 }], cx: 0, cy: 0, ri: 1, ro: 2 })).not.toThrow();
    });

    test('schema errors: unknown method, no clusters, negative or fractional pixels', () => {
      expect(paramErrors(() => runUdf(plugin, ds, { method: 'dbscan' })).map((e) => e.path)).toEqual(['/method']);
      expect(paramErrors(() => runUdf(plugin, ds, { nClusters: 0 })).map((e) => e.path)).toEqual(['/nClusters']);
      expect(paramErrors(() => runUdf(plugin, ds, { positions: [{ x: -1, y: 0 }] })).map((e) => e.path)).toEqual(['/positions/0/x']);
      expect(paramErrors(() => runUdf(plugin, ds, { positions: [{ x: 1.5, y: 0 }] })).map((e) => e.path)).toEqual(['/positions/0/x']);
    });

    test('the schema carries titles, units, an enum for the method and the ring overlay', () => {
      const schema = ClusteringParams as unknown as {
        properties: Record<string, { title?: string; enum?: unknown[]; 'x-ui'?: { unit?: string; help?: string } }>;
        'x-ui': { overlay: string };
      };
      expect(schema['x-ui'].overlay).toBe('ring');
      expect(schema.properties.method!.enum).toEqual(['agglomerative', 'kmeans']);
      for (const [name, prop] of Object.entries(schema.properties)) {
        expect([name, typeof prop.title, typeof prop['x-ui']?.help]).toEqual([name, 'string', 'string']);
      }
      for (const name of ['positions', 'cx', 'cy', 'ri', 'ro', 'boxRadius']) expect(schema.properties[name]!['x-ui']!.unit).toBe('px');
    });
  });
});
