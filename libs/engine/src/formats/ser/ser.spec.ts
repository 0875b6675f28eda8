import { copyFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { allocArray } from '@stemflow/plugin-sdk';
import type { OpenRequest } from '../descriptor';
import { readBytes } from '../file-io';
import { describeDataSet, detectFormat, openDataSet } from '../registry';
import { corpus, expectRefusal, expectSameDataThroughJson, readAllAsNumbers, tempDir } from '../testing/kit.fixture';
import { encodeSer, writeSer, type SerSpec } from './ser-writer.fixture';

const ser = (name: string) => corpus(`ser/${name}`);
const EDS = ser('FEI_new/16x16-diffraction_imagel_5x5x256x256_EDS_2.ser');
const PREVIEW = ser('FEI_new/128x128x5-diffraction_preview_1.ser');
const dir = tempDir('stemflow-ser-');


function frameAt(request: OpenRequest, f: number): number[] {
  const ds = openDataSet(request);
  const frame = allocArray(ds.dtype, ds.sigShape[0]! * ds.sigShape[1]!);
  ds.readFrames(f, 1, 0, ds.sigShape[0]!, frame);
  ds.close();
  return Array.from(frame);
}

describe('SER reader on the shipped files', () => {
  it('detects TIA series by their header, and an .emi by its name', () => {
    expect(detectFormat(EDS).id).toBe('ser');
    expect(detectFormat(ser('FEI_old/64x64x5_TEM_preview_1.ser')).id).toBe('ser');
    expect(detectFormat(ser('FEI_old/64x64x5_TEM_preview.emi')).id).toBe('ser');
  });

  it('puts the top row first: TIA stores rows bottom up, as HyperSpy and ncempy read them', () => {
    const ds = openDataSet({ path: PREVIEW });
    const frame = allocArray('int32', 128 * 128);
    ds.readFrames(0, 1, 0, 128, frame);
    ds.close();
    // Element 0 starts at byte 152 (offset table), its pixels 50 bytes later; the last stored row is row 0.
    const stored = new Int32Array(readBytes(PREVIEW, 152 + 50, 128 * 128 * 4).slice().buffer);
    expect(Array.from(frame.subarray(0, 128))).toEqual(Array.from(stored.subarray(127 * 128)));
    expect(Array.from(frame.subarray(127 * 128))).toEqual(Array.from(stored.subarray(0, 128)));
  });

  it('reads row bands that agree with whole frames', () => {
    const ds = openDataSet({ path: EDS });
    const band = allocArray('int32', 3 * 9 * 256);
    ds.readFrames(11, 3, 100, 9, band);
    ds.close();
    for (let f = 0; f < 3; f++) expect(Array.from(band.subarray(f * 9 * 256, (f + 1) * 9 * 256))).toEqual(frameAt({ path: EDS }, 11 + f).slice(100 * 256, 109 * 256));
  });

  it('reads the 5×5 scan with its calibrations and the microscope settings of the .emi', () => {
    const d = describeDataSet({ path: EDS });
    expect(d.navShape).toEqual([5, 5]);
    expect(d.metadata).toMatchObject({
      sigPixelSize: { unit: '1/m' },
      navPixelSize: { unit: 'm' },
      beamEnergy: 200000,
      cameraLength: 0.26,
      exposureTime: 0.05,
      acquisitionTime: '2016-02-22T19:21:11',
      extra: { camera: 'BM-Ceta', mode: 'STEM nP SA Zoom Diffraction', seriesVersion: '0x0220' },
    });
    expect(d.metadata!.navPixelSize!.value[1]).toBeCloseTo(1.8739e-9, 12);
    expect(d.metadata!.sigPixelSize!.value[0]).toBeCloseTo(174353422.27, 1);
    expect(describeDataSet({ path: ser('FEI_old/64x64x5_TEM_preview_1.ser') }).metadata!.sigPixelSize).toEqual({ value: [expect.closeTo(6.2818e-9, 12), expect.closeTo(6.2818e-9, 12)], unit: 'm' });
  });

  it('opens the image series of an .emi path and refuses the EDS spectra', () => {
    expect(describeDataSet({ path: ser('FEI_new/16x16-diffraction_imagel_5x5x256x256_EDS.emi') }).path).toBe(EDS);
    expect(describeDataSet({ path: ser('FEI_new/128x128x5-diffraction_preview.emi') }).path).toBe(PREVIEW);
    expectRefusal(() => describeDataSet({ path: ser('FEI_new/16x16-diffraction_imagel_5x5x256x256_EDS_1.ser') }), 'FORMAT_UNKNOWN', '1-D elements', 'EDS_1.ser');
  });

  it('without an .emi, takes the acquisition time from the first element time tag', () => {
    const alone = join(dir, 'alone_1.ser');
    copyFileSync(EDS, alone);
    const metadata = describeDataSet({ path: alone }).metadata!;
    expect(metadata.acquisitionTime).toBe('2016-02-22T19:21:08');
    expect(metadata.beamEnergy).toBeUndefined();
  });

  it('describes into plain JSON that opens the same data in another worker', () => {
    expectSameDataThroughJson(EDS);
  });

  it('accepts a nav shape that fits and a syncOffset; refuses other frame shapes and dtypes', () => {
    expect(describeDataSet({ path: EDS, navShape: [25] }).navShape).toEqual([25]);
    expect(frameAt({ path: EDS, navShape: [20], syncOffset: 3 }, 0)).toEqual(frameAt({ path: EDS }, 3));
    expectRefusal(() => describeDataSet({ path: EDS, navShape: [26] }), 'SHAPE_MISMATCH', 'needs 26 frames', EDS);
    expectRefusal(() => describeDataSet({ path: EDS, sigShape: [128, 512] }), 'SHAPE_MISMATCH', 'cannot be changed', EDS);
    expectRefusal(() => describeDataSet({ path: EDS, dtype: 'float32' }), 'SHAPE_MISMATCH', 'int32');
  });
});

/** Element i holds 100·i + pixel; rows are given as stored (bottom first). */
function elements(n: number, width: number, height: number): number[][] {
  return Array.from({ length: n }, (_, i) => Array.from({ length: width * height }, (_, p) => 100 * i + p));
}

/** The frame as Stemflow delivers it: stored rows reversed. */
function flipped(stored: number[], width: number): number[] {
  const rows: number[][] = [];
  for (let r = 0; r < stored.length / width; r++) rows.push(stored.slice(r * width, (r + 1) * width));
  return rows.reverse().flat();
}

describe('SER reader on generated files', () => {
  it.each([
    ['0x0210', 0x0210],
    ['0x0220', 0x0220],
  ] as const)('finds elements through the offset table (version %s), wherever they lie', (_name, version) => {
    const spec: SerSpec = { version, dims: [{ size: 4 }], dataType: 2, width: 3, height: 2, elements: elements(4, 3, 2), reversed: true };
    const { dtype, nav, frames } = readAllAsNumbers({ path: writeSer(join(dir, `reversed-${version}_1.ser`), spec) });
    expect(dtype).toBe('uint16');
    expect(nav).toEqual([4]);
    expect(frames).toEqual(spec.elements.map((e) => flipped(e, 3)));
  });

  it('keeps the scan shape of a 2-D scan stopped early, with zeros where nothing was recorded', () => {
    const spec: SerSpec = { version: 0x0220, dims: [{ size: 3, delta: 2e-9, units: 'meters' }, { size: 2, delta: 2e-9, units: 'meters' }], dataType: 7, width: 2, height: 2, elements: elements(4, 2, 2), total: 6 };
    const { nav, frames } = readAllAsNumbers({ path: writeSer(join(dir, 'stopped-scan_1.ser'), spec) });
    expect(nav).toEqual([2, 3]);
    expect(frames.slice(0, 4)).toEqual(spec.elements.map((e) => flipped(e, 2)));
    expect(frames.slice(4)).toEqual([
      [0, 0, 0, 0],
      [0, 0, 0, 0],
    ]);
  });

  it('shortens a 1-D series stopped early to its valid elements', () => {
    const spec: SerSpec = { version: 0x0210, dims: [{ size: 5 }], dataType: 5, width: 2, height: 3, elements: elements(3, 2, 3), total: 5 };
    expect(describeDataSet({ path: writeSer(join(dir, 'stopped-series_1.ser'), spec) }).navShape).toEqual([3]);
  });

  it('refuses an element whose header disagrees with the first, when it is read', () => {
    const path = writeSer(join(dir, 'mixed_1.ser'), { version: 0x0220, dims: [{ size: 3 }], dataType: 6, width: 2, height: 2, elements: elements(3, 2, 2), elementDataType: { 2: 7 } });
    const ds = openDataSet({ path });
    const frame = allocArray('int32', 4);
    ds.readFrames(1, 1, 0, 2, frame);
    expectRefusal(() => ds.readFrames(2, 1, 0, 2, frame), 'FILE_CORRUPT', 'element header', path);
    ds.close();
  });

  it('refuses complex pixels and dimensions that do not match the element count', () => {
    const complex = writeSer(join(dir, 'complex_1.ser'), { version: 0x0220, dims: [{ size: 1 }], dataType: 7, width: 2, height: 2, elements: elements(1, 2, 2), elementDataType: { 0: 9 } });
    expectRefusal(() => describeDataSet({ path: complex }), 'FORMAT_UNKNOWN', 'complex', complex);
    const bytes = encodeSer({ version: 0x0220, dims: [{ size: 2 }], dataType: 7, width: 2, height: 2, elements: elements(2, 2, 2) });
    bytes.writeUInt32LE(3, 34); // Dim-1 size
    const wrong = join(dir, 'wrong-dims_1.ser');
    writeFileSync(wrong, bytes);
    expectRefusal(() => describeDataSet({ path: wrong }), 'FILE_CORRUPT', 'do not multiply', wrong);
  });
});
