import { findPeak, makeTemplate, parabolaOffset } from './correlate';

/** A disk of radius R at (cy, cx) with a smooth edge (tanh, width `edge` px) on a linear background. */
function softDisk(h: number, w: number, cy: number, cx: number, R: number, edge: number): Float64Array {
  const f = new Float64Array(h * w);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const d = Math.hypot(y - cy, x - cx);
      f[y * w + x] = 200 * 0.5 * (1 - Math.tanh((d - R) / edge)) + 20 + 0.4 * x - 0.3 * y;
    }
  }
  return f;
}

describe('disk template', () => {
  test('disk d² ≤ r², ring r² < d² ≤ rBackground², κ = disk/ring pixel counts', () => {
    const t = makeTemplate(1, 1.5, 10);
    expect(Array.from(t.disk)).toEqual([-10, -1, 0, 1, 10]);
    expect(Array.from(t.ring)).toEqual([-11, -9, 9, 11]);
    expect(t.kappa).toBe(5 / 4);
    expect(t.reach).toBe(1);
    const bare = makeTemplate(2, 2, 7);
    expect(bare.ring.length).toBe(0);
    expect(bare.kappa).toBe(0);
    expect(bare.disk.length).toBe(13);
  });

  test('the parabola vertex is exact on a parabola, 0 when it does not bend down, clamped to ±1', () => {
    const p = (t: number) => 5 - 2 * (t - 0.3) ** 2;
    expect(parabolaOffset(p(-1), p(0), p(1))).toBeCloseTo(0.3, 14);
    expect(parabolaOffset(1, 1, 1)).toBe(0);
    expect(parabolaOffset(2, 1, 2)).toBe(0);
    expect(parabolaOffset(Number.NaN, 1, 0)).toBe(0);
    expect(parabolaOffset(0, 1, 1.9)).toBe(1);
  });
});

describe('sub-pixel refinement (3-point parabola per axis through the correlation maximum)', () => {
  const shifts = [-0.5, -0.37, -0.25, -0.11, 0, 0.08, 0.2, 0.33, 0.45];
  test.each([
    { R: 4, edge: 0.5 },
    { R: 4, edge: 1 },
    { R: 7, edge: 0.7 },
  ])('a soft disk of radius $R (edge $edge px) shifted by a known sub-pixel amount is found to 0.05 px', ({ R, edge }) => {
    const [h, w] = [41, 41];
    const t = makeTemplate(R, 1.5 * R, w);
    const grid = new Float64Array(25);
    const out = new Float64Array(2);
    let worst = 0;
    let worstInteger = 0;
    for (const dy of shifts) {
      for (const dx of shifts) {
        findPeak(softDisk(h, w, 20 + dy, 20 + dx, R, edge), h, w, 20, 20, 2, t, grid, out);
        worst = Math.max(worst, Math.abs(out[0]! - 20 - dy), Math.abs(out[1]! - 20 - dx));
        worstInteger = Math.max(worstInteger, Math.abs(Math.round(out[0]!) - 20 - dy));
      }
    }
    expect(worst).toBeLessThan(0.05);
    expect(worstInteger).toBeGreaterThan(0.4); // the refinement is what gets it there
  });

  test('a disk two pixels off the search centre is still found (search radius 2)', () => {
    const t = makeTemplate(4, 6, 41);
    const out = new Float64Array(2);
    findPeak(softDisk(41, 41, 21.8, 18.3, 4, 0.7), 41, 41, 20, 20, 2, t, new Float64Array(25), out);
    expect(Math.abs(out[0]! - 21.8)).toBeLessThan(0.05);
    expect(Math.abs(out[1]! - 18.3)).toBeLessThan(0.05);
  });
});
