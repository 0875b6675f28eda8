import { closeSync, fstatSync, openSync, readSync, statSync } from 'node:fs';
import { formatCount, StemflowError } from '@stemflow/plugin-sdk';
import type { ByteOrder } from './descriptor';

const HOST_IS_LITTLE = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

export function hostByteOrder(): ByteOrder {
  return HOST_IS_LITTLE ? 'little' : 'big';
}

/** Open for reading, turning system errors into messages a user can act on. */
export function openFile(path: string): number {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new StemflowError('NOT_FOUND', `no such file: ${path}`, { cause: error });
    if (code === 'EISDIR') throw new StemflowError('FORMAT_UNKNOWN', `${path} is a directory: give the path of a data file`, { cause: error });
    if (code === 'EACCES') throw new StemflowError('FORBIDDEN', `no permission to read ${path}`, { cause: error });
    throw new StemflowError('INTERNAL', `cannot open ${path}: ${(error as Error).message}`, { cause: error });
  }
  // Linux opens directories for reading; the first read would then fail with a bare EISDIR.
  if (fstatSync(fd).isDirectory()) {
    closeSync(fd);
    throw new StemflowError('FORMAT_UNKNOWN', `${path} is a directory: give the path of a data file`);
  }
  return fd;
}

export function fileSize(path: string): number {
  try {
    const stat = statSync(path);
    if (stat.isDirectory()) throw new StemflowError('FORMAT_UNKNOWN', `${path} is a directory: give the path of a data file`);
    return stat.size;
  } catch (error) {
    if (error instanceof StemflowError) throw error;
    throw new StemflowError('NOT_FOUND', `no such file: ${path}`, { cause: error });
  }
}

/** Up to `length` bytes from `position` (fewer at the end of the file). */
export function readBytes(path: string, position: number, length: number): Uint8Array {
  const fd = openFile(path);
  try {
    const size = fstatSync(fd).size;
    const out = new Uint8Array(Math.max(0, Math.min(length, size - position)));
    let done = 0;
    while (done < out.length) {
      const n = readSync(fd, out, done, out.length - done, position + done);
      if (n === 0) break;
      done += n;
    }
    return out.subarray(0, done);
  } finally {
    closeSync(fd);
  }
}

/** Refuse a file shorter than the layout needs, saying what was expected. */
export function checkFileSize(path: string, needed: number, what: string): void {
  const size = fileSize(path);
  if (size < needed) {
    throw new StemflowError('SHAPE_MISMATCH', `${path} has ${formatCount(size)} bytes but ${what} needs ${formatCount(needed)}: check the shape and dtype, or the file is truncated`);
  }
}

/** Reverse the byte order of each `itemSize`-byte element in place (Buffer's swaps are ~20× a JS loop). */
export function swapBytes(bytes: Uint8Array, itemSize: number): void {
  const whole = bytes.length - (bytes.length % itemSize);
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, whole);
  if (itemSize === 2) return void buffer.swap16();
  if (itemSize === 4) return void buffer.swap32();
  if (itemSize === 8) return void buffer.swap64();
  for (let i = 0; i + itemSize <= bytes.length; i += itemSize) {
    for (let a = i, b = i + itemSize - 1; a < b; a++, b--) {
      const t = bytes[a]!;
      bytes[a] = bytes[b]!;
      bytes[b] = t;
    }
  }
}
