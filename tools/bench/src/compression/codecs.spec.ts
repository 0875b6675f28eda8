import { surveyCodecs } from './codec-set';
import { sameBytes } from './measure';
import { readRealSamples, REAL_FILES } from './real-samples';
import { bytesOf, type Sample } from './sample';
import { syntheticSamples } from './synthetic-samples';
import { sharedDataDir } from '@stemflow/plugin-sdk/testing';

/** Small inputs of every kind the survey uses, plus awkward lengths. */
function smallSamples(): Sample[] {
  const real = readRealSamples(sharedDataDir(), REAL_FILES, 64 << 10); // one frame each
  expect(real.skipped).toEqual([]);
  const tiny = (id: string, array: Uint16Array | Float32Array): Sample => ({
    id,
    origin: 'synthetic',
    description: id,
    dtype: array instanceof Uint16Array ? 'uint16' : 'float32',
    shape: [array.length],
    bytes: array.byteLength,
    data: bytesOf(array),
    itemSize: array.BYTES_PER_ELEMENT,
  });
  return [
    ...real.samples,
    ...syntheticSamples({ frames: 2, edge: 48, mapEdge: 40 }),
    tiny('three-uint16', Uint16Array.from([1, 0, 65535])),
    tiny('five-float32', Float32Array.from([0.5, -1, 3.25, 1e-30, 7])),
  ];
}

describe('survey codecs', () => {
  it('loads every codec, numcodecs included', async () => {
    const set = await surveyCodecs();
    expect(set.skipped).toEqual([]);
    expect(set.codecs.map((c) => c.id)).toEqual([
      'memcpy', 'copy-fresh', 'lz4', 'lz4-frame', 'shuffle+lz4',
      'wasm-lz4', 'zstd-1', 'zstd-3', 'blosc-lz4-shuffle', 'blosc-lz4-bitshuffle', 'blosc-blosclz-shuffle', 'blosc-zstd-bitshuffle',
    ]);
    expect(set.versions['lz4-napi']).toMatch(/^\d+\.\d+\.\d+/);
    expect(set.versions['numcodecs']).toMatch(/^\d+\.\d+\.\d+/);
  });

  it('round-trips every kind of sample exactly with every codec', async () => {
    const { codecs } = await surveyCodecs();
    const samples = smallSamples();
    expect(samples.map((s) => s.origin)).toContain('real');
    for (const sample of samples) {
      for (const codec of codecs) {
        const compressed = (await codec.compress(sample.data, sample.itemSize)).slice();
        const out = new Uint8Array(sample.data.length);
        const decoded = await codec.decompress(compressed, out, sample.itemSize);
        if (!sameBytes(decoded, sample.data)) throw new Error(`${codec.id} changed ${sample.id}`);
      }
    }
  });

  it('compresses the sparse kinds and passes the copies through at ratio 1', async () => {
    const { codecs } = await surveyCodecs();
    const [sparse] = syntheticSamples({ frames: 2, edge: 64, mapEdge: 16 });
    const size = async (id: string) => (await codecs.find((c) => c.id === id)!.compress(sparse!.data, 2)).length;
    expect(await size('memcpy')).toBe(sparse!.bytes);
    for (const id of ['lz4', 'zstd-1', 'blosc-lz4-bitshuffle']) expect(await size(id)).toBeLessThan(sparse!.bytes / 4);
  });
});
