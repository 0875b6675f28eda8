import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { allocArray } from '@stemflow/plugin-sdk';
import { describeDataSet, detectFormat, openDataSet } from '../registry';
import { corpus, readAll, refusal, tempDir } from '../testing/kit.fixture';
import { halfToNumber } from './mrc-decoders';

const dir = tempDir('stemflow-mrc-');

interface Synthetic {
  nx: number;
  ny: number;
  nz: number;
  mode: number;
  little?: boolean;
  stamp?: number[];
  ispg?: number;
  mz?: number;
  cell?: [number, number];
  extended?: { type: string; bytes: number };
  imod?: { flags: number };
  body: Buffer;
}

/** An MRC file written field by field with DataView (independent of the reader). */
function mrcFile(name: string, s: Synthetic): string {
  const little = s.little ?? true;
  const header = new DataView(new ArrayBuffer(1024));
  const i32 = (o: number, v: number) => header.setInt32(o, v, little);
  i32(0, s.nx);
  i32(4, s.ny);
  i32(8, s.nz);
  i32(12, s.mode);
  i32(28, s.nx);
  i32(32, s.ny);
  i32(36, s.mz ?? s.nz);
  header.setFloat32(40, s.cell?.[0] ?? 0, little);
  header.setFloat32(44, s.cell?.[1] ?? 0, little);
  i32(88, s.ispg ?? 0);
  i32(92, s.extended?.bytes ?? 0);
  const bytes = new Uint8Array(header.buffer);
  if (s.extended) bytes.set(Buffer.from(s.extended.type, 'latin1'), 104);
  i32(108, 20140);
  if (s.imod) {
    i32(152, 1146047817);
    i32(156, s.imod.flags);
  }
  bytes.set(Buffer.from('MAP ', 'latin1'), 208);
  bytes.set(s.stamp ?? (little ? [0x44, 0x44, 0, 0] : [0x11, 0x11, 0, 0]), 212);
  const path = join(dir, name);
  writeFileSync(path, Buffer.concat([bytes, Buffer.alloc(s.extended?.bytes ?? 0, 0xab), s.body]));
  return path;
}

function u16Body(values: number[], little = true): Buffer {
  const b = Buffer.alloc(values.length * 2);
  values.forEach((v, i) => (little ? b.writeUInt16LE(v, i * 2) : b.writeUInt16BE(v, i * 2)));
  return b;
}

const ramp = (n: number) => Array.from({ length: n }, (_, i) => i);

describe('MRC reader', () => {
  it('detects MRC by its MAP id and by extension', () => {
    expect(detectFormat(corpus('mrc/de/HAADFscan.mrc')).id).toBe('mrc');
    // ncempy's temp.mrc predates the MAP id: the extension decides.
    expect(detectFormat(corpus('mrc/ncempy/temp.mrc')).id).toBe('mrc');
  });

  it('skips the FEI2 extended header and reads its metadata', () => {
    const d = describeDataSet({ path: corpus('mrc/de/HAADFscan.mrc') });
    expect(d.offset).toBe(1024 + 909312);
    expect(d.navShape).toEqual([]);
    expect(d.metadata?.sigPixelSize?.unit).toBe('m');
    // cella 908.661 Å over mx 16 = 56.79 Å; the FEI block says 5.679e-9 m too.
    expect(d.metadata?.sigPixelSize?.value[1]).toBeCloseTo(5.679131e-9, 14);
    expect(d.metadata?.beamEnergy).toBe(300000);
    expect(d.metadata?.cameraLength).toBeCloseTo(0.0911, 10);
    expect(d.metadata?.acquisitionTime).toMatch(/^2022-12-05T/);
    expect(d.metadata?.extra?.fei).toMatchObject({ microscope: 'Spectra', application: 'Velox', stemDetector: 'HAADF' });
  });

  it('reads the pixel size of an old header from cella / mx', () => {
    const d = describeDataSet({ path: corpus('mrc/ncempy/temp.mrc') });
    expect(d.byteOrder).toBe('little');
    expect(d.metadata?.sigPixelSize).toEqual({ value: [2e-10, 2e-10], unit: 'm' });
  });

  it('keeps a DE movie a flat stack, hints the raster scan from its info file, and takes it as nav', () => {
    const path = corpus('mrc/de/20241021_00405_movie.mrc');
    const d = describeDataSet({ path });
    expect(d.navShape).toEqual([32]);
    expect(d.metadata?.sigPixelSize).toBeUndefined(); // DE writes a negative cell: no calibration
    expect(d.metadata?.extra?.scanShapeHint).toEqual([4, 8]);
    expect(d.metadata?.beamEnergy).toBe(300000);
    expect(d.metadata?.exposureTime).toBeCloseTo(1.4275e-3, 12);
    const { data, nav } = readAll({ path, navShape: [4, 8] });
    expect(nav).toEqual([4, 8]);
    // Frame i of the DE test pattern holds the value i.
    for (let i = 0; i < 32; i++) expect(data[i * 32 + 5]).toBe(i);
  });

  it('gives no scan hint for random and XY-file scans', () => {
    expect(describeDataSet({ path: corpus('mrc/de/ROI_Random_Scan_movie.mrc') }).metadata?.extra?.scanShapeHint).toBeUndefined();
    const custom = describeDataSet({ path: corpus('mrc/de/Custom_movie.mrc') });
    expect(custom.metadata?.extra?.scanShapeHint).toBeUndefined();
    expect((custom.metadata?.extra?.scan as { type: string }).type).toBe('XY File');
  });

  it('reads big-endian files, and trusts the dimensions over a wrong machine stamp', () => {
    const values = ramp(2 * 3 * 4).map((v) => v * 1000 + 7);
    const big = mrcFile('big.mrc', { nx: 4, ny: 3, nz: 2, mode: 6, little: false, body: u16Body(values, false) });
    expect(Array.from(readAll({ path: big }).data)).toEqual(values);
    const lying = mrcFile('lying-stamp.mrc', { nx: 4, ny: 3, nz: 2, mode: 6, stamp: [0x11, 0x11, 0, 0], body: u16Body(values) });
    const d = describeDataSet({ path: lying });
    expect(d.byteOrder).toBe('little');
    expect(Array.from(readAll({ path: lying }).data)).toEqual(values);
    // Mode 0 reads the same in both orders: the dimensions that fit the file decide.
    const bytesLying = mrcFile('lying-stamp-i8.mrc', { nx: 4, ny: 3, nz: 2, mode: 0, stamp: [0x11, 0x11, 0, 0], body: Buffer.from(ramp(24)) });
    expect(readAll({ path: bytesLying }).sig).toEqual([3, 4]);
  });

  it('decodes float16 (mode 12) to float32 exactly', () => {
    const halves = [0x0000, 0x3c00, 0xc000, 0x3555, 0x7bff, 0x0001, 0x8400, 0x4248];
    const path = mrcFile('half.mrc', { nx: 4, ny: 2, nz: 1, mode: 12, ispg: 1, body: u16Body(halves) });
    const { data, nav, sig } = readAll({ path });
    expect(nav).toEqual([1]);
    expect(sig).toEqual([2, 4]);
    expect(Array.from(data)).toEqual(halves.map((h) => Math.fround(halfToNumber(h))));
    expect(data[1]).toBe(1);
    expect(data[2]).toBe(-2);
    expect(data[5]).toBe(2 ** -24);
  });

  it('unpacks 4-bit data (mode 101), low nibble first, rows padded to whole bytes', () => {
    // 3 × 2 pixels: each row of 3 pixels takes 2 bytes.
    const path = mrcFile('nibbles.mrc', { nx: 3, ny: 2, nz: 1, mode: 101, ispg: 1, body: Buffer.from([0x21, 0x03, 0x54, 0x06]) });
    expect(Array.from(readAll({ path }).data)).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('reads IMOD mode 0 as unsigned unless flagged signed', () => {
    const body = Buffer.from([0, 1, 200, 255]);
    expect(Array.from(readAll({ path: mrcFile('imod-u8.mrc', { nx: 2, ny: 2, nz: 1, mode: 0, ispg: 1, imod: { flags: 0 }, body }) }).data)).toEqual([0, 1, 200, 255]);
    expect(Array.from(readAll({ path: mrcFile('imod-i8.mrc', { nx: 2, ny: 2, nz: 1, mode: 0, ispg: 1, imod: { flags: 1 }, body }) }).data)).toEqual([0, 1, -56, -1]);
    expect(Array.from(readAll({ path: mrcFile('plain-i8.mrc', { nx: 2, ny: 2, nz: 1, mode: 0, ispg: 1, body }) }).data)).toEqual([0, 1, -56, -1]);
  });

  it('skips any extended header and splits volume stacks', () => {
    const values = ramp(6 * 2 * 2);
    const path = mrcFile('stack.mrc', { nx: 2, ny: 2, nz: 6, mz: 3, ispg: 401, mode: 6, extended: { type: 'SERI', bytes: 96 }, body: u16Body(values) });
    const { data, nav } = readAll({ path });
    expect(nav).toEqual([2, 3]);
    expect(Array.from(data)).toEqual(values);
  });

  it('honours nav, sig and sync offset overrides, and reads row bands', () => {
    const values = ramp(6 * 4 * 3);
    const path = mrcFile('override.mrc', { nx: 3, ny: 4, nz: 6, mode: 6, ispg: 1, body: u16Body(values) });
    expect(readAll({ path, navShape: [2, 3] }).nav).toEqual([2, 3]);
    expect(readAll({ path, sigShape: [2, 6] }).sig).toEqual([2, 6]);
    const shifted = readAll({ path, navShape: [4], syncOffset: 2 });
    expect(shifted.data[0]).toBe(2 * 12);
    const ds = openDataSet({ path });
    const band = allocArray(ds.dtype, 2 * 2 * 3);
    ds.readFrames(1, 2, 1, 2, band);
    ds.close();
    expect(Array.from(band)).toEqual([15, 16, 17, 18, 19, 20, 27, 28, 29, 30, 31, 32]);
    expect(refusal({ path, sigShape: [5, 5] }).code).toBe('SHAPE_MISMATCH');
    expect(refusal({ path, navShape: [7] }).code).toBe('SHAPE_MISMATCH');
    expect(refusal({ path, format: 'mrc', dtype: 'float32' }).code).toBe('SHAPE_MISMATCH');
  });

  it('refuses truncated files, complex data and nonsense headers, naming the file', () => {
    const short = mrcFile('short.mrc', { nx: 4, ny: 4, nz: 3, mode: 6, body: u16Body(ramp(40)) });
    const e = refusal({ path: short });
    expect(e.code).toBe('SHAPE_MISMATCH');
    expect(e.message).toContain(short);
    expect(e.message).toContain('truncated');
    const complex = mrcFile('complex.mrc', { nx: 2, ny: 2, nz: 1, mode: 4, body: Buffer.alloc(32) });
    expect(refusal({ path: complex }).message).toContain('complex float32');
    const nonsense = mrcFile('nonsense.mrc', { nx: 4, ny: 4, nz: 1, mode: 77, body: Buffer.alloc(32) });
    expect(refusal({ path: nonsense }).code).toBe('FILE_CORRUPT');
    const hugeExtended = mrcFile('huge-ext.mrc', { nx: 1, ny: 1, nz: 1, mode: 6, body: Buffer.alloc(2) });
    const bytes = readFileSync(hugeExtended);
    bytes.writeInt32LE(1 << 30, 92);
    writeFileSync(hugeExtended, bytes);
    expect(refusal({ path: hugeExtended }).message).toContain('extended header');
  });
});
