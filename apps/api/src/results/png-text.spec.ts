import { encodeColorPng } from '@stemflow/engine';
import { readTextChunks, withTextChunk } from './png-text';

describe('PNG tEXt chunks', () => {
  const png = encodeColorPng({ data: Float64Array.from([0, 1, 2, 3, 4, 5]), shape: [2, 3] });

  it('inserts a chunk after IHDR that reads back, keeping the image chunks intact', () => {
    const out = withTextChunk(png, 'provenance', '{"a":1}');
    expect(readTextChunks(out)).toEqual({ provenance: '{"a":1}' });
    expect(out.length).toBe(png.length + 12 + 'provenance'.length + 1 + 7);
    expect(out.subarray(0, 33)).toEqual(png.subarray(0, 33)); // signature + IHDR
    expect(out.subarray(33 + 12 + 18)).toEqual(png.subarray(33));
    expect(readTextChunks(png)).toEqual({});
  });

  it('notices a damaged chunk and refuses what tEXt cannot hold', () => {
    const out = withTextChunk(png, 'provenance', 'abc');
    out[33 + 8] ^= 1;
    expect(() => readTextChunks(out)).toThrow('wrong CRC');
    expect(() => withTextChunk(png, 'provenance', 'µ→')).toThrow('Latin-1');
    expect(() => withTextChunk(Buffer.from('nope'), 'k', 'v')).toThrow('not a PNG');
  });
});
