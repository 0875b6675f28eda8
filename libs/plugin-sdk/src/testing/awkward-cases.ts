import type { DType } from '../dtype';
import { product } from '../dtype';
import type { TileShape } from '../runner/run-partition';

/** Every third scan position plus a block: ROI gaps split tiles into several reads. */
export function awkwardRoi(frames: number): Uint8Array {
  return Uint8Array.from({ length: frames }, (_, i) => (i % 3 === 0 || (i >= 10 && i < 16) ? 1 : 0));
}

export interface AwkwardCase {
  dtype: DType;
  tileShape: TileShape;
  partitions: number;
  useRoi: boolean;
  roi?: Uint8Array;
}

/**
 * LiberTEM's recipe for testing a UDF, as a matrix for `test.each`: integer and float input,
 * tiles that split frames into odd row bands and single-frame tiles, 2 and 3 partitions,
 * with and without a gappy ROI.
 *
 * @example
 * test.each(awkwardCases([5, 7], [9, 11]))('$dtype $partitions partitions', ({ dtype, tileShape, partitions, roi }) => { ... });
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
