import { closeSync, fstatSync, readSync } from 'node:fs';
import { allocArray, formatCount, npyItemSize, parseNpyHeader, StemflowError, type NDArray, type NpyHeader } from '@stemflow/plugin-sdk';
import { hostByteOrder, openFile, swapBytes } from './file-io';

export { encodeNpy, hasNpyMagic, parseNpyHeader, type NpyHeader } from '@stemflow/plugin-sdk';

/** Read and check the header of an `.npy` file, including that the file holds all its data. */
export function readNpyHeader(path: string): NpyHeader {
  const fd = openFile(path);
  try {
    const size = fstatSync(fd).size;
    const head = new Uint8Array(Math.min(size, 65536 + 12));
    readSync(fd, head, 0, head.length, 0);
    const header = parseNpyHeader(head, path);
    const needed = header.offset + header.shape.reduce((a, b) => a * b, 1) * npyItemSize(header.dtype);
    if (size < needed) {
      throw new StemflowError('FILE_CORRUPT', `${path} has ${formatCount(size)} bytes but its header (shape ${header.shape.join('×')} ${header.dtype}) needs ${formatCount(needed)}: the file is truncated`);
    }
    return header;
  } finally {
    closeSync(fd);
  }
}

const SMALL_ARRAY_LIMIT = 256 * 2 ** 20;

/** Read a whole `.npy` file that is small by nature (an ROI, a mask, a result): at most 256 MiB. */
export function readNpyArray(path: string): NDArray {
  const header = readNpyHeader(path);
  const count = header.shape.reduce((a, b) => a * b, 1);
  const bytes = count * npyItemSize(header.dtype);
  if (bytes > SMALL_ARRAY_LIMIT) {
    throw new StemflowError('SHAPE_MISMATCH', `${path} holds ${formatCount(bytes)} bytes; only small arrays (≤ 256 MiB) are read whole — open large ones as a data set`);
  }
  const data = allocArray(header.dtype, count);
  const target = new Uint8Array(data.buffer, 0, bytes);
  const fd = openFile(path);
  try {
    readSync(fd, target, 0, bytes, header.offset);
  } finally {
    closeSync(fd);
  }
  if (header.byteOrder !== hostByteOrder()) swapBytes(target, npyItemSize(header.dtype));
  return { data, shape: header.shape };
}
