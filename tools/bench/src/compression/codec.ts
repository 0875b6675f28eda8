/**
 * A codec as the survey drives it. Either direction may return a Promise (the WASM codecs do).
 * The returned bytes may be a view on a buffer the codec reuses: valid until its next call.
 */
export interface SurveyCodec {
  readonly id: string;
  readonly library: string;
  readonly description: string;
  readonly pooledCompress: boolean;
  readonly pooledDecompress: boolean;
  /** `itemSize` is the sample's element width in bytes (for shuffles). */
  compress(input: Uint8Array, itemSize: number): Uint8Array | Promise<Uint8Array>;
  /** Decode `compressed` (of `out.length` original bytes), into `out` where the codec can. */
  decompress(compressed: Uint8Array, out: Uint8Array, itemSize: number): Uint8Array | Promise<Uint8Array>;
}

/**
 * A buffer that grows on demand and is then reused, so the timed calls never touch fresh
 * memory (first touch is ~0.3 GB/s on these machines, see STACK.md).
 */
export class ScratchBuffer {
  private buffer = new Uint8Array(0);

  /** A view of exactly `size` bytes on the reused memory. */
  take(size: number): Uint8Array {
    if (this.buffer.length < size) {
      this.buffer = new Uint8Array(size);
      this.buffer.fill(1); // touch every page now, not inside a timed call
    }
    return this.buffer.subarray(0, size);
  }
}
