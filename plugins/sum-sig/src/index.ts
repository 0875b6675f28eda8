import { definePlugin, sumPerFrame, Type, type Static } from '@stemflow/plugin-sdk';

export const SumSigParams = Type.Object({}, { title: 'Total intensity' });
export type SumSigParams = Static<typeof SumSigParams>;

/** LiberTEM `SumSigUDF`: total intensity of each frame, a nav-shaped image. */
export default definePlugin({
  id: 'sum-sig',
  title: 'Total intensity',
  description: 'Sums each frame over the whole detector: one value per scan position.',
  params: SumSigParams,
  udf: {
    // A frame may arrive as several row tiles: sumPerFrame adds into the nav view, never assigns.
    buffers: { intensity: { kind: 'nav', dtype: 'float64' } },
    processTile: (tile, { out }) => sumPerFrame(tile, out.intensity),
  },
});
