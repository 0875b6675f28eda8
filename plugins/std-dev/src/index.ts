import { definePlugin, mergeWelford, product, Type, welfordTile, type Static } from '@stemflow/plugin-sdk';

export const StdDevParams = Type.Object({}, { title: 'Standard deviation of frames' });
export type StdDevParams = Static<typeof StdDevParams>;

/**
 * LiberTEM `StdDevUDF`: per-pixel mean, variance and standard deviation over all (ROI) frames,
 * from per-partition `(N, sum, varsum)` merged pairwise (Chan et al.), which stays exact
 * where the naive Σx² − (Σx)²/N cancels catastrophically.
 */
export default definePlugin({
  id: 'std-dev',
  title: 'Standard deviation of frames',
  description: 'Per-pixel mean, variance and standard deviation over all frames (or those in the region of interest).',
  params: StdDevParams,
  udf: {
    buffers: {
      varsum: { kind: 'sig', dtype: 'float64' },
      sum: { kind: 'sig', dtype: 'float64' },
      num_frames: { kind: 'single', dtype: 'float64', extraShape: [1] },
    },
    taskData: ({ dataset }) => ({
      // A tile is a block of frames × a block of rows: each row block has seen its own number of frames so far.
      seen: new Map<number, number>(),
      scratch: new Float64Array(product(dataset.sigShape)),
    }),
    processTile(tile, { task, out }) {
      const n0 = task.seen.get(tile.rowStart) ?? 0;
      welfordTile(tile, n0, out.sum, out.varsum, task.scratch);
      task.seen.set(tile.rowStart, n0 + tile.depth);
      // Count each frame once: every frame has exactly one tile that starts at row 0.
      if (tile.rowStart === 0) out.num_frames[0]! += tile.depth;
    },
    merge(dest, src) {
      // mergeWelford reads dest's count, so the count is added afterwards.
      mergeWelford(dest.num_frames[0]!, dest.sum, dest.varsum, src.num_frames[0]!, src.sum, src.varsum);
      dest.num_frames[0]! += src.num_frames[0]!;
    },
    results({ varsum, sum, num_frames }, { dataset }) {
      const n = num_frames[0]!;
      const shape = [...dataset.sigShape];
      const mean = new Float64Array(sum.length);
      const variance = new Float64Array(sum.length);
      const std = new Float64Array(sum.length);
      // With no frame yet, 0/0 gives NaN: "unknown", not zero.
      for (let p = 0; p < sum.length; p++) {
        mean[p] = sum[p]! / n;
        variance[p] = varsum[p]! / n;
        std[p] = Math.sqrt(variance[p]!);
      }
      return {
        varsum: { data: varsum, shape },
        num_frames: { data: num_frames, shape: [1] },
        sum: { data: sum, shape },
        mean: { data: mean, shape },
        var: { data: variance, shape },
        std: { data: std, shape },
      };
    },
  },
});
