import { closeSync, readSync } from 'node:fs';
import { bytesPerElement, formatCount, MappedWindow, product, StemflowError, viewArray, type DType, type FrameSource, type TypedArray } from '@stemflow/plugin-sdk';
import { hostByteOrder, openFile, swapBytes } from './file-io';
import type { DatasetDescriptor } from './descriptor';

/** Turns one frame's bytes as stored (packed bits, other widths…) into rows of the data set's dtype. */
export type FrameDecoder = (encoded: Uint8Array, dest: TypedArray, rowStart: number, rows: number) => void;

/** Where each frame lies on disk. Built by a format's `open`, in every worker. */
export interface FrameLayout {
  files: string[];
  /** Frames physically present in the files. */
  imageCount: number;
  /** File and byte offset of frame `i`'s encoded bytes. */
  locate(frame: number): { file: number; offset: number };
  /** Bytes one frame takes on disk (excluding per-frame headers). */
  encodedFrameBytes: number;
  /**
   * How to decode a frame. Without one, frames are stored as the data set's dtype in
   * `descriptor.byteOrder` and row bands are read straight into the destination.
   */
  decode?: FrameDecoder;
}

/** Address space for mapped frames per open data set: large enough that a tile spans many frames. */
const MAPPED_WINDOW_BYTES = 16 * 2 ** 20;

/** A data set that can be read by frames and closed. */
export interface DataSet extends FrameSource {
  readonly descriptor: DatasetDescriptor;
  close(): void;
}

/**
 * Frames at known places in one or more files, read into the caller's buffer. Handles
 * `syncOffset` (skipped or blank frames), nav shapes larger than the file (blank frames),
 * row bands, byte order, runs of adjacent frames (one read), and a decoder for packed formats
 * (one reused scratch buffer per source).
 */
export class FramedSource implements DataSet {
  readonly navShape: number[];
  readonly sigShape: number[];
  readonly dtype: DType;
  readonly frames: number;
  private readonly fds: (number | undefined)[];
  private readonly width: number;
  private readonly height: number;
  private readonly itemSize: number;
  private readonly swap: boolean;
  private readonly syncOffset: number;
  private scratch = new Uint8Array(0);
  /** Created on the first `mapFrames`; `null` once mapping turned out impossible here. */
  private window: MappedWindow | undefined | null;

  constructor(
    readonly descriptor: DatasetDescriptor,
    private readonly layout: FrameLayout,
  ) {
    this.navShape = descriptor.navShape;
    this.sigShape = descriptor.sigShape;
    this.dtype = descriptor.dtype;
    this.frames = product(descriptor.navShape);
    this.width = descriptor.sigShape[descriptor.sigShape.length - 1] ?? 1;
    this.height = product(descriptor.sigShape) / this.width;
    this.itemSize = bytesPerElement(descriptor.dtype);
    this.swap = !layout.decode && this.itemSize > 1 && descriptor.byteOrder !== hostByteOrder();
    this.syncOffset = descriptor.syncOffset ?? 0;
    this.fds = layout.files.map(() => undefined);
  }

  readFrames(frameStart: number, count: number, rowStart: number, rows: number, dest: TypedArray): void {
    const bandSize = rows * this.width;
    let f = 0;
    while (f < count) {
      const physical = frameStart + f + this.syncOffset;
      const out = dest.subarray(f * bandSize, (f + 1) * bandSize);
      if (physical < 0 || physical >= this.layout.imageCount) {
        out.fill(0);
        f += 1;
        continue;
      }
      if (this.layout.decode) {
        this.decodeFrame(physical, out, rowStart, rows);
        f += 1;
        continue;
      }
      const run = rows === this.height ? this.runLength(physical, count - f) : 1;
      this.readPlain(physical, rowStart, dest.subarray(f * bandSize, (f + run) * bandSize));
      f += run;
    }
  }

  /**
   * Frames stored as the dtype in host byte order, back to back in one file, mapped instead of
   * read: at most `count` from `frameStart`, and at most what fits the window (16 MiB).
   */
  mapFrames(frameStart: number, count: number): TypedArray | undefined {
    if (this.layout.decode || this.swap || this.window === null) return undefined;
    const physical = frameStart + this.syncOffset;
    if (physical < 0 || physical >= this.layout.imageCount) return undefined;
    const frameBytes = this.layout.encodedFrameBytes;
    const { file, offset } = this.layout.locate(physical);
    if (offset % this.itemSize !== 0) return undefined; // a typed view must start on an element
    if (this.window === undefined) {
      this.window = MappedWindow.create(MAPPED_WINDOW_BYTES) ?? null;
      if (this.window === null) return undefined;
    }
    const run = this.runLength(physical, Math.min(count, Math.floor(this.window.bytes / frameBytes)));
    if (run < 1) return undefined;
    const bytes = this.window.map(this.fdOf(file), offset, run * frameBytes);
    return bytes && viewArray(this.dtype, bytes.buffer, bytes.byteOffset, (run * frameBytes) / this.itemSize);
  }

  close(): void {
    for (const fd of this.fds) if (fd !== undefined) closeSync(fd);
    this.fds.fill(undefined);
    this.window?.release();
  }

  /** How many frames from `physical` on lie back to back in the same file. */
  private runLength(physical: number, max: number): number {
    const first = this.layout.locate(physical);
    let n = 1;
    while (n < max && physical + n < this.layout.imageCount) {
      const next = this.layout.locate(physical + n);
      if (next.file !== first.file || next.offset !== first.offset + n * this.layout.encodedFrameBytes) break;
      n++;
    }
    return n;
  }

  private readPlain(physical: number, rowStart: number, out: TypedArray): void {
    const { file, offset } = this.layout.locate(physical);
    const rowBytes = this.width * this.itemSize;
    const bytes = new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
    // A run of whole frames is one read; a row band of one frame starts `rowStart` rows in.
    this.readExactly(file, bytes, offset + rowStart * rowBytes);
    if (this.swap) swapBytes(bytes, this.itemSize);
  }

  private decodeFrame(physical: number, out: TypedArray, rowStart: number, rows: number): void {
    const { file, offset } = this.layout.locate(physical);
    const size = this.layout.encodedFrameBytes;
    if (this.scratch.length < size) this.scratch = new Uint8Array(size);
    const encoded = this.scratch.subarray(0, size);
    this.readExactly(file, encoded, offset);
    this.layout.decode!(encoded, out, rowStart, rows);
  }

  private fdOf(file: number): number {
    let fd = this.fds[file];
    if (fd === undefined) {
      fd = openFile(this.layout.files[file]!);
      this.fds[file] = fd;
    }
    return fd;
  }

  private readExactly(file: number, into: Uint8Array, position: number): void {
    const fd = this.fdOf(file);
    let done = 0;
    while (done < into.length) {
      const n = readSync(fd, into, done, into.length - done, position + done);
      if (n === 0) {
        throw new StemflowError(
          'FILE_CORRUPT',
          `${this.layout.files[file]} ended at byte ${formatCount(position + done)} while reading a frame: the file is truncated or changed after it was opened`,
        );
      }
      done += n;
    }
  }
}
