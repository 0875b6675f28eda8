import type { CompressionSampleInfo } from './report';

/** A block of data to compress, with what the report says about it. */
export interface Sample extends CompressionSampleInfo {
  /** The block's bytes as they lie in memory (little-endian elements). */
  data: Uint8Array;
  /** Element width in bytes. */
  itemSize: number;
}

/** The bytes of a typed array (no copy). */
export function bytesOf(array: ArrayBufferView): Uint8Array {
  return new Uint8Array(array.buffer, array.byteOffset, array.byteLength);
}
