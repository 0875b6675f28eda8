import { poissonQuantiles, SyntheticFrames } from './synthetic-frames';

function meanAndVariance(values: ArrayLike<number>): [number, number] {
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += values[i]!;
  const mean = sum / values.length;
  let squares = 0;
  for (let i = 0; i < values.length; i++) squares += (values[i]! - mean) ** 2;
  return [mean, squares / values.length];
}

describe('poissonQuantiles', () => {
  it.each([3, 40, 800])('has the mean and variance of a Poisson distribution of mean %d', (m) => {
    const samples = poissonQuantiles(m, 2048);
    const [mean, variance] = meanAndVariance(samples);
    expect(Math.abs(mean - m)).toBeLessThan(0.02 * m + 0.05);
    expect(Math.abs(variance - m)).toBeLessThan(0.05 * m + 0.1);
    expect([...samples]).toEqual([...samples].sort((a, b) => a - b));
  });
});

describe('SyntheticFrames', () => {
  it('puts a bright disk on a dim, noisy background, shifted across the scan', () => {
    const synth = new SyntheticFrames([4, 4], [64, 64]);
    const frames = new Uint16Array(16 * 64 * 64);
    synth.fill(frames, 0, 16);
    const first = frames.subarray(0, 64 * 64);
    // Disk radius 9.6 around (32, 32), shifted by at most 2 px: the centre is bright, a corner dim.
    const [centre] = meanAndVariance(first.subarray(30 * 64 + 28, 30 * 64 + 36));
    const [corner, cornerVariance] = meanAndVariance(first.subarray(0, 8));
    expect(centre).toBeGreaterThan(700);
    expect(corner).toBeLessThan(10);
    expect(cornerVariance).toBeGreaterThan(0);
    // Frames differ (noise and shift), and nothing comes near the top of uint16.
    expect(frames.subarray(0, 4096)).not.toEqual(frames.subarray(4096, 8192));
    expect(Math.max(...frames)).toBeLessThan(2000);
  });

  it('continues the same sequence when filled in pieces', () => {
    const whole = new Uint16Array(6 * 16 * 16);
    new SyntheticFrames([2, 3], [16, 16]).fill(whole, 0, 6);
    const pieces = new Uint16Array(6 * 16 * 16);
    const synth = new SyntheticFrames([2, 3], [16, 16]);
    synth.fill(pieces.subarray(0, 2 * 256), 0, 2);
    synth.fill(pieces.subarray(2 * 256), 2, 4);
    expect(pieces).toEqual(whole);
  });
});
