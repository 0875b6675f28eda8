/** A contiguous range of frames `[start, end)` processed as one task. */
export interface Partition {
  index: number;
  start: number;
  end: number;
}

export interface PartitionOptions {
  /** Exact number of partitions (tests use this for awkward splits). */
  count?: number;
  /** Bytes of one frame; with `targetBytes`, sizes partitions by volume. */
  frameBytes?: number;
  /** Aim for partitions of about this many bytes (default 256 MiB: ~0.1–1 s of work per core). */
  targetBytes?: number;
  /** Never fewer partitions than this (keeps every worker busy and results streaming). */
  minCount?: number;
}

/** Split `frames` into contiguous, near-equal ranges. */
export function makePartitions(frames: number, options: PartitionOptions = {}): Partition[] {
  if (frames <= 0) return [];
  let count = options.count;
  if (count === undefined) {
    const bytes = frames * (options.frameBytes ?? 1);
    count = Math.max(options.minCount ?? 1, Math.ceil(bytes / (options.targetBytes ?? 256 * 2 ** 20)));
  }
  count = Math.max(1, Math.min(frames, Math.floor(count)));
  const partitions: Partition[] = [];
  for (let i = 0; i < count; i++) {
    const start = Math.floor((i * frames) / count);
    const end = Math.floor(((i + 1) * frames) / count);
    partitions.push({ index: i, start, end });
  }
  return partitions;
}

/** Flat nav indices of the frames of `partition` that lie in the region of interest. */
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

export function countSelected(frames: number, roi?: Uint8Array): number {
  if (!roi) return frames;
  let n = 0;
  for (let i = 0; i < frames; i++) if (roi[i]) n++;
  return n;
}
