import { definePlugin, sumFrames, Type, type Static } from '@stemflow/plugin-sdk';

export const SumParams = Type.Object({}, { title: 'Sum of frames' });
export type SumParams = Static<typeof SumParams>;

/** LiberTEM `SumUDF`: the sum of all (ROI) frames, one sig-shaped image. */
export default definePlugin({
  id: 'sum',
  title: 'Sum of frames',
  description: 'Adds all frames (or those in the region of interest) into one diffraction image.',
  params: SumParams,
  udf: {
    // float64 is exact for every integer input (sums stay below 2^53 for any realistic data set).
    buffers: { intensity: { kind: 'sig', dtype: 'float64' } },
    processTile: (tile, { out }) => sumFrames(tile, out.intensity),
    // Default merge (element-wise sum) is right for a sum.
  },
});
