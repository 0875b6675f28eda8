import { chmodSync, closeSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, openSync, readSync, statSync, truncateSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { allocArray, product, StemflowError } from '@stemflow/plugin-sdk';
import { bloReader } from './blo-reader';

/**
 * Damaged copies of every shipped block file: truncated (in the header, the note, the VBF image,
 * a pattern), single bytes flipped across the header and the first frame header, the header
 * zeroed, an empty file and a directory in its place. Each must read (a changed pixel or
 * calibration is undetectable) or fail with a StemflowError naming the file; nothing else.
 */
const dataDir =
  [process.env.STEMFLOW_SHARED_DATA, resolve(__dirname, '../../../../../../shared/data'), '/work/shared/data'].find((d) => d && existsSync(join(d, 'MANIFEST.json'))) ??
  '/work/shared/data';
const root = mkdtempSync(join(tmpdir(), 'stemflow-blo-fuzz-'));
const sources = ['test1.blo', 'test2.blo'];

function bytesAt(path: string, position: number, n: number): Buffer {
  const fd = openSync(path, 'r');
  try {
    const out = Buffer.alloc(n);
    return out.subarray(0, readSync(fd, out, 0, n, position));
  } finally {
    closeSync(fd);
  }
}

function patch(path: string, position: number, bytes: Buffer): void {
  const fd = openSync(path, 'r+');
  try {
    writeSync(fd, bytes, 0, bytes.length, position);
  } finally {
    closeSync(fd);
  }
}

interface Mutation {
  name: string;
  apply(path: string): void;
}

function mutationsFor(path: string): Mutation[] {
  const size = statSync(path).size;
  const dataOffset = bytesAt(path, 12, 4).readUInt32LE(0);
  const dp = bytesAt(path, 20, 2).readUInt16LE(0);
  const stride = 6 + dp * dp;
  const truncations = [3, 10, 100, 239, 240, 300, 4096, dataOffset + 3, dataOffset + 6 + (stride >> 1), size >> 1, size - 1];
  const headerFlips = [0, 5, 6, 7, 8, 11, 12, 13, 15, 20, 21, 22, 24, 25, 26, 27, 28, 30, 37, 45, 46, 50, 52, 56, 63, 100, 240];
  const dataFlips = [4096, dataOffset, dataOffset + 1, dataOffset + 2, dataOffset + 5, dataOffset + 6, dataOffset + stride, size - 1];
  return [
    ...truncations.filter((n) => n > 0 && n < size).map((n): Mutation => ({ name: `truncated to ${n} bytes`, apply: (p) => truncateSync(p, n) })),
    ...[...headerFlips, ...dataFlips]
      .filter((at) => at < size)
      .map((at): Mutation => ({ name: `byte ${at} flipped`, apply: (p) => patch(p, at, Buffer.from([bytesAt(p, at, 1)[0]! ^ 0xff])) })),
    { name: 'header zeroed', apply: (p) => patch(p, 0, Buffer.alloc(240)) },
    { name: 'empty file', apply: (p) => truncateSync(p, 0) },
  ];
}

/** Describe, open and read every frame with the reader itself; return a problem, if any. */
function attempt(path: string): string | undefined {
  const started = Date.now();
  try {
    const ds = bloReader.open(bloReader.describe({ path }));
    try {
      const frame = allocArray(ds.dtype, product(ds.sigShape));
      for (let f = 0; f < ds.frames; f++) ds.readFrames(f, 1, 0, ds.sigShape[0]!, frame);
      JSON.stringify(ds.descriptor);
    } finally {
      ds.close();
    }
  } catch (error) {
    if (!(error instanceof StemflowError)) return `threw ${(error as Error)?.constructor?.name}: ${(error as Error)?.message}`;
    if (!error.message.includes(path)) return `error does not name the file: ${error.message}`;
  }
  const ms = Date.now() - started;
  return ms > 2000 ? `took ${ms} ms` : undefined;
}

describe('BLO reader on damaged files', () => {
  it.each(sources)('%s', (source) => {
    const original = join(dataDir, 'blo', source);
    const problems: string[] = [];
    mutationsFor(original).forEach((mutation, i) => {
      const path = join(root, `${i}-${source}`);
      copyFileSync(original, path);
      chmodSync(path, 0o644); // the shared corpus is read-only, and so would the copy be
      mutation.apply(path);
      const problem = attempt(path);
      if (problem) problems.push(`${mutation.name}: ${problem}`);
    });
    const dir = join(root, `dir-${basename(source)}`);
    mkdirSync(dir);
    const problem = attempt(dir);
    if (problem) problems.push(`directory: ${problem}`);
    expect(problems).toEqual([]);
  });
});
