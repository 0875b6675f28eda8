import { formatCount, StemflowError } from '@stemflow/plugin-sdk';
import { fileSize, readBytes } from '../file-io';

/**
 * The first `length` bytes of a file that must hold at least that many. Missing files,
 * directories, empty and short files end in a StemflowError that names the file.
 */
export function readHead(path: string, length: number, what: string): { bytes: Uint8Array; size: number } {
  const size = fileSize(path);
  if (size === 0) throw new StemflowError('FILE_CORRUPT', `${path} is empty (0 bytes)`);
  if (size < length) {
    throw new StemflowError('FILE_CORRUPT', `${path} has ${formatCount(size)} bytes, fewer than its ${formatCount(length)}-byte ${what}: the file is truncated or of another format`);
  }
  return { bytes: readBytes(path, 0, length), size };
}

/** A small companion text file (XML, info.txt), refused above `maxBytes` so a wrong path cannot fill memory. */
export function readSmallText(path: string, maxBytes: number, what: string): string {
  const size = fileSize(path);
  if (size > maxBytes) {
    throw new StemflowError('FILE_CORRUPT', `${path} has ${formatCount(size)} bytes, more than a ${what} should (limit ${formatCount(maxBytes)}): is it the right file?`);
  }
  return Buffer.from(readBytes(path, 0, size)).toString('utf8');
}

/** NUL-terminated ASCII/Latin-1 text of a fixed-size header field. */
export function fixedString(bytes: Uint8Array, start: number, length: number): string {
  let end = start;
  while (end < start + length && bytes[end] !== 0) end++;
  return Buffer.from(bytes.subarray(start, end)).toString('latin1');
}
