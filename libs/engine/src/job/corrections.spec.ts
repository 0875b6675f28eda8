import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resolveParams, StemflowError, type Corrections } from '@stemflow/plugin-sdk';
import { randomData, sharedDataDir } from '@stemflow/plugin-sdk/testing';
import { describeDataSet, encodeNpy, loadPlugin, openDataSet, runJob, type DatasetDescriptor, type Executor, type JobSpec } from '..';
import { InlineExecutor } from '../executors/inline-executor';
import { ThreadExecutor } from '../executors/thread-executor';
import { datasetCorrections, loadCorrectionFiles, resolveCorrections } from './corrections';

const ref = { module: join(__dirname, '../executors/fixtures/test-plugin'), id: 'frame-stats' };
const NAV = [5, 7];
const SIG = [9, 6];
const [H, W] = SIG as [number, number];
const FRAMES = 35;
const FRAME = H * W;
const data = randomData('uint16', FRAMES * FRAME, 21);
const dir = mkdtempSync(join(tmpdir(), 'stemflow-corr-'));
const path = join(dir, 'data.npy');
writeFileSync(path, encodeNpy({ data, shape: [...NAV, ...SIG] }));
const dataset: DatasetDescriptor = describeDataSet({ path });

const dark = randomData('float32', FRAME, 2, 40) as Float32Array;
const gain = Float32Array.from(randomData('float32', FRAME, 3, 1), (g) => 0.75 + g / 2);
const bad: [number, number][] = [[0, 0], [H - 1, W - 1], [4, 2], [4, 3], [5, 2], [0, 4], [8, 0]];
const mask = new Uint8Array(FRAME);
for (const [y, x] of bad) mask[y * W + x] = 1;
const files = { dark: join(dir, 'dark.npy'), gain: join(dir, 'gain.npy'), excluded: join(dir, 'excluded.npy'), list: join(dir, 'list.npy') };
writeFileSync(files.dark, encodeNpy({ data: dark, shape: [1, ...SIG] }));
writeFileSync(files.gain, encodeNpy({ data: gain, shape: SIG }));
writeFileSync(files.excluded, encodeNpy({ data: mask, shape: SIG }));
writeFileSync(files.list, encodeNpy({ data: Int32Array.from(bad.flat()), shape: [bad.length, 2] }));

/** Float64 reference: corrected frames, their per-frame sums and their sum over the ROI. */
function reference(raw: ArrayLike<number>, frames: number, c: { dark?: ArrayLike<number>; gain?: ArrayLike<number>; bad?: Set<number> }, h: number, w: number, roi?: Uint8Array) {
  const size = h * w;
  const perFrame = new Array<number>(frames).fill(Number.NaN);
  const total = new Array<number>(size).fill(0);
  for (let f = 0; f < frames; f++) {
    if (roi && !roi[f]) continue;
    const v = (p: number) => (raw[f * size + p]! - (c.dark?.[p] ?? 0)) * (c.gain?.[p] ?? 1);
    let s = 0;
    for (let p = 0; p < size; p++) {
      let value = v(p);
      if (c.bad?.has(p)) {
        const y = Math.floor(p / w);
        const x = p % w;
        let acc = 0;
        let n = 0;
        for (let yy = y - 1; yy <= y + 1; yy++) {
          for (let xx = x - 1; xx <= x + 1; xx++) {
            if ((yy === y && xx === x) || yy < 0 || xx < 0 || yy >= h || xx >= w || c.bad.has(yy * w + xx)) continue;
            acc += v(yy * w + xx);
            n++;
          }
        }
        value = acc / n;
      }
      s += value;
      total[p]! += value;
    }
    perFrame[f] = s;
  }
  return { perFrame, total };
}

function expectClose(actual: ArrayLike<number>, expected: ArrayLike<number>, relative = 1e-6): void {
  expect(actual.length).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) {
    if (Number.isNaN(expected[i])) expect(actual[i]).toBeNaN();
    else expect(Math.abs(actual[i]! - expected[i]!)).toBeLessThanOrEqual(relative * Math.max(1, Math.abs(expected[i]!)));
  }
}

function spec(ds: DatasetDescriptor, extra: Partial<JobSpec> = {}): JobSpec {
  return { plugin: ref, params: resolveParams(loadPlugin(ref), {}), dataset: ds, ...extra };
}

const executors: [string, () => Executor][] = [
  ['inline', () => new InlineExecutor()],
  ['threads', () => new ThreadExecutor({ workers: 2 })],
];

describe.each(executors)('corrections on the %s executor', (_name, make) => {
  let executor: Executor;
  beforeAll(() => {
    executor = make();
  });
  afterAll(() => executor.close());

  const roi = Uint8Array.from({ length: FRAMES }, (_, i) => (i % 4 === 0 || (i > 20 && i < 27) ? 1 : 0));
  it.each([
    ['rows 1, depth 1, 2 partitions', { depth: 1, rows: 1 }, 2, undefined],
    ['rows 2, depth 3, 3 partitions, ROI', { depth: 3, rows: 2 }, 3, roi],
    ['rows 3, depth 4, 4 partitions', { depth: 4, rows: 3 }, 4, undefined],
    ['full frames, depth 5, 3 partitions, ROI', { depth: 5, rows: H }, 3, roi],
  ])('match a float64 reference of (raw − dark) · gain with repairs: %s', async (_what, tileShape, partitions, useRoi) => {
    const { corrections } = loadCorrectionFiles({ dark: files.dark, gain: files.gain, excluded: files.excluded }, dataset);
    const outcome = await runJob(spec(dataset, { corrections, tileShape, ...(useRoi ? { roi: useRoi } : {}) }), executor, { partitions });
    const expected = reference(data, FRAMES, { dark, gain, bad: new Set(corrections!.excluded) }, H, W, useRoi);
    expectClose(outcome.results.perFrame!.data, expected.perFrame);
    expectClose(outcome.results.total!.data, expected.total);
  });

  it('refuse a pixel without a valid neighbour before any partition runs', async () => {
    const block: Corrections = { excluded: Uint32Array.from([0, 1, W, W + 1]) };
    let partitions = 0;
    await expect(runJob(spec(dataset, { corrections: block }), executor, { onPartition: () => partitions++ })).rejects.toMatchObject({
      code: 'PARAMS_INVALID',
      message: expect.stringMatching(/\(y=0, x=0\) cannot be repaired/),
    });
    expect(partitions).toBe(0);
  });
});

describe('correction files', () => {
  it('take the excluded pixels as a map or as (y, x) rows, and a (1, h, w) dark frame', () => {
    const fromMap = loadCorrectionFiles({ excluded: files.excluded }, dataset);
    const fromList = loadCorrectionFiles({ excluded: files.list }, dataset);
    expect(Array.from(fromList.corrections!.excluded!).sort((a, b) => a - b)).toEqual(Array.from(fromMap.corrections!.excluded!));
    expect(fromMap.summary).toEqual({ excluded: { path: files.excluded, pixels: bad.length } });
    expect(Array.from(loadCorrectionFiles({ dark: files.dark }, dataset).corrections!.dark!)).toEqual(Array.from(dark));
  });

  it('refuse wrong shapes, maps that are not 0/1, pixels off the detector and missing files', () => {
    const wrong = join(dir, 'wrong.npy');
    writeFileSync(wrong, encodeNpy({ data: new Float32Array(W * W), shape: [W, W] }));
    expect(() => loadCorrectionFiles({ dark: wrong }, dataset)).toThrow(/must have the detector's shape 9×6/);
    expect(() => loadCorrectionFiles({ excluded: wrong }, dataset)).toThrow(/9×6 bool map or an N×2 array/);
    expect(() => loadCorrectionFiles({ excluded: files.gain }, dataset)).toThrow(/must be a bool or 0\/1 map/);
    const off = join(dir, 'off.npy');
    writeFileSync(off, encodeNpy({ data: Int32Array.from([9, 0]), shape: [1, 2] }));
    expect(() => loadCorrectionFiles({ excluded: off }, dataset)).toThrow(/outside the 9×6 detector/);
    expect(() => loadCorrectionFiles({ gain: join(dir, 'nope.npy') }, dataset)).toThrow(StemflowError);
  });

  it('have no source for a plain .npy data set unless given', () => {
    expect(datasetCorrections(dataset)).toEqual({ source: 'none', summary: {} });
    expect(resolveCorrections(dataset, { files: { gain: files.gain } }).source).toBe('files');
  });
});

const dataDir = sharedDataDir();

describe('corrections a data set brings', () => {
  it('SEQ (Direct Electron test file): dark and gain from the .mrc side files, applied by default', async () => {
    const seq = describeDataSet({ path: join(dataDir, 'seq/de_test/test.seq') });
    const found = datasetCorrections(seq);
    expect(found.source).toBe('dataset');
    expect(found.summary).toEqual({ dark: `${seq.path}.dark.mrc`, gain: `${seq.path}.gain.mrc` });
    // An independent read of the MRC bodies (1024-byte header + extended header, float32 little-endian).
    const mrc = (file: string) => {
      const bytes = readFileSync(file);
      const offset = 1024 + bytes.readInt32LE(92);
      return new Float32Array(bytes.buffer.slice(bytes.byteOffset + offset, bytes.byteOffset + offset + 64 * 64 * 4));
    };
    const refDark = mrc(`${seq.path}.dark.mrc`);
    const refGain = mrc(`${seq.path}.gain.mrc`);
    expect(Array.from(found.corrections!.dark!)).toEqual(Array.from(refDark));
    expect(Array.from(found.corrections!.gain!)).toEqual(Array.from(refGain));

    const frames = seq.navShape.reduce((a, b) => a * b, 1);
    const source = openDataSet(seq);
    const raw = new Uint16Array(frames * 64 * 64);
    source.readFrames(0, frames, 0, 64, raw);
    source.close();
    const executor = new InlineExecutor();
    const outcome = await runJob(spec(seq, { corrections: resolveCorrections(seq).corrections, tileShape: { depth: 3, rows: 5 } }), executor, { partitions: 3 });
    const expected = reference(raw, frames, { dark: refDark, gain: refGain }, 64, 64);
    expectClose(outcome.results.total!.data, expected.total);
    expectClose(outcome.results.perFrame!.data, expected.perFrame);
    expect(resolveCorrections(seq, { useDataset: false })).toEqual({ source: 'none', summary: {} });
    // Files given by the user replace the data set's corrections (LiberTEM's run_udf(corrections=…)).
    const gainOnly = join(dir, 'seq-gain.npy');
    writeFileSync(gainOnly, encodeNpy({ data: new Float32Array(64 * 64).fill(2), shape: [64, 64] }));
    expect(Object.keys(resolveCorrections(seq, { files: { gain: gainOnly } }).corrections!)).toEqual(['gain']);
  });

  it('SEQ bad-pixel maps: defects cropped into the frame, patterns along the longer side', () => {
    const descriptor = {
      ...dataset,
      format: 'seq',
      params: {
        corrections: {
          warnings: [],
          excludedPixels: {
            source: 'x.xml',
            origin: [10, 10],
            mapShape: [32, 32],
            defects: [],
            sensorDefects: [
              { rows: [11, 11], cols: [12, 12] }, // → (1, 2)
              { rows: [13, 13], cols: [9, 30] }, // → row 3, x 0..5
              { rows: [0, 31], cols: [3, 3] }, // column 3: outside the frame (x 10..15)
              { rows: [14, 15], cols: [0, 31], pattern: '01' }, // along columns: bad where (c − 0) is odd
            ],
          },
        },
      },
    } as DatasetDescriptor;
    const excluded = Array.from(datasetCorrections(descriptor).corrections!.excluded!);
    const expected = [1 * W + 2, ...[0, 1, 2, 3, 4, 5].map((x) => 3 * W + x), ...[4, 5].flatMap((y) => [1, 3, 5].map((x) => y * W + x))];
    expect(excluded).toEqual(expected.sort((a, b) => a - b));
  });

  it('FRMS6: the dark frame of _000.frms6, the same as the reader subtracting it itself', async () => {
    const set = join(dir, 'frms6');
    mkdirSync(set);
    const [h, w, bin] = [4, 6, 1];
    const frms6File = (file: string, first: number, frames: number) => {
      const header = Buffer.alloc(1024);
      header.writeUInt16LE(1024, 0);
      header.writeUInt16LE(64, 2);
      header.writeUInt8(6, 7);
      header.writeUInt16LE(w, 88);
      header.writeUInt16LE(h, 90);
      header.writeUInt32LE(frames, 1020);
      const parts = [header];
      for (let k = 0; k < frames; k++) {
        const body = Buffer.alloc(h * w * 2);
        for (let i = 0; i < h * w; i++) body.writeUInt16LE(((first + k) * 977 + i * 31 + 3) % 4000, i * 2);
        parts.push(Buffer.alloc(64), body);
      }
      writeFileSync(file, Buffer.concat(parts));
    };
    writeFileSync(join(set, 'm.hdr'), `[measurementInfo]\ndarkframes=3\nsignalframes=6\nreadoutmode="bin: ${bin}, windowing: 264 x 264"\nstemimagesize=2x3\n`);
    frms6File(join(set, 'm_000.frms6'), 1000, 3);
    frms6File(join(set, 'm_001.frms6'), 0, 6);
    const plain = describeDataSet({ path: join(set, 'm.hdr') });
    const found = datasetCorrections(plain);
    expect(found.source).toBe('dataset');
    expect(found.corrections!.dark!.length).toBe(plain.sigShape[0]! * plain.sigShape[1]!);
    const subtracted = describeDataSet({ path: join(set, 'm.hdr'), params: { darkCorrection: true } });
    expect(datasetCorrections(subtracted).source).toBe('none'); // never subtracted twice
    const executor = new InlineExecutor();
    const a = await runJob(spec(plain, { corrections: found.corrections }), executor);
    const b = await runJob(spec(subtracted), executor);
    expect(Array.from(a.results.perFrame!.data)).toEqual(Array.from(b.results.perFrame!.data));
    expect(Array.from(a.results.total!.data)).toEqual(Array.from(b.results.total!.data));
  });
});
