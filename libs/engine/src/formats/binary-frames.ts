import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { bytesPerElement, formatCount, product, StemflowError, type DType, type FrameSource, type TypedArray } from '@stemflow/plugin-sdk';
import type { ByteOrder, DatasetDescriptor } from './descriptor';

const HOST_IS_LITTLE = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/**
 * Frames stored back to back after a header, uncompressed (raw files, .npy). Reads go
 * straight from the file into the caller's reused buffer; nothing else is allocated.
 */
export class BinaryFrames implements FrameSource {
  readonly navShape: number[];
  readonly sigShape: number[];
  readonly dtype: DType;
  readonly frames: number;
  private fd: number | undefined;
  private readonly itemSize: number;
  private readonly frameBytes: number;
  private readonly rowBytes: number;
  private readonly swap: boolean;

  constructor(readonly descriptor: DatasetDescriptor) {
    this.navShape = descriptor.navShape;
    this.sigShape = descriptor.sigShape;
    this.dtype = descriptor.dtype;
    this.frames = product(descriptor.navShape);
    this.itemSize = bytesPerElement(descriptor.dtype);
    this.frameBytes = product(descriptor.sigShape) * this.itemSize;
    this.rowBytes = (descriptor.sigShape[descriptor.sigShape.length - 1] ?? 1) * this.itemSize;
    this.swap = this.itemSize > 1 && (descriptor.byteOrder === 'little') !== HOST_IS_LITTLE;
    this.fd = openFile(descriptor.path);
    try {
      checkSize(descriptor, fstatSync(this.fd).size, this.frames * this.frameBytes);
    } catch (error) {
      this.close();
      throw error;
    }
  }

  get bytesPerFrame(): number {
    return this.frameBytes;
  }

  readFrames(frameStart: number, count: number, rowStart: number, rows: number, dest: TypedArray): void {
    if (this.fd === undefined) throw new StemflowError('INTERNAL', `${this.descriptor.path} is closed`);
    const bytes = new Uint8Array(dest.buffer, dest.byteOffset, count * rows * this.rowBytes);
    const base = this.descriptor.offset + frameStart * this.frameBytes + rowStart * this.rowBytes;
    if (rows * this.rowBytes === this.frameBytes) {
      this.readExactly(bytes, base);
    } else {
      const chunk = rows * this.rowBytes;
      for (let f = 0; f < count; f++) this.readExactly(bytes.subarray(f * chunk, (f + 1) * chunk), base + f * this.frameBytes);
    }
    if (this.swap) swapBytes(bytes, this.itemSize);
  }

  close(): void {
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
  }

  private readExactly(into: Uint8Array, position: number): void {
    let done = 0;
    while (done < into.length) {
      const n = readSync(this.fd!, into, done, into.length - done, position + done);
      if (n === 0) {
        throw new StemflowError('FILE_CORRUPT', `${this.descriptor.path} ended at byte ${formatCount(position + done)} while reading a frame: the file was truncated or changed after it was opened`);
      }
      done += n;
    }
  }
}

export function openFile(path: string): number {
  try {
    return openSync(path, 'r');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new StemflowError('NOT_FOUND', `no such file: ${path}`, { cause: error });
    if (code === 'EISDIR') throw new StemflowError('FORMAT_UNKNOWN', `${path} is a directory: give the path of a data file`, { cause: error });
    if (code === 'EACCES') throw new StemflowError('FORBIDDEN', `no permission to read ${path}`, { cause: error });
    throw new StemflowError('INTERNAL', `cannot open ${path}: ${(error as Error).message}`, { cause: error });
  }
}

function checkSize(d: DatasetDescriptor, size: number, dataBytes: number): void {
  const needed = d.offset + dataBytes;
  if (size < needed) {
    throw new StemflowError(
      'SHAPE_MISMATCH',
      `${d.path} has ${formatCount(size)} bytes but nav ${d.navShape.join('×')} × sig ${d.sigShape.join('×')} ${d.dtype}` +
        (d.offset ? ` after a ${formatCount(d.offset)}-byte header` : '') +
        ` needs ${formatCount(needed)}: check the scan shape, frame shape and dtype, or the file is truncated`,
    );
  }
}

export function swapBytes(bytes: Uint8Array, itemSize: number): void {
  for (let i = 0; i + itemSize <= bytes.length; i += itemSize) {
    for (let a = i, b = i + itemSize - 1; a < b; a++, b--) {
      const t = bytes[a]!;
      bytes[a] = bytes[b]!;
      bytes[b] = t;
    }
  }
}

export function hostByteOrder(): ByteOrder {
  return HOST_IS_LITTLE ? 'little' : 'big';
}
