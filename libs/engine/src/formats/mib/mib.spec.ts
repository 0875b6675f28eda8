import { appendFileSync, copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TypedArray } from '@stemflow/plugin-sdk';
import type { DatasetDescriptor, OpenRequest } from '../descriptor';
import { describeDataSet, detectFormat, openDataSet } from '../registry';
import { corpus, readAll, refusal, tempDir } from '../testing/kit.fixture';
import { mibReader } from './mib-reader';

const mibDir = corpus('mib');
const tmp = tempDir('stemflow-mib-');

/** Every frame, read one at a time. */
const readFrames = (request: OpenRequest | DatasetDescriptor) => readAll(request, { frameByFrame: true });

function sum(a: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]!;
  return s;
}

/** Element-wise equality, reported at the first difference (toEqual on 10⁵ elements is slow). */
function expectSameValues(actual: ArrayLike<number>, expected: ArrayLike<number>): void {
  expect(actual.length).toBe(expected.length);
  let i = 0;
  while (i < actual.length && actual[i] === expected[i]) i++;
  expect(i === actual.length ? 'equal' : `differ at ${i}: ${actual[i]} vs ${expected[i]}`).toBe('equal');
}

// ---- synthetic files, written from the layout description (README of the shared data, LiberTEM) ----

interface HeaderFields {
  seq?: number;
  headerSize?: number;
  chips?: number;
  width: number;
  height: number;
  type: string;
  layout?: string;
  depth: number;
}

function mibHeader(h: HeaderFields): Buffer {
  const pad = (n: number, w: number) => String(n).padStart(w, '0');
  const size = h.headerSize ?? 384;
  const text =
    `MQ1,${pad(h.seq ?? 1, 6)},${pad(size, 5)},${pad(h.chips ?? 1, 2)},${pad(h.width, 4)},${pad(h.height, 4)},${h.type},   ${h.layout ?? '1x1'},01,` +
    `2024-01-02 03:04:05.000006,0.002000,0,0,0,1.000000E+1,5.110000E+2,0,0,0,0,0,0,3RX,001,MQ1A,2024-01-02T02:04:05.000006000Z,2000000ns,${h.depth},`;
  const out = Buffer.alloc(size);
  out.write(text, 'latin1');
  return out;
}

/** RAW pixel streams: groups (64 px for 1 bit, 8 for 6 bit, 4 for 12 bit) stored in reverse order. */
function encodeRawRow(pixels: number[], bits: 1 | 6 | 12): Buffer {
  if (bits === 1) {
    const out = Buffer.alloc(pixels.length / 8);
    for (let p = 0; p < pixels.length; p++) {
      const word = Math.floor(p / 64);
      const byteInWord = Math.floor((p % 64) / 8);
      out[word * 8 + 7 - byteInWord]! |= (pixels[p]! & 1) << p % 8;
    }
    return out;
  }
  const group = bits === 6 ? 8 : 4;
  const size = bits === 6 ? 1 : 2;
  const out = Buffer.alloc(pixels.length * size);
  for (let p = 0; p < pixels.length; p++) {
    const stored = Math.floor(p / group) * group + group - 1 - (p % group);
    if (size === 1) out[stored] = pixels[p]!;
    else out.writeUInt16BE(pixels[p]!, stored * 2);
  }
  return out;
}

/** A quad image (2c × 2c) as stored RAW rows [4 | 3 | 2 | 1]: top from row y, bottom from row 2c−1−y mirrored. */
function encodeRawQuad(image: number[][], bits: 1 | 6 | 12): Buffer {
  const c = image.length / 2;
  const rows: Buffer[] = [];
  for (let y = 0; y < c; y++) {
    const bottom = image[2 * c - 1 - y]!;
    const stored = [...bottom.slice(c).reverse(), ...bottom.slice(0, c).reverse(), ...image[y]!.slice(c), ...image[y]!.slice(0, c)];
    rows.push(encodeRawRow(stored, bits));
  }
  return Buffer.concat(rows);
}

function testImage(height: number, width: number, max: number, seed: number): number[][] {
  return Array.from({ length: height }, (_, y) => Array.from({ length: width }, (_, x) => (x * 7 + y * 13 + seed * 31 + ((x * y) % 5)) % (max + 1)));
}

function writeMib(name: string, frames: Buffer[]): string {
  const path = join(tmp, name);
  writeFileSync(path, Buffer.concat(frames));
  return path;
}

describe('MIB reader: corpus files', () => {
  it('detects .mib files by their header and .hdr files by "HDR,"', () => {
    expect(detectFormat(join(mibDir, 'single_quad/Single_1_Frame_CounterDepth_6_Rows_256.mib')).id).toBe('mib');
    expect(detectFormat(join(mibDir, 'single_quad/Single_1_Frame_CounterDepth_6_Rows_256.hdr')).id).toBe('mib');
    expect(mibReader.detect('x.mib', new Uint8Array(0))).toBe(10);
    expect(mibReader.detect('x.bin', Buffer.from('MQ1,000001,00384'))).toBe(100);
    expect(mibReader.detect('x.hdr', Buffer.from('[measurementInfo]'))).toBe(0);
  });

  it('reads headers into shape, dtype, layout and metadata', () => {
    const d = describeDataSet({ path: join(mibDir, 'single_quad/Quad_9_Frame_CounterDepth_1_Rows_256RAW.mib') });
    expect(d).toMatchObject({ format: 'mib', navShape: [9], sigShape: [512, 512], dtype: 'uint8' });
    expect(d.params).toMatchObject({ headerSize: 768, frameBytes: 32768, rawBits: 1, quad: true });
    expect(d.metadata?.exposureTime).toBeCloseTo(0.001, 12);
    expect(d.metadata?.acquisitionTime).toBe('2021-04-15T14:02:32.859769601Z') // UTC from the MQ1A extension;
    expect(d.metadata?.extra).toMatchObject({ pixelType: 'R64', counterDepth: 1, chips: 4, layout: '2x2', raw: true, thresholdsKeV: [2, 511, 0, 0, 0, 0, 0, 0], fileCount: 1, trailingBytes: 0 });
    expect((d.metadata?.extra?.hdr as Record<string, string>)['Software Version']).toBe('0.77');
    expect(JSON.parse(JSON.stringify(d))).toEqual(d);
  });

  it('keeps file order: the hot pixel of the ROI files is at row 39, column 52 (no vertical flip)', () => {
    for (const name of ['002_merlin_test_roi_sig256x128_nav4x2_hot_pixel_52x_39y', '003_merlin_test_roi_sig256x64_nav4x2_hot_pixel_52x_39y']) {
      const { perFrame: frames, descriptor } = readFrames({ path: join(mibDir, 'nav4x2_sigNx256', `${name}.mib`) });
      const width = descriptor.sigShape[1]!;
      for (const frame of frames) {
        const max = Math.max(...frame);
        expect(frame[39 * width + 52]).toBe(max);
        expect(max).toBeGreaterThan(0);
      }
    }
  });

  it('decodes RAW quads like their non-RAW twins: same share of counts per quadrant', () => {
    const share = (frame: TypedArray) => {
      const q = [0, 0, 0, 0];
      for (let y = 0; y < 512; y++) for (let x = 0; x < 512; x++) q[(y < 256 ? 0 : 2) + (x < 256 ? 0 : 1)]! += frame[y * 512 + x]!;
      const total = sum(q);
      return q.map((v) => v / total);
    };
    const raw = share(readFrames({ path: join(mibDir, 'single_quad/Quad_1_Frame_CounterDepth_1_Rows_256RAW.mib') }).perFrame[0]!);
    const plain = share(readFrames({ path: join(mibDir, 'single_quad/Quad_1_Frame_CounterDepth_1_Rows_256.mib') }).perFrame[0]!);
    raw.forEach((v, i) => expect(Math.abs(v - plain[i]!)).toBeLessThan(0.01));
  });

  it('takes the scan from the .hdr when the .hdr is opened (ScanY × ScanX), and notes it for the .mib', () => {
    const base = join(mibDir, 'nav4x2_sigNx256/002_merlin_test_roi_sig256x128_nav4x2_hot_pixel_52x_39y');
    const viaHdr = describeDataSet({ path: `${base}.hdr` });
    expect(viaHdr).toMatchObject({ format: 'mib', navShape: [2, 4], sigShape: [128, 256], dtype: 'uint16', byteOrder: 'big', params: { files: [expect.stringMatching(/\.mib$/)] } });
    const viaMib = describeDataSet({ path: `${base}.mib` });
    expect(viaMib.navShape).toEqual([8]);
    expect(viaMib.metadata?.extra?.scanShapeFromHdr).toEqual([2, 4]);
    const a = readFrames(viaHdr).perFrame.map(sum);
    const b = readFrames(viaMib).perFrame.map(sum);
    expect(a).toEqual(b);
    expect(a.slice(0, 3)).toEqual([10, 7, 10]);
  });

  it('follows frames ÷ frames-per-trigger from the .hdr, dropping axes of length 1', () => {
    expect(describeDataSet({ path: join(mibDir, 'nav4x2_roi/001_4x2_6bit.hdr') }).navShape).toEqual([8]); // 1 frame per trigger
    expect(describeDataSet({ path: join(mibDir, 'single_quad/Single_9_Frame_CounterDepth_6_Rows_256.hdr') }).navShape).toEqual([9]); // 9 per trigger
  });

  it('honours nav, sig and syncOffset overrides, and refuses those that do not fit', () => {
    const path = join(mibDir, 'nav4x2_roi/001_4x2_6bit.mib');
    const all = readFrames({ path }).perFrame;
    expect(describeDataSet({ path, navShape: [2, 4] }).navShape).toEqual([2, 4]);
    const shifted = readFrames({ path, navShape: [7], syncOffset: 1 }).perFrame;
    expect(sum(shifted[0]!)).toBe(sum(all[1]!));
    const padded = readFrames({ path, navShape: [8], syncOffset: -1 }).perFrame;
    expect(sum(padded[0]!)).toBe(0);
    expect(sum(padded[1]!)).toBe(sum(all[0]!));
    const flat = readFrames({ path, sigShape: [128, 512] }).perFrame[0]!;
    expectSameValues(flat, all[0]!);
    expect(refusal(() => describeDataSet({ path, navShape: [3, 3] })).code).toBe('SHAPE_MISMATCH');
    expect(refusal(() => describeDataSet({ path, sigShape: [100, 100] })).message).toMatch(/256×256 = 65536 pixels/);
    expect(refusal(() => describeDataSet({ path, dtype: 'uint16' })).message).toMatch(/holds uint8 frames/);
  });

  it('reads row bands of RAW frames, also when a reshaped sig splits native rows', () => {
    const path = join(mibDir, 'single_quad/Quad_9_Frame_CounterDepth_1_Rows_256RAW.mib');
    const whole = readFrames({ path }).perFrame[3]!;
    for (const sig of [[512, 512], [1024, 256], [256, 1024], [2048, 128]]) {
      const ds = openDataSet({ path, sigShape: sig });
      const width = sig[1]!;
      for (const [rowStart, rows] of [[0, 1], [5, 7], [sig[0]! - 3, 3]] as const) {
        const band = new Uint8Array(2 * rows * width);
        ds.readFrames(3, 2, rowStart, rows, band);
        expectSameValues(band.subarray(0, rows * width), whole.subarray(rowStart * width, (rowStart + rows) * width));
      }
      ds.close();
    }
  });
});

describe('MIB reader: synthetic files', () => {
  it.each([
    [1, 'single', 128, 4],
    [6, 'single', 128, 3],
    [12, 'single', 64, 2],
    [1, 'quad', 64, 2],
    [6, 'quad', 32, 2],
    [12, 'quad', 16, 3],
  ] as const)('decodes RAW %s-bit %s frames (chip %i px, %i frames)', (bits, kind, chip, count) => {
    const max = (1 << bits) - 1;
    const side = kind === 'quad' ? 2 * chip : chip;
    const images = Array.from({ length: count }, (_, f) => testImage(side, side, max, f));
    const frames = images.map((image, f) => {
      const header = kind === 'quad'
        ? mibHeader({ seq: f + 1, headerSize: 768, chips: 4, width: 4 * chip, height: chip, type: 'R64', layout: '2x2', depth: bits })
        : mibHeader({ seq: f + 1, width: chip, height: chip, type: 'R64', depth: bits });
      const pixels = kind === 'quad' ? encodeRawQuad(image, bits) : Buffer.concat(image.map((row) => encodeRawRow(row, bits)));
      return Buffer.concat([header, pixels]);
    });
    const path = writeMib(`raw-${bits}-${kind}.mib`, frames);
    const { perFrame: read, descriptor } = readFrames({ path });
    expect(descriptor).toMatchObject({ sigShape: [side, side], dtype: bits === 12 ? 'uint16' : 'uint8', navShape: [count] });
    read.forEach((frame, f) => expectSameValues(frame, images[f]!.flat()));
  });

  it('reads big-endian U16 and U32 frames', () => {
    const u16 = Buffer.alloc(2 * 8 * 6);
    const u32 = Buffer.alloc(4 * 8 * 6);
    for (let i = 0; i < 48; i++) {
      u16.writeUInt16BE(i * 1000 + 7, 2 * i);
      u32.writeUInt32BE(i * 70_000_001 + 3, 4 * i);
    }
    const a = readFrames({ path: writeMib('u16.mib', [mibHeader({ width: 8, height: 6, type: 'U16', depth: 12 }), u16]) }).perFrame[0]!;
    const b = readFrames({ path: writeMib('u32.mib', [mibHeader({ width: 8, height: 6, type: 'U32', depth: 24 }), u32]) }).perFrame[0]!;
    for (let i = 0; i < 48; i++) {
      expect(a[i]).toBe(i * 1000 + 7);
      expect(b[i]).toBe(i * 70_000_001 + 3);
    }
  });

  it('refuses RAW 24-bit, RAW multi-chip Nx1 and U01 frames with the reason', () => {
    const raw24 = writeMib('raw24.mib', [mibHeader({ width: 64, height: 4, type: 'R64', depth: 24 }), Buffer.alloc(64 * 4 * 2)]);
    expect(refusal(() => describeDataSet({ path: raw24 })).message).toMatch(/RAW 24-bit .* not supported/);
    const nx1 = writeMib('nx1.mib', [mibHeader({ chips: 2, width: 128, height: 64, type: 'R64', layout: 'Nx1', depth: 6 }), Buffer.alloc(128 * 64)]);
    expect(refusal(() => describeDataSet({ path: nx1 })).code).toBe('FORMAT_UNKNOWN');
    const u01 = writeMib('u01.mib', [mibHeader({ width: 64, height: 4, type: 'U01', depth: 1 }), Buffer.alloc(32)]);
    expect(refusal(() => describeDataSet({ path: u01 })).message).toMatch(/U01 frames are not supported/);
  });
});

describe('MIB reader: acquisitions in several files', () => {
  const source = join(mibDir, 'single_quad/Single_9_Frame_CounterDepth_12_Rows_256.mib');
  const stride = 384 + 2 * 256 * 256;
  const bytes = readFileSync(source);
  const reference = readFrames({ path: source }).perFrame.map(sum);
  const folder = mkdtempSync(join(tmp, 'multi-'));
  const part = (name: string, first: number, count: number) => writeFileSync(join(folder, name), bytes.subarray(first * stride, (first + count) * stride));
  part('scan1.mib', 0, 4);
  part('scan2.mib', 4, 3);
  part('scan3.mib', 7, 2);
  part('scan10.mib', 0, 1); // another acquisition with the same prefix: sequence 1 again
  copyFileSync(join(mibDir, 'single_quad/Single_9_Frame_CounterDepth_12_Rows_256.hdr'), join(folder, 'scan.hdr'));

  it('joins the files whose sequence numbers continue each other, from any of them', () => {
    for (const name of ['scan1.mib', 'scan2.mib', 'scan3.mib']) {
      const { perFrame: frames, descriptor } = readFrames({ path: join(folder, name) });
      expect(descriptor.params?.files).toEqual(['scan1.mib', 'scan2.mib', 'scan3.mib']);
      expect(frames.map(sum)).toEqual(reference);
    }
    expect(describeDataSet({ path: join(folder, 'scan10.mib') }).navShape).toEqual([1]);
  });

  it('opens the acquisition from its .hdr, and in a worker from the JSON descriptor alone', () => {
    const d = describeDataSet({ path: join(folder, 'scan.hdr') });
    expect(d.navShape).toEqual([9]);
    expect(readFrames(JSON.parse(JSON.stringify(d)) as DatasetDescriptor).perFrame.map(sum)).toEqual(reference);
  });

  it('reads one file alone (singleFile) or the files listed (params.files)', () => {
    expect(readFrames({ path: join(folder, 'scan2.mib'), params: { singleFile: true } }).perFrame.map(sum)).toEqual(reference.slice(4, 7));
    expect(readFrames({ path: join(folder, 'scan3.mib'), params: { files: ['scan3.mib', 'scan1.mib'] } }).perFrame.map(sum)).toEqual([...reference.slice(7), ...reference.slice(0, 4)]);
  });

  it('tolerates a partial frame at the end, refuses bytes that are not one', () => {
    const partial = join(folder, 'partial.mib');
    writeFileSync(partial, bytes.subarray(0, 2 * stride + 1000));
    const d = describeDataSet({ path: partial });
    expect(d.navShape).toEqual([2]);
    expect(d.metadata?.extra?.trailingBytes).toBe(1000);
    const garbage = join(folder, 'garbage.mib');
    writeFileSync(garbage, bytes.subarray(0, 2 * stride));
    appendFileSync(garbage, Buffer.alloc(100, 7));
    const error = refusal(() => describeDataSet({ path: garbage }));
    expect(error.code).toBe('FILE_CORRUPT');
    expect(error.message).toContain(garbage);
  });

  it('says which .mib files a lone .hdr lacks', () => {
    const hdr = join(tmp, 'lonely.hdr');
    copyFileSync(join(folder, 'scan.hdr'), hdr);
    const error = refusal(() => describeDataSet({ path: hdr }));
    expect(error.code).toBe('NOT_FOUND');
    expect(error.message).toMatch(/lonely\.mib or lonely<number>\.mib/);
  });
});
