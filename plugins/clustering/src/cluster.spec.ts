import { awkwardRoi, randomData } from '@stemflow/plugin-sdk/testing';
import { canonicalLabels, gridEdges, kMeans, normaliseColumns, prng, wardGrid } from './cluster';
import { polarGrid } from './positions';
import { gridAdjacency, referenceNormalise, referenceWard, samePartition } from './reference.fixture';

/** n random points of dimension d, as rows and as the flat matrix the plugin uses. */
function randomPoints(n: number, d: number, seed: number): { rows: number[][]; flat: Float64Array } {
  const data = randomData('float64', n * d, seed, 1) as Float64Array;
  return { rows: Array.from({ length: n }, (_, i) => Array.from(data.subarray(i * d, (i + 1) * d))), flat: data };
}

function indexOf(points: number[], frames: number): Int32Array {
  const index = new Int32Array(frames).fill(-1);
  points.forEach((p, i) => (index[p] = i));
  return index;
}

describe('normaliseColumns', () => {
  test('divides each column by its mean |f| (LiberTEM); an all-zero column stays zero', () => {
    const x = Float64Array.from([1, -2, 0, 3, 6, 0]);
    expect(Array.from(normaliseColumns(x, 2, 3))).toEqual([0.5, -0.5, 0, 1.5, 1.5, 0]);
    const rows = [
      [1, -2, 0],
      [3, 6, 0],
    ];
    expect(Array.from(normaliseColumns(x, 2, 3))).toEqual(referenceNormalise(rows).flat());
  });
});

describe('gridEdges', () => {
  test('4-connected in 2-D, a chain in 1-D, 6-connected in 3-D (grid_to_graph)', () => {
    const all = (n: number) => Int32Array.from({ length: n }, (_, i) => i);
    expect(gridEdges([5, 7], all(35))).toHaveLength(5 * 6 + 7 * 4);
    expect(gridEdges([9], all(9))).toHaveLength(8);
    expect(gridEdges([2, 3, 4], all(24))).toHaveLength(1 * 12 + 2 * 2 * 4 + 2 * 3 * 3);
    // Rows do not wrap: the last of one row is no neighbour of the first of the next.
    expect(gridEdges([2, 3], all(6)).map(([a, b]) => `${a}-${b}`).sort()).toEqual(['0-1', '0-3', '1-2', '1-4', '2-5', '3-4', '4-5']);
    // Positions outside the ROI (index −1) have no edges.
    const roi = Int32Array.from([0, -1, 1, 2, 3, -1]);
    expect(gridEdges([2, 3], roi)).toEqual([
      [0, 2],
      [2, 3],
    ]);
  });
});

describe('wardGrid', () => {
  test.each([1, 2, 4, 7])('equals a Lance–Williams reference on a 6×7 grid, k = %i', (k) => {
    const { rows, flat } = randomPoints(42, 3, 11);
    const points = Array.from({ length: 42 }, (_, i) => i);
    const ours = wardGrid(flat, 42, 3, k, gridEdges([6, 7], indexOf(points, 42)));
    expect(ours.k).toBe(k);
    expect(ours.components).toBe(1);
    const ref = referenceWard(rows, gridAdjacency(points, 7), k);
    expect(samePartition(ours.labels, ref)).toBe(true);
  });

  test('equals the reference on a gappy ROI whose pieces are joined by their closest points', () => {
    const roi = awkwardRoi(42);
    const points = Array.from({ length: 42 }, (_, i) => i).filter((i) => roi[i]);
    const { rows, flat } = randomPoints(points.length, 2, 5);
    for (const k of [1, 3, 5]) {
      const ours = wardGrid(flat, points.length, 2, k, gridEdges([6, 7], indexOf(points, 42)));
      expect(ours.components).toBeGreaterThan(1);
      expect(samePartition(ours.labels, referenceWard(rows, gridAdjacency(points, 7), k))).toBe(true);
    }
  });

  test('merges only neighbours: separate regions with equal features stay apart', () => {
    // 4×9 scan: columns 0–2 and 6–8 carry the same feature, 3–5 another.
    const n = 36;
    const x = Float64Array.from({ length: n }, (_, p) => (p % 9 >= 3 && p % 9 < 6 ? 1 : 0));
    const edges = gridEdges([4, 9], indexOf(Array.from({ length: n }, (_, i) => i), n));
    const three = canonicalLabels(wardGrid(x, n, 1, 3, edges).labels).labels;
    expect(Array.from(three.subarray(0, 9))).toEqual([1, 1, 1, 2, 2, 2, 3, 3, 3]);
    const two = canonicalLabels(wardGrid(x, n, 1, 2, edges).labels).labels;
    expect(two[0]).not.toBe(two[8]);
  });

  test('clusters a 128×128 scan with 8 features quickly (O(n log n) heap)', () => {
    const n = 128 * 128;
    const { flat } = randomPoints(n, 8, 3);
    const edges = gridEdges([128, 128], indexOf(Array.from({ length: n }, (_, i) => i), n));
    const cpu = process.cpuUsage();
    const result = wardGrid(flat, n, 8, 6, edges);
    expect(result.k).toBe(6);
    // CPU time, not wall time, so a busy machine does not fail it (≈ 0.3 s here).
    expect(process.cpuUsage(cpu).user / 1000).toBeLessThan(3000);
  });
});

describe('kMeans', () => {
  test('converges to a Lloyd fixed point: every point at its nearest centre, centres the means', () => {
    const n = 200;
    const d = 3;
    const { flat } = randomPoints(n, d, 9);
    const { labels, centres, k } = kMeans(flat, n, d, 5, 1);
    expect(k).toBe(5);
    const dist = (i: number, c: number) => Array.from({ length: d }, (_, j) => (flat[i * d + j]! - centres[c * d + j]!) ** 2).reduce((a, b) => a + b);
    for (let i = 0; i < n; i++) {
      const nearest = Array.from({ length: k }, (_, c) => dist(i, c));
      expect(nearest[labels[i]!]).toBe(Math.min(...nearest));
    }
    for (let c = 0; c < k; c++) {
      const members = Array.from({ length: n }, (_, i) => i).filter((i) => labels[i] === c);
      expect(members.length).toBeGreaterThan(0);
      for (let j = 0; j < d; j++) expect(centres[c * d + j]).toBeCloseTo(members.reduce((s, i) => s + flat[i * d + j]!, 0) / members.length, 12);
    }
  });

  test('is deterministic for a seed', () => {
    const { flat } = randomPoints(300, 4, 2);
    const a = kMeans(flat, 300, 4, 6, 42);
    const b = kMeans(flat, 300, 4, 6, 42);
    expect(Array.from(a.labels)).toEqual(Array.from(b.labels));
    expect(Array.from(a.centres)).toEqual(Array.from(b.centres));
  });

  test('finds well separated blobs and stops at the number of distinct points', () => {
    const x = Float64Array.from([0, 0, 0.1, 0, 10, 10, 10.1, 10, -10, 5, -10, 5.1]);
    for (let seed = 0; seed < 20; seed++) expect(Array.from(canonicalLabels(kMeans(x, 6, 2, 3, seed).labels).labels)).toEqual([1, 1, 2, 2, 3, 3]);
    const twoDistinct = Float64Array.from([1, 1, 2, 2, 1]);
    const r = kMeans(twoDistinct, 5, 1, 4, 0);
    expect(r.k).toBe(2);
    expect(Array.from(canonicalLabels(r.labels).labels)).toEqual([1, 1, 2, 2, 1]);
  });

  test('the PRNG is mulberry32 (same stream as the SDK test data)', () => {
    const random = prng(1);
    const expected = randomData('float64', 3, 1, 1);
    expect([random(), random(), random()]).toEqual(Array.from(expected));
  });
});

describe('polarGrid', () => {
  test('circles at the centres of equal radial bins, outer circles take the remainder, odd circles staggered', () => {
    const g = polarGrid({ cx: 10, cy: 20, ri: 2, ro: 8, nPositions: 7, nRings: 3 });
    expect(g).toHaveLength(7);
    const radii = g.map(([y, x]) => Math.hypot(y - 20, x - 10));
    expect(radii.map((r) => Math.round(r * 1e9) / 1e9)).toEqual([3, 3, 5, 5, 7, 7, 7]);
    // Circle 0 starts on +x; circle 1 (two points) is turned by half a step (90°), towards +y.
    expect(g[0]![0]).toBeCloseTo(20, 12);
    expect(g[0]![1]).toBeCloseTo(13, 12);
    expect(g[2]![0]).toBeCloseTo(25, 12);
    expect(g[2]![1]).toBeCloseTo(10, 12);
  });
});
