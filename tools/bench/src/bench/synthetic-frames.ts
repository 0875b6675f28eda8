/** Largest shift of the disk across the scan, in pixels (so the centre of mass has something to find). */
const MAX_SHIFT = 2;
/** Mean intensity levels: the background, the disk, and 31 steps across its soft edge. */
const LEVELS = 33;
/** Samples per level: each pixel picks one with 11 random bits. */
const SAMPLE_BITS = 11;
const BACKGROUND = 3;
const DISK = 800;

/**
 * `n` samples of a Poisson distribution of mean `m`: its quantiles at (i + ½) / n, so a uniformly
 * chosen entry is Poisson-distributed to within 1/n. Weights are built outward from the mode, so
 * large means do not underflow e^(−m).
 */
export function poissonQuantiles(m: number, n: number): Uint16Array {
  const mode = Math.floor(m);
  const lo = Math.max(0, Math.floor(m - 10 * Math.sqrt(m) - 10));
  const hi = Math.ceil(m + 10 * Math.sqrt(m) + 10);
  const w = new Float64Array(hi - lo + 1);
  w[mode - lo] = 1;
  for (let k = mode + 1; k <= hi; k++) w[k - lo] = (w[k - 1 - lo]! * m) / k;
  for (let k = mode - 1; k >= lo; k--) w[k - lo] = (w[k + 1 - lo]! * (k + 1)) / m;
  const total = w.reduce((a, b) => a + b, 0);
  const out = new Uint16Array(n);
  let k = lo;
  let cumulative = w[0]!;
  for (let i = 0; i < n; i++) {
    const u = ((i + 0.5) / n) * total;
    while (cumulative < u && k < hi) cumulative += w[++k - lo]!;
    out[i] = k;
  }
  return out;
}

/**
 * Diffraction-like uint16 frames, made fast: a bright central disk (mean 800 counts, soft 1 px
 * edge, radius 0.3 × half the short side) on a dim background (mean 3), shifted by up to ±2 px
 * across the scan, with Poisson noise. Each pixel is half a xorshift step and two table look-ups:
 * its mean level, then a precomputed Poisson sample of that level. Values stay far below 65535.
 */
export class SyntheticFrames {
  private readonly padded: number;
  /** Mean level of every pixel of a frame padded by MAX_SHIFT on each side, as an offset into `samples`. */
  private readonly level: Uint32Array;
  /** LEVELS × 2^SAMPLE_BITS Poisson samples, level-major. */
  private readonly samples: Uint16Array;
  private state: number;

  constructor(
    private readonly navShape: readonly [number, number],
    private readonly sigShape: readonly [number, number],
    seed = 0x9e3779b9,
  ) {
    const [h, w] = sigShape;
    const pw = w + 2 * MAX_SHIFT;
    const ph = h + 2 * MAX_SHIFT;
    this.padded = pw;
    this.level = new Uint32Array(ph * pw);
    const r = 0.3 * (Math.min(h, w) / 2);
    for (let y = 0; y < ph; y++) {
      for (let x = 0; x < pw; x++) {
        const d = Math.hypot(y - MAX_SHIFT - h / 2, x - MAX_SHIFT - w / 2);
        // 1 inside the disk, falling to 0 over ~1 px at its edge.
        const inside = Math.min(1, Math.max(0, r + 0.5 - d));
        this.level[y * pw + x] = Math.round(inside * (LEVELS - 1)) << SAMPLE_BITS;
      }
    }
    const n = 1 << SAMPLE_BITS;
    this.samples = new Uint16Array(LEVELS * n);
    for (let l = 0; l < LEVELS; l++) this.samples.set(poissonQuantiles(BACKGROUND + (DISK * l) / (LEVELS - 1), n), l * n);
    this.state = seed >>> 0 || 1;
  }

  /** Write `count` frames starting at scan index `first` into `out` (frame after frame). */
  fill(out: Uint16Array, first: number, count: number): void {
    const [h, w] = this.sigShape;
    const [ny, nx] = this.navShape;
    const pw = this.padded;
    const level = this.level;
    const samples = this.samples;
    const mask = (1 << SAMPLE_BITS) - 1;
    let s = this.state;
    let o = 0;
    for (let f = first; f < first + count; f++) {
      const iy = Math.floor(f / nx) % ny;
      const ix = f % nx;
      const dy = Math.round(MAX_SHIFT * Math.sin((2 * Math.PI * iy) / ny));
      const dx = Math.round(MAX_SHIFT * Math.cos((2 * Math.PI * ix) / nx));
      for (let y = 0; y < h; y++) {
        let p = (y + MAX_SHIFT - dy) * pw + MAX_SHIFT - dx;
        let x = 0;
        // One xorshift step gives the random bits of two pixels.
        for (; x + 1 < w; x += 2, p += 2) {
          s ^= s << 13;
          s ^= s >>> 17;
          s ^= s << 5;
          out[o++] = samples[level[p]! | ((s >>> 5) & mask)]!;
          out[o++] = samples[level[p + 1]! | ((s >>> 18) & mask)]!;
        }
        if (x < w) {
          s ^= s << 13;
          s ^= s >>> 17;
          s ^= s << 5;
          out[o++] = samples[level[p]! | ((s >>> 5) & mask)]!;
        }
      }
    }
    this.state = s;
  }
}
