import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { StemflowError } from '@stemflow/plugin-sdk';
import { describeDataSet, detectFormat, openDataSet } from '../registry';
import { tempDir } from '../testing/kit.fixture';
import { Frms6DataSet } from './frms6-dataset';

/**
 * FRMS6 files built from the documented layout (LiberTEM frms6.py): 1024-byte header (u2 1024,
 * u2 64, version 6 at byte 7, width at 88, height at 90, frame count at 1020), 64-byte frame
 * headers, folded uint16 frames; the expected detector image is computed by an independent
 * unfolding written here.
 */
const root = tempDir('stemflow-frms6-');
const H = 6; // stored rows
const W = 8; // stored columns
const BIN = 2;

function stored(frame: number, r: number, c: number): number {
  return (frame * 977 + r * 31 + c * 5 + 3) % 65536;
}

function frms6File(path: string, firstFrame: number, frames: number, countInHeader = true): void {
  const header = Buffer.alloc(1024);
  header.writeUInt16LE(1024, 0);
  header.writeUInt16LE(64, 2);
  header.writeUInt8(6, 7);
  header.writeUInt16LE(W, 88);
  header.writeUInt16LE(H, 90);
  header.writeUInt32LE(countInHeader ? frames : 0, 1020);
  const parts = [header];
  for (let k = 0; k < frames; k++) {
    const frameHeader = Buffer.alloc(64, 0xee);
    const body = Buffer.alloc(H * W * 2);
    for (let r = 0; r < H; r++) for (let c = 0; c < W; c++) body.writeUInt16LE(stored(firstFrame + k, r, c), (r * W + c) * 2);
    parts.push(frameHeader, body);
  }
  writeFileSync(path, Buffer.concat(parts));
}

/** Detector pixel (y, x) of a stored frame: upper half = left half of the stored rows; lower half = right half, rotated 180°. */
function detector(frame: number, y: number, x: number): number {
  const binned = Math.floor(y / BIN);
  return binned < H ? stored(frame, binned, x) : stored(frame, 2 * H - 1 - binned, W - 1 - x);
}

const SIG = [2 * H * BIN, W / 2];
const dir = join(root, 'set');
mkdirSync(dir);
writeFileSync(join(dir, 'meas.hdr'), '[measurementInfo]\ndarkframes=3\nsignalframes=6\ndwelltimemicroseconds=250\ngain=6\nreadoutmode="bin: 2, windowing: 264 x 264"\nstemimagesize=2x3\n');
frms6File(join(dir, 'meas_000.frms6'), 1000, 3);
frms6File(join(dir, 'meas_001.frms6'), 0, 4);
frms6File(join(dir, 'meas_002.frms6'), 4, 3, false);

describe('FRMS6 reader', () => {
  it('detects the files, unfolds and un-bins frames across data files', () => {
    expect(detectFormat(join(dir, 'meas_001.frms6')).id).toBe('frms6');
    expect(detectFormat(join(dir, 'meas.hdr')).id).toBe('frms6');
    const d = describeDataSet({ path: join(dir, 'meas.hdr') });
    expect([d.navShape, d.sigShape, d.dtype, d.imageCount]).toEqual([[2, 3], SIG, 'uint16', 7]);
    expect(d.metadata?.exposureTime).toBeCloseTo(250e-6, 15);
    const ds = openDataSet(d);
    try {
      const out = new Uint16Array(6 * SIG[0]! * SIG[1]!);
      ds.readFrames(0, 6, 0, SIG[0]!, out);
      for (let f = 0; f < 6; f++) for (let y = 0; y < SIG[0]!; y++) for (let x = 0; x < SIG[1]!; x++) expect(out[(f * SIG[0]! + y) * SIG[1]! + x]).toBe(detector(f, y, x));
      const band = new Uint16Array(2 * 5 * SIG[1]!);
      ds.readFrames(3, 2, 10, 5, band);
      for (let f = 0; f < 2; f++) for (let r = 0; r < 5; r++) for (let x = 0; x < SIG[1]!; x++) expect(band[(f * 5 + r) * SIG[1]! + x]).toBe(detector(3 + f, 10 + r, x));
    } finally {
      ds.close();
    }
  });

  it('exposes the dark frame (mean of _000.frms6) and subtracts it on request', () => {
    const ds = openDataSet({ path: join(dir, 'meas_002.frms6') }) as Frms6DataSet;
    const dark = ds.darkFrame();
    ds.close();
    for (let y = 0; y < SIG[0]!; y++) {
      for (let x = 0; x < SIG[1]!; x++) {
        const mean = (detector(1000, y, x) + detector(1001, y, x) + detector(1002, y, x)) / 3;
        expect(dark[y * SIG[1]! + x]).toBeCloseTo(mean, 2);
      }
    }
    const corrected = openDataSet({ path: join(dir, 'meas.hdr'), params: { darkCorrection: true } });
    try {
      expect(corrected.dtype).toBe('float32');
      const out = new Float32Array(SIG[0]! * SIG[1]!);
      corrected.readFrames(1, 1, 0, SIG[0]!, out);
      for (let i = 0; i < out.length; i++) expect(out[i]).toBeCloseTo(detector(1, Math.floor(i / SIG[1]!), i % SIG[1]!) - dark[i]!, 2);
    } finally {
      corrected.close();
    }
  });

  it('honours nav overrides and syncOffset', () => {
    const ds = openDataSet({ path: join(dir, 'meas.hdr'), navShape: [5], syncOffset: 2 });
    try {
      const out = new Uint16Array(SIG[0]! * SIG[1]!);
      ds.readFrames(0, 1, 0, SIG[0]!, out);
      expect(out[0]).toBe(detector(2, 0, 0));
    } finally {
      ds.close();
    }
    expect(() => describeDataSet({ path: join(dir, 'meas.hdr'), navShape: [3, 3] })).toThrow(/needs 9 frames but the file holds 7/);
  });

  it('refuses a truncated file, a wrong header, a missing .hdr, with the path in the message', () => {
    const bad = join(root, 'bad');
    mkdirSync(bad);
    writeFileSync(join(bad, 'b.hdr'), '[measurementInfo]\nreadoutmode="bin: 1, windowing: 264 x 264"\nstemimagesize=1x2\n');
    frms6File(join(bad, 'b_001.frms6'), 0, 2);
    const full = readFileSync(join(bad, 'b_001.frms6'));
    writeFileSync(join(bad, 'b_001.frms6'), full.subarray(0, full.length - 10));
    expect(() => describeDataSet({ path: join(bad, 'b.hdr') })).toThrow(/b_001\.frms6 has .* bytes but its header announces 2 frames/);
    const flipped = Buffer.from(full);
    flipped[7] = 5;
    writeFileSync(join(bad, 'b_001.frms6'), flipped);
    expect(() => describeDataSet({ path: join(bad, 'b_001.frms6'), format: 'frms6' })).toThrow(/is not an FRMS6 file/);
    writeFileSync(join(bad, 'b_001.frms6'), full);
    rmSync(join(bad, 'b.hdr'));
    expect(() => describeDataSet({ path: join(bad, 'b_001.frms6') })).toThrow(StemflowError);
    expect(() => describeDataSet({ path: join(bad, 'b_001.frms6') })).toThrow(/b\.hdr is missing/);
  });
});
