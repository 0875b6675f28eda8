import { closeSync, fstatSync, readSync } from 'node:fs';
import { formatCount, StemflowError, type DType, type NDArray, type TypedArray } from '@stemflow/plugin-sdk';
import { allocArray, dtypeOf } from '@stemflow/plugin-sdk';
import { hostByteOrder, openFile, swapBytes } from './file-io';
import type { ByteOrder } from './descriptor';

/** NumPy `.npy` format, versions 1–3 (https://numpy.org/doc/stable/reference/generated/numpy.lib.format.html). */
const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]; // \x93NUMPY

const DESCR_TO_DTYPE: Record<string, DType> = {
  u1: 'uint8',
  i1: 'int8',
  u2: 'uint16',
  i2: 'int16',
  u4: 'uint32',
  i4: 'int32',
  f4: 'float32',
  f8: 'float64',
  b1: 'uint8',
};

const DTYPE_TO_DESCR: Record<DType, string> = {
  uint8: '|u1',
  int8: '|i1',
  uint16: '<u2',
  int16: '<i2',
  uint32: '<u4',
  int32: '<i4',
  float32: '<f4',
  float64: '<f8',
};

export interface NpyHeader {
  dtype: DType;
  byteOrder: ByteOrder;
  shape: number[];
  /** Byte offset of the data. */
  offset: number;
}

export function hasNpyMagic(bytes: Uint8Array): boolean {
  return MAGIC.every((b, i) => bytes[i] === b);
}

/** Read and check the header of an `.npy` file, including that the file holds all its data. */
export function readNpyHeader(path: string): NpyHeader {
  const fd = openFile(path);
  try {
    const size = fstatSync(fd).size;
    const head = new Uint8Array(Math.min(size, 65536 + 12));
    readSync(fd, head, 0, head.length, 0);
    const header = parseNpyHeader(head, path);
    const needed = header.offset + header.shape.reduce((a, b) => a * b, 1) * itemSize(header.dtype);
    if (size < needed) {
      throw new StemflowError('FILE_CORRUPT', `${path} has ${formatCount(size)} bytes but its header (shape ${header.shape.join('×')} ${header.dtype}) needs ${formatCount(needed)}: the file is truncated`);
    }
    return header;
  } finally {
    closeSync(fd);
  }
}

function itemSize(dtype: DType): number {
  return Number(DTYPE_TO_DESCR[dtype].slice(2));
}

export function parseNpyHeader(bytes: Uint8Array, path = 'the file'): NpyHeader {
  if (bytes.length < 10 || !hasNpyMagic(bytes)) {
    throw new StemflowError('FILE_CORRUPT', `${path} is not a NumPy .npy file (it does not start with \\x93NUMPY)`);
  }
  const major = bytes[6]!;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let headerLength: number;
  let start: number;
  if (major === 1) {
    headerLength = view.getUint16(8, true);
    start = 10;
  } else if (major === 2 || major === 3) {
    if (bytes.length < 12) throw new StemflowError('FILE_CORRUPT', `${path}: .npy header is cut short`);
    headerLength = view.getUint32(8, true);
    start = 12;
  } else {
    throw new StemflowError('FILE_CORRUPT', `${path}: unsupported .npy version ${major} (expected 1, 2 or 3)`);
  }
  if (start + headerLength > bytes.length) throw new StemflowError('FILE_CORRUPT', `${path}: .npy header is cut short (${headerLength} bytes announced)`);
  const text = new TextDecoder(major === 3 ? 'utf-8' : 'latin1').decode(bytes.subarray(start, start + headerLength));
  const descr = /'descr'\s*:\s*'([<>|=])([a-z]\d+)'/.exec(text);
  const fortran = /'fortran_order'\s*:\s*(True|False)/.exec(text);
  const shapeMatch = /'shape'\s*:\s*\(([^)]*)\)/.exec(text);
  if (!descr || !fortran || !shapeMatch) throw new StemflowError('FILE_CORRUPT', `${path}: .npy header is not a valid dictionary: ${text.trim()}`);
  const dtype = DESCR_TO_DTYPE[descr[2]!];
  if (!dtype) {
    throw new StemflowError('FILE_CORRUPT', `${path}: dtype '${descr[1]}${descr[2]}' is not supported; convert with arr.astype(np.float32) or another of ${Object.keys(DTYPE_TO_DESCR).join(', ')}`);
  }
  if (fortran[1] === 'True') {
    throw new StemflowError('FILE_CORRUPT', `${path} is stored in Fortran order; save it in C order with np.save(path, np.ascontiguousarray(arr))`);
  }
  const shape = shapeMatch[1]!
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0)
    .map((s) => Number(s.replace(/L$/, '')));
  if (shape.some((n) => !Number.isInteger(n) || n < 0)) throw new StemflowError('FILE_CORRUPT', `${path}: .npy shape (${shapeMatch[1]}) is not a list of sizes`);
  const byteOrder: ByteOrder = descr[1] === '>' ? 'big' : descr[1] === '<' ? 'little' : hostByteOrder();
  return { dtype, byteOrder, shape, offset: start + headerLength };
}

/** Encode an array as an `.npy` file (version 1.0, little-endian, C order). */
export function encodeNpy(array: NDArray): Buffer {
  const descr = DTYPE_TO_DESCR[dtypeOf(array.data)];
  const shape = array.shape.length === 1 ? `(${array.shape[0]},)` : `(${array.shape.join(', ')})`;
  let dict = `{'descr': '${descr}', 'fortran_order': False, 'shape': ${shape}, }`;
  const unpadded = 10 + dict.length + 1;
  dict += ' '.repeat((64 - (unpadded % 64)) % 64) + '\n';
  const header = Buffer.alloc(10 + dict.length);
  Buffer.from(MAGIC).copy(header, 0);
  header[6] = 1;
  header[7] = 0;
  header.writeUInt16LE(dict.length, 8);
  header.write(dict, 10, 'latin1');
  return Buffer.concat([header, littleEndianBytes(array.data)]);
}

/** Typed arrays are in host order; Stemflow runs on little-endian hosts (x86-64, arm64). */
function littleEndianBytes(data: TypedArray): Buffer {
  return Buffer.from(data.buffer, data.byteOffset, data.byteLength);
}

const SMALL_ARRAY_LIMIT = 256 * 2 ** 20;

/** Read a whole `.npy` file that is small by nature (an ROI, a mask, a result): at most 256 MiB. */
export function readNpyArray(path: string): NDArray {
  const header = readNpyHeader(path);
  const count = header.shape.reduce((a, b) => a * b, 1);
  const bytes = count * itemSize(header.dtype);
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
  if (header.byteOrder !== hostByteOrder()) swapBytes(target, itemSize(header.dtype));
  return { data, shape: header.shape };
}
