import { definePlugin, type TypedArray } from '@stemflow/plugin-sdk';
import { FrameStatisticsParams, nanLike } from './common';

type Which = 'max' | 'min';

/**
 * Per-pixel maximum or minimum over frames. Buffers start at zero, which is not a neutral
 * element of max/min (all-negative data would give 0), so each partition fills a row with
 * ∓∞ before its first tile touches it, and the merge ignores any side that has seen no
 * frame (a private frame count): the result is the same in any merge order.
 * NaN propagates as in `np.max` / `np.min`.
 */
function extremum(which: Which) {
  const isMax = which === 'max';
  const start = isMax ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY;
  // `v !== v` keeps a NaN once seen (np.max semantics); comparisons with NaN are all false.
  const fold = isMax
    ? (acc: TypedArray, data: TypedArray, base: number, n: number) => {
        for (let p = 0; p < n; p++) {
          const v = data[base + p]!;
          if (v > acc[p]! || v !== v) acc[p] = v;
        }
      }
    : (acc: TypedArray, data: TypedArray, base: number, n: number) => {
        for (let p = 0; p < n; p++) {
          const v = data[base + p]!;
          if (v < acc[p]! || v !== v) acc[p] = v;
        }
      };

  return definePlugin({
    id: `statistics.${which}-frame`,
    title: isMax ? 'Maximum frame' : 'Minimum frame',
    description: isMax
      ? 'Per pixel, the largest value over all frames (or those in the region of interest).'
      : 'Per pixel, the smallest value over all frames (or those in the region of interest).',
    params: FrameStatisticsParams,
    udf: {
      buffers: {
        // float64 holds every supported input dtype exactly.
        [which]: { kind: 'sig', dtype: 'float64' },
        num_frames: { kind: 'single', dtype: 'float64', extraShape: [1], use: 'private' },
      } as Record<Which | 'num_frames', { kind: 'sig' | 'single'; dtype: 'float64'; extraShape?: number[]; use?: 'private' }>,
      // Which detector rows of this partition's buffer already hold a running extremum.
      taskData: ({ dataset }) => ({ rowsStarted: new Uint8Array(dataset.sigShape.length >= 2 ? dataset.sigShape[dataset.sigShape.length - 2]! : 1) }),
      processTile(tile, { task, out }) {
        const acc = out[which]!;
        const { rows, width, depth, data, rowStart } = tile;
        for (let r = 0; r < rows; r++) {
          if (task.rowsStarted[rowStart + r]) continue;
          acc.fill(start, r * width, (r + 1) * width);
          task.rowsStarted[rowStart + r] = 1;
        }
        const size = rows * width;
        for (let f = 0; f < depth; f++) fold(acc, data, f * size, size);
        // Count each frame once: every frame has exactly one tile that starts at row 0.
        if (rowStart === 0) out.num_frames![0]! += depth;
      },
      merge(dest, src) {
        const n = src.num_frames![0]!;
        if (n === 0) return;
        if (dest.num_frames![0] === 0) dest[which]!.set(src[which]!);
        else fold(dest[which]!, src[which]!, 0, src[which]!.length);
        dest.num_frames![0]! += n;
      },
      results(buffers, { dataset }) {
        const values = buffers[which]!;
        // No frame seen (empty ROI, nothing merged yet): unknown, not ±∞ or 0.
        const data = buffers.num_frames![0]! > 0 ? values : nanLike(values.length);
        return { [which]: { data, shape: [...dataset.sigShape] } };
      },
    },
  });
}

/** Per-pixel maximum over frames: result `max` (sig, float64). */
export const maxFrame = extremum('max');
/** Per-pixel minimum over frames: result `min` (sig, float64). */
export const minFrame = extremum('min');
