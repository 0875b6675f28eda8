import type { TypedArray } from '@stemflow/plugin-sdk';
import type { FrameDecoder } from '../framed-source';

/** IEEE 754 half → number (exact: every float16 is a float32). */
export function halfToNumber(bits: number): number {
  const sign = bits & 0x8000 ? -1 : 1;
  const exponent = (bits >> 10) & 0x1f;
  const fraction = bits & 0x3ff;
  if (exponent === 0) return sign * fraction * 2 ** -24;
  if (exponent === 0x1f) return fraction ? Number.NaN : sign * Infinity;
  return sign * (1 + fraction / 1024) * 2 ** (exponent - 15);
}

/** MRC mode 12 (float16) frames delivered as float32; `width` is the row length of the delivered frame. */
export function float16Decoder(little: boolean, width: number): FrameDecoder {
  return (encoded: Uint8Array, dest: TypedArray, rowStart: number, rows: number) => {
    const view = new DataView(encoded.buffer, encoded.byteOffset, encoded.byteLength);
    const first = rowStart * width;
    const count = rows * width;
    for (let i = 0; i < count; i++) dest[i] = halfToNumber(view.getUint16((first + i) * 2, little));
  };
}

/**
 * MRC mode 101 (IMOD): 4-bit pixels, two per byte, the first pixel in the low nibble; each
 * stored row of `nx` pixels is padded to a whole byte.
 */
export function uint4Decoder(nx: number, width: number): FrameDecoder {
  const rowBytes = Math.ceil(nx / 2);
  return (encoded: Uint8Array, dest: TypedArray, rowStart: number, rows: number) => {
    const first = rowStart * width;
    const count = rows * width;
    for (let i = 0; i < count; i++) {
      // Stored rows are nx long; a user's sig shape may cut frames differently (same pixel count).
      const pixel = first + i;
      const row = Math.floor(pixel / nx);
      const col = pixel - row * nx;
      const byte = encoded[row * rowBytes + (col >> 1)]!;
      dest[i] = col & 1 ? byte >> 4 : byte & 0x0f;
    }
  };
}
