import { readTiff as readBack } from './read-tiff.fixture';
import { encodeFloat32Tiff } from './tiff-float32';

describe('encodeFloat32Tiff', () => {
  it('writes float32 samples that geotiff reads back bit for bit, with the description', async () => {
    const values = Float32Array.from([1.5, -2.25, Math.fround(Math.PI), 1e30, Number.NaN, -0, Number.POSITIVE_INFINITY, 7]);
    const { image, band, directory, description } = await readBack(encodeFloat32Tiff(values, 4, 2, '{"analysis":"x","\\u00c5":1}'));
    expect([image.getWidth(), image.getHeight(), image.getSamplesPerPixel()]).toEqual([4, 2, 1]);
    expect(Array.from(directory.SampleFormat as ArrayLike<number>)).toEqual([3]);
    expect(Array.from(directory.BitsPerSample as ArrayLike<number>)).toEqual([32]);
    expect(band.constructor.name).toBe('Float32Array');
    expect(Buffer.from(band.buffer, band.byteOffset, band.byteLength)).toEqual(Buffer.from(values.buffer));
    expect(JSON.parse(description!)).toEqual({ analysis: 'x', Å: 1 });
  });

  it('writes a 1×1 image with a short description (stored inside the directory entry)', async () => {
    const { band, description } = await readBack(encodeFloat32Tiff(Float32Array.from([42]), 1, 1, 'ab'));
    expect(Array.from(band)).toEqual([42]);
    expect(description).toBe('ab');
  });

  it('refuses values that do not fill the image, and non-ASCII descriptions', () => {
    expect(() => encodeFloat32Tiff(new Float32Array(5), 3, 2)).toThrow('needs 6 values');
    expect(() => encodeFloat32Tiff(new Float32Array(1), 1, 1, 'Å')).toThrow('ASCII');
  });
});
