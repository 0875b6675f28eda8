import type { TypedArray } from '../dtype';
import type { DatasetInfo } from '../plugin';

/**
 * Anything the runner can read frames from: a file reader in the engine, or an in-memory
 * array in tests. Reads are synchronous because each worker owns its thread.
 */
export interface FrameSource extends DatasetInfo {
  /**
   * Copy frames `[frameStart, frameStart + count)`, detector rows `[rowStart, rowStart + rows)`,
   * full width, into `dest` (`count × rows × width` elements of `dtype`, C order).
   */
  readFrames(frameStart: number, count: number, rowStart: number, rows: number, dest: TypedArray): void;
  /**
   * Optional zero-copy path: whole frames from `frameStart`, at most `count` of them, as a view of
   * memory-mapped file pages (`k × frame size` elements; `k ≥ 1`), valid until the next call.
   * Undefined when these frames cannot be mapped (decoded, byte-swapped, blank); read them instead.
   */
  mapFrames?(frameStart: number, count: number): TypedArray | undefined;
}
