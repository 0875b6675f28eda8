import { mkdtempSync } from 'node:fs';
import { join } from 'node:path';
import { allocArray, product, resolveParams, StemflowError } from '@stemflow/plugin-sdk';
import { describeDataSet, openDataSet } from '../registry';
import { loadPlugin } from '../../plugins/load';
import { runJob } from '../../job/run-job';
import { ThreadExecutor } from '../../executors/thread-executor';
import type { OpenRequest } from '../descriptor';
import { corpus, manifestEntries, readAll, tempDir } from '../testing/kit.fixture';
import { h5Bridge } from './h5-bridge';
import { fixtureValue, writeH5 } from './h5-fixtures.fixture';
import { navBoxes } from './hdf5-dataset';

const dir = tempDir('stemflow-hdf5-');

const HDF5_FORMATS = ['hdf5', 'emd', 'emd-velox', 'hspy'];
const entries = manifestEntries().filter((e) => HDF5_FORMATS.includes(e.format) && e.reference);

function close(actual: number, expected: number): void {
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(1e-6 * Math.max(1, Math.abs(expected)));
}

describe('HDF5 reader on the shared corpus', () => {
  it.each(entries.map((e) => [`${e.path} ${e.hdf5_dataset ?? ''}`, e] as const))('%s reproduces the reference values', (_name, entry) => {
    const ref = entry.reference!;
    const request: OpenRequest = { path: corpus(entry.path), ...(entry.hdf5_dataset ? { params: { dataset: entry.hdf5_dataset } } : {}) };
    const d = describeDataSet(request);
    expect(d.navShape).toEqual(ref.nav_shape);
    expect(d.sigShape).toEqual(ref.sig_shape);
    expect(d.dtype).toBe(ref.dtype);
    const { data, frames, frameSize } = readAll(d);
    expect(frames).toBe(ref.n_frames);
    const sums = Array.from({ length: frames }, (_, f) => {
      let s = 0;
      for (let p = 0; p < frameSize; p++) s += data[f * frameSize + p]!;
      return s;
    });
    close(data[0]!, ref.frame0_pixel00);
    close(data[data.length - 1]!, ref.last_frame_last_pixel);
    ref.first3_frame_sums.forEach((s, i) => close(sums[i]!, s));
    close(
      sums.reduce((a, b) => a + b, 0),
      ref.total_sum,
    );
  });

  it('picks the first of two equal EMD datacubes by default, the other on request', () => {
    const path = corpus('hdf5/misc/Si100_4D.emd');
    expect(describeDataSet({ path }).params!.dataset).toBe('/4DSTEM_simulation/data/datacubes/CBED_array_depth0000/datacube');
    expect(describeDataSet({ path, params: { dataset: '4DSTEM_simulation/data/datacubes/CBED_array_depth0001/datacube' } }).params!.dataset).toBe(
      '/4DSTEM_simulation/data/datacubes/CBED_array_depth0001/datacube',
    );
  });

  it('reads calibrations into metadata', () => {
    const hspy = describeDataSet({ path: corpus('hdf5/misc/example2_v3.1.hspy') }).metadata!;
    expect(hspy.beamEnergy).toBe(200_000);
    expect(hspy.cameraLength).toBeCloseTo(0.32, 9);
    expect(hspy.exposureTime).toBe(0.2);
    expect(hspy.sigPixelSize).toEqual({ value: [0.17443285882472992, 0.17443285882472992], unit: '1/nm' });
    expect(hspy.acquisitionTime).toBe('2014-07-09T18:56:37');

    const py4d = describeDataSet({ path: corpus('hdf5/misc/py4DSTEM_size2x3x4x5.h5') }).metadata!;
    expect(py4d.sigPixelSize?.unit).toBe('A^-1');
    expect(py4d.sigPixelSize?.value[1]).toBeCloseTo(0.044251566616087125, 12);
    expect(py4d.navPixelSize).toEqual({ value: [0.126796875, 0.126796875], unit: 'nm' });

    const emd = describeDataSet({ path: corpus('hdf5/misc/Si100_4D.emd') }).metadata!;
    expect(emd.navPixelSize?.value).toEqual([0.5, 0.5]);
    expect(emd.beamEnergy).toBe(100_000);

    const velox = describeDataSet({ path: corpus('hdf5/misc/fei_example_tem_stack.emd') }).metadata!;
    expect(velox.beamEnergy).toBe(300_000);
    expect(velox.sigPixelSize).toEqual({ value: [8.1728831922978511e-12, 8.1728831922978511e-12], unit: 'm' });
    expect(velox.exposureTime).toBeCloseTo(0.8, 12);
    expect(velox.acquisitionTime).toBe(new Date(1575540224 * 1000).toISOString());

    const arina = describeDataSet({ path: corpus('hdf5/arina/test_00_master.h5') });
    expect(arina.navShape).toEqual([4, 4]);
    expect(arina.metadata!.beamEnergy).toBe(300_000);
    expect(arina.metadata!.exposureTime).toBeCloseTo(9.95e-5, 10);
    expect(arina.metadata!.sigPixelSize).toEqual({ value: [0.0001, 0.0001], unit: 'm' });
    expect(arina.metadata!.cameraLength).toBeCloseTo(0.115, 12);
  });

  it('delivers Velox frames (stored rows × columns × frames) in their stored int16 on request', () => {
    const { data } = readAll({ path: corpus('hdf5/misc/fei_example_tem_stack.emd'), dtype: 'int16' });
    expect(data).toBeInstanceOf(Int16Array);
    expect(Array.from(data).reduce((a, b) => a + b, 0)).toBe(153);
  });

  it('refuses an unknown dataset path, naming the candidates', () => {
    const path = corpus('hdf5/misc/Si100_4D.emd');
    expect(() => describeDataSet({ path, params: { dataset: '/nope' } })).toThrow(/no dataset \/nope.*CBED_array_depth0000\/datacube \(11×11×8×8\)/);
    expect(() => describeDataSet({ path, params: { dataset: '/4DSTEM_simulation/data/datacubes/CBED_array_depth0000/dim1' } })).toThrow(StemflowError);
  });
});

describe('HDF5 reader on generated files', () => {
  const nav = [5, 7];
  const sig = [9, 11];
  const frameSize = product(sig);
  const gzip4d = join(dir, 'gzip4d.h5');
  beforeAll(() => {
    writeH5(gzip4d, { datasets: [{ path: '/scan/data', dtype: '<u2', shape: [...nav, ...sig], chunks: [1, 3, ...sig], compression: 1, compressionOpts: [4] }] });
  });

  it('reads from worker threads (ThreadExecutor, each worker with its own h5wasm helper)', async () => {
    const ref = { module: join(__dirname, '../../executors/fixtures/test-plugin'), id: 'frame-stats' };
    const executor = new ThreadExecutor({ workers: 2 });
    try {
      const dataset = describeDataSet({ path: gzip4d });
      const outcome = await runJob({ plugin: ref, params: resolveParams(loadPlugin(ref), {}), dataset, tileShape: { depth: 3, rows: 4 } }, executor, { partitions: 3 });
      const expected = Array.from({ length: 35 }, (_, f) => Array.from({ length: frameSize }, (_, p) => fixtureValue('<u2', f * frameSize + p)).reduce((a, b) => a + b, 0));
      expect(Array.from(outcome.results.perFrame!.data)).toEqual(expected);
    } finally {
      await executor.close();
    }
  });

  it('splits frame ranges into rectangular hyperslabs', () => {
    const boxes = [...navBoxes(5, 20, [5, 7], 100)];
    expect(boxes.map((b) => [b.start, b.count])).toEqual([
      [[0, 5], [1, 2]],
      [[1, 0], [2, 7]],
      [[3, 0], [1, 4]],
    ]);
    expect([...navBoxes(0, 35, [5, 7], 10)].reduce((n, b) => n + b.frames, 0)).toBe(35);
    expect([...navBoxes(0, 35, [5, 7], 10)].every((b) => b.frames <= 10)).toBe(true);
  });

  it('reads a gzip-compressed chunked 4-D stack exactly, in row bands and runs across scan rows', () => {
    const ds = openDataSet({ path: gzip4d });
    try {
      expect(ds.navShape).toEqual(nav);
      expect(ds.dtype).toBe('uint16');
      const frames = 9;
      const rows = 4;
      const out = allocArray('uint16', frames * rows * sig[1]!);
      ds.readFrames(5, frames, 3, rows, out);
      for (let f = 0; f < frames; f++) {
        for (let r = 0; r < rows; r++) {
          for (let x = 0; x < sig[1]!; x++) {
            expect(out[(f * rows + r) * sig[1]! + x]).toBe(fixtureValue('<u2', (5 + f) * frameSize + (3 + r) * sig[1]! + x));
          }
        }
      }
    } finally {
      ds.close();
    }
  });

  it('honours nav overrides, syncOffset (skipped and blank frames) and a dtype override', () => {
    const skipped = readAll({ path: gzip4d, navShape: [30], syncOffset: 2 });
    expect(skipped.data[0]).toBe(fixtureValue('<u2', 2 * frameSize));
    const blank = readAll({ path: gzip4d, navShape: [5, 7], syncOffset: -3, dtype: 'float32' });
    expect(blank.data).toBeInstanceOf(Float32Array);
    expect(Array.from(blank.data.subarray(0, 3 * frameSize)).every((v) => v === 0)).toBe(true);
    expect(blank.data[3 * frameSize]).toBe(fixtureValue('<u2', 0));
    expect(() => describeDataSet({ path: gzip4d, navShape: [6, 7] })).toThrow(/needs 42 frames but the file holds 35/);
    expect(() => describeDataSet({ path: gzip4d, sigShape: [11, 9] })).toThrow(/sig shape of an HDF5 dataset cannot be changed/);
  });

  it('decodes bitshuffle/LZ4 (filter 32008) exactly', () => {
    const path = writeH5(join(dir, 'bshuf.h5'), { datasets: [{ path: '/entry/data/data_000001', dtype: '<u4', shape: [6, 8, 10], chunks: [1, 8, 10], compression: 32008, compressionOpts: [0, 2] }] });
    const { data } = readAll({ path });
    expect(Array.from(data)).toEqual(Array.from({ length: 480 }, (_, i) => fixtureValue('<u4', i)));
  });

  it('refuses a filter it cannot decode, naming it', () => {
    const path = writeH5(join(dir, 'bshuf-missing.h5'), { datasets: [{ path: '/d', dtype: '<u4', shape: [2, 4, 4], chunks: [1, 4, 4], compression: 32008, compressionOpts: [0, 2] }] });
    process.env.STEMFLOW_HDF5_NO_PLUGINS = '1';
    h5Bridge().stop();
    try {
      expect(() => describeDataSet({ path })).toThrow(/bitshuffle.*cannot decode/);
    } finally {
      delete process.env.STEMFLOW_HDF5_NO_PLUGINS;
      h5Bridge().stop();
    }
  });

  it('concatenates ARINA data files reached through external links, with the scan from the sibling file', () => {
    const sub = mkdtempSync(join(dir, 'arina-'));
    writeH5(join(sub, 'scan_data_000001.h5'), { datasets: [{ path: '/entry/data/data', dtype: '<u2', shape: [4, 3, 5] }] });
    writeH5(join(sub, 'scan_data_000002.h5'), { datasets: [{ path: '/entry/data/data', dtype: '<u2', shape: [2, 3, 5] }] });
    writeH5(join(sub, 'scan.h5'), { groups: [{ path: '/STEM Metadata', attrs: { NumPixelsX: 3, NumPixelsY: 2 } }] });
    const master = writeH5(join(sub, 'scan_master.h5'), {
      groups: [{ path: '/entry' }, { path: '/entry/data' }],
      externalLinks: [
        { name: '/entry/data/data_000001', file: 'scan_data_000001.h5', target: '/entry/data/data' },
        { name: '/entry/data/data_000002', file: 'scan_data_000002.h5', target: '/entry/data/data' },
      ],
    });
    const d = describeDataSet({ path: master });
    expect(d.navShape).toEqual([2, 3]);
    expect(d.imageCount).toBe(6);
    const { data } = readAll(d);
    const expected = [...Array.from({ length: 60 }, (_, i) => fixtureValue('<u2', i)), ...Array.from({ length: 30 }, (_, i) => fixtureValue('<u2', i))];
    expect(Array.from(data)).toEqual(expected);
  });

  it('reports a missing ARINA data file by name', () => {
    const sub = mkdtempSync(join(dir, 'arina-missing-'));
    const master = writeH5(join(sub, 'x_master.h5'), {
      groups: [{ path: '/entry' }, { path: '/entry/data' }],
      externalLinks: [{ name: '/entry/data/data_000001', file: 'x_data_000001.h5', target: '/entry/data/data' }],
    });
    expect(() => describeDataSet({ path: master })).toThrow(/x_data_000001\.h5.*cannot be opened/);
  });

  it('transposes frames-last Velox stacks', () => {
    const path = writeH5(join(dir, 'velox.emd'), { groups: [{ path: '/Data' }, { path: '/Data/Image' }, { path: '/Data/Image/abc' }], datasets: [{ path: '/Data/Image/abc/Data', dtype: '<i2', shape: [4, 3, 5] }] });
    const d = describeDataSet({ path });
    expect([d.navShape, d.sigShape, d.dtype]).toEqual([[5], [4, 3], 'float64']);
    const { data } = readAll(d);
    for (let f = 0; f < 5; f++) for (let p = 0; p < 12; p++) expect(data[f * 12 + p]).toBe(fixtureValue('<i2', p * 5 + f));
  });

  it('delivers 64-bit integers as float64 when exact, and refuses values float64 cannot hold', () => {
    const exact = writeH5(join(dir, 'int64.h5'), { datasets: [{ path: '/d', dtype: '<i8', shape: [3, 4, 5] }] });
    const { data } = readAll({ path: exact });
    expect(data).toBeInstanceOf(Float64Array);
    expect(Array.from(data)).toEqual(Array.from({ length: 60 }, (_, i) => fixtureValue('<i8', i)));
    const huge = writeH5(join(dir, 'int64-huge.h5'), { datasets: [{ path: '/d', dtype: '<i8', shape: [2, 2, 2], bias: 2 ** 60 }] });
    expect(() => readAll({ path: huge })).toThrow(/float64 cannot represent exactly/);
  });

  it('reads a single 2-D image as one frame with an empty nav shape', () => {
    const path = writeH5(join(dir, 'image.h5'), { datasets: [{ path: '/img', dtype: '<f4', shape: [6, 7] }] });
    const d = describeDataSet({ path });
    expect([d.navShape, d.sigShape, d.imageCount]).toEqual([[], [6, 7], 1]);
    expect(Array.from(readAll(d).data)).toEqual(Array.from({ length: 42 }, (_, i) => fixtureValue('<f4', i)));
  });

  it('reads only hyperslabs: memory stays bounded on a 64 MiB stack', () => {
    const path = writeH5(join(dir, 'big.h5'), { datasets: [{ path: '/data', dtype: '<u2', shape: [128, 512, 512], chunks: [1, 512, 512] }] });
    const ds = openDataSet({ path });
    try {
      const tile = allocArray('uint16', 4 * 512 * 512);
      ds.readFrames(0, 4, 0, 512, tile);
      const before = process.memoryUsage().rss;
      let checksum = 0;
      for (let f = 0; f < 128; f += 4) {
        ds.readFrames(f, 4, 0, 512, tile);
        checksum += tile[0]!;
      }
      const grown = process.memoryUsage().rss - before;
      expect(checksum).toBe(Array.from({ length: 32 }, (_, i) => fixtureValue('<u2', i * 4 * 512 * 512)).reduce((a, b) => a + b, 0));
      expect(grown).toBeLessThan(32 << 20);
    } finally {
      ds.close();
    }
  });
});
