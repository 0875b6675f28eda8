import { chmodSync, closeSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, openSync, readdirSync, readFileSync, readSync, statSync, truncateSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { allocArray, product, StemflowError } from '@stemflow/plugin-sdk';
import { mibReader } from './mib-reader';

/**
 * Damaged copies of every shipped MIB file: truncated, single bytes flipped or digits changed
 * in the header, the header zeroed, an empty file, a directory in its place, a damaged `.hdr`.
 * Each must either read (a changed pixel or time stamp is undetectable) or fail with a
 * StemflowError naming the file: never another exception, never a hang.
 */
const dataDir =
  [process.env.STEMFLOW_SHARED_DATA, resolve(__dirname, '../../../../../../shared/data'), '/work/shared/data'].find((d) => d && existsSync(join(d, 'MANIFEST.json'))) ??
  '/work/shared/data';
const root = mkdtempSync(join(tmpdir(), 'stemflow-mib-fuzz-'));
const sources = readdirSync(join(dataDir, 'mib'), { recursive: true })
  .map(String)
  .filter((f) => f.endsWith('.mib'))
  .sort();

interface Mutation {
  name: string;
  /** Change the copies in `dir` (the `.mib` and its `.hdr`); return the path to open. */
  apply(mib: string, hdr: string): string;
}

function firstBytes(path: string, n: number): Buffer {
  const fd = openSync(path, 'r');
  try {
    const out = Buffer.alloc(n);
    return out.subarray(0, readSync(fd, out, 0, n, 0));
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

function flip(path: string, position: number): void {
  patch(path, position, Buffer.from([firstBytes(path, position + 1)[position]! ^ 0xff]));
}

function mutationsFor(path: string): Mutation[] {
  const size = statSync(path).size;
  const head = firstBytes(path, 1024).toString('latin1');
  const fields = head.split(',');
  const headerSize = Number(fields[2]);
  const start = (k: number) => fields.slice(0, k).join(',').length + (k > 0 ? 1 : 0);
  // The test may read the small corpus file whole: the second header marks the frame stride.
  const second = readFileSync(path).indexOf('MQ1,', 1, 'latin1');
  const stride = second > 0 ? second : size;
  const digitPositions = [2, 3, 4, 5].flatMap((k) => [start(k), start(k) + fields[k]!.length - 1]);
  const lastField = head.slice(0, head.indexOf('\0')).replace(/,$/, '').lastIndexOf(',') + 1;
  const truncations = [10, headerSize >> 1, headerSize - 1, headerSize, headerSize + 100, stride - 1, stride + 10, size >> 1, size - 1];
  const flips = [0, 1, 2, 3, start(1), ...digitPositions, start(6), start(6) + 2, start(7) + 3, start(8), lastField, headerSize - 1, headerSize, stride];
  const list: Mutation[] = [
    ...truncations.filter((n) => n > 0 && n < size).map((n): Mutation => ({ name: `truncated to ${n} bytes`, apply: (mib) => (truncateSync(mib, n), mib) })),
    ...flips.filter((p) => p >= 0 && p < size).map((p): Mutation => ({ name: `byte ${p} flipped`, apply: (mib) => (flip(mib, p), mib) })),
    ...digitPositions.map((p): Mutation => ({
      name: `digit at ${p} changed`,
      apply: (mib) => {
        const c = head.charCodeAt(p);
        patch(mib, p, Buffer.from([c >= 0x30 && c <= 0x39 ? 0x30 + ((c - 0x30 + 1) % 10) : 0x31]));
        return mib;
      },
    })),
    { name: 'header zeroed', apply: (mib) => (patch(mib, 0, Buffer.alloc(headerSize)), mib) },
    { name: 'empty file', apply: (mib) => (truncateSync(mib, 0), mib) },
    { name: 'opened by a truncated .hdr', apply: (_mib, hdr) => (truncateSync(hdr, 200), hdr) },
    { name: 'opened by a .hdr with a flipped first byte', apply: (_mib, hdr) => (flip(hdr, 0), hdr) },
    { name: 'opened by a .hdr whose .mib is truncated', apply: (mib, hdr) => (truncateSync(mib, headerSize + 10), hdr) },
    { name: 'opened by an empty .hdr', apply: (_mib, hdr) => (truncateSync(hdr, 0), hdr) },
    { name: 'opened by its .hdr with a damaged frame count', apply: (_mib, hdr) => (writeFileSync(hdr, 'HDR,\t\r\nFrames in Acquisition (Number):\t99999999999\r\nFrames per Trigger (Number):\t0\r\nEnd\t'), hdr) },
  ];
  return list;
}

/** Describe, open and read every frame with the reader itself (not the registry, which adds the path to messages). */
function attempt(path: string, companions: string[]): string | undefined {
  const started = Date.now();
  try {
    const ds = mibReader.open(mibReader.describe({ path }));
    try {
      const height = ds.sigShape[0]!;
      const frame = allocArray(ds.dtype, product(ds.sigShape));
      for (let f = 0; f < ds.frames; f++) ds.readFrames(f, 1, 0, height, frame);
    } finally {
      ds.close();
    }
  } catch (error) {
    if (!(error instanceof StemflowError)) return `threw ${(error as Error)?.constructor?.name}: ${(error as Error)?.message}`;
    if (![path, ...companions].some((p) => error.message.includes(p))) return `error does not name the file: ${error.message}`;
  }
  const ms = Date.now() - started;
  return ms > 2000 ? `took ${ms} ms` : undefined;
}

describe('MIB reader on damaged files', () => {
  it('finds the shipped MIB files', () => expect(sources.length).toBe(22));

  it.each(sources)('%s', (source) => {
    const problems: string[] = [];
    const mutations = mutationsFor(join(dataDir, 'mib', source));
    mutations.forEach((mutation, i) => {
      const dir = join(root, `${basename(source, '.mib')}-${i}`);
      mkdirSync(dir);
      const mib = join(dir, basename(source));
      const hdr = mib.replace(/\.mib$/, '.hdr');
      copyFileSync(join(dataDir, 'mib', source), mib);
      copyFileSync(join(dataDir, 'mib', source.replace(/\.mib$/, '.hdr')), hdr);
      chmodSync(mib, 0o644); // the shared corpus is read-only, and so would the copies be
      chmodSync(hdr, 0o644);
      const path = mutation.apply(mib, hdr);
      const problem = attempt(path, [mib, hdr]);
      if (problem) problems.push(`${mutation.name}: ${problem}`);
    });
    // A directory where the file should be.
    const dirCase = join(root, `${basename(source, '.mib')}-dir`, basename(source));
    mkdirSync(dirCase, { recursive: true });
    const problem = attempt(dirCase, []);
    if (problem) problems.push(`directory: ${problem}`);
    expect(problems).toEqual([]);
  });
});
