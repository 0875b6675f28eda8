import { definePlugin } from '@stemflow/plugin-sdk';
import { FrameStatisticsParams } from './common';

/**
 * LiberTEM `LogsumUDF`: `logsum[p] = Σ_frames ln(frame[p] − min(frame) + 1)`.
 * Each frame is shifted to start at 0 before the log, so every term is ≥ 0 and faint
 * features seen in many frames stand out against bright ones seen in a few.
 */
export const logsum = definePlugin({
  id: 'statistics.logsum',
  title: 'Sum of log-scaled frames',
  description: 'Per pixel, the sum over frames of ln(frame − min(frame) + 1): shows weak features present in many frames.',
  params: FrameStatisticsParams,
  udf: {
    // float64 accumulation (LiberTEM keeps float32); exact terms for integer input, then one rounding per add.
    buffers: { logsum: { kind: 'sig', dtype: 'float64' } },
    // The minimum is over the whole frame, so the kernel needs whole frames.
    processFrame(frame, { out }) {
      const data = frame.data;
      const acc = out.logsum;
      const n = data.length;
      // NaN propagates as in np.min: a frame with a NaN pixel adds NaN everywhere.
      let min = Number.POSITIVE_INFINITY;
      for (let p = 0; p < n; p++) {
        const v = data[p]!;
        if (v < min || v !== v) min = v;
        if (min !== min) break;
      }
      // log1p(v − min) = ln(v − min + 1), without the rounding of the "+ 1" for fractional input.
      for (let p = 0; p < n; p++) acc[p]! += Math.log1p(data[p]! - min);
    },
  },
});

