import type { AnyPlugin, DatasetInfo } from '../plugin';

/**
 * The scan positions a run reads: the user's ROI, narrowed to the positions the UDF says it
 * needs (`udf.frames`). `undefined` means every position.
 *
 * @example
 * ```ts
 * import { effectiveRoi } from '@stemflow/plugin-sdk';
 *
 * // For a plugin whose udf.frames returns [12]: only scan position 12 is read.
 * const roi = effectiveRoi(plugin, { x: 2, y: 1 }, { navShape: [8, 10], sigShape: [64, 64], dtype: 'uint16', frames: 80 });
 * ```
 */
export function effectiveRoi(plugin: AnyPlugin, params: unknown, dataset: DatasetInfo, roi?: Uint8Array): Uint8Array | undefined {
  const wanted = plugin.udf.frames?.({ params, dataset });
  if (!wanted) return roi;
  const out = new Uint8Array(dataset.frames);
  for (const index of wanted) {
    if (Number.isInteger(index) && index >= 0 && index < dataset.frames && (!roi || roi[index])) out[index] = 1;
  }
  return out;
}
