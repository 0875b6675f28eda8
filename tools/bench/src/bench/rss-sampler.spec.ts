import { currentRssMiB, peakRssMiB, RssSampler } from './rss-sampler';

describe('RssSampler', () => {
  it('keeps the highest resident size seen across start/stop periods', async () => {
    const sampler = new RssSampler();
    const before = currentRssMiB();
    sampler.start(5);
    // 64 MiB touched while sampling: the peak must see most of it.
    const big = new Uint8Array(64 * 2 ** 20).fill(1);
    await new Promise((r) => setTimeout(r, 30));
    const first = sampler.stop();
    expect(big[big.length - 1]).toBe(1);
    expect(first).toBeGreaterThan(before + 32);
    sampler.start();
    expect(sampler.stop()).toBeGreaterThanOrEqual(first);
  });

  it('reports the process high-water mark at or above the current size', () => {
    expect(peakRssMiB()).toBeGreaterThanOrEqual(currentRssMiB() - 1);
  });
});
