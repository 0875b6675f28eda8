import { bytesPerElement, product, type DType, type TypedArray } from '@stemflow/plugin-sdk';
import type { DatasetDescriptor } from '../descriptor';
import type { DataSet } from '../framed-source';
import { H5File } from './h5-file';
import { decodeInto, type H5Type } from './hdf5-types';

/** What a worker needs to read the chosen dataset again (plain JSON, in `descriptor.params`). */
export interface Hdf5Params {
  /** The dataset the user chose (or that was detected), as an HDF5 path. */
  dataset: string;
  /** Datasets in frame order (several for ARINA data files). */
  parts: { path: string; frames: number }[];
  /** Stored navigation axes of each part (C order). */
  nativeNav: number[];
  framesLast: boolean;
  elementType: H5Type;
}

/** Largest hyperslab read at once; a tile bigger than this is read in pieces. */
const MAX_READ_BYTES = 64 << 20;

interface Box {
  start: number[];
  count: number[];
  frames: number;
}

/**
 * Split frames `[first, first + n)` of a stored nav grid into rectangular hyperslabs: a partial
 * row, a block of full rows, a partial row (HDF5 reads rectangles, not runs of a flattened index).
 */
export function* navBoxes(first: number, n: number, nav: number[], maxFrames: number): Generator<Box> {
  if (nav.length === 0) {
    yield { start: [], count: [], frames: 1 };
    return;
  }
  while (n > 0) {
    const index = unravel(first, nav);
    const width = nav[nav.length - 1]!;
    const x = index[index.length - 1]!;
    let count: number[];
    let frames: number;
    if (nav.length === 1 || x > 0 || n < width) {
      frames = Math.min(n, width - x, maxFrames);
      count = [...nav.slice(0, -1).map(() => 1), frames];
    } else {
      const rowsLeft = nav[nav.length - 2]! - index[index.length - 2]!;
      const rows = Math.max(1, Math.min(Math.floor(n / width), rowsLeft, Math.floor(maxFrames / width)));
      frames = rows * width;
      if (frames > maxFrames) {
        frames = maxFrames;
        count = [...nav.slice(0, -1).map(() => 1), frames];
      } else {
        count = [...nav.slice(0, -2).map(() => 1), rows, width];
      }
    }
    yield { start: index, count, frames };
    first += frames;
    n -= frames;
  }
}

function unravel(flat: number, shape: number[]): number[] {
  const index = new Array<number>(shape.length);
  for (let axis = shape.length - 1; axis >= 0; axis--) {
    index[axis] = flat % shape[axis]!;
    flat = Math.floor(flat / shape[axis]!);
  }
  return index;
}

/** An HDF5 dataset read hyperslab by hyperslab into the caller's buffer (never the whole dataset). */
export class Hdf5DataSet implements DataSet {
  readonly navShape: number[];
  readonly sigShape: number[];
  readonly dtype: DType;
  readonly frames: number;
  private readonly file: H5File;
  private readonly params: Hdf5Params;
  private readonly width: number;
  private readonly imageCount: number;
  private readonly syncOffset: number;

  constructor(readonly descriptor: DatasetDescriptor) {
    this.params = descriptor.params as unknown as Hdf5Params;
    this.navShape = descriptor.navShape;
    this.sigShape = descriptor.sigShape;
    this.dtype = descriptor.dtype;
    this.frames = product(descriptor.navShape);
    this.width = descriptor.sigShape[descriptor.sigShape.length - 1]!;
    this.imageCount = descriptor.imageCount ?? this.params.parts.reduce((n, p) => n + p.frames, 0);
    this.syncOffset = descriptor.syncOffset ?? 0;
    this.file = new H5File(descriptor.path).open();
  }

  readFrames(frameStart: number, count: number, rowStart: number, rows: number, dest: TypedArray): void {
    const band = rows * this.width;
    let f = 0;
    while (f < count) {
      const physical = frameStart + f + this.syncOffset;
      if (physical < 0 || physical >= this.imageCount) {
        dest.fill(0, f * band, (f + 1) * band);
        f += 1;
        continue;
      }
      const run = Math.min(count - f, this.imageCount - physical);
      this.readRun(physical, run, f, rowStart, rows, dest);
      f += run;
    }
  }

  close(): void {
    this.file.close();
  }

  /** Frames `[first, first + n)` of the stored stack into `dest` from frame slot `slot` on. */
  private readRun(first: number, n: number, slot: number, rowStart: number, rows: number, dest: TypedArray): void {
    const { parts, elementType } = this.params;
    const frameBytes = rows * this.width * Math.max(elementType.size, bytesPerElement(this.dtype));
    const maxFrames = Math.max(1, Math.floor(MAX_READ_BYTES / Math.max(1, frameBytes)));
    let partStart = 0;
    for (const part of parts) {
      const from = Math.max(first, partStart);
      const to = Math.min(first + n, partStart + part.frames);
      if (from < to) {
        const nav = parts.length > 1 ? [part.frames] : this.params.nativeNav;
        let at = slot + (from - first);
        for (const box of navBoxes(from - partStart, to - from, nav, maxFrames)) {
          this.readBox(part.path, box, at, rowStart, rows, dest);
          at += box.frames;
        }
      }
      partStart += part.frames;
    }
  }

  private readBox(path: string, box: Box, slot: number, rowStart: number, rows: number, dest: TypedArray): void {
    const { framesLast, elementType } = this.params;
    const band = rows * this.width;
    const elements = box.frames * band;
    const start = framesLast ? [rowStart, 0, box.start[0]!] : [...box.start, rowStart, 0];
    const count = framesLast ? [rows, this.width, box.frames] : [...box.count, rows, this.width];
    const bytes = this.file.read(path, start, count, elements * elementType.size);
    decodeInto(bytes, elementType, elements, dest, { offset: slot * band, ...(framesLast ? { framesLast: { frames: box.frames, rows, width: this.width } } : {}) }, this.descriptor.path);
  }
}
