import { StemflowError } from '@stemflow/plugin-sdk';
import type { OpenRequest } from './descriptor';
import { formatById } from './registry';
import { corpus, manifestEntries, readAll, type ManifestEntry as Entry } from './testing/kit.fixture';

/**
 * Every MANIFEST.json entry must open with the manifest's nav/sig shape and dtype and reproduce
 * the independent reference values: integers exactly, floats to 1e-6 relative. The request a
 * user would make is the file path (plus shape and dtype for headerless raw files); everything
 * else is detected. An entry not read says why in SKIP.
 */

/** Entries not read, each with its reason (path → why). */
const SKIP: Record<string, string> = {};

/** Element types the readers do not deliver (kernels take JS numbers; 64-bit ints would need BigInt). */
const UNSUPPORTED_DTYPES: Record<string, string> = { int64: '64-bit integers are not a Stemflow dtype yet', uint64: '64-bit integers are not a Stemflow dtype yet' };

/** What a user passes besides the path: shape and dtype for headerless raw files, the data set inside an HDF5 file with several. */
function requestFor(entry: Entry): OpenRequest {
  const ref = entry.reference!;
  const request: OpenRequest = { path: corpus(entry.path) };
  if (entry.hdf5_dataset) request.params = { dataset: entry.hdf5_dataset };
  if (entry.format === 'raw') Object.assign(request, { format: 'raw', navShape: ref.nav_shape, sigShape: ref.sig_shape, dtype: ref.dtype });
  return request;
}

function hasReader(format: string): boolean {
  try {
    formatById(format);
    return true;
  } catch (error) {
    if (error instanceof StemflowError && error.code === 'FORMAT_UNKNOWN') return false;
    throw error;
  }
}

function whyNot(entry: Entry): string | undefined {
  if (!entry.reference) return `no reference values: ${entry.notes ?? 'metadata only'}`;
  return SKIP[entry.path] ?? UNSUPPORTED_DTYPES[entry.reference.dtype] ?? (hasReader(entry.format) ? undefined : `no "${entry.format}" reader yet (issue #3)`);
}

const entries = manifestEntries();
const readable = entries.filter((e) => whyNot(e) === undefined);

function expectClose(actual: number, expected: number, integer: boolean): void {
  if (integer) expect(actual).toBe(expected);
  else expect(Math.abs(actual - expected)).toBeLessThanOrEqual(1e-6 * Math.max(1, Math.abs(expected)));
}

describe('MANIFEST.json reference values', () => {
  it('lists why each entry that is not read is skipped', () => {
    const skipped = entries.filter((e) => !readable.includes(e)).map((e) => `${e.path}: ${whyNot(e)}`);
    expect(skipped.every((line) => !line.endsWith('undefined'))).toBe(true);
    console.info(`MANIFEST: ${readable.length} of ${entries.length} entries read; not read:\n${skipped.join('\n')}`);
    expect(readable.length).toBeGreaterThanOrEqual(8);
  });

  it.each(readable.map((e) => [e.hdf5_dataset ? `${e.path} ${e.hdf5_dataset}` : e.path, e] as const))('%s', (_path, entry) => {
    const ref = entry.reference!;
    const integer = !ref.dtype.startsWith('float') && !ref.dtype.startsWith('complex');
    const { nav, sig, dtype, frames, frameSize, perFrame } = readAll(requestFor(entry), { frameByFrame: true });
    expect(nav).toEqual(ref.nav_shape);
    expect(sig).toEqual(ref.sig_shape);
    expect(dtype).toBe(ref.dtype);
    expect(frames).toBe(ref.n_frames);
    const sums = perFrame.map((frame) => {
      let s = 0;
      for (let p = 0; p < frameSize; p++) s += frame[p]!;
      return s;
    });
    expectClose(perFrame[0]![0]!, ref.frame0_pixel00, integer);
    expectClose(perFrame.at(-1)![frameSize - 1]!, ref.last_frame_last_pixel, integer);
    expectClose(sums[0]!, ref.first_frame_sum, integer);
    ref.first3_frame_sums.forEach((s, i) => expectClose(sums[i]!, s, integer));
    expectClose(
      sums.reduce((a, b) => a + b, 0),
      ref.total_sum,
      integer,
    );
  });
});
