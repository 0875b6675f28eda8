import type { Provenance } from '@stemflow/engine';
import type { NDArray } from '@stemflow/plugin-sdk';
import { decodeHdf5 } from './hdf5-file';
import { readTextChunks } from './png-text';
import { readTiff } from './read-tiff.fixture';
import { ResultExportsService } from './result-exports.service';
import type { ResultStoreService } from './result-store.service';

/** A result store holding fixed arrays, with or without provenance. */
function storeOf(arrays: Record<string, NDArray>, provenance?: Provenance, status = 'done'): ResultStoreService {
  return {
    read: (_id: string, name: string) => arrays[name]!,
    provenanceIfAny: () => provenance,
    index: () => ({ status, results: Object.entries(arrays).map(([name, a]) => ({ name, shape: a.shape, dtype: 'float32' })) }),
  } as unknown as ResultStoreService;
}

const arrays: Record<string, NDArray> = {
  line: { data: Float32Array.from([1, 2, 3, 4, 5, 6]), shape: [6] },
  // 2×2 positions, 3 values each: component k of pixel p is 10·p + k.
  vectors: { data: Float32Array.from([0, 1, 2, 10, 11, 12, 20, 21, 22, 30, 31, 32]), shape: [2, 2, 3] },
};

describe('ResultExportsService', () => {
  it('TIFF: a 1-D result is a 1×N image; a result with more axes shows one component', async () => {
    const exports = new ResultExportsService(storeOf(arrays));
    const line = await readTiff(exports.tiff('j', 'line', 0));
    expect([line.image.getHeight(), line.image.getWidth(), Array.from(line.band)]).toEqual([1, 6, [1, 2, 3, 4, 5, 6]]);
    expect(line.description).toBeUndefined(); // no provenance, no description
    const second = await readTiff(exports.tiff('j', 'vectors', 2));
    expect([second.image.getHeight(), second.image.getWidth(), Array.from(second.band)]).toEqual([2, 2, [2, 12, 22, 32]]);
    expect(() => exports.tiff('j', 'vectors', 3)).toThrow('component 3 does not exist');
  });

  it('PNG without provenance has no tEXt chunk', () => {
    expect(readTextChunks(new ResultExportsService(storeOf(arrays)).png('j', 'vectors', 1, 'linear'))).toEqual({});
  });

  it('HDF5 keeps every axis; all.h5 of a job without results is NOT_FOUND', async () => {
    const file = await decodeHdf5(await new ResultExportsService(storeOf(arrays)).hdf5('j', 'vectors'));
    expect(file.datasets.map((d) => [d.name, d.shape, Array.from(d.data)])).toEqual([['vectors', [2, 2, 3], Array.from(arrays.vectors!.data)]]);
    expect(file.attributes).toEqual({});
    await expect(new ResultExportsService(storeOf({}, undefined, 'failed')).hdf5('j', 'all')).rejects.toThrow('no stored results (it is failed)');
  });
});
