/**
 * A contiguous range of frames `[start, end)` processed as one task.
 *
 * @example
 * ```ts
 * import { makePartitions, type Partition } from '@stemflow/plugin-sdk';
 *
 * const [first]: Partition[] = makePartitions(100, { count: 3 }); // { index: 0, start: 0, end: 33 }
 * ```
 */
export interface Partition {
  /** Position in the job's list of partitions, from 0. */
  index: number;
  /** First flat scan index of the partition. */
  start: number;
  /** One past the last flat scan index. */
  end: number;
}

/**
 * How `makePartitions` splits a scan: an exact count, or by volume with a minimum count.
 *
 * @example
 * ```ts
 * import { bytesPerElement, makePartitions, product, type PartitionOptions } from '@stemflow/plugin-sdk';
 *
 * const options: PartitionOptions = { frameBytes: product(dataset.sigShape) * bytesPerElement(dataset.dtype), minCount: 4 };
 * const partitions = makePartitions(dataset.frames, options);
 * ```
 */
export interface PartitionOptions {
  /** Exact number of partitions (tests use this for awkward splits). */
  count?: number;
  /** Bytes of one frame; with `targetBytes`, sizes partitions by volume. */
  frameBytes?: number;
  /** Aim for partitions of about this many bytes (default 256 MiB: ~0.1–1 s of work per core). */
  targetBytes?: number;
  /** Never fewer partitions than this (keeps every worker busy and results streaming). */
  minCount?: number;
  /**
   * When sizing by volume: split the last `taper` partitions into a half and two quarters each,
   * queued after every full one. The partitions that end a job are then small, so the slots
   * finish together instead of one idling while another runs a whole last partition. Pass the
   * number of slots. Ignored with `count`.
   */
  taper?: number;
}

/**
 * Split `frames` into contiguous, near-equal ranges (none for 0 frames; never more ranges than frames),
 * numbered in the order they should run; with `taper`, the last ones are smaller.
 *
 * @example
 * ```ts
 * import { makePartitions } from '@stemflow/plugin-sdk';
 *
 * makePartitions(10, { count: 3 }); // [0, 3), [3, 6), [6, 10)
 * makePartitions(1_000_000, { frameBytes: 131072, minCount: 8 }); // ~128 GB: 489 partitions of ~256 MiB
 * makePartitions(16_384, { frameBytes: 131072, minCount: 4, taper: 2 }); // 6 of 256 MiB, 2 of 128, 4 of 64
 * ```
 */
export function makePartitions(frames: number, options: PartitionOptions = {}): Partition[] {
  if (frames <= 0) return [];
  let count = options.count;
  if (count === undefined) {
    const bytes = frames * (options.frameBytes ?? 1);
    count = Math.max(options.minCount ?? 1, Math.ceil(bytes / (options.targetBytes ?? 256 * 2 ** 20)));
  }
  count = Math.max(1, Math.min(frames, Math.floor(count)));
  const ranges: [number, number][] = [];
  for (let i = 0; i < count; i++) ranges.push([Math.floor((i * frames) / count), Math.floor(((i + 1) * frames) / count)]);
  if (options.count === undefined && options.taper) taperTail(ranges, Math.min(options.taper, count));
  return ranges.map(([start, end], index) => ({ index, start, end }));
}

/** The last `k` ranges become a half and two quarters each: halves first, then quarters (indices follow this order). */
function taperTail(ranges: [number, number][], k: number): void {
  const halves: [number, number][] = [];
  const quarters: [number, number][] = [];
  for (const [start, end] of ranges.splice(ranges.length - k, k)) {
    if (end - start < 4) {
      halves.push([start, end]);
      continue;
    }
    const half = start + Math.floor((end - start) / 2);
    const quarter = half + Math.floor((end - half) / 2);
    halves.push([start, half]);
    quarters.push([half, quarter], [quarter, end]);
  }
  ranges.push(...halves, ...quarters);
}

/**
 * Flat nav indices of the frames of `partition` that lie in the region of interest (all of them without one).
 *
 * @example
 * ```ts
 * import { selectFrames } from '@stemflow/plugin-sdk';
 *
 * const roi = Uint8Array.from({ length: 20 }, (_, i) => (i % 2 === 0 ? 1 : 0));
 * selectFrames({ index: 0, start: 4, end: 10 }, roi); // Int32Array [4, 6, 8]
 * ```
 */
export function selectFrames(partition: Partition, roi?: Uint8Array): Int32Array {
  if (!roi) {
    const all = new Int32Array(partition.end - partition.start);
    for (let i = 0; i < all.length; i++) all[i] = partition.start + i;
    return all;
  }
  let n = 0;
  for (let i = partition.start; i < partition.end; i++) if (roi[i]) n++;
  const selected = new Int32Array(n);
  for (let i = partition.start, k = 0; i < partition.end; i++) if (roi[i]) selected[k++] = i;
  return selected;
}

/**
 * Number of scan positions a run reads: the ROI's non-zero entries among the first `frames`, or `frames` without a ROI.
 *
 * @example
 * ```ts
 * import { countSelected } from '@stemflow/plugin-sdk';
 *
 * const roi = new Uint8Array(dataset.frames).fill(1, 0, 10);
 * const progressTotal = countSelected(dataset.frames, roi); // 10
 * ```
 */
export function countSelected(frames: number, roi?: Uint8Array): number {
  if (!roi) return frames;
  let n = 0;
  for (let i = 0; i < frames; i++) if (roi[i]) n++;
  return n;
}
