import { awkwardCases, MemoryDataSet, randomDataSet, runUdf } from '@stemflow/plugin-sdk/testing';
import { fftSum } from './index';
import { blanked, expectAllClose, frameOf, naiveDft2, shiftedIndex } from './reference.fixture';

const NAV = [5, 7];

type Mode = 'sum-of-magnitudes' | 'magnitude-of-sum';
interface Params {
  mode: Mode;
  cx: number;
  cy: number;
  r?: number;
}

/** Σ_frames |DFT(frame·(1 − disk))| or |DFT(Σ_frames frame·(1 − disk))|, fftshifted, over the ROI frames. */
function naiveFftSum(ds: MemoryDataSet, p: Params, roi?: Uint8Array): Float64Array {
  const [h, w] = ds.sigShape as [number, number];
  const out = new Float64Array(h * w);
  const sum = new Float64Array(h * w);
  const addMagnitudes = (frame: Float64Array, scale = 1) => {
    const { re, im } = naiveDft2(frame, h, w);
    for (let ky = 0; ky < h; ky++) {
      for (let kx = 0; kx < w; kx++) out[shiftedIndex(ky, kx, h, w)] += scale * Math.hypot(re[ky * w + kx]!, im[ky * w + kx]!);
    }
  };
  for (let f = 0; f < ds.frames; f++) {
    if (roi && !roi[f]) continue;
    const frame = blanked(frameOf(ds.data, f, h * w), h, w, p);
    if (p.mode === 'sum-of-magnitudes') addMagnitudes(frame);
    else frame.forEach((v, i) => (sum[i] += v));
  }
  if (p.mode === 'magnitude-of-sum') addMagnitudes(sum);
  return out;
}

function check(ds: MemoryDataSet, p: Params, options: Parameters<typeof runUdf>[3] = {}): void {
  const { intensity, log_intensity } = runUdf(fftSum, ds, p, options);
  expect(intensity!.shape).toEqual([...ds.sigShape]);
  const expected = naiveFftSum(ds, p, options.roi);
  expectAllClose(intensity!.data, expected);
  expectAllClose(log_intensity!.data, expected.map((v) => Math.log(v + 1)));
}

describe('fourier.fft-sum against a float64 DFT', () => {
  test.each(awkwardCases(NAV, [9, 11]))(
    '9×11 $dtype tile $tileShape.depth×$tileShape.rows, $partitions partitions, roi $useRoi',
    ({ dtype, tileShape, partitions, roi }) => {
      const ds = randomDataSet(NAV, [9, 11], dtype, 5);
      for (const mode of ['sum-of-magnitudes', 'magnitude-of-sum'] as const) {
        check(ds, { mode, cx: 5.5, cy: 3.2, r: 2.5 }, { tileShape, partitions, roi });
        check(ds, { mode, cx: 0, cy: 0 }, { tileShape, partitions, roi });
      }
    },
  );

  test.each([
    [8, 16],
    [12, 10],
    [1, 9],
  ])('%i×%i frames (radix-2, even Bluestein, one row)', (h, w) => {
    const ds = randomDataSet([2, 3], [h, w], 'float32', h * w);
    check(ds, { mode: 'sum-of-magnitudes', cx: w / 2, cy: h / 2, r: 1 }, { partitions: 2, tileShape: { depth: 2, rows: 1 } });
    check(ds, { mode: 'magnitude-of-sum', cx: w / 2, cy: h / 2 }, { partitions: 3 });
  });
});

describe('fourier.fft-sum known answers', () => {
  // Plane wave A_f·cos(2π(3y/15 − 4x/20)) + 10 on 15×20 frames: DC at the centre (7, 10), the wave
  // at (7 + 3, 10 − 4) and its conjugate twin at (7 − 3, 10 + 4), each h·w/2·|A_f|.
  const [h, w] = [15, 20];
  const amplitudes = [1, -1, 2, -2, 0.5, -0.5];
  const data = new Float64Array(amplitudes.length * h * w);
  amplitudes.forEach((a, f) => {
    for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) data[f * h * w + y * w + x] = a * Math.cos(2 * Math.PI * ((3 * y) / h - (4 * x) / w)) + 10;
  });
  const ds = new MemoryDataSet(data, [2, 3], [h, w]);
  const at = (a: ArrayLike<number>, y: number, x: number) => a[y * w + x]!;

  test('sum of magnitudes: peaks at ±(3, −4) from the centre, Σ|A|·h·w/2 each', () => {
    const { intensity } = runUdf(fftSum, ds, { mode: 'sum-of-magnitudes' }, { partitions: 2 });
    const peak = (h * w * amplitudes.reduce((s, a) => s + Math.abs(a), 0)) / 2;
    expect(at(intensity!.data, 10, 6)).toBeCloseTo(peak, 8);
    expect(at(intensity!.data, 4, 14)).toBeCloseTo(peak, 8);
    expect(at(intensity!.data, 7, 10)).toBeCloseTo(10 * h * w * amplitudes.length, 8);
    intensity!.data.forEach((v, i) => {
      if (![10 * w + 6, 4 * w + 14, 7 * w + 10].includes(i)) expect(v).toBeLessThan(1e-9);
    });
  });

  test('magnitude of the sum: waves of opposite sign cancel, the DC term stays', () => {
    const { intensity } = runUdf(fftSum, ds, { mode: 'magnitude-of-sum' }, { partitions: 3 });
    expect(at(intensity!.data, 10, 6)).toBeLessThan(1e-9);
    expect(at(intensity!.data, 7, 10)).toBeCloseTo(10 * h * w * amplitudes.length, 8);
  });

  test('the blanked disk removes its pixels before the transform (DC = Σ of the rest)', () => {
    // Constant frames of 1: the DC term counts the pixels outside the disk d ≤ r (LiberTEM: edge included).
    const ones = new MemoryDataSet(new Float32Array(2 * 9 * 11).fill(1), [2], [9, 11]);
    const { intensity } = runUdf(fftSum, ones, { cx: 5, cy: 4, r: 2 });
    // 13 lattice points with d² ≤ 4.
    expect(intensity!.data[4 * 11 + 5]).toBeCloseTo(2 * (99 - 13), 10);
  });
});
