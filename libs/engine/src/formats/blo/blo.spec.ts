import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { OpenRequest } from '../descriptor';
import { describeDataSet, detectFormat, openDataSet } from '../registry';
import { corpus, readAll, refusal, tempDir } from '../testing/kit.fixture';
import { bloReader } from './blo-reader';

const test1 = corpus('blo/test1.blo');
const test2 = corpus('blo/test2.blo');
const tmp = tempDir('stemflow-blo-');

/** Every frame, read one at a time. */
const readFrames = (request: OpenRequest) => readAll(request, { frameByFrame: true }).perFrame;

function sum(a: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]!;
  return s;
}

interface BloSpec {
  nx: number;
  ny: number;
  dp: number;
  bits?: 8 | 16;
  little?: boolean;
  note?: string;
  /** Patterns actually written (default nx × ny). */
  written?: number;
}

/** Pixel value of pattern k at index i, exercising both bytes of 16-bit patterns. */
const pixel = (k: number, i: number, bits: number) => (bits === 16 ? (k * 4099 + i * 257) % 65536 : (k * 31 + i * 7) % 256);

/** A block file written from the layout description (HyperSpy's blockfile header, LiberTEM's bit depth note). */
function bloFile(name: string, s: BloSpec): string {
  const bits = s.bits ?? 8;
  const little = s.little ?? true;
  const dataOffset = 0x1000 + s.nx * s.ny + ((0x1000 + s.nx * s.ny) % 16);
  const header = Buffer.alloc(dataOffset);
  const view = new DataView(header.buffer);
  header.write('IMGBLO', 0, 'latin1');
  view.setUint16(6, bits === 16 ? 0x0103 : 0x0102, little);
  view.setUint32(8, 0x1000, little);
  view.setUint32(12, dataOffset, little);
  view.setUint16(20, s.dp, little);
  view.setUint16(24, s.nx, little);
  view.setUint16(26, s.ny, little);
  view.setUint16(28, 1234, little);
  view.setFloat64(30, 1.5, little);
  view.setFloat64(38, 2.5, little);
  view.setUint32(46, 300_000, little);
  view.setUint16(50, 5000, little);
  view.setUint32(52, 1500, little);
  view.setFloat64(56, 45_000.5, little);
  header.write(s.note ?? (bits === 16 ? 'Camera gamma : on\r\nBlo Bit Depth: 16 bits\r\n' : ''), 240, 'latin1');
  const size = bits / 8;
  const patterns = Array.from({ length: s.written ?? s.nx * s.ny }, (_, k) => {
    const p = Buffer.alloc(6 + s.dp * s.dp * size);
    const v = new DataView(p.buffer);
    v.setUint16(0, 0x55aa, little);
    v.setUint32(2, k, little);
    for (let i = 0; i < s.dp * s.dp; i++) {
      if (size === 1) p[6 + i] = pixel(k, i, bits);
      else v.setUint16(6 + 2 * i, pixel(k, i, bits), little);
    }
    return p;
  });
  const path = join(tmp, name);
  writeFileSync(path, Buffer.concat([header, ...patterns]));
  return path;
}

describe('BLO reader', () => {
  it('detects block files by IMGBLO, and .blo by name', () => {
    expect(detectFormat(test1).id).toBe('blo');
    expect(bloReader.detect('a.blo', new Uint8Array(4))).toBe(10);
    expect(bloReader.detect('a.bin', Buffer.from('IMGBLO\x02\x01'))).toBe(100);
  });

  it('reads the scan, pattern size and physical metadata of a NanoMegas file', () => {
    const d = describeDataSet({ path: test1 });
    expect(d).toMatchObject({ format: 'blo', navShape: [3, 2], sigShape: [144, 144], dtype: 'uint8', offset: 4112, byteOrder: 'little' });
    const m = d.metadata!;
    expect(m.navPixelSize).toEqual({ value: [12.8, 12.8], unit: 'nm' });
    expect(m.sigPixelSize?.unit).toBe('cm');
    expect(m.sigPixelSize?.value[0]).toBeCloseTo(100 / 6226, 12);
    expect(m.scanRotation).toBe(25);
    expect(m.beamEnergy).toBe(200_000);
    expect(m.cameraLength).toBeCloseTo(0.2, 12);
    expect(m.acquisitionTime).toMatch(/^2015-12-01T15:40:59\.81\dZ$/); // serial date 42339.65347…, taken as UTC
    expect(m.extra).toMatchObject({ magic: 0x0102, bitDepth: 8, vbfOffset: 4096, dataOffset: 4112, firstFrameIndex: 0 });
    expect(String(m.extra?.note)).toMatch(/Precession angle/);
    expect(JSON.parse(JSON.stringify(d))).toEqual(d);
  });

  it('takes the data offset from the header (4108 in the HyperSpy-written file)', () => {
    const d = describeDataSet({ path: test2 });
    expect(d).toMatchObject({ navShape: [2, 3], sigShape: [5, 5], offset: 4108 });
    expect(readFrames({ path: test2 }).map(sum).slice(0, 3)).toEqual([473, 537, 534]);
  });

  it('honours nav, sig and syncOffset overrides and refuses those that do not fit', () => {
    const frames = readFrames({ path: test1 });
    expect(readFrames({ path: test1, navShape: [5], syncOffset: 1 }).map(sum)).toEqual(frames.slice(1).map(sum));
    expect(readFrames({ path: test1, navShape: [6], syncOffset: -2 }).map(sum)).toEqual([0, 0, ...frames.slice(0, 4).map(sum)]);
    const reshaped = readFrames({ path: test1, sigShape: [72, 288] })[0]!;
    expect(reshaped.every((v, i) => v === frames[0]![i])).toBe(true);
    expect(refusal(() => describeDataSet({ path: test1, navShape: [7] })).code).toBe('SHAPE_MISMATCH');
    expect(refusal(() => describeDataSet({ path: test1, sigShape: [10, 10] })).message).toMatch(/144×144/);
    expect(refusal(() => describeDataSet({ path: test1, dtype: 'float32' })).message).toMatch(/holds uint8/);
  });

  it('reads row bands of several frames in one call', () => {
    const frames = readFrames({ path: test1 });
    const ds = openDataSet({ path: test1 });
    const band = new Uint8Array(3 * 5 * 144);
    ds.readFrames(2, 3, 70, 5, band);
    ds.close();
    for (let f = 0; f < 3; f++) expect(Array.from(band.subarray(f * 720, (f + 1) * 720))).toEqual(Array.from(frames[2 + f]!.subarray(70 * 144, 75 * 144)));
  });

  it.each<[string, BloSpec]>([
    ['16-bit little-endian', { nx: 3, ny: 2, dp: 4, bits: 16 }],
    ['8-bit big-endian', { nx: 2, ny: 2, dp: 3, little: false }],
    ['16-bit big-endian', { nx: 1, ny: 3, dp: 2, bits: 16, little: false }],
  ])('reads %s files', (name, spec) => {
    const path = bloFile(`${name.replace(/ /g, '-')}.blo`, spec);
    const d = describeDataSet({ path });
    const bits = spec.bits ?? 8;
    expect(d).toMatchObject({ navShape: [spec.ny, spec.nx], sigShape: [spec.dp, spec.dp], dtype: bits === 16 ? 'uint16' : 'uint8', byteOrder: spec.little === false ? 'big' : 'little' });
    expect(d.metadata).toMatchObject({ scanRotation: 12.34, beamEnergy: 300_000, navPixelSize: { value: [2.5, 1.5], unit: 'nm' } });
    readFrames({ path }).forEach((frame, k) => frame.forEach((v, i) => expect(v).toBe(pixel(k, i, bits))));
  });

  it('refuses a truncated file unless the scan asked for fits the patterns present', () => {
    const path = bloFile('short.blo', { nx: 3, ny: 2, dp: 4, written: 4 });
    const error = refusal(() => describeDataSet({ path }));
    expect(error.code).toBe('FILE_CORRUPT');
    expect(error.message).toMatch(/holds 4 of the 2×3 = 6 patterns.*--nav 4/);
    expect(readFrames({ path, navShape: [4] }).length).toBe(4);
  });

  it('refuses an unknown bit depth and patterns without their frame marker', () => {
    expect(refusal(() => describeDataSet({ path: bloFile('12bit.blo', { nx: 1, ny: 1, dp: 2, note: 'Blo Bit Depth: 12 bits' }) })).code).toBe('FORMAT_UNKNOWN');
    const path = bloFile('nomarker.blo', { nx: 2, ny: 1, dp: 2 });
    const bytes = readFileSync(path);
    bytes[bytes.length - 10] = 0; // the marker of the last pattern
    writeFileSync(path, bytes);
    expect(refusal(() => describeDataSet({ path })).message).toMatch(/pattern 1 has no AA 55 frame marker/);
  });
});
