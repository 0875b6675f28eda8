import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { allocArray, product, StemflowError, type DType, type TypedArray } from '@stemflow/plugin-sdk';
import type { DatasetDescriptor, OpenRequest } from '../descriptor';
import { describeDataSet, openDataSet } from '../registry';

/** Shared helpers of the format readers' tests: the shared corpus, temporary folders, reading and refusals. */

export const repoRoot = resolve(__dirname, '../../../../..');

/** The shared test corpus (read-only: tests that change a file work on a copy). */
export const dataDir =
  [process.env.STEMFLOW_SHARED_DATA, resolve(repoRoot, '../shared/data'), '/work/shared/data'].find((d) => d && existsSync(join(d, 'MANIFEST.json'))) ??
  resolve(repoRoot, '../shared/data');

/** A file of the shared corpus, e.g. `corpus('mrc/de/HAADFscan.mrc')`. */
export function corpus(relativePath: string): string {
  return join(dataDir, relativePath);
}

/** One entry of the corpus MANIFEST.json. */
export interface ManifestEntry {
  path: string;
  format: string;
  /** For files holding several data sets: the one this entry describes (the user's choice). */
  hdf5_dataset?: string;
  companions?: { path: string }[];
  reader_info?: Record<string, unknown>;
  notes?: string;
  /** Absent for metadata-only entries (their data file is not shipped). */
  reference?: {
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

export function manifestEntries(): ManifestEntry[] {
  const manifest = join(dataDir, 'MANIFEST.json');
  if (!existsSync(manifest)) throw new Error(`shared test data not found at ${dataDir}; set STEMFLOW_SHARED_DATA`);
  return (JSON.parse(readFileSync(manifest, 'utf8')) as { entries: ManifestEntry[] }).entries;
}

/** A fresh folder under the system temp folder, removed after the suite. Call at module or describe level. */
export function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

export interface ReadResult {
  /** Every frame, frame-major, in the data set's dtype. */
  data: TypedArray;
  dtype: DType;
  nav: readonly number[];
  sig: readonly number[];
  /** Number of frames read. */
  frames: number;
  frameSize: number;
  /** `data` cut into frames (views, no copies). */
  perFrame: TypedArray[];
  descriptor: DatasetDescriptor;
}

/**
 * Open, read every frame into one typed array, close. In one `readFrames` call, or with
 * `frameByFrame` one call per frame (the two paths a reader has to get right).
 */
export function readAll(request: OpenRequest | DatasetDescriptor, options: { frameByFrame?: boolean } = {}): ReadResult {
  const ds = openDataSet(request);
  try {
    const frameSize = product(ds.sigShape);
    const rows = frameSize / ds.sigShape[ds.sigShape.length - 1]!;
    const data = allocArray(ds.dtype, ds.frames * frameSize);
    const perFrame = Array.from({ length: ds.frames }, (_, f) => data.subarray(f * frameSize, (f + 1) * frameSize));
    if (options.frameByFrame) perFrame.forEach((frame, f) => ds.readFrames(f, 1, 0, rows, frame));
    else ds.readFrames(0, ds.frames, 0, rows, data);
    return { data, dtype: ds.dtype, nav: ds.navShape, sig: ds.sigShape, frames: ds.frames, frameSize, perFrame, descriptor: ds.descriptor };
  } finally {
    ds.close();
  }
}

/** `readAll` frame by frame, each frame as an array of plain numbers (to compare with `toEqual`). */
export function readAllAsNumbers(request: OpenRequest | DatasetDescriptor): Omit<ReadResult, 'frames'> & { frames: number[][] } {
  const read = readAll(request, { frameByFrame: true });
  return { ...read, frames: read.perFrame.map((frame) => Array.from(frame)) };
}

/**
 * The StemflowError with which opening `request` (or running `action`) is refused. Any other
 * exception is rethrown; no exception at all fails the test.
 */
export function refusal(what: OpenRequest | DatasetDescriptor | (() => unknown)): StemflowError {
  try {
    if (typeof what === 'function') what();
    else openDataSet(what).close();
  } catch (error) {
    if (error instanceof StemflowError) return error;
    throw error;
  }
  throw new Error(typeof what === 'function' ? 'expected a StemflowError' : `${what.path} was not refused`);
}

/** `refusal`, and its code and message fragments checked. */
export function expectRefusal(what: OpenRequest | DatasetDescriptor | (() => unknown), code: string, ...fragments: string[]): StemflowError {
  const error = refusal(what);
  expect(error.code).toBe(code);
  for (const fragment of fragments) expect(error.message).toContain(fragment);
  return error;
}

/** The descriptor of `path`, through JSON as a worker receives it, opens the same data: nav shape and frames 3–4 agree with a direct open. */
export function expectSameDataThroughJson(path: string): void {
  const descriptor = JSON.parse(JSON.stringify(describeDataSet({ path }))) as DatasetDescriptor;
  const direct = openDataSet({ path });
  const revived = openDataSet(descriptor);
  const [a, b] = [allocArray(direct.dtype, 2 * direct.sigShape[0]! * direct.sigShape[1]!), allocArray(revived.dtype, 2 * revived.sigShape[0]! * revived.sigShape[1]!)];
  direct.readFrames(3, 2, 0, direct.sigShape[0]!, a);
  revived.readFrames(3, 2, 0, revived.sigShape[0]!, b);
  direct.close();
  revived.close();
  expect(revived.navShape).toEqual(direct.navShape);
  expect(Buffer.compare(Buffer.from(a.buffer), Buffer.from(b.buffer))).toBe(0);
}
