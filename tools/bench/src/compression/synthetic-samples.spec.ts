import { syntheticSamples } from './synthetic-samples';

describe('syntheticSamples', () => {
  const [sparse, dense, sum, sum64, com] = syntheticSamples({ frames: 4, edge: 64, mapEdge: 32 });

  it('makes sparse frames of mostly zeros with small counts', () => {
    const pixels = new Uint16Array(sparse!.data.buffer, sparse!.data.byteOffset, sparse!.data.length / 2);
    const zeros = pixels.filter((v) => v === 0).length / pixels.length;
    expect(zeros).toBeGreaterThan(0.9);
    expect(Math.max(...pixels)).toBeGreaterThan(0);
    expect(Math.max(...pixels)).toBeLessThanOrEqual(5);
  });

  it('makes dense frames with a bright disk over a dim background', () => {
    const pixels = new Uint16Array(dense!.data.buffer, dense!.data.byteOffset, dense!.data.length / 2);
    expect(pixels[32 * 64 + 32]).toBeGreaterThan(300); // centre of the first frame
    expect(pixels[0]).toBeLessThan(20); // corner
  });

  it('describes each block by dtype, shape and size, and repeats exactly', () => {
    expect([sparse, dense, sum, sum64, com].map((s) => [s!.dtype, s!.shape, s!.bytes])).toEqual([
      ['uint16', [4, 64, 64], 4 * 64 * 64 * 2],
      ['uint16', [4, 64, 64], 4 * 64 * 64 * 2],
      ['float32', [32, 32], 32 * 32 * 4],
      ['float64', [32, 32], 32 * 32 * 8],
      ['float32', [2, 32, 32], 2 * 32 * 32 * 4],
    ]);
    const again = syntheticSamples({ frames: 4, edge: 64, mapEdge: 32 });
    expect(Buffer.from(again[4]!.data).equals(Buffer.from(com!.data))).toBe(true);
  });
});
