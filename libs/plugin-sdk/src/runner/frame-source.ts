import type { TypedArray } from '../dtype';
import type { DatasetInfo } from '../plugin';

/**
 * Anything the runner can read frames from: a file reader in the engine, or an in-memory
 * array in tests. Reads are synchronous because each worker owns its thread.
 *
 * @example
 * ```ts
 * import { runInline, type FrameSource, type TypedArray } from '@stemflow/plugin-sdk';
 *
 * // A synthetic source: every pixel of frame f holds f.
 * const ramp: FrameSource = {
 *   navShape: [4, 4], sigShape: [8, 8], dtype: 'float32', frames: 16,
 *   readFrames(frameStart: number, count: number, rowStart: number, rows: number, dest: TypedArray) {
 *     for (let f = 0; f < count; f++) dest.fill(frameStart + f, f * rows * 8, (f + 1) * rows * 8);
 *   },
 * };
 * const results = runInline(plugin, {}, ramp).results();
 * ```
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
