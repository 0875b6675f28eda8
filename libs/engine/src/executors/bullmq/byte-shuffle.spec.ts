import type { TypedArray } from '@stemflow/plugin-sdk';
import { shuffleBytes, unshuffleBytes } from './byte-shuffle';

/** The layout spelled out byte by byte: planes over n − n % 4 elements, then the tail as is. */
function referenceShuffle(src: TypedArray): Uint8Array {
  const width = src.BYTES_PER_ELEMENT;
  const bytes = new Uint8Array(src.buffer, src.byteOffset, src.byteLength);
  const n4 = src.length - (src.length % 4);
  const out = new Uint8Array(src.byteLength);
  for (let i = 0; i < n4; i++) for (let b = 0; b < width; b++) out[b * n4 + i] = bytes[i * width + b]!;
  for (let k = n4 * width; k < src.byteLength; k++) out[k] = bytes[k]!;
  return width === 1 ? bytes.slice() : out;
}

const makers: [string, (buffer: ArrayBuffer, offset: number, n: number) => TypedArray, number][] = [
  ['float64', (b, o, n) => new Float64Array(b, o, n), 8],
  ['float32', (b, o, n) => new Float32Array(b, o, n), 4],
  ['int32', (b, o, n) => new Int32Array(b, o, n), 4],
  ['uint16', (b, o, n) => new Uint16Array(b, o, n), 2],
  ['uint8', (b, o, n) => new Uint8Array(b, o, n), 1],
];

/** Random bytes (every bit pattern, NaNs included) at a chosen element offset, so views start unaligned to 4 too. */
function randomArray(make: (buffer: ArrayBuffer, offset: number, n: number) => TypedArray, width: number, n: number, elementOffset: number): TypedArray {
  const buffer = new ArrayBuffer((n + elementOffset) * width);
  const bytes = new Uint8Array(buffer);
  for (let i = 0; i < bytes.length; i++) bytes[i] = (Math.random() * 256) | 0;
  return make(buffer, elementOffset * width, n);
}

describe('byte shuffle', () => {
  describe.each(makers)('%s', (_name, make, width) => {
    it.each([0, 1, 3, 4, 5, 8, 1001, 4096])('n = %i: the documented layout, and back exactly, from aligned and unaligned views', (n) => {
      for (const elementOffset of [0, 1]) {
        const src = randomArray(make, width, n, elementOffset);
        for (const at of [0, 4, 3]) {
          const out = new Uint8Array(at + src.byteLength + 5).fill(0xee);
          shuffleBytes(src, out, at);
          expect(Buffer.from(out.subarray(at, at + src.byteLength)).equals(Buffer.from(referenceShuffle(src)))).toBe(true);
          expect(out.subarray(0, at).every((v) => v === 0xee) && out.subarray(at + src.byteLength).every((v) => v === 0xee)).toBe(true);
          const back = make(new ArrayBuffer((n + elementOffset) * width), elementOffset * width, n);
          unshuffleBytes(out, at, back);
          const same = Buffer.from(back.buffer, back.byteOffset, back.byteLength).equals(Buffer.from(src.buffer, src.byteOffset, src.byteLength));
          expect(same).toBe(true);
        }
      }
    });
  });
});
