import { closeSync, openSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { StemflowError } from '@stemflow/plugin-sdk';
import { describeDataSet, detectFormat, openDataSet } from '../registry';
import { tempDir } from '../testing/kit.fixture';
import { readDmTags } from './dm-tags';
import { dm4Tags, K2_BLOCK, K2_COLS, K2_ROWS, k2Value, writeK2is } from './k2is-fixtures.fixture';

const root = tempDir('stemflow-k2is-');
const FIRST_ID = 100;
const DARK = 2;
const ACTIVE = 6;
const scanDir = join(root, 'scan');
const files = writeK2is(scanDir, 'run', {
  firstId: FIRST_ID,
  dark: DARK,
  active: ACTIVE,
  leading: [0, 3, 6, 9, 12, 15, 18, 21],
  gtg: { sizeY: 2, sizeX: 3, voltage: 200_000, cameraLengthMm: 150 },
});

/** Check rows [rowStart, rowStart + rows) of `frames` frames against the generator, sampling every 7th pixel. */
function expectFrames(out: Uint16Array, firstId: number, frames: number, rowStart: number, rows: number): void {
  for (let f = 0; f < frames; f++) {
    for (let r = 0; r < rows; r++) {
      for (let x = (r * 3) % 7; x < K2_COLS; x += 7) {
        const got = out[(f * rows + r) * K2_COLS + x];
        if (got !== k2Value(firstId + f, rowStart + r, x)) throw new Error(`frame ${f} row ${rowStart + r} col ${x}: got ${got}, expected ${k2Value(firstId + f, rowStart + r, x)}`);
      }
    }
  }
}

describe('K2IS reader', () => {
  it('detects a sector file by its block header, and reads the scan from the .gtg', () => {
    expect(detectFormat(files[0]!).id).toBe('k2is');
    expect(readDmTags(join(scanDir, 'run.gtg')).get('SI Dimensions.Size Y')).toBe(2);
    const d = describeDataSet({ path: files[3]! });
    expect(d.format).toBe('k2is');
    expect(d.navShape).toEqual([2, 3]);
    expect(d.sigShape).toEqual([K2_ROWS, K2_COLS]);
    expect(d.dtype).toBe('uint16');
    expect(d.imageCount).toBe(DARK + ACTIVE);
    expect(d.syncOffset).toBe(DARK);
    expect(d.metadata?.beamEnergy).toBe(200_000);
    expect(d.metadata?.cameraLength).toBeCloseTo(0.15, 12);
  });

  it('aligns misaligned sectors and starts at the first frame with the shutter open', () => {
    const ds = openDataSet({ path: files[0]!, format: 'k2is' });
    try {
      const out = new Uint16Array(2 * K2_ROWS * K2_COLS);
      ds.readFrames(0, 2, 0, K2_ROWS, out);
      expectFrames(out, FIRST_ID + DARK, 2, 0, K2_ROWS);
      const last = new Uint16Array(K2_ROWS * K2_COLS);
      ds.readFrames(5, 1, 0, K2_ROWS, last);
      expectFrames(last, FIRST_ID + DARK + 5, 1, 0, K2_ROWS);
    } finally {
      ds.close();
    }
  });

  it('reads row bands that cross the block-row boundary', () => {
    const ds = openDataSet({ path: files[0]! });
    try {
      const rows = 20;
      const out = new Uint16Array(3 * rows * K2_COLS);
      ds.readFrames(1, 3, 920, rows, out);
      expectFrames(out, FIRST_ID + DARK + 1, 3, 920, rows);
    } finally {
      ds.close();
    }
  });

  it('honours a user syncOffset and nav shape', () => {
    const ds = openDataSet({ path: files[0]!, syncOffset: 0, navShape: [8] });
    try {
      expect(ds.navShape).toEqual([8]);
      const out = new Uint16Array(K2_ROWS * K2_COLS);
      ds.readFrames(0, 1, 0, K2_ROWS, out);
      expectFrames(out, FIRST_ID, 1, 0, K2_ROWS);
    } finally {
      ds.close();
    }
    expect(() => describeDataSet({ path: files[0]!, navShape: [3, 3] })).toThrow(/needs 11 frames but the file holds 8/);
    expect(() => describeDataSet({ path: files[0]!, sigShape: [2048, 1860] })).toThrow(/sig shape cannot be changed/);
  });

  it('skips a frame cut at the start of every sector, and without .gtg proposes a time series', () => {
    const dir = join(root, 'cut');
    const cut = writeK2is(dir, 'cut', { firstId: 10, dark: 1, active: 3, leading: [5, 5, 5, 5, 5, 5, 5, 5] });
    const d = describeDataSet({ path: cut[0]! });
    expect(d.imageCount).toBe(4);
    expect(d.syncOffset).toBe(1);
    expect(d.navShape).toEqual([3]);
    const ds = openDataSet(d);
    try {
      const out = new Uint16Array(K2_ROWS * K2_COLS);
      ds.readFrames(0, 1, 0, K2_ROWS, out);
      expectFrames(out, 11, 1, 0, K2_ROWS);
    } finally {
      ds.close();
    }
  });

  it('refuses a set with a missing sector file, and a block whose header was damaged', () => {
    const dir = join(root, 'seven');
    const seven = writeK2is(dir, 'seven', { firstId: 1, dark: 0, active: 1, leading: [] });
    rmSync(seven[7]!);
    expect(() => describeDataSet({ path: seven[0]! })).toThrow(/has 8 sector files seven\*\.bin, found 7/);

    const damagedDir = join(root, 'damaged');
    const damaged = writeK2is(damagedDir, 'dmg', { firstId: 1, dark: 0, active: 2, leading: [] });
    const fd = openSync(damaged[4]!, 'r+');
    writeSync(fd, Buffer.from([0, 0, 0, 0]), 0, 4, (32 + 17) * K2_BLOCK);
    closeSync(fd);
    const ds = openDataSet({ path: damaged[0]! });
    try {
      const out = new Uint16Array(K2_ROWS * K2_COLS);
      ds.readFrames(0, 1, 0, K2_ROWS, out);
      expect(() => ds.readFrames(1, 1, 0, K2_ROWS, out)).toThrow(StemflowError);
      expect(() => ds.readFrames(1, 1, 0, K2_ROWS, out)).toThrow(/dmg5\.bin: block 17 of frame 1/);
    } finally {
      ds.close();
    }
  });

  it('parses DM4 tag files and rejects damaged ones', () => {
    const tags = dm4Tags({ sizeY: 4, sizeX: 5, voltage: 300_000, cameraLengthMm: 80 });
    const path = join(root, 'tags.gtg');
    writeFileSync(path, tags);
    expect(readDmTags(path).get('Microscope Info.Voltage')).toBe(300_000);
    writeFileSync(path, tags.subarray(0, 60));
    expect(() => readDmTags(path)).toThrow(RangeError);
  });
});
