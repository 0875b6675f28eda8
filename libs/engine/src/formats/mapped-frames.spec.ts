import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TypedArray } from '@stemflow/plugin-sdk';
import { randomData } from '@stemflow/plugin-sdk/testing';
import type { OpenRequest } from './descriptor';
import { describeDataSet, openDataSet } from './registry';

/**
 * Mapped frames (the zero-copy path) are the bytes `readFrames` gives, and the reader refuses to
 * map what it must transform or cannot align (then the runner reads).
 */
const dir = mkdtempSync(join(tmpdir(), 'stemflow-map-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const FRAMES = 24;
const SIG = [5, 7];
const values = randomData('uint16', FRAMES * 35, 9, 65535) as Uint16Array;

function rawFile(name: string, headerBytes: number, littleEndian = true): string {
  const body = Buffer.alloc(values.length * 2);
  values.forEach((v, i) => (littleEndian ? body.writeUInt16LE(v, i * 2) : body.writeUInt16BE(v, i * 2)));
  const path = join(dir, name);
  writeFileSync(path, Buffer.concat([Buffer.alloc(headerBytes, 0xee), body]));
  return path;
}

function open(request: OpenRequest) {
  return openDataSet(describeDataSet(request));
}

it('maps runs of frames that equal what readFrames reads, at most as many as asked', () => {
  const ds = open({ path: rawFile('plain.raw', 64), format: 'raw', navShape: [4, 6], sigShape: SIG, dtype: 'uint16', offset: 64 });
  try {
    const mapped = ds.mapFrames!(5, 9) as TypedArray;
    expect(mapped.length).toBe(9 * 35);
    const read = new Uint16Array(9 * 35);
    ds.readFrames(5, 9, 0, 5, read);
    expect(Array.from(mapped)).toEqual(Array.from(read));
    expect(Array.from(mapped.subarray(0, 35))).toEqual(Array.from(values.subarray(5 * 35, 6 * 35)));
    // A later mapping replaces the earlier one in the same window.
    const again = ds.mapFrames!(FRAMES - 1, 10) as TypedArray;
    expect(again.length).toBe(35);
    expect(Array.from(again)).toEqual(Array.from(values.subarray((FRAMES - 1) * 35)));
  } finally {
    ds.close();
  }
});

it('refuses what it must transform or cannot view: other byte order, odd offsets, blank frames', () => {
  const swapped = open({ path: rawFile('big.raw', 0, false), format: 'raw', navShape: [4, 6], sigShape: SIG, dtype: 'uint16', byteOrder: 'big' });
  const odd = open({ path: rawFile('odd.raw', 3), format: 'raw', navShape: [4, 6], sigShape: SIG, dtype: 'uint16', offset: 3 });
  const shifted = open({ path: rawFile('sync.raw', 0), format: 'raw', navShape: [4, 6], sigShape: SIG, dtype: 'uint16', syncOffset: -2 });
  try {
    expect(swapped.mapFrames!(0, 4)).toBeUndefined();
    expect(odd.mapFrames!(0, 4)).toBeUndefined();
    expect(shifted.mapFrames!(0, 4)).toBeUndefined(); // frames 0 and 1 are blank
    expect(Array.from(shifted.mapFrames!(2, 1) as TypedArray)).toEqual(Array.from(values.subarray(0, 35)));
  } finally {
    [swapped, odd, shifted].forEach((ds) => ds.close());
  }
});
