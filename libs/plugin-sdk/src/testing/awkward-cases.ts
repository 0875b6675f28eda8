import type { DType } from '../dtype';
import { product } from '../dtype';
import type { TileShape } from '../runner/run-partition';

/**
 * A gappy region of interest: every third scan position plus a block (positions 10–15), so ROI
 * gaps split tiles into several reads.
 *
 * @example
 * ```ts
 * import { awkwardRoi, randomDataSet, runUdf } from '@stemflow/plugin-sdk/testing';
 *
 * test('positions outside the ROI are NaN', () => {
 *   const roi = awkwardRoi(35);
 *   const { intensity } = runUdf(plugin, randomDataSet([5, 7], [9, 11]), {}, { roi });
 *   expect(Number.isNaN(intensity!.data[1]!)).toBe(roi[1] === 0);
 * });
 * ```
 */
export function awkwardRoi(frames: number): Uint8Array {
  return Uint8Array.from({ length: frames }, (_, i) => (i % 3 === 0 || (i >= 10 && i < 16) ? 1 : 0));
}

/**
 * One case of the `awkwardCases` matrix: how to build the data and how to run the UDF on it.
 *
 * @example
 * ```ts
 * import { awkwardCases, randomDataSet, runUdf, type AwkwardCase } from '@stemflow/plugin-sdk/testing';
 *
 * function runCase({ dtype, tileShape, partitions, roi }: AwkwardCase) {
 *   return runUdf(plugin, randomDataSet([5, 7], [9, 11], dtype, 7), {}, { tileShape, partitions, roi });
 * }
 * const first = runCase(awkwardCases([5, 7], [9, 11])[0]!);
 * ```
 */
export interface AwkwardCase {
  /** Element type of the data set to build. */
  dtype: DType;
  /** Tiles to force: odd row bands or single frames. */
  tileShape: TileShape;
  /** Number of partitions (2 or 3). */
  partitions: number;
  /** Whether this case uses a ROI (for the test's name). */
  useRoi: boolean;
  /** The gappy ROI (`awkwardRoi`) when `useRoi`. */
  roi?: Uint8Array;
}

/**
 * LiberTEM's recipe for testing a UDF, as a matrix for `test.each`: integer and float input,
 * tiles that split frames into odd row bands and single-frame tiles, 2 and 3 partitions,
 * with and without a gappy ROI.
 *
 * @example
 * ```ts
 * import { awkwardCases, randomDataSet, runUdf } from '@stemflow/plugin-sdk/testing';
 *
 * test.each(awkwardCases([5, 7], [9, 11]))('$dtype, $partitions partitions, ROI $useRoi', ({ dtype, tileShape, partitions, roi }) => {
 *   const ds = randomDataSet([5, 7], [9, 11], dtype, 7);
 *   const { intensity } = runUdf(plugin, ds, {}, { tileShape, partitions, roi });
 *   // compare with a plain float64 loop over ds.data, within the kernel's tolerance
 *   expect(intensity!.shape).toEqual([9, 11]);
 * });
 * ```
 */
export function awkwardCases(navShape: readonly number[], sigShape: readonly number[], dtypes: readonly DType[] = ['uint16', 'float32']): AwkwardCase[] {
  const height = sigShape.length >= 2 ? sigShape[sigShape.length - 2]! : 1;
  const tileShapes: TileShape[] = [
    { depth: 3, rows: Math.max(1, Math.ceil(height / 2) - 1) },
    { depth: 1, rows: height },
  ];
  const roi = awkwardRoi(product(navShape));
  return dtypes.flatMap((dtype) =>
    tileShapes.flatMap((tileShape) =>
      [2, 3].flatMap((partitions) => [false, true].map((useRoi) => ({ dtype, tileShape, partitions, useRoi, ...(useRoi ? { roi } : {}) }))),
    ),
  );
}
