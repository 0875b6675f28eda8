// Local names: a global lookup per call is slow inside Jest's vm sandbox (millions of calls here).
const { cos, exp, imul, log, max, PI, round, sqrt } = Math;

/** A small seeded PRNG (mulberry32): the synthetic samples are the same on every run. */
export class Random {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** Uniform in [0, 1). */
  uniform(): number {
    let t = (this.state = (this.state + 0x6d2b79f5) >>> 0);
    t = imul(t ^ (t >>> 15), t | 1);
    t ^= t + imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** Standard normal (Box–Muller). */
  normal(): number {
    return sqrt(-2 * log(1 - this.uniform())) * cos(2 * PI * this.uniform());
  }

  /** Poisson with mean `lambda`: exact (Knuth) below 30, normal approximation above. */
  poisson(lambda: number): number {
    if (lambda >= 30) return max(0, round(lambda + sqrt(lambda) * this.normal()));
    const limit = exp(-lambda);
    let k = 0;
    let p = this.uniform();
    while (p > limit) {
      k++;
      p *= this.uniform();
    }
    return k;
  }
}
