/**
 * Plain float64 references for the Fourier tests, written from the definitions and sharing no
 * code with the SDK's FFT: a separable O(N³) DFT, fftshift by its formula, masks pixel by pixel.
 */
/** e^{−2πi·m/n} for m = 0 … n−1, each from its own angle. */
function twiddles(n: number): [Float64Array, Float64Array] {
  const c = new Float64Array(n);
  const s = new Float64Array(n);
  for (let m = 0; m < n; m++) {
    c[m] = Math.cos((2 * Math.PI * m) / n);
    s[m] = -Math.sin((2 * Math.PI * m) / n);
  }
  return [c, s];
}

/**
 * `X[ky, kx] = Σ_y Σ_x f[y, x]·e^{−2πi(ky·y/h + kx·x/w)}`: along x for every row, then along y.
 * The twiddle index (k·j) mod n is stepped by k per j (no division), so every angle is exact.
 */
export function naiveDft2(frame: ArrayLike<number>, h: number, w: number): { re: Float64Array; im: Float64Array } {
  const [cw, sw] = twiddles(w);
  const [ch, sh] = twiddles(h);
  const input = Float64Array.from(frame, Number);
  const rowRe = new Float64Array(h * w);
  const rowIm = new Float64Array(h * w);
  for (let y = 0; y < h; y++) {
    for (let kx = 0; kx < w; kx++) {
      let sr = 0;
      let si = 0;
      let m = 0;
      for (let x = 0; x < w; x++) {
        const v = input[y * w + x]!;
        sr += v * cw[m]!;
        si += v * sw[m]!;
        m += kx;
        if (m >= w) m -= w;
      }
      rowRe[y * w + kx] = sr;
      rowIm[y * w + kx] = si;
    }
  }
  const re = new Float64Array(h * w);
  const im = new Float64Array(h * w);
  const colRe = new Float64Array(h);
  const colIm = new Float64Array(h);
  for (let kx = 0; kx < w; kx++) {
    for (let y = 0; y < h; y++) {
      colRe[y] = rowRe[y * w + kx]!;
      colIm[y] = rowIm[y * w + kx]!;
    }
    for (let ky = 0; ky < h; ky++) {
      let sr = 0;
      let si = 0;
      let m = 0;
      for (let y = 0; y < h; y++) {
        const ar = colRe[y]!;
        const ai = colIm[y]!;
        sr += ar * ch[m]! - ai * sh[m]!;
        si += ar * sh[m]! + ai * ch[m]!;
        m += ky;
        if (m >= h) m -= h;
      }
      re[ky * w + kx] = sr;
      im[ky * w + kx] = si;
    }
  }
  return { re, im };
}

/** numpy.fft.fftfreq(n)·n for bin k. */
export function freq(k: number, n: number): number {
  return k <= (n - 1) / 2 ? k : k - n;
}

/** Position of bin (ky, kx) in numpy.fft.fftshift of an h×w array. */
export function shiftedIndex(ky: number, kx: number, h: number, w: number): number {
  return ((ky + Math.floor(h / 2)) % h) * w + ((kx + Math.floor(w / 2)) % w);
}

/** frame·(1 − disk), disk = pixels with (x − cx)² + (y − cy)² ≤ r²; no disk when r is undefined. */
export function blanked(frame: ArrayLike<number>, h: number, w: number, disk: { cx: number; cy: number; r?: number }): Float64Array {
  const out = new Float64Array(h * w);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const inside = disk.r !== undefined && (x - disk.cx) ** 2 + (y - disk.cy) ** 2 <= disk.r ** 2;
      out[y * w + x] = inside ? 0 : Number(frame[y * w + x]);
    }
  }
  return out;
}

/** One frame of a C-order nav × sig array. */
export function frameOf(data: ArrayLike<number>, f: number, size: number): Float64Array {
  const out = new Float64Array(size);
  for (let p = 0; p < size; p++) out[p] = Number(data[f * size + p]);
  return out;
}

/** Element-wise |actual − expected| ≤ tol·max|expected|; NaN must meet NaN. */
export function expectAllClose(actual: ArrayLike<number>, expected: ArrayLike<number>, tol = 1e-9): void {
  expect(actual.length).toBe(expected.length);
  let scale = 0;
  for (let i = 0; i < expected.length; i++) if (Number.isFinite(expected[i]!)) scale = Math.max(scale, Math.abs(expected[i]!));
  let worst = 0;
  let at = -1;
  for (let i = 0; i < expected.length; i++) {
    const e = expected[i]!;
    const a = actual[i]!;
    if (Number.isNaN(e)) {
      if (!Number.isNaN(a)) throw new Error(`element ${i}: expected NaN, got ${a}`);
      continue;
    }
    const err = Math.abs(a - e);
    if (!(err <= worst)) {
      worst = err;
      at = i;
    }
  }
  if (!(worst <= tol * Math.max(scale, 1e-300))) {
    throw new Error(`element ${at}: ${actual[at]} vs ${expected[at]} (error ${worst}, allowed ${tol} × ${scale})`);
  }
}
