import { closeSync, readdirSync, readSync } from 'node:fs';
import { basename, dirname, isAbsolute, join } from 'node:path';
import { bytesPerElement, formatCount, product, StemflowError, type DType, type TypedArray } from '@stemflow/plugin-sdk';
import type { DatasetDescriptor } from '../descriptor';
import { hostByteOrder, openFile, swapBytes } from '../file-io';
import type { DataSet } from '../framed-source';

/** `<lead>_Top<anything>.seq` / `<lead>_Bottom<anything>.seq`, as DE's Celeritas writes them. */
const HALF_NAME = /^(.*)_(top|bottom)([^/\\]*)\.seq$/i;

export interface CeleritasFiles {
  top: string;
  bottom: string;
  /** `<lead>.seq`: the name the side files (.Config.Metadata.xml, .dark.mrc, .gain.mrc) hang off. */
  root: string;
}

export function isCeleritasHalfName(path: string): boolean {
  return HALF_NAME.test(basename(path));
}

/** The two halves of a Celeritas recording, from explicit `top`/`bottom` params or by name. */
export function findCeleritasHalves(path: string, params: Record<string, unknown>): CeleritasFiles {
  const dir = dirname(path);
  const resolve = (p: string) => (isAbsolute(p) ? p : join(dir, p));
  if (typeof params.top === 'string' && typeof params.bottom === 'string') {
    const top = resolve(params.top);
    const m = HALF_NAME.exec(basename(top));
    return { top, bottom: resolve(params.bottom), root: m ? join(dirname(top), `${m[1]}.seq`) : top };
  }
  const m = HALF_NAME.exec(basename(path));
  if (!m) {
    throw new StemflowError('SHAPE_MISMATCH', `${path} is not named like a Celeritas half (<name>_Top….seq / <name>_Bottom….seq): pass the reader params top and bottom`);
  }
  const lead = m[1]!;
  const isTop = m[2]!.toLowerCase() === 'top';
  const other = isTop ? 'bottom' : 'top';
  const partners = readdirSync(dir).filter((name) => {
    const p = HALF_NAME.exec(name);
    return p !== null && p[1] === lead && p[2]!.toLowerCase() === other;
  });
  if (partners.length === 0) {
    throw new StemflowError('NOT_FOUND', `${path} is the ${isTop ? 'top' : 'bottom'} half of a Celeritas recording, but no ${lead}_${isTop ? 'Bottom' : 'Top'}*.seq is beside it: copy both halves into one folder (or pass the reader param celeritas: false to read this half alone)`);
  }
  if (partners.length > 1) {
    throw new StemflowError('SHAPE_MISMATCH', `${path} has several possible partner halves (${partners.join(', ')}): pass the reader params top and bottom`);
  }
  const partner = join(dir, partners[0]!);
  return { top: isTop ? path : partner, bottom: isTop ? partner : path, root: join(dir, `${lead}.seq`) };
}

/** What a Celeritas data set needs to read its frames; carried in `descriptor.params`. */
export interface CeleritasParams {
  variant: 'celeritas';
  top: string;
  bottom: string;
  /** Frames stored in one buffer frame of each half (SegmentPreBuffer). */
  segmentPreBuffer: number;
  /** Rows of one stored buffer frame of each half. */
  bufferRows: number;
  imageOffset: number;
  /** Bytes from one buffer frame to the next (image + footer). */
  stride: number;
}

/**
 * Celeritas frames are split across two files. Each stored buffer frame of a half holds
 * `segmentPreBuffer` consecutive sub-frames of `bufferRows / segmentPreBuffer` rows. Frame i is
 * the top sub-frame flipped upside down above the bottom sub-frame (the unmerged rosettasciio
 * DE reader's rule, `concat(flipud(top), bottom)`).
 */
export class CeleritasSource implements DataSet {
  readonly navShape: number[];
  readonly sigShape: number[];
  readonly dtype: DType;
  readonly frames: number;
  private readonly p: CeleritasParams;
  private readonly width: number;
  private readonly halfRows: number;
  private readonly itemSize: number;
  private readonly swap: boolean;
  private readonly imageCount: number;
  private readonly syncOffset: number;
  private readonly fds: [number | undefined, number | undefined] = [undefined, undefined];
  private rowScratch: TypedArray | undefined;

  constructor(readonly descriptor: DatasetDescriptor) {
    this.p = descriptor.params as unknown as CeleritasParams;
    this.navShape = descriptor.navShape;
    this.sigShape = descriptor.sigShape;
    this.dtype = descriptor.dtype;
    this.frames = product(descriptor.navShape);
    this.width = descriptor.sigShape[descriptor.sigShape.length - 1]!;
    this.halfRows = this.p.bufferRows / this.p.segmentPreBuffer;
    this.itemSize = bytesPerElement(descriptor.dtype);
    this.swap = this.itemSize > 1 && descriptor.byteOrder !== hostByteOrder();
    this.imageCount = descriptor.imageCount ?? this.frames;
    this.syncOffset = descriptor.syncOffset ?? 0;
  }

  readFrames(frameStart: number, count: number, rowStart: number, rows: number, dest: TypedArray): void {
    const band = rows * this.width;
    for (let f = 0; f < count; f++) {
      const physical = frameStart + f + this.syncOffset;
      const out = dest.subarray(f * band, (f + 1) * band);
      if (physical < 0 || physical >= this.imageCount) out.fill(0);
      else this.readBand(physical, rowStart, rows, out);
    }
  }

  close(): void {
    for (const fd of this.fds) if (fd !== undefined) closeSync(fd);
    this.fds.fill(undefined);
  }

  private readBand(frame: number, rowStart: number, rows: number, out: TypedArray): void {
    const buffer = Math.floor(frame / this.p.segmentPreBuffer);
    const sub = frame % this.p.segmentPreBuffer;
    const subStart = this.p.imageOffset + buffer * this.p.stride + sub * this.halfRows * this.width * this.itemSize;
    const rowEnd = rowStart + rows;
    const topEnd = Math.min(rowEnd, this.halfRows);
    if (topEnd > rowStart) {
      // Frame rows [rowStart, topEnd) are top rows [halfRows - topEnd, halfRows - rowStart), reversed.
      const n = topEnd - rowStart;
      const part = out.subarray(0, n * this.width);
      this.read(0, part, subStart + (this.halfRows - topEnd) * this.width * this.itemSize);
      this.reverseRows(part, n);
    }
    const bottomStart = Math.max(rowStart, this.halfRows);
    if (rowEnd > bottomStart) {
      const part = out.subarray((bottomStart - rowStart) * this.width, rows * this.width);
      this.read(1, part, subStart + (bottomStart - this.halfRows) * this.width * this.itemSize);
    }
  }

  private reverseRows(rowsOf: TypedArray, n: number): void {
    const w = this.width;
    if (!this.rowScratch || this.rowScratch.length < w) this.rowScratch = rowsOf.slice(0, w);
    const tmp = this.rowScratch;
    for (let a = 0, b = n - 1; a < b; a++, b--) {
      tmp.set(rowsOf.subarray(a * w, (a + 1) * w));
      rowsOf.copyWithin(a * w, b * w, (b + 1) * w);
      rowsOf.set(tmp.subarray(0, w), b * w);
    }
  }

  private read(half: 0 | 1, into: TypedArray, position: number): void {
    const file = half === 0 ? this.p.top : this.p.bottom;
    let fd = this.fds[half];
    if (fd === undefined) {
      fd = openFile(file);
      this.fds[half] = fd;
    }
    const bytes = new Uint8Array(into.buffer, into.byteOffset, into.byteLength);
    let done = 0;
    while (done < bytes.length) {
      const n = readSync(fd, bytes, done, bytes.length - done, position + done);
      if (n === 0) {
        throw new StemflowError('FILE_CORRUPT', `${file} ended at byte ${formatCount(position + done)} while reading a frame: the file is truncated or changed after it was opened`);
      }
      done += n;
    }
    if (this.swap) swapBytes(bytes, this.itemSize);
  }
}
