import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { bytesPerElement, StemflowError, type DType } from '@stemflow/plugin-sdk';
import { describeDataSet, openDataSet } from './registry';
import { readAll, refusal, tempDir } from './testing/kit.fixture';

const dir = tempDir('stemflow-formats-');
const nav = [3, 5];
const sig = [4, 7];
const frames = 15;
const frameSize = 28;

/** The value at element i, chosen to exercise every byte of each dtype. */
function valueAt(dtype: DType, i: number): number {
  switch (dtype) {
    case 'int8':
      return (i % 200) - 100;
    case 'uint8':
      return i % 251;
    case 'int16':
      return (i * 37) % 60000 - 30000;
    case 'uint16':
      return (i * 263) % 65536;
    case 'int32':
      return i * 70001 - 5_000_000;
    case 'uint32':
      return i * 1_000_003;
    default:
      return i * 0.37 - 11.5;
  }
}

/** Bytes of the test array in the given byte order, written with DataView (independent of the reader). */
function encode(dtype: DType, little: boolean, count: number): Buffer {
  const size = bytesPerElement(dtype);
  const view = new DataView(new ArrayBuffer(count * size));
  const setters: Record<DType, (o: number, v: number) => void> = {
    uint8: (o, v) => view.setUint8(o, v),
    int8: (o, v) => view.setInt8(o, v),
    uint16: (o, v) => view.setUint16(o, v, little),
    int16: (o, v) => view.setInt16(o, v, little),
    uint32: (o, v) => view.setUint32(o, v, little),
    int32: (o, v) => view.setInt32(o, v, little),
    float32: (o, v) => view.setFloat32(o, v, little),
    float64: (o, v) => view.setFloat64(o, v, little),
  };
  for (let i = 0; i < count; i++) setters[dtype](i * size, valueAt(dtype, i));
  return Buffer.from(view.buffer);
}

function npyFile(name: string, descr: string, shape: number[], body: Buffer, fortran = false): string {
  let dict = `{'descr': '${descr}', 'fortran_order': ${fortran ? 'True' : 'False'}, 'shape': (${shape.join(', ')}), }`;
  dict += ' '.repeat(63 - ((10 + dict.length) % 64)) + '\n';
  const head = Buffer.alloc(10);
  head.write('\x93NUMPY', 0, 'latin1');
  head[6] = 1;
  head.writeUInt16LE(dict.length, 8);
  const path = join(dir, name);
  writeFileSync(path, Buffer.concat([head, Buffer.from(dict, 'latin1'), body]));
  return path;
}

const dtypes: DType[] = ['uint8', 'int8', 'uint16', 'int16', 'uint32', 'int32', 'float32', 'float64'];

describe('raw reader', () => {
  it.each(dtypes.flatMap((d) => [[d, 'little'], [d, 'big']] as const))('reads %s %s-endian with a header offset', (dtype, order) => {
    const path = join(dir, `data-${dtype}-${order}.raw`);
    writeFileSync(path, Buffer.concat([Buffer.alloc(13, 0xab), encode(dtype, order === 'little', frames * frameSize)]));
    const { data } = readAll({ path, navShape: nav, sigShape: sig, dtype, byteOrder: order, offset: 13 });
    for (let i = 0; i < frames * frameSize; i++) {
      const expected = dtype.startsWith('float') ? valueAt(dtype, i) : valueAt(dtype, i);
      if (dtype === 'float32') expect(data[i]).toBeCloseTo(Math.fround(expected), 5);
      else expect(data[i]).toBe(expected);
    }
  });

  it('reads a row slice of a frame range (tiles narrower than a frame)', () => {
    const path = join(dir, 'slice.raw');
    writeFileSync(path, encode('uint16', true, frames * frameSize));
    const ds = openDataSet({ path, navShape: nav, sigShape: sig, dtype: 'uint16' });
    const dest = new Uint16Array(3 * 2 * 7);
    ds.readFrames(5, 3, 1, 2, dest);
    ds.close();
    for (let f = 0; f < 3; f++) for (let p = 0; p < 14; p++) expect(dest[f * 14 + p]).toBe(valueAt('uint16', (5 + f) * frameSize + 7 + p));
  });

  it('refuses a file too small for the shape, saying what is needed', () => {
    const path = join(dir, 'short.raw');
    writeFileSync(path, Buffer.alloc(100));
    expect(() => openDataSet({ path, navShape: [64, 64], sigShape: [256, 256], dtype: 'uint16' })).toThrow(/has 100 bytes but nav 64×64 × sig 256×256 uint16 needs 536,870,912/);
  });

  it('asks for the shape and dtype of a raw file', () => {
    const path = join(dir, 'noshape.raw');
    writeFileSync(path, Buffer.alloc(100));
    expect(() => describeDataSet({ path })).toThrow(/give navShape, sigShape, dtype/);
  });
});

describe('npy reader', () => {
  const cases: [DType, string][] = [
    ['uint8', '|u1'],
    ['int16', '<i2'],
    ['uint16', '>u2'],
    ['int32', '<i4'],
    ['float32', '<f4'],
    ['float64', '>f8'],
  ];
  it.each(cases)('reads %s stored as %s', (dtype, descr) => {
    const path = npyFile(`a-${descr.replace(/[<>|]/, '')}-${dtype}.npy`, descr, [...nav, ...sig], encode(dtype, !descr.startsWith('>'), frames * frameSize));
    const info = describeDataSet({ path });
    expect(info).toMatchObject({ format: 'npy', navShape: nav, sigShape: sig, dtype });
    const { data } = readAll({ path });
    for (let i = 0; i < frames * frameSize; i += 7) {
      const expected = valueAt(dtype, i);
      if (dtype === 'float32') expect(data[i]).toBeCloseTo(Math.fround(expected), 5);
      else expect(data[i]).toBe(expected);
    }
  });

  it('accepts a different nav shape with the same frame count, refuses one that does not fit', () => {
    const path = npyFile('reshape.npy', '<u2', [...nav, ...sig], encode('uint16', true, frames * frameSize));
    expect(describeDataSet({ path, navShape: [15] }).navShape).toEqual([15]);
    expect(() => describeDataSet({ path, navShape: [4, 4] })).toThrow(StemflowError);
    expect(() => describeDataSet({ path, navShape: [4, 4] })).toThrow(/needs 16 frames but the file holds 15/);
  });

  it.each([
    ['truncated data', () => npyFile('trunc.npy', '<u2', [...nav, ...sig], encode('uint16', true, 100)), /truncated/],
    ['Fortran order', () => npyFile('fortran.npy', '<u2', [...nav, ...sig], encode('uint16', true, frames * frameSize), true), /Fortran order/],
    ['an unsupported dtype', () => npyFile('complex.npy', '<c8', [2, 2, 2], Buffer.alloc(64)), /not supported/],
    ['a 2-D array', () => npyFile('flat.npy', '<u2', [4, 7], encode('uint16', true, 28)), /at least 3 axes/],
    ['a broken magic', () => { const p = join(dir, 'magic.npy'); writeFileSync(p, Buffer.from('NOTNUMPY data data data')); return p; }, /not a NumPy .npy file/],
    ['an empty file', () => { const p = join(dir, 'empty.npy'); writeFileSync(p, Buffer.alloc(0)); return p; }, /empty/],
    ['a directory', () => { const p = join(dir, 'folder.npy'); mkdirSync(p, { recursive: true }); return p; }, /is a directory/],
    ['a missing file', () => join(dir, 'missing.npy'), /no such file/],
  ])('gives a clear error for %s', (_what, make, message) => {
    const path = make();
    const error = refusal({ path });
    expect(error.message).toMatch(message);
    expect(error.message).toContain(path);
  });
});
