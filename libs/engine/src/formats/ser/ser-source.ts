import { closeSync, readSync } from 'node:fs';
import { bytesPerElement, formatCount, product, StemflowError, type DType, type TypedArray } from '@stemflow/plugin-sdk';
import type { DatasetDescriptor } from '../descriptor';
import { hostByteOrder, openFile, swapBytes } from '../file-io';
import type { DataSet } from '../framed-source';
import { ELEMENT_HEADER_BYTES, parseElementHeader } from './ser-element';
import type { SerLayout } from './ser-layout';

/**
 * Frames of a TIA series, found through the offset table. TIA stores rows bottom up; a band of
 * rows is one read of the mirrored band, whose rows are then put in top-down order (HyperSpy,
 * ncempy and LiberTEM deliver the top row first). Each element's own header is checked once,
 * on first use, against the first element's: a series that changes type or size mid-way is
 * refused instead of misread.
 */
export class SerSource implements DataSet {
  readonly navShape: number[];
  readonly sigShape: number[];
  readonly dtype: DType;
  readonly frames: number;
  private fd: number | undefined;
  private readonly width: number;
  private readonly height: number;
  private readonly rowBytes: number;
  private readonly syncOffset: number;
  private readonly checked: Uint8Array;
  private readonly head = new Uint8Array(ELEMENT_HEADER_BYTES);
  private row = new Uint8Array(0);

  constructor(
    readonly descriptor: DatasetDescriptor,
    private readonly layout: SerLayout,
  ) {
    this.navShape = descriptor.navShape;
    this.sigShape = descriptor.sigShape;
    this.dtype = descriptor.dtype;
    this.frames = product(descriptor.navShape);
    this.height = layout.first.height;
    this.width = layout.first.width;
    this.rowBytes = this.width * bytesPerElement(this.dtype);
    this.syncOffset = descriptor.syncOffset ?? 0;
    this.checked = new Uint8Array(layout.offsets.length);
  }

  readFrames(frameStart: number, count: number, rowStart: number, rows: number, dest: TypedArray): void {
    const band = rows * this.rowBytes;
    const bytes = new Uint8Array(dest.buffer, dest.byteOffset, count * band);
    for (let f = 0; f < count; f++) {
      const out = bytes.subarray(f * band, (f + 1) * band);
      const element = frameStart + f + this.syncOffset;
      if (element < 0 || element >= this.layout.offsets.length) {
        out.fill(0);
        continue;
      }
      const offset = this.layout.offsets[element]!;
      if (!this.checked[element]) this.checkHeader(offset);
      // Image rows [rowStart, rowStart + rows) are stored rows [height − rowStart − rows, height − rowStart).
      this.readExactly(out, offset + ELEMENT_HEADER_BYTES + (this.height - rowStart - rows) * this.rowBytes);
      this.reverseRows(out, rows);
      this.checked[element] = 1;
    }
    if (hostByteOrder() !== 'little' && bytesPerElement(this.dtype) > 1) swapBytes(bytes, bytesPerElement(this.dtype));
  }

  close(): void {
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
  }

  private checkHeader(offset: number): void {
    this.readExactly(this.head, offset);
    const head = parseElementHeader(this.head);
    const { first } = this.layout;
    if (head.dataType !== first.dataType || head.width !== first.width || head.height !== first.height) {
      throw new StemflowError(
        'FILE_CORRUPT',
        `${this.descriptor.path}: the element header at byte ${formatCount(offset)} says ${head.width}×${head.height} of data type ${head.dataType} but the series is ${first.width}×${first.height} of type ${first.dataType}: the file is corrupt`,
      );
    }
  }

  private reverseRows(band: Uint8Array, rows: number): void {
    if (this.row.length < this.rowBytes) this.row = new Uint8Array(this.rowBytes);
    for (let top = 0, bottom = rows - 1; top < bottom; top++, bottom--) {
      const a = band.subarray(top * this.rowBytes, (top + 1) * this.rowBytes);
      const b = band.subarray(bottom * this.rowBytes, (bottom + 1) * this.rowBytes);
      this.row.set(a);
      a.set(b);
      b.set(this.row.subarray(0, this.rowBytes));
    }
  }

  private readExactly(into: Uint8Array, position: number): void {
    this.fd ??= openFile(this.descriptor.path);
    let done = 0;
    while (done < into.length) {
      const n = readSync(this.fd, into, done, into.length - done, position + done);
      if (n === 0) {
        throw new StemflowError('FILE_CORRUPT', `${this.descriptor.path} ended at byte ${formatCount(position + done)} while reading a frame: the file is truncated or changed after it was opened`);
      }
      done += n;
    }
  }
}
