import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { StemflowError } from '@stemflow/plugin-sdk';
import { describeDataSet, detectFormat, openDataSet } from '../registry';
import { tempDir } from '../testing/kit.fixture';
import { parseToml } from './toml';

/** A sparse stack written as LiberTEM's raw CSR: TOML + indptr/indices/data files (raw or .npy). */
const dir = tempDir('stemflow-csr-');
const NAV = [3, 4];
const SIG = [5, 6];
const FRAMES = 12;
const PIXELS = 30;

/** Events of frame f: a few pixels (with one duplicate in frame 5), value = 1 + (f + pixel) % 7. */
function events(f: number): [number, number][] {
  if (f === 7) return [];
  const list: [number, number][] = [];
  for (let k = 0; k < 1 + (f % 4); k++) {
    const pixel = (f * 11 + k * 7) % PIXELS;
    list.push([pixel, 1 + ((f + pixel) % 7)]);
  }
  if (f === 5) list.push([list[0]![0], 10]);
  return list;
}

function dense(f: number): number[] {
  const out = new Array<number>(PIXELS).fill(0);
  for (const [p, v] of events(f)) out[p]! += v;
  return out;
}

function npy(descr: string, values: Buffer, count: number): Buffer {
  let dict = `{'descr': '${descr}', 'fortran_order': False, 'shape': (${count},), }`;
  dict += ' '.repeat(63 - ((10 + dict.length) % 64)) + '\n';
  const head = Buffer.alloc(10);
  head.write('\x93NUMPY', 0, 'latin1');
  head[6] = 1;
  head.writeUInt16LE(dict.length, 8);
  return Buffer.concat([head, Buffer.from(dict, 'latin1'), values]);
}

function writeSet(name: string, options: { npyIndptr?: boolean; badIndex?: boolean } = {}): string {
  const indptr: number[] = [0];
  const indices: number[] = [];
  const data: number[] = [];
  for (let f = 0; f < FRAMES; f++) {
    for (const [p, v] of events(f)) {
      indices.push(p);
      data.push(v);
    }
    indptr.push(indices.length);
  }
  if (options.badIndex) indices[3] = PIXELS + 2;
  const i64 = Buffer.alloc(indptr.length * 8);
  indptr.forEach((v, i) => i64.writeBigInt64LE(BigInt(v), i * 8));
  const i32 = Buffer.alloc(indices.length * 4);
  indices.forEach((v, i) => i32.writeInt32LE(v, i * 4));
  const u16 = Buffer.alloc(data.length * 2);
  data.forEach((v, i) => u16.writeUInt16BE(v, i * 2));
  writeFileSync(join(dir, `${name}-indptr.${options.npyIndptr ? 'npy' : 'raw'}`), options.npyIndptr ? npy('<i8', i64, indptr.length) : i64);
  writeFileSync(join(dir, `${name}-indices.raw`), i32);
  writeFileSync(join(dir, `${name}-data.raw`), u16);
  const toml = `# sparse test data
[params]
filetype = "raw_csr"
nav_shape = [${NAV.join(', ')}]
sig_shape = [
  ${SIG.join(',\n  ')}
]

[raw_csr]
indptr_file = "${name}-indptr.${options.npyIndptr ? 'npy' : 'raw'}"
indptr_dtype = "<i8"
indices_file = "${name}-indices.raw"
indices_dtype = "int32"
data_file = "${name}-data.raw"
data_dtype = ">u2"  # big-endian on purpose
`;
  const path = join(dir, `${name}.toml`);
  writeFileSync(path, toml);
  return path;
}

describe('raw CSR reader', () => {
  const path = writeSet('plain');

  it('parses the TOML subset of the descriptors', () => {
    const doc = parseToml('[params]\nfiletype = "raw_csr" # c\nnav_shape = [1,\n 2]\n[raw_csr]\nx = \'a#b\'\n');
    expect(doc.params).toEqual({ filetype: 'raw_csr', nav_shape: [1, 2] });
    expect(doc.raw_csr).toEqual({ x: 'a#b' });
    expect(() => parseToml('[params]\nnav_shape = {a = 1}\n')).toThrow(/line 2/);
  });

  it('delivers dense frames (duplicates add up) from raw and .npy arrays', () => {
    for (const p of [path, writeSet('npy', { npyIndptr: true })]) {
      expect(detectFormat(p).id).toBe('raw_csr');
      const ds = openDataSet({ path: p });
      try {
        expect([ds.navShape, ds.sigShape, ds.dtype]).toEqual([NAV, SIG, 'uint16']);
        const out = new Uint16Array(FRAMES * PIXELS);
        ds.readFrames(0, FRAMES, 0, SIG[0]!, out);
        for (let f = 0; f < FRAMES; f++) expect(Array.from(out.subarray(f * PIXELS, (f + 1) * PIXELS))).toEqual(dense(f));
      } finally {
        ds.close();
      }
    }
  });

  it('fills row bands and honours syncOffset, nav and sig overrides', () => {
    const cases: [number, number, number, (f: number) => number | undefined][] = [
      [3, 5, 4, (f) => f + 8],
      [-2, 0, 3, (f) => (f < 2 ? undefined : f - 2)],
    ];
    for (const [syncOffset, start, count, physical] of cases) {
      const ds = openDataSet({ path, navShape: [9], syncOffset });
      try {
        const rows = 2;
        const out = new Uint16Array(count * rows * SIG[1]!).fill(99);
        ds.readFrames(start, count, 2, rows, out);
        for (let f = 0; f < count; f++) {
          const p = physical(f);
          const want = p === undefined ? new Array<number>(rows * SIG[1]!).fill(0) : dense(p).slice(2 * SIG[1]!, 4 * SIG[1]!);
          expect(Array.from(out.subarray(f * rows * SIG[1]!, (f + 1) * rows * SIG[1]!))).toEqual(want);
        }
      } finally {
        ds.close();
      }
    }
    const reshaped = describeDataSet({ path, sigShape: [3, 10], dtype: 'float32' });
    expect([reshaped.sigShape, reshaped.dtype]).toEqual([[3, 10], 'float32']);
    expect(() => describeDataSet({ path, sigShape: [4, 10] })).toThrow(/must hold the 30 pixels/);
    expect(() => describeDataSet({ path, navShape: [4, 4] })).toThrow(/needs 16 frames but the file holds 12/);
  });

  it('refuses pixel indices outside the frame and inconsistent arrays, naming the file', () => {
    const bad = writeSet('bad', { badIndex: true });
    const ds = openDataSet({ path: bad });
    try {
      const out = new Uint16Array(FRAMES * PIXELS);
      expect(() => ds.readFrames(0, FRAMES, 0, SIG[0]!, out)).toThrow(/bad-indices\.raw: value 3 names pixel 32/);
    } finally {
      ds.close();
    }
    writeFileSync(join(dir, 'short-data.raw'), Buffer.alloc(4));
    writeFileSync(join(dir, 'short.toml'), `[params]\nfiletype = "raw_csr"\nnav_shape = [3, 4]\nsig_shape = [5, 6]\n[raw_csr]\nindptr_file = "plain-indptr.raw"\nindptr_dtype = "<i8"\nindices_file = "plain-indices.raw"\nindices_dtype = "<i4"\ndata_file = "short-data.raw"\ndata_dtype = "<u2"\n`);
    expect(() => describeDataSet({ path: join(dir, 'short.toml') })).toThrow(StemflowError);
    expect(() => describeDataSet({ path: join(dir, 'short.toml') })).toThrow(/they must match/);
  });
});
