import { StemflowError, dtypeOf, type DType, type TypedArray } from '@stemflow/plugin-sdk';
import { hostByteOrder, swapBytes } from '../file-io';

/** An HDF5 element type as h5wasm reports it (class 0 integer, 1 float). */
export interface H5Type {
  type: number;
  size: number;
  signed: boolean;
  littleEndian: boolean;
}

const INTEGER_DTYPES: Record<string, DType> = { 'true,1': 'int8', 'false,1': 'uint8', 'true,2': 'int16', 'false,2': 'uint16', 'true,4': 'int32', 'false,4': 'uint32' };

export function describeH5Type(t: H5Type): string {
  if (t.type === 0) return `${t.signed ? 'int' : 'uint'}${t.size * 8}`;
  if (t.type === 1) return `float${t.size * 8}`;
  return `HDF5 type class ${t.type}`;
}

/** Whether a dataset of this type holds pixel values Stemflow can deliver. */
export function isPixelType(t: Partial<H5Type>): t is H5Type {
  return (t.type === 0 && [1, 2, 4, 8].includes(t.size ?? 0)) || (t.type === 1 && [2, 4, 8].includes(t.size ?? 0));
}

/**
 * The dtype a dataset is delivered in: its own where Stemflow has it; 64-bit integers as float64
 * (each value is checked to be exact when read); float16 as float32.
 */
export function deliveredDType(t: H5Type, path: string): DType {
  if (t.type === 0 && t.size <= 4) return INTEGER_DTYPES[`${t.signed},${t.size}`]!;
  if (t.type === 0 && t.size === 8) return 'float64';
  if (t.type === 1 && t.size === 8) return 'float64';
  if (t.type === 1 && (t.size === 4 || t.size === 2)) return 'float32';
  throw new StemflowError('FORMAT_UNKNOWN', `${path} holds ${describeH5Type(t)} values, which are not pixel data Stemflow can read`);
}

type NumericView = ArrayLike<number> | ArrayLike<bigint>;

function float16(bits: number): number {
  const sign = bits & 0x8000 ? -1 : 1;
  const exponent = (bits >> 10) & 0x1f;
  const fraction = bits & 0x3ff;
  if (exponent === 0) return sign * fraction * 2 ** -24;
  if (exponent === 0x1f) return fraction ? Number.NaN : sign * Number.POSITIVE_INFINITY;
  return sign * (1 + fraction / 1024) * 2 ** (exponent - 15);
}

/** A typed view of `count` elements of `bytes` in host order (swapping in place when the file is big-endian). */
function sourceView(bytes: Uint8Array, t: H5Type, count: number): NumericView {
  if (t.size > 1 && (t.littleEndian ? 'little' : 'big') !== hostByteOrder()) swapBytes(bytes.subarray(0, count * t.size), t.size);
  const { buffer, byteOffset } = bytes;
  if (t.type === 1) {
    if (t.size === 8) return new Float64Array(buffer, byteOffset, count);
    if (t.size === 4) return new Float32Array(buffer, byteOffset, count);
    return Array.from(new Uint16Array(buffer, byteOffset, count), float16);
  }
  switch (t.size) {
    case 1:
      return t.signed ? new Int8Array(buffer, byteOffset, count) : new Uint8Array(buffer, byteOffset, count);
    case 2:
      return t.signed ? new Int16Array(buffer, byteOffset, count) : new Uint16Array(buffer, byteOffset, count);
    case 4:
      return t.signed ? new Int32Array(buffer, byteOffset, count) : new Uint32Array(buffer, byteOffset, count);
    default:
      return t.signed ? new BigInt64Array(buffer, byteOffset, count) : new BigUint64Array(buffer, byteOffset, count);
  }
}

function exactNumber(value: bigint, path: string): number {
  const n = Number(value);
  if (!Number.isSafeInteger(n)) {
    throw new StemflowError('FORMAT_UNKNOWN', `${path} holds the 64-bit integer ${value}, which float64 cannot represent exactly; convert the data set to a 32-bit type`);
  }
  return n;
}

/** Where decoded elements go: `dest[offset + …]`, optionally transposing (rows, width, frames) → (frames, rows, width). */
export interface Placement {
  offset: number;
  /** Set for frames-last storage (Velox): the source is ordered (row, column, frame). */
  framesLast?: { frames: number; rows: number; width: number };
}

/** Convert `count` elements of HDF5 type `t` from `bytes` into `dest` at the placement. */
export function decodeInto(bytes: Uint8Array, t: H5Type, count: number, dest: TypedArray, place: Placement, path: string): void {
  const src = sourceView(bytes, t, count);
  const bigint = t.type === 0 && t.size === 8;
  const at = (i: number): number => (bigint ? exactNumber((src as ArrayLike<bigint>)[i]!, path) : (src as ArrayLike<number>)[i]!);
  if (place.framesLast) {
    const { frames, rows, width } = place.framesLast;
    const band = rows * width;
    for (let p = 0; p < band; p++) {
      for (let f = 0; f < frames; f++) dest[place.offset + f * band + p] = at(p * frames + f);
    }
    return;
  }
  if (!bigint && ArrayBuffer.isView(src) && dtypeOf(dest) === dtypeOfView(src)) {
    dest.set(src as TypedArray, place.offset);
    return;
  }
  for (let i = 0; i < count; i++) dest[place.offset + i] = at(i);
}

function dtypeOfView(view: ArrayBufferView): DType | undefined {
  try {
    return dtypeOf(view as TypedArray);
  } catch {
    return undefined;
  }
}
