import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { allocArray, product } from '@stemflow/plugin-sdk';
import { openDataSet, type OpenRequest } from '..';

/**
 * Every MANIFEST.json entry of a format this engine reads must reproduce the independent
 * reference values. Entries of other formats are listed with the reason they are not read yet.
 */
const repoRoot = resolve(__dirname, '../../../..');
const dataDir =
  [process.env.STEMFLOW_SHARED_DATA, resolve(repoRoot, '../shared/data'), '/work/shared/data'].find((d) => d && existsSync(join(d, 'MANIFEST.json'))) ??
  resolve(repoRoot, '../shared/data');

interface Entry {
  path: string;
  format: string;
  reference: {
    dtype: string;
    nav_shape: number[];
    sig_shape: number[];
    n_frames: number;
    total_sum: number;
    first_frame_sum: number;
    frame0_pixel00: number;
    last_frame_last_pixel: number;
    first3_frame_sums: number[];
  };
}

/** Formats read by this engine; every other entry waits for its reader (issue #3). */
const READ_HERE = new Set(['npy', 'raw']);
const NOT_YET_REASON = 'reader not written yet: issue #3 (MIB, BLO, EMPAD, SER, DM, MRC, SEQ, TVIPS, HDF5 family)';

/** Element types the skeleton's readers do not deliver yet (kernels take JS numbers; 64-bit ints need BigInt). */
const UNSUPPORTED_DTYPES: Record<string, string> = { int64: '64-bit integers: issue #3', uint64: '64-bit integers: issue #3' };

const manifestPath = join(dataDir, 'MANIFEST.json');
if (!existsSync(manifestPath)) throw new Error(`shared test data not found at ${dataDir}; set STEMFLOW_SHARED_DATA`);
const entries = (JSON.parse(readFileSync(manifestPath, 'utf8')) as { entries: Entry[] }).entries;
const readable = entries.filter((e) => READ_HERE.has(e.format) && !UNSUPPORTED_DTYPES[e.reference.dtype]);

describe('MANIFEST.json reference values', () => {
  it('every entry is either read here or has a written reason', () => {
    for (const e of entries) {
      const reason = readable.includes(e) ? 'read' : READ_HERE.has(e.format) ? UNSUPPORTED_DTYPES[e.reference.dtype] : NOT_YET_REASON;
      expect(reason).toBeDefined();
    }
    expect(readable.length).toBeGreaterThanOrEqual(8);
  });

  it.each(readable.map((e) => [e.path, e] as const))('%s', (_path, entry) => {
    const ref = entry.reference;
    const request: OpenRequest = { path: join(dataDir, entry.path), format: entry.format };
    if (entry.format === 'raw') Object.assign(request, { navShape: ref.nav_shape, sigShape: ref.sig_shape, dtype: ref.dtype });
    const ds = openDataSet(request);
    try {
      expect(ds.navShape).toEqual(ref.nav_shape);
      expect(ds.sigShape).toEqual(ref.sig_shape);
      expect(ds.dtype).toBe(ref.dtype);
      expect(ds.frames).toBe(ref.n_frames);
      const frameSize = product(ref.sig_shape);
      const frame = allocArray(ds.dtype, frameSize);
      const sums: number[] = [];
      let total = 0;
      let last = Number.NaN;
      for (let f = 0; f < ds.frames; f++) {
        ds.readFrames(f, 1, 0, ref.sig_shape[0]!, frame);
        let s = 0;
        for (let p = 0; p < frameSize; p++) s += frame[p]!;
        sums.push(s);
        total += s;
        if (f === 0) expect(frame[0]).toBe(ref.frame0_pixel00);
        last = frame[frameSize - 1]!;
      }
      expect(last).toBe(ref.last_frame_last_pixel);
      expect(sums[0]).toBe(ref.first_frame_sum);
      expect(sums.slice(0, ref.first3_frame_sums.length)).toEqual(ref.first3_frame_sums);
      expect(total).toBe(ref.total_sum);
    } finally {
      ds.close();
    }
  });
});
