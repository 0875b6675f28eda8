import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { allocArray } from '@stemflow/plugin-sdk';
import { describeDataSet, detectFormat, openDataSet } from '../registry';
import { corpus, readAll, refusal, tempDir } from '../testing/kit.fixture';

const dir = tempDir('stemflow-empad-');
const FRAME = 128 * 128;

/** A raw file of `frames` stored 128 × 130 float32 frames: image pixels f·10⁵ + p, metadata rows −1. */
function rawFile(path: string, frames: number): string {
  const data = new Float32Array(frames * 130 * 128).fill(-1);
  for (let f = 0; f < frames; f++) for (let p = 0; p < FRAME; p++) data[f * 130 * 128 + p] = f * 1e5 + p;
  writeFileSync(path, new Uint8Array(data.buffer));
  return path;
}

function xml(body: string, raw: string): string {
  return `<root name="t"><timestamp timestamp="1600000000.5" isoformat="2020-09-13T14:26:40.5"/>${body}<raw_file filename="${raw}"/></root>`;
}

describe('EMPAD reader', () => {
  it('detects the XML by its raw_file element and the raw file by the XML that names it', () => {
    expect(detectFormat(corpus('empad/map4x4.xml')).id).toBe('empad');
    expect(detectFormat(corpus('empad/scan_x4_y4.raw')).id).toBe('empad');
    expect(detectFormat(corpus('empad/series_x10.raw')).id).toBe('empad');
  });

  it('opens the same data from the XML or the raw file', () => {
    const fromXml = readAll({ path: corpus('empad/map4x4.xml') });
    const fromRaw = readAll({ path: corpus('empad/scan_x4_y4.raw') });
    expect(fromRaw.nav).toEqual([4, 4]);
    expect(Buffer.compare(Buffer.from(fromRaw.data.buffer), Buffer.from(fromXml.data.buffer))).toBe(0);
  });

  it('reads the physical metadata of the XML', () => {
    const d = describeDataSet({ path: corpus('empad/map4x4.xml') });
    expect(d.metadata?.beamEnergy).toBe(300000);
    expect(d.metadata?.cameraLength).toBe(0.7225);
    expect(d.metadata?.acquisitionTime).toBe('2019-06-06T11:30:00.164Z');
    expect(d.metadata?.exposureTime).toBe(0.001);
    expect(d.metadata?.scanRotation).toBe(0);
    // The 4.566 µm field of view over the 4 × 4 scan.
    expect(d.metadata?.navPixelSize?.value[0]).toBeCloseTo(4.5663426505682195e-6 / 4, 18);
    expect(d.metadata?.sigPixelSize).toEqual({ value: [0.1826537060227288, 0.1826537060227288], unit: '1/nm' });
  });

  it('names the missing raw file of a metadata-only XML', () => {
    for (const [name, raw] of [
      ['map128x128_version1.2.0.xml', 'scan_x128_y128.raw'],
      ['EMPAD_v1.2.2_x32_y64_size0.8.xml', 'scan_x32_y64.raw'],
    ]) {
      const e = refusal({ path: corpus(`empad/${name}`) });
      expect(e.code).toBe('NOT_FOUND');
      expect(e.message).toContain(raw);
      expect(e.message).toContain(corpus(`empad/${name}`));
    }
  });

  it('drops the two metadata rows of every stored frame', () => {
    const sub = join(dir, 'rows');
    mkdirSync(sub);
    rawFile(join(sub, 'scan_x3_y2.raw'), 6);
    writeFileSync(join(sub, 'acq.xml'), xml('<scan_parameters mode="acquire"><scan_resolution_x>3</scan_resolution_x><scan_resolution_y>2</scan_resolution_y></scan_parameters>', 'scan_x3_y2.raw'));
    const { data, nav } = readAll({ path: join(sub, 'acq.xml') });
    expect(nav).toEqual([2, 3]);
    for (let f = 0; f < 6; f++) {
      expect(data[f * FRAME]).toBe(f * 1e5);
      expect(data[(f + 1) * FRAME - 1]).toBe(f * 1e5 + FRAME - 1);
    }
    expect(Array.from(data).includes(-1)).toBe(false);
    const ds = openDataSet({ path: join(sub, 'acq.xml') });
    const band = allocArray('float32', 2 * 3 * 128);
    ds.readFrames(4, 2, 125, 3, band);
    ds.close();
    expect([band[0], band[3 * 128 - 1], band[3 * 128]]).toEqual([4e5 + 125 * 128, 4e5 + FRAME - 1, 5e5 + 125 * 128]);
  });

  it('takes the first scan size of the XML that fits the raw file, and says which did not', () => {
    const sub = join(dir, 'candidates');
    mkdirSync(sub);
    rawFile(join(sub, 'data.raw'), 8);
    const scanParameters = (mode: string, x: number, y: number) => `<scan_parameters mode="${mode}"><scan_resolution_x>${x}</scan_resolution_x><scan_resolution_y>${y}</scan_resolution_y></scan_parameters>`;
    // pix says 4 × 4, acquire 128 × 128, search 2 × 4 (x × y): only the search resolution fits 8 frames.
    writeFileSync(join(sub, 'fits.xml'), xml(`<pix_x>4</pix_x><pix_y>4</pix_y>${scanParameters('search', 2, 4)}${scanParameters('acquire', 128, 128)}`, 'data.raw'));
    expect(describeDataSet({ path: join(sub, 'fits.xml') }).navShape).toEqual([4, 2]);
    writeFileSync(join(sub, 'nofit.xml'), xml(`<pix_x>4</pix_x><pix_y>4</pix_y>${scanParameters('acquire', 5, 5)}`, 'data.raw'));
    const e = refusal({ path: join(sub, 'nofit.xml') });
    expect(e.code).toBe('SHAPE_MISMATCH');
    expect(e.message).toContain('4×4 (pix_x/pix_y)');
    expect(e.message).toContain('--nav');
    expect(describeDataSet({ path: join(sub, 'nofit.xml'), navShape: [2, 4] }).navShape).toEqual([2, 4]);
    expect(describeDataSet({ path: join(sub, 'nofit.xml'), navShape: [6], syncOffset: 2 }).syncOffset).toBe(2);
  });

  it('reads a raw file without its XML when the name gives the scan', () => {
    const sub = join(dir, 'bare');
    mkdirSync(sub);
    copyFileSync(corpus('empad/scan_x4_y4.raw'), join(sub, 'scan_x4_y4.raw'));
    expect(detectFormat(join(sub, 'scan_x4_y4.raw')).id).toBe('empad');
    const d = describeDataSet({ path: join(sub, 'scan_x4_y4.raw') });
    expect([d.navShape, d.metadata]).toEqual([[4, 4], {}]);
  });

  it('refuses a raw file that is not whole frames, and other dtypes', () => {
    const sub = join(dir, 'short');
    mkdirSync(sub);
    writeFileSync(join(sub, 'scan_x1_y1.raw'), Buffer.alloc(66560 - 4));
    writeFileSync(join(sub, 'a.xml'), xml('<pix_x>1</pix_x><pix_y>1</pix_y>', 'scan_x1_y1.raw'));
    const e = refusal({ path: join(sub, 'a.xml') });
    expect(e.code).toBe('FILE_CORRUPT');
    expect(e.message).toContain('scan_x1_y1.raw');
    expect(refusal({ path: corpus('empad/map4x4.xml'), dtype: 'uint16' }).code).toBe('SHAPE_MISMATCH');
    expect(refusal({ path: corpus('empad/map4x4.xml'), sigShape: [130, 128] }).code).toBe('SHAPE_MISMATCH');
  });

  it('does not follow a raw file name out of the XML folder', () => {
    const sub = join(dir, 'escape');
    mkdirSync(sub);
    writeFileSync(join(sub, 'evil.xml'), xml('<pix_x>4</pix_x><pix_y>4</pix_y>', `../../${corpus('empad/scan_x4_y4.raw')}`));
    expect(refusal({ path: join(sub, 'evil.xml') }).message).toContain(`scan_x4_y4.raw, which is not in ${sub}`);
  });
});
