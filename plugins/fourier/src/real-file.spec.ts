import { join } from 'node:path';
import { npyDataSet, runUdf, sharedDataDir } from '@stemflow/plugin-sdk/testing';
import { fftMask, fftSum, radial } from './index';
import { blanked, expectAllClose, frameOf, freq, naiveDft2, shiftedIndex } from './reference.fixture';

const dataDir = sharedDataDir();

// npy/delmic/sparc-angle-resolved-data.npy: nav 3×2, sig 256×256 uint16 (an angle-resolved CL camera).
const ds = npyDataSet(join(dataDir, 'npy/delmic/sparc-angle-resolved-data.npy'));
const [H, W] = [256, 256];
const DISK = { cx: 120.5, cy: 131, r: 20 };
const ROI = Uint8Array.from([1, 0, 1, 1, 0, 1]);

// One float64 DFT per ROI frame, shared by the FFT tests below (the reference is O(N³) per frame).
const spectra = Array.from({ length: ds.frames }, (_, f) => (ROI[f] ? naiveDft2(blanked(frameOf(ds.data, f, H * W), H, W, DISK), H, W) : null));

describe('Fourier analyses on a real detector file (delmic SPARC, 3×2 × 256×256 uint16)', () => {
  test('fft-sum over a ROI equals Σ|DFT| of the blanked frames, fftshifted', () => {
    const { intensity } = runUdf(fftSum, ds, DISK, { partitions: 2, roi: ROI });
    const expected = new Float64Array(H * W);
    spectra.forEach((spectrum) => {
      if (!spectrum) return;
      const { re, im } = spectrum;
      for (let ky = 0; ky < H; ky++) for (let kx = 0; kx < W; kx++) expected[shiftedIndex(ky, kx, H, W)] += Math.hypot(re[ky * W + kx]!, im[ky * W + kx]!);
    });
    expectAllClose(intensity!.data, expected);
    // A real pattern: the DC term is the largest and equals the summed blanked intensity.
    const dc = intensity!.data[128 * W + 128]!;
    expect(Math.max(...intensity!.data)).toBe(dc);
  });

  test('fft-mask equals the ring sum over the rfft2 half of the float64 DFT', () => {
    const p = { ri: 3, ro: 40, ...DISK };
    const { intensity } = runUdf(fftMask, ds, p, { partitions: 3, roi: ROI });
    const expected = spectra.map((spectrum) => {
      if (!spectrum) return NaN;
      const { re, im } = spectrum;
      let s = 0;
      for (let ky = 0; ky < H; ky++) {
        for (let kx = 0; kx <= W / 2; kx++) {
          const d2 = freq(ky, H) ** 2 + freq(kx, W) ** 2;
          if (d2 > p.ri ** 2 && d2 <= p.ro ** 2) s += Math.hypot(re[ky * W + kx]!, im[ky * W + kx]!);
        }
      }
      return s;
    });
    expectAllClose(intensity!.data, expected);
  });

  test('radial Fourier coefficients equal the plain sum', () => {
    const p = { cx: 127.3, cy: 128.6, ri: 10, ro: 110, nBins: 2, maxOrder: 8 };
    const { real, imag, dominant } = runUdf(radial, ds, p, { partitions: 2 });
    const orders = p.maxOrder + 1;
    const re = new Float64Array(ds.frames * 2 * orders);
    const im = new Float64Array(ds.frames * 2 * orders);
    const mid = p.ri + (p.ro - p.ri) / 2;
    for (let y = 0; y < H; y++) {
      for (let x = 0; x < W; x++) {
        const d2 = (x - p.cx) ** 2 + (y - p.cy) ** 2;
        if (!(d2 > p.ri ** 2 && d2 <= p.ro ** 2)) continue;
        const b = d2 <= mid ** 2 ? 0 : 1;
        const phi = Math.atan2(y - p.cy, x - p.cx);
        for (let k = 0; k < orders; k++) {
          const [c, s] = [Math.cos(k * phi), Math.sin(k * phi)];
          for (let f = 0; f < ds.frames; f++) {
            const v = ds.data[(f * H + y) * W + x]!;
            re[(f * 2 + b) * orders + k] += v * c;
            im[(f * 2 + b) * orders + k] += v * s;
          }
        }
      }
    }
    expectAllClose(real!.data, re);
    expectAllClose(imag!.data, im);
    expect(dominant!.shape).toEqual([3, 2, 2]);
    for (const d of dominant!.data) expect(Number.isInteger(d) && d >= 0 && d <= p.maxOrder).toBe(true);
  });
});
