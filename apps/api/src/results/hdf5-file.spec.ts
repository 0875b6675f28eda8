import { decodeHdf5, encodeHdf5 } from './hdf5-file';

describe('HDF5 files (h5wasm in a helper thread)', () => {
  it('writes datasets of each shape and dtype with attributes, and reads them back exactly', async () => {
    const f32 = Float32Array.from([1.5, Number.NaN, -3, 1e-30, 5, 6]);
    const f64 = Float64Array.from([Math.PI, -1e300]);
    const u16 = Uint16Array.from([0, 65535, 7]);
    const bytes = await encodeHdf5(
      [
        { name: 'a', shape: [2, 3], dtype: 'float32', data: f32, attributes: { provenance: '{"x":"Å"}', answer: 42 } },
        { name: 'b', shape: [2], dtype: 'float64', data: f64 },
        { name: 'c.d', shape: [3, 1], dtype: 'uint16', data: u16 },
      ],
      { analysis: 'test' },
    );
    expect(bytes.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a]));
    const file = await decodeHdf5(bytes);
    expect(file.attributes).toEqual({ analysis: 'test' });
    const [a, b, c] = file.datasets.sort((x, y) => x.name.localeCompare(y.name));
    expect(a).toMatchObject({ name: 'a', shape: [2, 3], dtype: '<f', attributes: { provenance: '{"x":"Å"}', answer: 42 } });
    expect(a!.data.constructor.name).toBe('Float32Array'); // made in another realm (the helper thread)
    expect(Buffer.from(a!.data.buffer, a!.data.byteOffset, a!.data.byteLength)).toEqual(Buffer.from(f32.buffer));
    expect(b).toMatchObject({ name: 'b', shape: [2], dtype: '<d' });
    expect(Array.from(b!.data)).toEqual(Array.from(f64));
    expect(c).toMatchObject({ name: 'c.d', shape: [3, 1], dtype: '<H' });
    expect(Array.from(c!.data)).toEqual([0, 65535, 7]);
  });

  it('reports what h5wasm refuses as an error', async () => {
    await expect(encodeHdf5([{ name: 'a', shape: [3], dtype: 'float32', data: new Float32Array(2) }])).rejects.toThrow('HDF5 export failed');
  });
});
