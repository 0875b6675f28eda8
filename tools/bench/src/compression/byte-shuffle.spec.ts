import { byteShuffle, byteUnshuffle } from './byte-shuffle';

describe('byteShuffle', () => {
  it('puts byte j of every element into plane j and copies trailing bytes as they are', () => {
    const input = Uint8Array.from([0x01, 0xa1, 0x02, 0xa2, 0x03, 0xa3, 0x77]);
    const out = new Uint8Array(input.length);
    byteShuffle(input, 2, out);
    expect(Array.from(out)).toEqual([0x01, 0x02, 0x03, 0xa1, 0xa2, 0xa3, 0x77]);
  });

  it.each([1, 2, 3, 4, 8])('round-trips element width %i, aligned and unaligned, with a ragged tail', (itemSize) => {
    const backing = new Uint8Array(1 + 37 * itemSize + 3);
    for (let i = 0; i < backing.length; i++) backing[i] = (i * 131 + 7) & 0xff;
    for (const offset of [0, 1]) {
      const input = backing.subarray(offset, offset + 37 * itemSize + 2);
      const shuffled = new Uint8Array(input.length);
      const restored = new Uint8Array(input.length + 1).subarray(offset);
      byteShuffle(input, itemSize, shuffled);
      byteUnshuffle(shuffled, itemSize, restored.subarray(0, input.length));
      expect(Buffer.compare(Buffer.from(restored.subarray(0, input.length)), Buffer.from(input))).toBe(0);
    }
  });
});
