import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describeDataSet, detectFormat } from '../registry';
import { corpus, readAll, refusal, tempDir } from '../testing/kit.fixture';

const dir = tempDir('stemflow-tvips-');

interface SyntheticTvips {
  version?: 1 | 2;
  width: number;
  height: number;
  bpp?: 8 | 16;
  frameHeaderBytes?: number;
  frames: number;
  /** Records per file: `[1, 3, 2]` writes `_000` … `_002`. */
  split?: number[];
  value: (f: number, p: number) => number;
  /** Scan position (y, x) written as float32 Scan_y / Scan_x at bytes 72 / 68 of the frame header. */
  scan?: (f: number) => [number, number];
}

/** TVIPS files written with DataView (independent of the reader). Returns the `_000` path. */
function tvipsFiles(name: string, s: SyntheticTvips): string {
  const version = s.version ?? 2;
  const frameHeader = version === 1 ? 12 : (s.frameHeaderBytes ?? 60);
  const bpp = s.bpp ?? 16;
  const imageBytes = s.width * s.height * (bpp / 8);
  const general = new DataView(new ArrayBuffer(256));
  [256, version, s.width, s.height, bpp, 0, 0, 1, 1, 7, 300, 100, frameHeader].forEach((v, i) => general.setUint32(i * 4, v, true));
  const record = (f: number) => {
    const view = new DataView(new ArrayBuffer(frameHeader + imageBytes));
    view.setUint32(0, f, true);
    view.setUint32(4, 1_700_000_000, true);
    view.setUint32(8, f, true);
    if (frameHeader >= 28) view.setUint32(24, 1, true);
    if (s.scan && frameHeader >= 76) {
      const [y, x] = s.scan(f);
      view.setFloat32(68, x, true);
      view.setFloat32(72, y, true);
    }
    for (let p = 0; p < s.width * s.height; p++) {
      if (bpp === 8) view.setUint8(frameHeader + p, s.value(f, p));
      else view.setUint16(frameHeader + p * 2, s.value(f, p), true);
    }
    return Buffer.from(view.buffer);
  };
  const parts = s.split ?? [s.frames];
  let next = 0;
  parts.forEach((count, i) => {
    const records = Array.from({ length: count }, () => record(next++));
    const head = i === 0 ? [Buffer.from(general.buffer)] : [];
    writeFileSync(join(dir, `${name}_${String(i).padStart(3, '0')}.tvips`), Buffer.concat([...head, ...records]));
  });
  return join(dir, `${name}_000.tvips`);
}

describe('TVIPS reader', () => {
  it('detects the first file by its general header and later parts by extension', () => {
    expect(detectFormat(corpus('tvips/test_tvips_2345_000.tvips')).id).toBe('tvips');
    expect(detectFormat(corpus('tvips/test_tvips_2345_split_002.tvips')).id).toBe('tvips');
  });

  it('reads a split recording as one, from any of its parts', () => {
    const whole = Array.from(readAll({ path: corpus('tvips/test_tvips_2345_000.tvips') }).data);
    expect(Array.from(readAll({ path: corpus('tvips/test_tvips_2345_split_000.tvips') }).data)).toEqual(whole);
    const fromMiddle = describeDataSet({ path: corpus('tvips/test_tvips_2345_split_001.tvips') });
    expect(fromMiddle.params?.files).toHaveLength(3);
    expect(Array.from(readAll({ path: corpus('tvips/test_tvips_2345_split_002.tvips') }).data)).toEqual(whole);
  });

  it('reports the header metadata', () => {
    const d = describeDataSet({ path: corpus('tvips/test_tvips_2233_000.tvips') });
    expect(d.metadata?.beamEnergy).toBe(200000);
    expect(d.metadata?.sigPixelSize).toEqual({ value: [1, 1], unit: '1/nm' });
    expect(d.metadata?.extra?.tvips).toMatchObject({ version: 2, frameHeaderBytes: 60, mode: 'diffraction', rotatorIndex: [1, 4] });
    // 60-byte frame headers hold no scan positions: a flat stack, as HyperSpy reads it.
    expect(d.navShape).toEqual([4]);
    expect(d.syncOffset).toBe(0);
  });

  it('finds the scan and its sync offset in the frame headers, like LiberTEM', () => {
    // Three frames before the scan parks at (0,0), then a 3-row × 4-column raster.
    const scan = (f: number): [number, number] => (f < 3 ? [0, 0] : [Math.floor((f - 2) / 4), (f - 2) % 4]);
    const path = tvipsFiles('scan', { width: 2, height: 2, frameHeaderBytes: 108, frames: 16, value: (f) => f, scan });
    const d = describeDataSet({ path });
    expect(d.syncOffset).toBe(2);
    expect(d.navShape).toEqual([3, 4]);
    const { data } = readAll({ path });
    expect(data[0]).toBe(2);
    // The user's nav shape and sync offset win.
    const mine = describeDataSet({ path, navShape: [16] });
    expect([mine.navShape, mine.syncOffset]).toEqual([[16], 0]);
    expect(describeDataSet({ path, syncOffset: 3, navShape: [13] }).syncOffset).toBe(3);
  });

  it('reads version 1 files (12-byte frame headers) and 8-bit pixels', () => {
    const path = tvipsFiles('v1', { version: 1, bpp: 8, width: 3, height: 2, frames: 4, split: [2, 2], value: (f, p) => f * 10 + p });
    const d = describeDataSet({ path });
    expect([d.dtype, d.navShape, d.imageCount]).toEqual(['uint8', [4], 4]);
    expect(Array.from(readAll({ path }).data)).toEqual([0, 1, 2, 3, 4, 5, 10, 11, 12, 13, 14, 15, 20, 21, 22, 23, 24, 25, 30, 31, 32, 33, 34, 35]);
    expect(d.metadata?.acquisitionTime).toBe('2023-11-14T22:13:20.000Z');
  });

  it('refuses a part with a partial record, an empty part in the middle, and a missing first part', () => {
    const path = tvipsFiles('partial', { width: 2, height: 2, frames: 3, split: [1, 2], value: () => 1 });
    writeFileSync(join(dir, 'partial_001.tvips'), Buffer.alloc(60 + 8 + 5));
    const e = refusal({ path });
    expect(e.code).toBe('FILE_CORRUPT');
    expect(e.message).toContain('partial_001.tvips');
    tvipsFiles('gap', { width: 2, height: 2, frames: 3, split: [1, 1, 1], value: () => 1 });
    writeFileSync(join(dir, 'gap_001.tvips'), Buffer.alloc(0));
    expect(refusal({ path: join(dir, 'gap_000.tvips') }).message).toContain('gap_001.tvips holds no frames');
    const lonely = join(dir, 'lonely');
    mkdirSync(lonely);
    copyFileSync(corpus('tvips/test_tvips_2345_split_001.tvips'), join(lonely, 'test_tvips_2345_split_001.tvips'));
    const missing = refusal({ path: join(lonely, 'test_tvips_2345_split_001.tvips') });
    expect(missing.code).toBe('NOT_FOUND');
    expect(missing.message).toContain('test_tvips_2345_split_000.tvips');
  });

  it('honours sig overrides with the same pixel count only', () => {
    const path = corpus('tvips/test_tvips_2345_000.tvips');
    expect(describeDataSet({ path, sigShape: [2, 10] }).sigShape).toEqual([2, 10]);
    expect(refusal({ path, sigShape: [3, 3] }).code).toBe('SHAPE_MISMATCH');
    expect(refusal({ path, format: 'tvips', dtype: 'uint8' }).code).toBe('SHAPE_MISMATCH');
  });
});
