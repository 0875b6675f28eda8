/**
 * Discrete Fourier transforms of any length, in float64, with no allocation per call.
 *
 * Conventions are NumPy's (`numpy.fft`): the forward transform is unnormalised,
 * `X[k] = Σₙ x[n]·e^{−2πi·kn/N}`; the inverse is `x[n] = (1/N)·Σₖ X[k]·e^{+2πi·kn/N}`.
 * 2-D arrays are C order, `[ky, kx]` at `ky·width + kx`; bin `k` holds the signed frequency
 * `fftFrequency(k, n)` (cycles per `n` pixels), and `fftshift` moves frequency 0 to index `⌊n/2⌋`.
 *
 * Lengths that are powers of two use an iterative radix-2 transform; every other length uses
 * Bluestein's chirp-z algorithm (a circular convolution of a power-of-two length ≥ 2n − 1), so the
 * cost stays O(n log n) for odd and prime sizes. Build a plan once per task (in `taskData`) and reuse
 * it: a plan owns its twiddle tables and scratch memory, so it is not reentrant (one plan per worker).
 */

function isPowerOfTwo(n: number): boolean {
  return n > 0 && (n & (n - 1)) === 0;
}

function checkLength(n: number, what: string): void {
  if (!Number.isInteger(n) || n < 1 || n > 2 ** 26) throw new RangeError(`${what} must be an integer in 1…2^26, got ${n}`);
}

/** Radix-2 decimation-in-time transform of one power-of-two length (forward direction only). */
class Radix2 {
  private readonly bitrev: Uint32Array;
  /** `cos(2πt/n)` and `sin(2πt/n)` for `t < n/2`. */
  private readonly cos: Float64Array;
  private readonly sin: Float64Array;

  constructor(readonly n: number) {
    const bits = Math.round(Math.log2(n));
    this.bitrev = new Uint32Array(n);
    for (let i = 0; i < n; i++) {
      let r = 0;
      for (let b = 0, v = i; b < bits; b++, v >>= 1) r = (r << 1) | (v & 1);
      this.bitrev[i] = r;
    }
    const half = n >> 1;
    this.cos = new Float64Array(half);
    this.sin = new Float64Array(half);
    // Each twiddle from its own angle (no recurrence): error stays at one rounding.
    for (let t = 0; t < half; t++) {
      const angle = (2 * Math.PI * t) / n;
      this.cos[t] = Math.cos(angle);
      this.sin[t] = Math.sin(angle);
    }
  }

  /** Forward transform of `re/im[offset … offset + n)` in place. */
  forward(re: Float64Array, im: Float64Array, offset: number): void {
    const { n, bitrev, cos, sin } = this;
    for (let i = 0; i < n; i++) {
      const j = bitrev[i]!;
      if (j > i) {
        const a = offset + i;
        const b = offset + j;
        const tr = re[a]!;
        re[a] = re[b]!;
        re[b] = tr;
        const ti = im[a]!;
        im[a] = im[b]!;
        im[b] = ti;
      }
    }
    for (let size = 2; size <= n; size <<= 1) {
      const half = size >> 1;
      const step = n / size;
      for (let j = 0; j < half; j++) {
        const wr = cos[j * step]!;
        const wi = -sin[j * step]!;
        for (let start = offset + j; start < offset + n; start += size) {
          const b = start + half;
          const br = re[b]!;
          const bi = im[b]!;
          const xr = br * wr - bi * wi;
          const xi = br * wi + bi * wr;
          const ar = re[start]!;
          const ai = im[start]!;
          re[b] = ar - xr;
          im[b] = ai - xi;
          re[start] = ar + xr;
          im[start] = ai + xi;
        }
      }
    }
  }
}

/** Bluestein: `X[k] = w[k]·Σₙ (x[n]·w[n])·conj(w[k−n])` with the chirp `w[k] = e^{−iπk²/n}`. */
class Bluestein {
  private readonly m: number;
  private readonly inner: Radix2;
  private readonly chirpRe: Float64Array;
  private readonly chirpIm: Float64Array;
  /** FFT of the conjugate chirp, wrapped to length m. */
  private readonly kernelRe: Float64Array;
  private readonly kernelIm: Float64Array;
  private readonly workRe: Float64Array;
  private readonly workIm: Float64Array;

  constructor(readonly n: number) {
    let m = 1;
    while (m < 2 * n - 1) m <<= 1;
    this.m = m;
    this.inner = new Radix2(m);
    this.chirpRe = new Float64Array(n);
    this.chirpIm = new Float64Array(n);
    const twoN = 2 * n;
    for (let k = 0; k < n; k++) {
      // k² mod 2n keeps the angle small and exact (k² < 2^53 for n ≤ 2^26).
      const angle = (Math.PI * ((k * k) % twoN)) / n;
      this.chirpRe[k] = Math.cos(angle);
      this.chirpIm[k] = -Math.sin(angle);
    }
    this.kernelRe = new Float64Array(m);
    this.kernelIm = new Float64Array(m);
    for (let k = 0; k < n; k++) {
      this.kernelRe[k] = this.chirpRe[k]!;
      this.kernelIm[k] = -this.chirpIm[k]!;
      if (k > 0) {
        this.kernelRe[m - k] = this.chirpRe[k]!;
        this.kernelIm[m - k] = -this.chirpIm[k]!;
      }
    }
    this.inner.forward(this.kernelRe, this.kernelIm, 0);
    this.workRe = new Float64Array(m);
    this.workIm = new Float64Array(m);
  }

  forward(re: Float64Array, im: Float64Array, offset: number): void {
    const { n, m, chirpRe, chirpIm, kernelRe, kernelIm, workRe, workIm } = this;
    for (let k = 0; k < n; k++) {
      const xr = re[offset + k]!;
      const xi = im[offset + k]!;
      const cr = chirpRe[k]!;
      const ci = chirpIm[k]!;
      workRe[k] = xr * cr - xi * ci;
      workIm[k] = xr * ci + xi * cr;
    }
    workRe.fill(0, n);
    workIm.fill(0, n);
    this.inner.forward(workRe, workIm, 0);
    // Multiply by the kernel and conjugate: the forward transform of the conjugate is m·conj(inverse).
    for (let k = 0; k < m; k++) {
      const ar = workRe[k]!;
      const ai = workIm[k]!;
      const br = kernelRe[k]!;
      const bi = kernelIm[k]!;
      workRe[k] = ar * br - ai * bi;
      workIm[k] = -(ar * bi + ai * br);
    }
    this.inner.forward(workRe, workIm, 0);
    const scale = 1 / m;
    for (let k = 0; k < n; k++) {
      const cr = workRe[k]! * scale;
      const ci = -workIm[k]! * scale;
      const wr = chirpRe[k]!;
      const wi = chirpIm[k]!;
      re[offset + k] = cr * wr - ci * wi;
      im[offset + k] = cr * wi + ci * wr;
    }
  }
}

/**
 * A 1-D transform of length `n` (any n ≥ 1), in place on `re/im[offset … offset + n)`.
 *
 * @example
 * ```ts
 * import { FftPlan } from '@stemflow/plugin-sdk';
 *
 * const plan = new FftPlan(9); // once per task; odd and prime lengths are fine
 * const re = Float64Array.from({ length: 9 }, (_, i) => Math.cos((2 * Math.PI * 2 * i) / 9));
 * const im = new Float64Array(9);
 * plan.forward(re, im); // re[2] ≈ re[7] ≈ 4.5: the cosine's two frequencies
 * plan.inverse(re, im); // back to the cosine
 * ```
 */
export class FftPlan {
  private readonly impl: Radix2 | Bluestein;

  /**
   * A plan for transforms of length `n`, with its twiddle tables and scratch memory.
   *
   * @throws `RangeError` unless `n` is an integer in 1…2^26.
   */
  constructor(
    /** Transform length. */
    readonly n: number,
  ) {
    checkLength(n, 'FFT length');
    this.impl = isPowerOfTwo(n) ? new Radix2(n) : new Bluestein(n);
  }

  /** `X[k] = Σₙ x[n]·e^{−2πi·kn/N}`, unnormalised. */
  forward(re: Float64Array, im: Float64Array, offset = 0): void {
    this.impl.forward(re, im, offset);
  }

  /** `x[n] = (1/N)·Σₖ X[k]·e^{+2πi·kn/N}` (NumPy's `ifft`). */
  inverse(re: Float64Array, im: Float64Array, offset = 0): void {
    const { n } = this;
    for (let k = 0; k < n; k++) im[offset + k] = -im[offset + k]!;
    this.impl.forward(re, im, offset);
    const scale = 1 / n;
    for (let k = 0; k < n; k++) {
      re[offset + k] = re[offset + k]! * scale;
      im[offset + k] = -im[offset + k]! * scale;
    }
  }
}

/**
 * 2-D transforms of `height × width` arrays (any sizes), rows then columns.
 *
 * @example
 * ```ts
 * import { definePlugin, Fft2dPlan, Type } from '@stemflow/plugin-sdk';
 *
 * export default definePlugin({
 *   id: 'power-spectrum',
 *   title: 'Mean power spectrum',
 *   description: 'Σ |FFT(frame)|² over the scan.',
 *   params: Type.Object({}),
 *   udf: {
 *     buffers: { power: { kind: 'sig', dtype: 'float64' } },
 *     // Once per task: the plan and its scratch; nothing is allocated per frame.
 *     taskData: ({ dataset }) => {
 *       const [h = 1, w = 1] = dataset.sigShape;
 *       return { fft: new Fft2dPlan(h, w), re: new Float64Array(h * w), im: new Float64Array(h * w) };
 *     },
 *     processFrame: (frame, { task, out }) => {
 *       task.fft.forwardReal(frame.data, task.re, task.im);
 *       for (let p = 0; p < task.re.length; p++) out.power[p]! += task.re[p]! ** 2 + task.im[p]! ** 2;
 *     },
 *   },
 * });
 * ```
 */
export class Fft2dPlan {
  private readonly rowPlan: FftPlan;
  private readonly colPlan: FftPlan;
  private readonly rowRe: Float64Array;
  private readonly rowIm: Float64Array;
  private readonly colRe: Float64Array;
  private readonly colIm: Float64Array;

  /**
   * A plan for `height × width` arrays, with its row and column plans and scratch.
   *
   * @throws `RangeError` unless both sizes are integers in 1…2^26.
   */
  constructor(
    /** Rows of the arrays. */
    readonly height: number,
    /** Columns of the arrays. */
    readonly width: number,
  ) {
    checkLength(height, 'FFT height');
    checkLength(width, 'FFT width');
    this.rowPlan = new FftPlan(width);
    this.colPlan = height === width ? this.rowPlan : new FftPlan(height);
    this.rowRe = new Float64Array(width);
    this.rowIm = new Float64Array(width);
    this.colRe = new Float64Array(height);
    this.colIm = new Float64Array(height);
  }

  /** Complex forward 2-D DFT in place (`numpy.fft.fft2`). */
  forward(re: Float64Array, im: Float64Array): void {
    const { height, width } = this;
    for (let y = 0; y < height; y++) this.rowPlan.forward(re, im, y * width);
    this.columns(re, im, width, false);
  }

  /** Complex inverse 2-D DFT in place, scaled by 1/(height·width) (`numpy.fft.ifft2`). */
  inverse(re: Float64Array, im: Float64Array): void {
    const { height, width } = this;
    for (let y = 0; y < height; y++) this.rowPlan.inverse(re, im, y * width);
    this.columns(re, im, width, true);
  }

  /**
   * Forward 2-D DFT of a real frame, optionally multiplied pixel by pixel by `weight`, into
   * `re/im` (`height·width` each; `input` is left untouched). Two rows go through one complex
   * transform and only the columns `kx ≤ ⌊width/2⌋` are transformed; with `half` the other
   * columns are not written (the part `numpy.fft.rfft2` returns), otherwise they are filled from
   * the Hermitian symmetry `X[ky, kx] = conj(X[−ky, −kx])`.
   */
  forwardReal(input: ArrayLike<number>, re: Float64Array, im: Float64Array, weight?: ArrayLike<number> | null, half = false): void {
    const { height, width, rowRe, rowIm } = this;
    const last = width >> 1;
    let y = 0;
    for (; y + 1 < height; y += 2) {
      // z = row y + i·row (y+1); then Y = (Z + conj(Z₋))/2 and Y₊₁ = (Z − conj(Z₋))/(2i).
      const a = y * width;
      const b = a + width;
      if (weight) {
        for (let x = 0; x < width; x++) {
          rowRe[x] = input[a + x]! * weight[a + x]!;
          rowIm[x] = input[b + x]! * weight[b + x]!;
        }
      } else {
        for (let x = 0; x < width; x++) {
          rowRe[x] = input[a + x]!;
          rowIm[x] = input[b + x]!;
        }
      }
      this.rowPlan.forward(rowRe, rowIm, 0);
      for (let kx = 0; kx <= last; kx++) {
        const j = kx === 0 ? 0 : width - kx;
        const zr = rowRe[kx]!;
        const zi = rowIm[kx]!;
        const cr = rowRe[j]!;
        const ci = rowIm[j]!;
        re[a + kx] = 0.5 * (zr + cr);
        im[a + kx] = 0.5 * (zi - ci);
        re[b + kx] = 0.5 * (zi + ci);
        im[b + kx] = 0.5 * (cr - zr);
      }
    }
    if (y < height) {
      const a = y * width;
      for (let x = 0; x < width; x++) {
        rowRe[x] = weight ? input[a + x]! * weight[a + x]! : input[a + x]!;
        rowIm[x] = 0;
      }
      this.rowPlan.forward(rowRe, rowIm, 0);
      for (let kx = 0; kx <= last; kx++) {
        re[a + kx] = rowRe[kx]!;
        im[a + kx] = rowIm[kx]!;
      }
    }
    this.columns(re, im, last + 1, false);
    if (half) return;
    for (let ky = 0; ky < height; ky++) {
      const row = ky * width;
      const mirror = ky === 0 ? 0 : (height - ky) * width;
      for (let kx = last + 1; kx < width; kx++) {
        re[row + kx] = re[mirror + width - kx]!;
        im[row + kx] = -im[mirror + width - kx]!;
      }
    }
  }

  /** Transform columns `0 … count − 1` through a contiguous scratch column. */
  private columns(re: Float64Array, im: Float64Array, count: number, inverse: boolean): void {
    const { height, width, colRe, colIm, colPlan } = this;
    if (height === 1) return;
    for (let x = 0; x < count; x++) {
      for (let y = 0, p = x; y < height; y++, p += width) {
        colRe[y] = re[p]!;
        colIm[y] = im[p]!;
      }
      if (inverse) colPlan.inverse(colRe, colIm, 0);
      else colPlan.forward(colRe, colIm, 0);
      for (let y = 0, p = x; y < height; y++, p += width) {
        re[p] = colRe[y]!;
        im[p] = colIm[y]!;
      }
    }
  }
}

/**
 * Signed frequency of DFT bin `k` of length `n`: `k` for `k < ⌈n/2⌉`, else `k − n` (`numpy.fft.fftfreq(n)·n`).
 *
 * @example
 * ```ts
 * import { fftFrequency } from '@stemflow/plugin-sdk';
 *
 * // Radius in frequency space of bin (ky, kx) of an h × w spectrum.
 * const radius = (ky: number, kx: number, h: number, w: number): number => Math.hypot(fftFrequency(ky, h), fftFrequency(kx, w));
 * fftFrequency(7, 8); // -1
 * ```
 */
export function fftFrequency(k: number, n: number): number {
  return k < Math.ceil(n / 2) ? k : k - n;
}

/**
 * For each element of a `height × width` spectrum, its flat index after `fftshift`:
 * `((ky + ⌊h/2⌋) mod h, (kx + ⌊w/2⌋) mod w)`, so frequency 0 lands at `(⌊h/2⌋, ⌊w/2⌋)` as in NumPy.
 * Build once; then `shifted[index[p]] = spectrum[p]`.
 *
 * @example
 * ```ts
 * import { fftshiftIndex } from '@stemflow/plugin-sdk';
 *
 * const index = fftshiftIndex(64, 64); // in taskData
 * const spectrum = new Float64Array(64 * 64);
 * const shifted = new Float64Array(64 * 64);
 * for (let p = 0; p < spectrum.length; p++) shifted[index[p]!] = spectrum[p]!;
 * ```
 */
export function fftshiftIndex(height: number, width: number): Int32Array {
  const index = new Int32Array(height * width);
  const dy = height >> 1;
  const dx = width >> 1;
  for (let ky = 0; ky < height; ky++) {
    const row = ((ky + dy) % height) * width;
    for (let kx = 0; kx < width; kx++) index[ky * width + kx] = row + ((kx + dx) % width);
  }
  return index;
}

/**
 * `dest = numpy.fft.fftshift(src)` for a `height × width` array (dest must not alias src):
 * frequency 0 moves to the centre, for display.
 *
 * @example
 * ```ts
 * import { fftshift2d } from '@stemflow/plugin-sdk';
 *
 * const power = new Float64Array(5 * 6); // a 5 × 6 power spectrum, frequency 0 at index 0
 * const centred = new Float64Array(power.length);
 * fftshift2d(power, centred, 5, 6); // frequency 0 now at (2, 3)
 * ```
 */
export function fftshift2d(src: ArrayLike<number>, dest: { [i: number]: number }, height: number, width: number): void {
  shift2d(src, dest, height, width, height >> 1, width >> 1);
}

/**
 * `dest = numpy.fft.ifftshift(src)`: undoes `fftshift2d` (they differ for odd sizes), e.g. to
 * bring a centred filter to FFT order.
 *
 * @example
 * ```ts
 * import { ifftshift2d } from '@stemflow/plugin-sdk';
 *
 * const centredFilter = new Float64Array(5 * 5).fill(1); // drawn with frequency 0 at (2, 2)
 * const filter = new Float64Array(25);
 * ifftshift2d(centredFilter, filter, 5, 5); // frequency 0 now at index 0, as the FFT outputs it
 * ```
 */
export function ifftshift2d(src: ArrayLike<number>, dest: { [i: number]: number }, height: number, width: number): void {
  shift2d(src, dest, height, width, height - (height >> 1), width - (width >> 1));
}

function shift2d(src: ArrayLike<number>, dest: { [i: number]: number }, height: number, width: number, dy: number, dx: number): void {
  for (let y = 0; y < height; y++) {
    const row = ((y + dy) % height) * width;
    for (let x = 0; x < width; x++) dest[row + ((x + dx) % width)] = src[y * width + x]!;
  }
}
