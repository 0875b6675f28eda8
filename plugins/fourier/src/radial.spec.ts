import { awkwardCases, MemoryDataSet, randomDataSet, runUdf } from '@stemflow/plugin-sdk/testing';
import { radial } from './index';
import { expectAllClose } from './reference.fixture';

const NAV = [5, 7];

interface Params {
  cx: number;
  cy: number;
  ri: number;
  ro: number;
  nBins: number;
  maxOrder: number;
}

/**
 * The definition, pixel by pixel: bin b holds r_b < d ≤ r_{b+1} with r_b = ri + b·(ro − ri)/nBins
 * (r_nBins = ro), φ = atan2(y − cy, x − cx), c[b, k] = Σ f·e^{ikφ} with cos/sin of k·φ each time.
 * Returns (re, im) per frame, bin and order; NaN outside the ROI.
 */
function naiveRadial(ds: MemoryDataSet, p: Params, roi?: Uint8Array): { re: Float64Array; im: Float64Array } {
  const [h, w] = ds.sigShape as [number, number];
  const orders = p.maxOrder + 1;
  const cells = p.nBins * orders;
  const re = new Float64Array(ds.frames * cells);
  const im = new Float64Array(ds.frames * cells);
  const edge = (b: number) => (b === p.nBins ? p.ro : p.ri + (b * (p.ro - p.ri)) / p.nBins);
  for (let f = 0; f < ds.frames; f++) {
    if (roi && !roi[f]) {
      re.fill(NaN, f * cells, (f + 1) * cells);
      im.fill(NaN, f * cells, (f + 1) * cells);
      continue;
    }
    for (let y = 0; y < h; y++) {
      for (let x = 0; x < w; x++) {
        const d2 = (x - p.cx) ** 2 + (y - p.cy) ** 2;
        let bin = -1;
        for (let b = 0; b < p.nBins; b++) if (d2 > edge(b) ** 2 && d2 <= edge(b + 1) ** 2) bin = b;
        if (bin < 0) continue;
        const v = Number(ds.data[(f * h + y) * w + x]);
        const phi = Math.atan2(y - p.cy, x - p.cx);
        for (let k = 0; k < orders; k++) {
          re[f * cells + bin * orders + k] += v * Math.cos(k * phi);
          im[f * cells + bin * orders + k] += v * Math.sin(k * phi);
        }
      }
    }
  }
  return { re, im };
}

/** LiberTEM's dominant order from |c|: per bin, 0 where every k ≥ 1 is below 0.2·max over positions, else argmax_{k≥1}. */
function naiveDominant(abs: Float64Array, frames: number, p: Params): Float64Array {
  const orders = p.maxOrder + 1;
  const out = new Float64Array(frames * p.nBins);
  for (let b = 0; b < p.nBins; b++) {
    let max = 0;
    for (let f = 0; f < frames; f++) for (let k = 1; k < orders; k++) if (!Number.isNaN(abs[(f * p.nBins + b) * orders + k]!)) max = Math.max(max, abs[(f * p.nBins + b) * orders + k]!);
    for (let f = 0; f < frames; f++) {
      const row = Array.from({ length: orders - 1 }, (_, j) => abs[(f * p.nBins + b) * orders + j + 1]!);
      if (row.some((v) => Number.isNaN(v))) out[f * p.nBins + b] = NaN;
      else out[f * p.nBins + b] = row.every((v) => v < 0.2 * max) ? 0 : row.indexOf(Math.max(...row)) + 1;
    }
  }
  return out;
}

function compare(ds: MemoryDataSet, p: Params, options: Parameters<typeof runUdf>[3] = {}): void {
  const results = runUdf(radial, ds, p, options);
  const shape = [...ds.navShape, p.nBins, p.maxOrder + 1];
  for (const name of ['absolute', 'phase', 'real', 'imag']) expect([name, results[name]!.shape]).toEqual([name, shape]);
  expect(results.dominant!.shape).toEqual([...ds.navShape, p.nBins]);
  const { re, im } = naiveRadial(ds, p, options.roi);
  const abs = re.map((r, i) => Math.hypot(r, im[i]!));
  expectAllClose(results.real!.data, re);
  expectAllClose(results.imag!.data, im);
  expectAllClose(results.absolute!.data, abs);
  // Phase only where the coefficient is clearly non-zero (elsewhere it is rounding noise).
  const scale = Math.max(...abs.filter((v) => !Number.isNaN(v)));
  const phase = results.phase!.data;
  let worst = 0;
  abs.forEach((a, i) => {
    if (Number.isNaN(a)) worst = Number.isNaN(phase[i]!) ? worst : Infinity;
    else if (a > 1e-6 * scale) {
      const d = Math.abs(phase[i]! - Math.atan2(im[i]!, re[i]!));
      worst = Math.max(worst, Math.min(d, 2 * Math.PI - d));
    }
  });
  expect(worst).toBeLessThan(1e-8);
  expect(Array.from(results.dominant!.data)).toEqual(Array.from(naiveDominant(abs, ds.frames, p)));
}

describe('fourier.radial against the plain sum', () => {
  test.each(awkwardCases(NAV, [9, 11]))(
    '9×11 $dtype tile $tileShape.depth×$tileShape.rows, $partitions partitions, roi $useRoi',
    ({ dtype, tileShape, partitions, roi }) => {
      const ds = randomDataSet(NAV, [9, 11], dtype, 21);
      compare(ds, { cx: 5.3, cy: 4.1, ri: 0.5, ro: 5, nBins: 3, maxOrder: 6 }, { tileShape, partitions, roi });
      compare(ds, { cx: 0, cy: 8, ri: 0, ro: 14, nBins: 1, maxOrder: 24 }, { tileShape, partitions, roi });
    },
  );
});

describe('fourier.radial known answers', () => {
  const [h, w] = [64, 64];
  const [cx, cy] = [32, 31];

  /** Gaussian spots (σ = 1.2 px) at radius R and angles θ0 + 2πj/n, drawn with y down. */
  function spots(frame: Float64Array, n: number, R: number, theta0: number, amplitude = 100): void {
    for (let j = 0; j < n; j++) {
      const sx = cx + R * Math.cos(theta0 + (2 * Math.PI * j) / n);
      const sy = cy + R * Math.sin(theta0 + (2 * Math.PI * j) / n);
      for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) frame[y * w + x] += amplitude * Math.exp(-((x - sx) ** 2 + (y - sy) ** 2) / (2 * 1.2 ** 2));
    }
  }

  test('6-fold and 4-fold patterns give dominant orders 6 and 4; a featureless frame gives 0', () => {
    const frames = 4;
    const data = new Float64Array(frames * h * w);
    for (let f = 0; f < 3; f++) {
      const frame = data.subarray(f * h * w, (f + 1) * h * w);
      frame.fill(5);
      spots(frame, 4, 9, 0.3 * f); // inner bin: 4-fold
      spots(frame, 6, 22, 0.1 + 0.2 * f); // outer bin: 6-fold
    }
    data.fill(5, 3 * h * w); // uniform frame: orders k ≥ 1 vanish (up to the pixel grid)
    const ds = new MemoryDataSet(data, [2, 2], [h, w]);
    const { dominant, absolute } = runUdf(radial, ds, { cx, cy, ri: 4, ro: 28, nBins: 2, maxOrder: 24 }, { partitions: 2, tileShape: { depth: 3, rows: 7 } });
    expect(Array.from(dominant!.data)).toEqual([4, 6, 4, 6, 4, 6, 0, 0]);
    // The 6-fold coefficient of the outer ring is close to the order-0 part of its spots (6 spots in phase).
    const abs = (f: number, b: number, k: number) => absolute!.data[(f * 2 + b) * 25 + k]!;
    expect(abs(0, 1, 6)).toBeGreaterThan(5 * abs(0, 1, 5));
    expect(abs(0, 1, 6)).toBeGreaterThan(abs(0, 1, 12));
  });

  test('φ is 0 along +x and grows toward +y (down): clockwise on screen', () => {
    // One bright pixel per frame at distance 5 to the right, below, left and above the centre.
    const positions = [
      [cy, cx + 5, 0],
      [cy + 5, cx, Math.PI / 2],
      [cy, cx - 5, Math.PI],
      [cy - 5, cx, -Math.PI / 2],
      [cy + 3, cx + 4, Math.atan2(3, 4)],
    ] as const;
    const data = new Uint16Array(positions.length * h * w);
    positions.forEach(([y, x], f) => (data[f * h * w + y * w + x] = 7));
    const ds = new MemoryDataSet(data, [positions.length], [h, w]);
    const { phase, absolute } = runUdf(radial, ds, { cx, cy, ri: 4, ro: 6, nBins: 1, maxOrder: 3 });
    positions.forEach(([, , phi], f) => {
      for (let k = 0; k <= 3; k++) expect(absolute!.data[f * 4 + k]).toBeCloseTo(7, 12);
      const p1 = phase!.data[f * 4 + 1]!;
      expect(Math.abs(Math.abs(p1) - Math.abs(phi))).toBeLessThan(1e-12);
      if (phi !== Math.PI) expect(p1).toBeCloseTo(phi, 12);
      // order k turns k times as fast
      const p3 = phase!.data[f * 4 + 3]!;
      expect(Math.cos(p3)).toBeCloseTo(Math.cos(3 * phi), 12);
      expect(Math.sin(p3)).toBeCloseTo(Math.sin(3 * phi), 12);
    });
  });

  test('hard edges: ri < d ≤ ro, and a pixel on a bin boundary belongs to the inner bin', () => {
    const data = new Float32Array(3 * h * w);
    data[0 * h * w + cy * w + cx + 2] = 1; // d = 2 = ri: outside
    data[1 * h * w + cy * w + cx + 6] = 1; // d = 6 = ro: inside, outer bin
    data[2 * h * w + (cy + 4) * w + cx] = 1; // d = 4: the boundary between the two bins → bin 0
    const ds = new MemoryDataSet(data, [3], [h, w]);
    const { absolute } = runUdf(radial, ds, { cx, cy, ri: 2, ro: 6, nBins: 2, maxOrder: 1 });
    const order0 = (f: number, b: number) => absolute!.data[(f * 2 + b) * 2]!;
    expect([order0(0, 0), order0(0, 1)]).toEqual([0, 0]);
    expect([order0(1, 0), order0(1, 1)]).toEqual([0, 1]);
    expect([order0(2, 0), order0(2, 1)]).toEqual([1, 0]);
  });
});
