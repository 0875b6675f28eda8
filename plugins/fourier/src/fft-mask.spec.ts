import { awkwardCases, MemoryDataSet, randomDataSet, runUdf } from '@stemflow/plugin-sdk/testing';
import { fftMask } from './index';
import { blanked, expectAllClose, frameOf, freq, naiveDft2 } from './reference.fixture';

const NAV = [5, 7];

interface Params {
  ri: number;
  ro: number;
  cx: number;
  cy: number;
  r?: number;
}

/**
 * CrystallinityUDF written out: Σ |DFT(frame·(1 − disk))| over the bins of numpy's rfft2 half
 * (kx ≤ ⌊w/2⌋) whose signed frequency (fy, fx) has ri² < fy² + fx² ≤ ro²; NaN outside the ROI.
 */
function naiveFftMask(ds: MemoryDataSet, p: Params, roi?: Uint8Array): Float64Array {
  const [h, w] = ds.sigShape as [number, number];
  const out = new Float64Array(ds.frames);
  for (let f = 0; f < ds.frames; f++) {
    if (roi && !roi[f]) {
      out[f] = NaN;
      continue;
    }
    const { re, im } = naiveDft2(blanked(frameOf(ds.data, f, h * w), h, w, p), h, w);
    let s = 0;
    for (let ky = 0; ky < h; ky++) {
      for (let kx = 0; kx <= Math.floor(w / 2); kx++) {
        const d2 = freq(ky, h) ** 2 + freq(kx, w) ** 2;
        if (d2 > p.ri ** 2 && d2 <= p.ro ** 2) s += Math.hypot(re[ky * w + kx]!, im[ky * w + kx]!);
      }
    }
    out[f] = s;
  }
  return out;
}

describe('fourier.fft-mask against a float64 DFT', () => {
  test.each(awkwardCases(NAV, [9, 11]))(
    '9×11 $dtype tile $tileShape.depth×$tileShape.rows, $partitions partitions, roi $useRoi',
    ({ dtype, tileShape, partitions, roi }) => {
      const ds = randomDataSet(NAV, [9, 11], dtype, 11);
      for (const p of [
        { ri: 1, ro: 3, cx: 4.5, cy: 4.5, r: 1.5 },
        { ri: 0, ro: 2.3, cx: 0, cy: 0 },
        { ri: 2, ro: 8, cx: 10, cy: 8, r: 3 },
      ]) {
        const { intensity } = runUdf(fftMask, ds, p, { tileShape, partitions, roi });
        expect(intensity!.shape).toEqual(NAV);
        expectAllClose(intensity!.data, naiveFftMask(ds, p, roi));
      }
    },
  );

  test.each([
    [16, 16],
    [12, 10],
    [7, 1],
  ])('%i×%i frames', (h, w) => {
    const ds = randomDataSet([3, 2], [h, w], 'uint16', h + w);
    const p = { ri: 0.5, ro: Math.max(h, w) / 3, cx: w / 2, cy: h / 2, r: 1 };
    expectAllClose(runUdf(fftMask, ds, p, { partitions: 2 }).intensity!.data, naiveFftMask(ds, p));
  });
});

describe('fourier.fft-mask known answers and LiberTEM semantics', () => {
  const [h, w] = [15, 20];
  const wave = (fy: number, fx: number, a: number) => {
    const data = new Float64Array(h * w);
    for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) data[y * w + x] = a * Math.cos(2 * Math.PI * ((fy * y) / h + (fx * x) / w)) + 3;
    return data;
  };

  test('a plane wave of frequency |f| = 5 counts once (half spectrum), only in rings with ri < 5 ≤ ro', () => {
    const ds = new MemoryDataSet(wave(3, -4, 2), [1], [h, w]);
    const run = (ri: number, ro: number) => runUdf(fftMask, ds, { ri, ro }).intensity!.data[0]!;
    expect(run(4, 5)).toBeCloseTo((2 * h * w) / 2, 8); // d = ro is inside
    expect(run(4.9, 7)).toBeCloseTo((2 * h * w) / 2, 8);
    expect(run(5, 7)).toBeLessThan(1e-9); // d = ri is outside
    expect(run(0, 4.9)).toBeLessThan(1e-9); // DC (d = 0) is never in a ring
  });

  test('a wave on the kx = 0 column has both twins in the half spectrum and counts twice', () => {
    const ds = new MemoryDataSet(wave(5, 0, 2), [1], [h, w]);
    expect(runUdf(fftMask, ds, { ri: 4, ro: 5 }).intensity!.data[0]).toBeCloseTo(2 * h * w, 8);
  });

  test('for even sides the ring is LiberTEM\'s: fftshift(ring around (h/2, w/2))[:, :w/2+1]', () => {
    // One frame per pixel of the half spectrum would be costly; instead probe with frames whose
    // spectrum is one cosine each and compare the selected bins with LiberTEM's construction.
    const [H, W] = [12, 16];
    const [ri, ro] = [2, 5];
    const libertem = (ky: number, kx: number) => {
      // ring pixel (y, x) with (y − H/2)² + (x − W/2)² in (ri², ro²], then fftshift: bin k ← pixel (k − n/2) mod n.
      const y = (ky - H / 2 + H) % H;
      const x = (kx - W / 2 + W) % W;
      const d2 = (y - H / 2) ** 2 + (x - W / 2) ** 2;
      return d2 > ri * ri && d2 <= ro * ro;
    };
    const frames: number[] = [];
    const expected: number[] = [];
    for (let ky = 0; ky < H; ky++) {
      for (let kx = 1; kx < W / 2; kx++) {
        // cos(2π(ky·y/H + kx·x/W)): one peak in the half spectrum (kx in 1 … W/2 − 1), magnitude H·W/2.
        for (let y = 0; y < H; y++) for (let x = 0; x < W; x++) frames.push(Math.cos(2 * Math.PI * ((ky * y) / H + (kx * x) / W)));
        expected.push(libertem(ky, kx) ? (H * W) / 2 : 0);
      }
    }
    const ds = new MemoryDataSet(Float64Array.from(frames), [expected.length], [H, W]);
    const { intensity } = runUdf(fftMask, ds, { ri, ro }, { partitions: 2 });
    expectAllClose(intensity!.data, expected, 1e-9);
    expect(expected.filter((v) => v > 0).length).toBeGreaterThan(10);
  });
});
