import type { AnyPlugin, DatasetInfo } from '../plugin';

/**
 * The scan positions a run reads: the user's ROI, narrowed to the positions the UDF says it
 * needs (`udf.frames`). `undefined` means every position.
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
