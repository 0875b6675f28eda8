import { dtypeOf, type DType, type TypedArray } from './dtype';
import { StemflowError } from './errors';
import type { NDArray } from './plugin';

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

/**
 * What the header of a NumPy `.npy` file says: element type, byte order, shape and where the data start.
 *
 * @example
 * ```ts
 * import { parseNpyHeader, product, type NpyHeader } from '@stemflow/plugin-sdk';
 *
 * const bytes = new Uint8Array(0); // e.g. the first kilobytes of an uploaded file
 * const header: NpyHeader = parseNpyHeader(bytes, 'mask.npy');
 * const end = header.offset + product(header.shape) * 4;
 * ```
 */
export interface NpyHeader {
  /** Element type of the data. */
  dtype: DType;
  /** `big` for `>`-descriptors; the data must then be byte-swapped on Stemflow's little-endian hosts. */
  byteOrder: 'little' | 'big';
  /** The array's shape (C order; Fortran-order files are refused). */
  shape: number[];
  /** Byte offset of the data. */
  offset: number;
}

/**
 * Whether `bytes` start with the `.npy` magic string `\x93NUMPY`: to tell a `.npy` upload from a PNG.
 *
 * @example
 * ```ts
 * import { hasNpyMagic } from '@stemflow/plugin-sdk';
 *
 * const upload = new Uint8Array([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0]);
 * const kind = hasNpyMagic(upload) ? 'npy' : 'image';
 * ```
 */
export function hasNpyMagic(bytes: Uint8Array): boolean {
  return MAGIC.every((b, i) => bytes[i] === b);
}

/**
 * Bytes per element of `dtype` in a `.npy` file (the number in its descriptor, e.g. 2 for `<u2`).
 *
 * @example
 * ```ts
 * import { npyItemSize, product } from '@stemflow/plugin-sdk';
 *
 * const dataBytes = product([64, 64]) * npyItemSize('float32'); // 16384
 * ```
 */
export function npyItemSize(dtype: DType): number {
  return Number(DTYPE_TO_DESCR[dtype].slice(2));
}

/**
 * Read the header of a NumPy `.npy` file (versions 1–3). Supports the SDK's dtypes (bool reads
 * as uint8) in C order.
 *
 * @param bytes - The file, or at least its header.
 * @param path - Names the file in error messages.
 * @throws `StemflowError` `FILE_CORRUPT` when the bytes are not a `.npy` header, the dtype is not
 * supported or the array is in Fortran order; the message says how to convert it.
 *
 * @example
 * ```ts
 * import { encodeNpy, parseNpyHeader, viewArray, product } from '@stemflow/plugin-sdk';
 *
 * const file = encodeNpy({ data: new Float32Array(6), shape: [2, 3] });
 * const { dtype, shape, offset } = parseNpyHeader(file, 'weights.npy');
 * const values = viewArray(dtype, file.buffer, file.byteOffset + offset, product(shape));
 * ```
 */
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
  const byteOrder = descr[1] === '>' ? 'big' : 'little'; // '|' and '=' mean native: every Stemflow host is little-endian
  return { dtype, byteOrder, shape, offset: start + headerLength };
}

/**
 * Encode an array as an `.npy` file (version 1.0, little-endian, C order), readable by `numpy.load`.
 *
 * @example
 * ```ts
 * import { encodeNpy } from '@stemflow/plugin-sdk';
 * import { writeFileSync } from 'node:fs';
 *
 * writeFileSync('/tmp/com.npy', encodeNpy({ data: new Float64Array(4 * 5 * 2), shape: [4, 5, 2] }));
 * ```
 */
export function encodeNpy(array: NDArray): Uint8Array {
  const descr = DTYPE_TO_DESCR[dtypeOf(array.data)];
  const shape = array.shape.length === 1 ? `(${array.shape[0]},)` : `(${array.shape.join(', ')})`;
  let dict = `{'descr': '${descr}', 'fortran_order': False, 'shape': ${shape}, }`;
  const unpadded = 10 + dict.length + 1;
  dict += ' '.repeat((64 - (unpadded % 64)) % 64) + '\n';
  const data = littleEndianBytes(array.data);
  const out = new Uint8Array(10 + dict.length + data.length);
  out.set(MAGIC, 0);
  out[6] = 1;
  out[7] = 0;
  new DataView(out.buffer).setUint16(8, dict.length, true);
  for (let i = 0; i < dict.length; i++) out[10 + i] = dict.charCodeAt(i);
  out.set(data, 10 + dict.length);
  return out;
}

/** Typed arrays are in host order; Stemflow runs on little-endian hosts (x86-64, arm64). */
function littleEndianBytes(data: TypedArray): Uint8Array {
  return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
}

