import type { AnyPlugin, NDArray } from '../plugin';
import { resolveParams } from '../params';
import type { FrameSource } from '../runner/frame-source';
import { runInline, type RunInlineOptions } from '../runner/run-inline';

/**
 * Run a plugin on a data set the way a job would (params completed and validated,
 * ≥ 2 partitions merged out of order) and return its named results.
 * `options.corrections` (dark, gain, excluded pixels) makes the UDF see corrected float tiles, as in a job.
 *
 * @throws `StemflowError` `PARAMS_INVALID` for parameters a job would refuse (see `paramErrors`),
 * `KERNEL_FAILED` when the plugin throws.
 *
 * @example
 * ```ts
 * import { randomDataSet, runUdf } from '@stemflow/plugin-sdk/testing';
 *
 * test('a disk detector gives one value per scan position', () => {
 *   const ds = randomDataSet([5, 7], [9, 11]);
 *   const { intensity } = runUdf(plugin, ds, { shape: 'disk', cx: 5, cy: 4, r: 3 }, { tileShape: { depth: 3, rows: 4 } });
 *   expect(intensity!.shape).toEqual([5, 7]);
 * });
 * ```
 */
export function runUdf(plugin: AnyPlugin, dataset: FrameSource, params: unknown = {}, options: RunInlineOptions = {}): Record<string, NDArray> {
  const resolved = resolveParams(plugin, params, dataset);
  return runInline(plugin, resolved, dataset, options).results();
}
