import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { allocArray, product, type TypedArray } from '@stemflow/plugin-sdk';
import { describeDataSet, detectFormat, openDataSet } from '../registry';
import { corpus, expectRefusal, expectSameDataThroughJson, readAllAsNumbers, tempDir } from '../testing/kit.fixture';
import { encodeDm, fileWithImage, writeDm, type DmTagSpec } from './dm-writer.fixture';

const dm = (name: string) => corpus(`dm/${name}`);
const dir = tempDir('stemflow-dm-');


describe('DM reader on the shipped files', () => {
  it('detects DM3 and DM4 by their header', () => {
    expect(detectFormat(dm('dm3_3D/test-1.dm3')).id).toBe('dm');
    expect(detectFormat(dm('ncempy/dmTest_3D_int16_64x65x66.dm4')).id).toBe('dm');
  });

  it('reads the 64×65×66 stack in C order: frames of 65 rows × 64 columns, each row a ramp 0..63', () => {
    const { nav, sig, frames } = readAllAsNumbers({ path: dm('ncempy/dmTest_3D_int16_64x65x66.dm3') });
    expect(nav).toEqual([66]);
    expect(sig).toEqual([65, 64]);
    for (const f of [0, 33, 65]) for (const row of [0, 40, 64]) expect(frames[f]!.slice(row * 64, row * 64 + 64)).toEqual(Array.from({ length: 64 }, (_, i) => i));
  });

  it('gives the same frames from the DM3 and the DM4 twin, and row bands agree with whole frames', () => {
    const a = readAllAsNumbers({ path: dm('ncempy/dmTest_3D_int16_64x65x66.dm3') }).frames;
    const b = readAllAsNumbers({ path: dm('ncempy/dmTest_3D_int16_64x65x66.dm4') });
    expect(b.frames.join(';')).toBe(a.join(';'));
    const ds = openDataSet({ path: dm('ncempy/dmTest_3D_int16_64x65x66.dm4') });
    const band = allocArray(ds.dtype, 3 * 7 * 64);
    ds.readFrames(10, 3, 20, 7, band);
    ds.close();
    for (let f = 0; f < 3; f++) expect(Array.from(band.subarray(f * 448, (f + 1) * 448))).toEqual(a[10 + f]!.slice(20 * 64, 27 * 64));
  });

  it('skips the thumbnail even when it is larger than the data', () => {
    const d = describeDataSet({ path: dm('dm4_3D/test-7.dm4') });
    expect(d.params).toMatchObject({ imageIndex: 1, order: 'c' });
    expect(readAllAsNumbers({ path: dm('dm4_3D/test-7.dm4') }).frames).toEqual([
      [1, 2, 3, 4],
      [5, 6, 7, 8],
    ]);
  });

  it('refuses the RGBA thumbnail when asked for it by imageIndex', () => {
    expectRefusal(() => describeDataSet({ path: dm('dm3_3D/test-1.dm3'), params: { imageIndex: 0 } }), 'FORMAT_UNKNOWN', 'RGBA', 'test-1.dm3');
    expectRefusal(() => describeDataSet({ path: dm('dm3_3D/test-1.dm3'), params: { imageIndex: 7 } }), 'SHAPE_MISMATCH', 'no image #7');
  });

  it('reads a single 2-D image with an empty scan, or as nav [1] when asked', () => {
    const d = describeDataSet({ path: dm('misc/test_diffraction_pattern.dm3') });
    expect(d.navShape).toEqual([]);
    expect(d.sigShape).toEqual([87, 87]);
    expect(describeDataSet({ path: dm('misc/test_diffraction_pattern.dm3'), navShape: [1] }).navShape).toEqual([1]);
  });

  it('keeps the calibrations and microscope settings in the metadata', () => {
    const diffraction = describeDataSet({ path: dm('misc/test_diffraction_pattern.dm3') }).metadata!;
    expect(diffraction.sigPixelSize).toEqual({ value: [expect.closeTo(0.174433, 6), expect.closeTo(0.174433, 6)], unit: '1/nm' });
    expect(diffraction.beamEnergy).toBe(200000);
    expect(diffraction.exposureTime).toBe(0.2);
    expect(diffraction.acquisitionTime).toBe('2014-07-09T16:56:34.906Z');
    expect(diffraction.extra).toMatchObject({ microscope: 'FEI Tecnai', imagingMode: 'DIFFRACTION' });
    const stack = describeDataSet({ path: dm('misc/test_stackbuilder_imagestack.dm3') }).metadata!;
    expect(stack.cameraLength).toBeCloseTo(0.015, 12);
    expect(stack.sigPixelSize?.unit).toBe('µm');
    expect(stack.acquisitionTime).toBe('2015-05-17T15:00:16.464Z');
    // x in pm and y in nm: both converted to metres.
    const mixed = describeDataSet({ path: dm('ncempy/dmTest_3D_int16_64x65x66.dm4') }).metadata!;
    expect(mixed.sigPixelSize!.unit).toBe('m');
    expect(mixed.sigPixelSize!.value[0]).toBeCloseTo(3e-9, 20);
    expect(mixed.sigPixelSize!.value[1]).toBeCloseTo(2e-12, 24);
  });

  it('describes into plain JSON that opens the same data in another worker', () => {
    expectSameDataThroughJson(dm('ncempy/dmTest_3D_int16_64x65x66.dm4'));
  });

  it('accepts a nav shape that fits, a syncOffset, and a frame shape that tiles the array', () => {
    const path = dm('ncempy/dmTest_3D_int16_64x65x66.dm3');
    const all = readAllAsNumbers({ path }).frames;
    expect(readAllAsNumbers({ path, navShape: [6, 11] }).nav).toEqual([6, 11]);
    const shifted = readAllAsNumbers({ path, navShape: [60], syncOffset: 2 }).frames;
    expect(shifted[0]).toEqual(all[2]);
    const blankFirst = readAllAsNumbers({ path, navShape: [66], syncOffset: -1 }).frames;
    expect(blankFirst[0]!.every((v) => v === 0)).toBe(true);
    expect(blankFirst[1]).toEqual(all[0]);
    const tall = readAllAsNumbers({ path, sigShape: [130, 64] });
    expect(tall.nav).toEqual([33]);
    expect(tall.frames[1]).toEqual([...all[2]!, ...all[3]!]);
    expectRefusal(() => describeDataSet({ path, navShape: [67] }), 'SHAPE_MISMATCH', 'needs 67 frames', path);
    expectRefusal(() => describeDataSet({ path, sigShape: [7, 64] }), 'SHAPE_MISMATCH', 'does not divide');
    expectRefusal(() => describeDataSet({ path, dtype: 'float32' }), 'SHAPE_MISMATCH', 'int16');
  });
});

/** A (ny, nx, sy, sx) array with a value that encodes its position: 1000·frame + pixel. */
function cube(ny: number, nx: number, sy: number, sx: number): { c: number[]; transposed: number[] } {
  const frames = ny * nx;
  const pixels = sy * sx;
  const c: number[] = [];
  for (let f = 0; f < frames; f++) for (let p = 0; p < pixels; p++) c.push(1000 * f + p);
  const transposed: number[] = [];
  for (let p = 0; p < pixels; p++) for (let f = 0; f < frames; f++) transposed.push(1000 * f + p);
  return { c, transposed };
}

const orderTag = (swapped: number): DmTagSpec => ({ name: 'Meta Data', group: [{ name: 'Data Order Swapped', type: 8, value: swapped }, { name: 'Format', text: 'Diffraction image' }] });

describe('DM reader on generated files', () => {
  const [ny, nx, sy, sx] = [3, 4, 5, 6];
  const { c, transposed } = cube(ny, nx, sy, sx);
  const expected = Array.from({ length: ny * nx }, (_, f) => c.slice(f * sy * sx, (f + 1) * sy * sx));

  it.each([3, 4] as const)('reads 4-D C-ordered DM%d data (Data Order Swapped = 1) with scan calibration', (version) => {
    const path = writeDm(
      join(dir, `c-order.dm${version}`),
      fileWithImage(version, {
        dims: [sx, sy, nx, ny],
        dataType: 7,
        arrayType: 3,
        values: c,
        little: true,
        calibrations: [
          { origin: 0, scale: 0.5, units: '1/nm' },
          { origin: 0, scale: 0.25, units: '1/nm' },
          { origin: 0, scale: 2, units: 'nm' },
          { origin: 0, scale: 3, units: 'nm' },
        ],
        imageTags: [orderTag(1), { name: 'Microscope Info', group: [{ name: 'Voltage', type: 7, value: 300000 }, { name: 'STEM Camera Length', type: 7, value: 120 }] }],
      }),
    );
    const { nav, sig, frames } = readAllAsNumbers({ path });
    expect(nav).toEqual([ny, nx]);
    expect(sig).toEqual([sy, sx]);
    expect(frames).toEqual(expected);
    const metadata = describeDataSet({ path }).metadata!;
    expect(metadata).toMatchObject({ sigPixelSize: { value: [0.25, 0.5], unit: '1/nm' }, navPixelSize: { value: [3, 2], unit: 'nm' }, beamEnergy: 300000, cameraLength: 0.12 });
  });

  it('refuses 4-D data whose layout the tags do not give, and names the params that fix it', () => {
    const path = writeDm(join(dir, 'untagged.dm4'), fileWithImage(4, { dims: [sx, sy, nx, ny], dataType: 7, arrayType: 3, values: transposed, little: true }));
    expectRefusal(() => describeDataSet({ path }), 'FORMAT_UNKNOWN', path, '"order": "transposed"', '"order": "c"');
    expect(readAllAsNumbers({ path, params: { order: 'c' } }).nav).toEqual([ny, nx]);
  });

  it('reads the transposed (detector, scan) layout of older GMS, with row bands and syncOffset', () => {
    // Stored as C order (sy, sx, ny, nx): Dimensions (fastest first) are nx, ny, sx, sy.
    const path = writeDm(join(dir, 'transposed.dm4'), fileWithImage(4, { dims: [nx, ny, sx, sy], dataType: 7, arrayType: 3, values: transposed, little: true, imageTags: [orderTag(0)] }));
    const { nav, sig, frames } = readAllAsNumbers({ path });
    expect(nav).toEqual([ny, nx]);
    expect(sig).toEqual([sy, sx]);
    expect(frames).toEqual(expected);
    const whole = openDataSet({ path });
    const all = allocArray('int32', ny * nx * sy * sx);
    whole.readFrames(0, ny * nx, 0, sy, all); // one read per several detector pixels
    whole.close();
    expect(Array.from(all)).toEqual(c);
    const shifted = openDataSet({ path, navShape: [ny * nx], syncOffset: -2 });
    const band = allocArray('int32', 4 * 2 * sx);
    shifted.readFrames(1, 4, 3, 2, band);
    shifted.close();
    const want = [1, 2, 3, 4].map((f) => (f - 2 < 0 ? new Array<number>(2 * sx).fill(0) : expected[f - 2]!.slice(3 * sx, 5 * sx)));
    expect(Array.from(band)).toEqual(want.flat());
  });

  it('reads big-endian data', () => {
    const values = Array.from({ length: 2 * 3 * 4 }, (_, i) => i * 1000 + 7);
    const path = writeDm(join(dir, 'big.dm3'), fileWithImage(3, { dims: [4, 3, 2], dataType: 10, arrayType: 4, values, little: false }));
    const { dtype, frames } = readAllAsNumbers({ path });
    expect(dtype).toBe('uint16');
    expect(frames.flat()).toEqual(values);
  });

  it('delivers 64-bit integers as float64 when exact, and refuses values float64 cannot hold', () => {
    const values = [0, -5, 2 ** 53, -(2 ** 40), 7, 8];
    const path = writeDm(join(dir, 'int64.dm4'), fileWithImage(4, { dims: [3, 2], dataType: 39, arrayType: 11, values, little: true }));
    const { dtype, frames } = readAllAsNumbers({ path });
    expect(dtype).toBe('float64');
    expect(frames).toEqual([values]);
    const huge = writeDm(join(dir, 'int64-huge.dm4'), fileWithImage(4, { dims: [3, 2], dataType: 40, arrayType: 12, values: [1, 2, 3, 4, 5, 2 ** 60], little: true }));
    expectRefusal(() => readAllAsNumbers({ path: huge }), 'FORMAT_UNKNOWN', 'cannot represent exactly', huge);
  });

  it('refuses complex data, spectrum images, 1-D data and inconsistent sizes with the reason', () => {
    const complex = writeDm(join(dir, 'complex.dm3'), fileWithImage(3, { dims: [2, 2], dataType: 3, arrayType: 6, values: new Array<number>(8).fill(1), little: true }));
    expectRefusal(() => describeDataSet({ path: complex }), 'FORMAT_UNKNOWN', 'complex64', complex);
    const si = writeDm(
      join(dir, 'si.dm4'),
      fileWithImage(4, { dims: [2, 3, 16], dataType: 2, arrayType: 6, values: new Array<number>(96).fill(1), little: true, imageTags: [{ name: 'Meta Data', group: [{ name: 'Format', text: 'Spectrum image' }] }] }),
    );
    expectRefusal(() => describeDataSet({ path: si }), 'FORMAT_UNKNOWN', 'spectrum image');
    const spectrum = writeDm(join(dir, 'spectrum.dm3'), fileWithImage(3, { dims: [16], dataType: 2, arrayType: 6, values: new Array<number>(16).fill(1), little: true }));
    expectRefusal(() => describeDataSet({ path: spectrum }), 'FORMAT_UNKNOWN', '1-D');
    const wrong = writeDm(join(dir, 'wrong-size.dm3'), fileWithImage(3, { dims: [4, 4, 2], dataType: 1, arrayType: 2, values: new Array<number>(30).fill(1), little: true }));
    expectRefusal(() => describeDataSet({ path: wrong }), 'FILE_CORRUPT', 'Data tag holds', wrong);
  });

  it('refuses files that are not DM or are cut short', () => {
    const text = join(dir, 'text.dm3');
    writeFileSync(text, 'this is not a DigitalMicrograph file at all, just text');
    expectRefusal(() => describeDataSet({ path: text }), 'FORMAT_UNKNOWN', text);
    const source = fileWithImage(3, { dims: [4, 4, 2], dataType: 1, arrayType: 2, values: new Array<number>(32).fill(1), little: true });
    const full = encodeDm(source);
    const cut = join(dir, 'cut.dm3');
    writeFileSync(cut, full.subarray(0, full.length - 40));
    expectRefusal(() => describeDataSet({ path: cut }), 'FILE_CORRUPT', 'truncated', cut);
  });

  it('streams frames into the caller buffer without reading the whole array (one frame per call)', () => {
    const path = writeDm(join(dir, 'stream.dm4'), fileWithImage(4, { dims: [sx, sy, nx, ny], dataType: 7, arrayType: 3, values: c, little: true, imageTags: [orderTag(1)] }));
    const ds = openDataSet({ path });
    const dest: TypedArray = allocArray(ds.dtype, product(ds.sigShape));
    ds.readFrames(ny * nx - 1, 1, 0, sy, dest);
    ds.close();
    expect(Array.from(dest)).toEqual(expected[ny * nx - 1]);
  });
});
