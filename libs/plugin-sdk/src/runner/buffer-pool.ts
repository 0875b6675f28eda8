import { bytesPerElement, viewArray, type DType, type TypedArray } from '../dtype';

/**
 * Growing scratch buffers reused for every tile a worker reads: fresh memory costs ~0.3 GB/s
 * on first touch, reused memory 15–20 GB/s. Slot 0 receives tiles as read; slot 1 their
 * corrected copy when detector corrections are active.
 */
export class BufferPool {
  private buffers: ArrayBuffer[] = [];

  take(dtype: DType, length: number, slot = 0): TypedArray {
    const bytes = length * bytesPerElement(dtype);
    if ((this.buffers[slot]?.byteLength ?? -1) < bytes) this.buffers[slot] = new ArrayBuffer(bytes);
    return viewArray(dtype, this.buffers[slot]!, 0, length);
  }
}
