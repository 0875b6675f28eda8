import { Fft2dPlan, FftPlan, fftFrequency, fftshift2d, fftshiftIndex, ifftshift2d } from './fft';

/** Deterministic values in [−1, 1). */
function noise(length: number, seed: number): Float64Array {
  let s = seed >>> 0;
  return Float64Array.from({ length }, () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 31 - 1;
  });
}

/** Plain O(N²) DFT in float64; `(k·n) mod N` keeps each angle exact before the trig call. */
function naiveDft(re: Float64Array, im: Float64Array, sign = -1): [Float64Array, Float64Array] {
  const n = re.length;
  const outRe = new Float64Array(n);
  const outIm = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    let sr = 0;
    let si = 0;
    for (let j = 0; j < n; j++) {
      const angle = (sign * 2 * Math.PI * ((k * j) % n)) / n;
      const c = Math.cos(angle);
      const s = Math.sin(angle);
      sr += re[j]! * c - im[j]! * s;
      si += re[j]! * s + im[j]! * c;
    }
    outRe[k] = sr;
    outIm[k] = si;
  }
  return [outRe, outIm];
}

/** Plain O((hw)²) 2-D DFT: every output bin summed over every input pixel. */
function naiveDft2(re: Float64Array, im: Float64Array, h: number, w: number): [Float64Array, Float64Array] {
  const outRe = new Float64Array(h * w);
  const outIm = new Float64Array(h * w);
  for (let ky = 0; ky < h; ky++) {
    for (let kx = 0; kx < w; kx++) {
      let sr = 0;
      let si = 0;
      for (let y = 0; y < h; y++) {
        for (let x = 0; x < w; x++) {
          // e^{−2πi(ky·y/h + kx·x/w)}, each phase reduced to one turn exactly.
          const angle = -2 * Math.PI * (((ky * y) % h) / h + ((kx * x) % w) / w);
          const c = Math.cos(angle);
          const s = Math.sin(angle);
          const p = y * w + x;
          sr += re[p]! * c - im[p]! * s;
          si += re[p]! * s + im[p]! * c;
        }
      }
      outRe[ky * w + kx] = sr;
      outIm[ky * w + kx] = si;
    }
  }
  return [outRe, outIm];
}

/** max |a − b| over max |b|: the relative error of a spectrum. */
function relError(aRe: Float64Array, aIm: Float64Array, bRe: Float64Array, bIm: Float64Array): number {
  let err = 0;
  let scale = 0;
  for (let i = 0; i < bRe.length; i++) {
    err = Math.max(err, Math.hypot(aRe[i]! - bRe[i]!, aIm[i]! - bIm[i]!));
    scale = Math.max(scale, Math.hypot(bRe[i]!, bIm[i]!));
  }
  return err / scale;
}

const LENGTHS = [1, 2, 3, 4, 5, 7, 8, 9, 11, 12, 16, 17, 31, 64, 100, 127, 128, 255, 256, 1000];
const SHAPES: [number, number][] = [
  [9, 11],
  [8, 16],
  [16, 8],
  [12, 10],
  [7, 7],
  [1, 7],
  [6, 1],
  [1, 1],
  [2, 3],
  [13, 16],
];

describe('FftPlan (1-D)', () => {
  test.each(LENGTHS)('n = %i matches the naive DFT to 1e-12 relative, forward and inverse', (n) => {
    const re = noise(n, n);
    const im = noise(n, n + 100);
    const [eRe, eIm] = naiveDft(re, im);
    const plan = new FftPlan(n);
    const r = re.slice();
    const i = im.slice();
    plan.forward(r, i);
    expect(relError(r, i, eRe, eIm)).toBeLessThan(1e-12);
    plan.inverse(r, i);
    expect(relError(r, i, re, im)).toBeLessThan(1e-12);
    // A second call on the reused plan gives the same numbers (scratch memory is reset).
    const [r1, i1, r2, i2] = [re.slice(), im.slice(), re.slice(), im.slice()];
    plan.forward(r1, i1);
    plan.forward(r2, i2);
    expect(Array.from(r2)).toEqual(Array.from(r1));
    expect(Array.from(i2)).toEqual(Array.from(i1));
  });

  test('transforms in place at an offset and leaves the rest alone', () => {
    const n = 9;
    const re = noise(3 * n, 5);
    const im = noise(3 * n, 6);
    const before = [re.slice(), im.slice()];
    new FftPlan(n).forward(re, im, n);
    const [eRe, eIm] = naiveDft(before[0]!.slice(n, 2 * n), before[1]!.slice(n, 2 * n));
    expect(relError(re.slice(n, 2 * n), im.slice(n, 2 * n), eRe, eIm)).toBeLessThan(1e-12);
    expect(Array.from(re.slice(0, n))).toEqual(Array.from(before[0]!.slice(0, n)));
    expect(Array.from(im.slice(2 * n))).toEqual(Array.from(before[1]!.slice(2 * n)));
  });

  test('a pure tone lands in its bin with amplitude n (sign convention e^{−2πikn/N})', () => {
    const n = 15;
    const re = Float64Array.from({ length: n }, (_, j) => Math.cos((2 * Math.PI * 4 * j) / n));
    const im = Float64Array.from({ length: n }, (_, j) => Math.sin((2 * Math.PI * 4 * j) / n));
    new FftPlan(n).forward(re, im);
    expect(re[4]).toBeCloseTo(n, 10);
    for (let k = 0; k < n; k++) if (k !== 4) expect(Math.hypot(re[k]!, im[k]!)).toBeLessThan(1e-10);
  });

  test('rejects lengths that are not positive integers', () => {
    expect(() => new FftPlan(0)).toThrow(RangeError);
    expect(() => new FftPlan(2.5)).toThrow(/integer/);
  });
});

describe('Fft2dPlan', () => {
  test.each(SHAPES)('complex %i×%i matches the naive 2-D DFT to 1e-12 relative, forward and inverse', (h, w) => {
    const re = noise(h * w, h * 31 + w);
    const im = noise(h * w, h * 17 + w);
    const [eRe, eIm] = naiveDft2(re, im, h, w);
    const plan = new Fft2dPlan(h, w);
    const r = re.slice();
    const i = im.slice();
    plan.forward(r, i);
    expect(relError(r, i, eRe, eIm)).toBeLessThan(1e-12);
    plan.inverse(r, i);
    expect(relError(r, i, re, im)).toBeLessThan(1e-12);
  });

  test.each(SHAPES)('real %i×%i input, weighted, full and half spectrum', (h, w) => {
    const frame = Uint16Array.from(noise(h * w, h + 7 * w), (v) => Math.floor((v + 1) * 30000));
    const weight = Float64Array.from(noise(h * w, 3), (v, p) => (p === 0 || v > -0.3 ? 1 : 0));
    const weighted = Float64Array.from(frame, (v, p) => v * weight[p]!);
    const [eRe, eIm] = naiveDft2(weighted, new Float64Array(h * w), h, w);
    const plan = new Fft2dPlan(h, w);
    const re = new Float64Array(h * w);
    const im = new Float64Array(h * w);
    plan.forwardReal(frame, re, im, weight);
    expect(relError(re, im, eRe, eIm)).toBeLessThan(1e-12);
    expect(Array.from(frame.slice(0, 3))).toEqual(Array.from(Uint16Array.from(noise(h * w, h + 7 * w), (v) => Math.floor((v + 1) * 30000)).slice(0, 3)));

    // half: columns kx ≤ ⌊w/2⌋ are right, the others untouched.
    const hr = new Float64Array(h * w).fill(7);
    const hi = new Float64Array(h * w).fill(7);
    plan.forwardReal(weighted, hr, hi, null, true);
    const last = w >> 1;
    for (let ky = 0; ky < h; ky++) {
      for (let kx = 0; kx < w; kx++) {
        const p = ky * w + kx;
        if (kx <= last) {
          expect(Math.abs(hr[p]! - eRe[p]!)).toBeLessThan(1e-12 * 30000 * h * w);
          expect(Math.abs(hi[p]! - eIm[p]!)).toBeLessThan(1e-12 * 30000 * h * w);
        } else {
          expect([hr[p], hi[p]]).toEqual([7, 7]);
        }
      }
    }
  });

  test('a 2-D plane wave lands at its frequency with amplitude h·w', () => {
    const [h, w] = [9, 11];
    const [fy, fx] = [2, -3];
    const re = new Float64Array(h * w);
    const im = new Float64Array(h * w);
    for (let y = 0; y < h; y++) {
      for (let x = 0; x < w; x++) {
        const phase = 2 * Math.PI * ((fy * y) / h + (fx * x) / w);
        re[y * w + x] = Math.cos(phase);
        im[y * w + x] = Math.sin(phase);
      }
    }
    new Fft2dPlan(h, w).forward(re, im);
    const peak = fy * w + (fx + w);
    expect(re[peak]).toBeCloseTo(h * w, 10);
    for (let p = 0; p < h * w; p++) if (p !== peak) expect(Math.hypot(re[p]!, im[p]!)).toBeLessThan(1e-10);
  });
});

describe('frequencies and fftshift (NumPy semantics)', () => {
  test('fftFrequency is numpy.fft.fftfreq(n)·n', () => {
    expect(Array.from({ length: 8 }, (_, k) => fftFrequency(k, 8))).toEqual([0, 1, 2, 3, -4, -3, -2, -1]);
    expect(Array.from({ length: 9 }, (_, k) => fftFrequency(k, 9))).toEqual([0, 1, 2, 3, 4, -4, -3, -2, -1]);
    expect(fftFrequency(0, 1)).toBe(0);
  });

  test('fftshift puts frequency 0 at ⌊n/2⌋; ifftshift undoes it for odd sizes', () => {
    // numpy.fft.fftshift(arange(5)) = [3 4 0 1 2]; of arange(4) = [2 3 0 1].
    const a = [0, 1, 2, 3, 4];
    const out = new Array<number>(5);
    fftshift2d(a, out, 1, 5);
    expect(out).toEqual([3, 4, 0, 1, 2]);
    fftshift2d([0, 1, 2, 3], out, 4, 1);
    expect(out.slice(0, 4)).toEqual([2, 3, 0, 1]);
    const [h, w] = [5, 6];
    const src = Array.from({ length: h * w }, (_, i) => i);
    const shifted = new Array<number>(h * w);
    const back = new Array<number>(h * w);
    fftshift2d(src, shifted, h, w);
    ifftshift2d(shifted, back, h, w);
    expect(back).toEqual(src);
    // The DC bin (0, 0) goes to (⌊h/2⌋, ⌊w/2⌋); bin k goes to its frequency + ⌊n/2⌋.
    expect(shifted[2 * w + 3]).toBe(0);
    const index = fftshiftIndex(h, w);
    for (let ky = 0; ky < h; ky++) {
      for (let kx = 0; kx < w; kx++) {
        expect(index[ky * w + kx]).toBe((fftFrequency(ky, h) + (h >> 1)) * w + fftFrequency(kx, w) + (w >> 1));
        expect(shifted[index[ky * w + kx]!]).toBe(ky * w + kx);
      }
    }
  });
});
