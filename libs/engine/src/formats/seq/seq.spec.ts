import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { allocArray } from '@stemflow/plugin-sdk';
import { describeDataSet, detectFormat, openDataSet } from '../registry';
import { corpus, readAll, refusal, tempDir } from '../testing/kit.fixture';
import type { SeqCorrections } from './seq-corrections';
import { parseSeqHeader } from './seq-header';
import { readSeqTimestamps } from './seq-timestamps';

const dir = tempDir('stemflow-seq-');
const deTest = corpus('seq/de_test/test.seq');
const pims = corpus('seq/pims/sample_norpix6.seq');
const celDir = corpus('seq/celeritas_256x256_prebuffer1');
const top = join(celDir, 'Movie_00785_Top_13-49-04.160.seq');
const bottom = join(celDir, 'Movie_00785_Bottom_13-49-04.196.seq');

interface SyntheticSeq {
  width: number;
  height: number;
  frames: number;
  /** Frames in the header (default: `frames`). */
  headerFrames?: number;
  version?: number;
  footer?: number;
  /** Pixel value of frame f, pixel p. */
  value: (f: number, p: number) => number;
  /** Seconds of frame f's timestamp. */
  seconds?: (f: number) => number;
}

/** A StreamPix file written with DataView (independent of the reader), 16-bit pixels. */
function seqFile(path: string, s: SyntheticSeq): string {
  const version = s.version ?? 5;
  const offset = version >= 5 ? 8192 : 1024;
  const imageBytes = s.width * s.height * 2;
  const stride = imageBytes + (s.footer ?? 8);
  const buffer = new ArrayBuffer(offset + s.frames * stride);
  const view = new DataView(buffer);
  view.setUint32(0, 0xfeed, true);
  view.setInt32(28, version, true);
  view.setInt32(32, 1024, true);
  view.setUint32(548, s.width, true);
  view.setUint32(552, s.height, true);
  view.setUint32(556, 16, true);
  view.setUint32(560, 12, true);
  view.setUint32(564, imageBytes, true);
  view.setUint32(568, 100, true);
  view.setUint32(572, s.headerFrames ?? s.frames, true);
  view.setUint32(580, stride, true);
  view.setFloat64(584, 25, true);
  for (let f = 0; f < s.frames; f++) {
    const base = offset + f * stride;
    for (let p = 0; p < s.width * s.height; p++) view.setUint16(base + p * 2, s.value(f, p), true);
    if (s.seconds) {
      view.setUint32(base + imageBytes, s.seconds(f), true);
      view.setUint16(base + imageBytes + 4, 250, true);
      if (version >= 5) view.setUint16(base + imageBytes + 6, 500, true);
    }
  }
  writeFileSync(path, new Uint8Array(buffer));
  return path;
}

const sum = (a: ArrayLike<number>, from = 0, to = a.length) => {
  let s = 0;
  for (let i = from; i < to; i++) s += a[i]!;
  return s;
};

describe('SEQ reader', () => {
  it('detects SEQ by its magic number', () => {
    expect(detectFormat(pims).id).toBe('seq');
    expect(detectFormat(top).id).toBe('seq');
  });

  it('counts the frames in the header, not the spare slots of a DE file', () => {
    const d = describeDataSet({ path: deTest });
    expect(d.imageCount).toBe(10);
    expect((d.metadata?.extra?.seq as { frameSlotsInFile: number }).frameSlotsInFile).toBe(15);
  });

  it('finds the dark and gain references and the bad-pixel map beside a DE file', () => {
    const d = describeDataSet({ path: deTest });
    const corrections = d.params?.corrections as SeqCorrections;
    expect(corrections.dark).toEqual({ path: `${deTest}.dark.mrc`, offset: 1024, dtype: 'float32', byteOrder: 'little', shape: [64, 64] });
    expect(corrections.gain?.path).toBe(`${deTest}.gain.mrc`);
    // The map is the 1024² sensor; the 64² frame is cropped at (480, 480), so column 248 misses it.
    expect(corrections.excludedPixels).toMatchObject({ source: `${deTest}.Config.Metadata.xml`, origin: [480, 480], mapShape: [1024, 1024], defects: [] });
    expect(corrections.excludedPixels?.sensorDefects).toEqual([{ rows: [0, 1023], cols: [248, 248] }]);
    expect(corrections.warnings).toEqual([]);
    expect(d.metadata?.extra?.deConfig).toMatchObject({ CameraType: 'Celeritas Camera', ImageDepth: '12' });
    expect(d.metadata?.acquisitionTime).toBe('2022-08-11T19:21:27.069Z');
  });

  it('reports bad pixels inside the frame, translated by the crop offset', () => {
    const sub = join(dir, 'badpixels');
    mkdirSync(sub);
    const path = seqFile(join(sub, 'bp.seq'), { width: 8, height: 6, frames: 2, value: (f, p) => f + p });
    writeFileSync(
      `${path}.Config.Metadata.xml`,
      `<?xml version="1.0"?><Configuration><BadPixels><BadPixelMap Rows="32" Columns="32">
        <Defect Column="12" Row="11" /><Defect Columns="9-30" Row="13" /><Defect Column="3" />
        <Defect Rows="14-15" pattern="01" /></BadPixelMap></BadPixels>
       <FileInfo><ImageSizeX Value="8" /><ImageSizeY Value="6" /><ImageOffsetX Value="10" /><ImageOffsetY Value="10" /><HT Value="300" /></FileInfo></Configuration>`,
    );
    const d = describeDataSet({ path });
    const excluded = (d.params?.corrections as SeqCorrections).excludedPixels!;
    expect(excluded.origin).toEqual([10, 10]);
    expect(excluded.defects).toEqual([
      { rows: [1, 1], cols: [2, 2] },
      { rows: [3, 3], cols: [0, 7] },
      { rows: [4, 5], cols: [0, 7], pattern: '01', patternPhase: 10 },
    ]);
    expect(d.metadata?.beamEnergy).toBe(300000);
  });

  it('reads per-frame timestamps from the footer inside the frame stride', () => {
    const d = describeDataSet({ path: pims });
    expect(d.offset).toBe(8192);
    const header = parseSeqHeader(new Uint8Array(readFileSync(pims).subarray(0, 1024)), pims);
    const stamps = readSeqTimestamps(pims, header, 0, 6);
    expect(stamps[0]).toBeCloseTo(1435776075 + 0.775 + 0.00043, 6);
    for (let i = 1; i < 6; i++) expect(stamps[i]!).toBeGreaterThan(stamps[i - 1]!);
    expect((d.metadata?.extra?.seq as { frameInterval: number }).frameInterval).toBeCloseTo((stamps[5]! - stamps[0]!) / 5, 9);
  });

  it('reads version 4 files (images from byte 1024, millisecond timestamps) and honours overrides', () => {
    const path = seqFile(join(dir, 'v4.seq'), { version: 4, width: 3, height: 2, frames: 6, footer: 6, value: (f, p) => 100 * f + p, seconds: (f) => 1_600_000_000 + f });
    const d = describeDataSet({ path });
    expect(d.offset).toBe(1024);
    expect(d.metadata?.acquisitionTime).toBe('2020-09-13T12:26:40.250Z');
    const { data } = readAll({ path, navShape: [2, 2], syncOffset: 1 });
    expect(Array.from(data.subarray(0, 6))).toEqual([100, 101, 102, 103, 104, 105]);
    expect(readAll({ path, sigShape: [6, 1] }).sig).toEqual([6, 1]);
    expect(refusal({ path, navShape: [7] }).code).toBe('SHAPE_MISMATCH');
    expect(refusal({ path, format: 'seq', dtype: 'uint8' }).code).toBe('SHAPE_MISMATCH');
  });

  it('refuses a file shorter than its header says, naming it', () => {
    const path = seqFile(join(dir, 'short.seq'), { width: 4, height: 4, frames: 3, headerFrames: 5, value: () => 1 });
    const e = refusal({ path });
    expect(e.code).toBe('SHAPE_MISMATCH');
    expect(e.message).toContain(path);
    expect(e.message).toContain('truncated');
  });

  describe('Celeritas (split Top/Bottom, segment prebuffer)', () => {
    it('stitches the flipped top half above the bottom half', () => {
      const d = describeDataSet({ path: top });
      expect(d.sigShape).toEqual([256, 256]);
      expect(d.params).toMatchObject({ variant: 'celeritas', top, bottom, segmentPreBuffer: 1, bufferRows: 128 });
      const { data } = readAll({ path: top });
      const frame = 256 * 256;
      // reader_info.halves_as_stored: the top half sums to 56,512,697 over all frames, the bottom to 54,039,145.
      let topSum = 0;
      let bottomSum = 0;
      for (let f = 0; f < 5; f++) {
        topSum += sum(data, f * frame, f * frame + frame / 2);
        bottomSum += sum(data, f * frame + frame / 2, (f + 1) * frame);
      }
      expect(topSum).toBe(56512697);
      expect(bottomSum).toBe(54039145);
    });

    it('opens from either half and reads row bands across the seam like whole frames', () => {
      const whole = readAll({ path: bottom }).data;
      const ds = openDataSet({ path: top });
      const band = allocArray(ds.dtype, 2 * 10 * 256);
      ds.readFrames(2, 2, 123, 10, band);
      ds.close();
      for (let f = 0; f < 2; f++) {
        const start = (2 + f) * 65536 + 123 * 256;
        expect(Array.from(band.subarray(f * 2560, (f + 1) * 2560))).toEqual(Array.from(whole.subarray(start, start + 2560)));
      }
    });

    it('finds the dark reference and the configuration under the recording name, reports the missing gain', () => {
      const d = describeDataSet({ path: top });
      const corrections = d.params?.corrections as SeqCorrections;
      expect(corrections.dark?.path).toBe(join(celDir, 'Movie_00785.seq.dark.mrc'));
      expect(corrections.dark?.shape).toEqual([256, 256]);
      // The shipped gain reference belongs to Movie_00784, another recording.
      expect(corrections.gain).toBeUndefined();
      expect(corrections.excludedPixels?.origin).toEqual([384, 384]);
    });

    it('splits each stored buffer into its prebuffered frames', () => {
      const sub = join(dir, 'prebuffer');
      mkdirSync(sub);
      // 2 buffer frames of 4 rows × 3 columns per half, 2 frames per buffer → 4 frames of 4 × 3.
      const halfValue = (half: number) => (f: number, p: number) => half * 1000 + f * 100 + p;
      seqFile(join(sub, 'Rec_Top_1.seq'), { width: 3, height: 4, frames: 2, value: halfValue(1) });
      seqFile(join(sub, 'Rec_Bottom_1.seq'), { width: 3, height: 4, frames: 2, value: halfValue(2) });
      const { data, frames, sig } = readAll({ path: join(sub, 'Rec_Top_1.seq'), params: { segmentPreBuffer: 2 } });
      expect(frames).toBe(4);
      expect(sig).toEqual([4, 3]);
      // Frame 1 = second sub-frame of buffer 0: top rows 2–3 (pixels 6–11) flipped, then bottom rows 2–3.
      expect(Array.from(data.subarray(12, 24))).toEqual([1009, 1010, 1011, 1006, 1007, 1008, 2006, 2007, 2008, 2009, 2010, 2011]);
      // Without the configuration XML the prebuffer must be given.
      expect(refusal({ path: join(sub, 'Rec_Top_1.seq') }).message).toContain('segmentPreBuffer');
      // One half alone, on request.
      expect(readAll({ path: join(sub, 'Rec_Bottom_1.seq'), params: { celeritas: false } }).sig).toEqual([4, 3]);
    });

    it('refuses a half without its partner', () => {
      const sub = join(dir, 'alone');
      mkdirSync(sub);
      copyFileSync(top, join(sub, 'Movie_00785_Top_13-49-04.160.seq'));
      const e = refusal({ path: join(sub, 'Movie_00785_Top_13-49-04.160.seq') });
      expect(e.code).toBe('NOT_FOUND');
      expect(e.message).toContain('Movie_00785_Bottom');
    });
  });
});
