import type { Range } from '../results/colormap';

// Automatic contrast limits. Pure.

const MAX_SAMPLES = 65_536;

/**
 * The `low` and `high` percentiles (0–100) of the finite values, estimated from at most
 * 65 536 evenly spaced samples so that a 512×512 frame costs one small sort. Null when
 * there are no finite values.
 */
export function percentileRange(values: ArrayLike<number>, low = 0.5, high = 99.5): Range | null {
  const stride = Math.max(1, Math.ceil(values.length / MAX_SAMPLES));
  const sample = new Float64Array(Math.ceil(values.length / stride));
  let n = 0;
  for (let i = 0; i < values.length; i += stride) {
    const v = values[i];
    if (Number.isFinite(v)) sample[n++] = v;
  }
  if (n === 0) return null;
  const sorted = sample.subarray(0, n).sort();
  const at = (p: number) => sorted[Math.min(n - 1, Math.max(0, Math.round((p / 100) * (n - 1))))];
  return { min: at(low), max: at(high) };
}
