import { definePlugin, sumFrames } from '@stemflow/plugin-sdk';
import { FrameStatisticsParams } from './common';

/**
 * Per-pixel mean over frames, `mean[p] = Σ_f frame_f[p] / N` (as `mean` of LiberTEM's
 * `StdDevUDF`). Sum and count are additive, so the default merge (sum) is exact and
 * order-free; for integer input the float64 sum is exact below 2^53.
 */
export const mean = definePlugin({
  id: 'statistics.mean',
  title: 'Mean frame',
  description: 'Per pixel, the mean over all frames (or those in the region of interest).',
  params: FrameStatisticsParams,
  udf: {
    buffers: {
      sum: { kind: 'sig', dtype: 'float64', use: 'private' },
      num_frames: { kind: 'single', dtype: 'float64', extraShape: [1] },
    },
    processTile(tile, { out }) {
      sumFrames(tile, out.sum);
      // Count each frame once: every frame has exactly one tile that starts at row 0.
      if (tile.rowStart === 0) out.num_frames[0]! += tile.depth;
    },
    results({ sum, num_frames }, { dataset }) {
      const n = num_frames[0]!;
      // With no frame, 0/0 = NaN: unknown, not zero.
      const data = Float64Array.from(sum, (s) => s / n);
      return { mean: { data, shape: [...dataset.sigShape] }, num_frames: { data: num_frames, shape: [1] } };
    },
  },
});
