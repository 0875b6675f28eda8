/**
 * Element types Stemflow moves around (data sets, tiles, result buffers). Names follow NumPy.
 *
 * @example
 * ```ts
 * import type { BufferDecl, DType } from '@stemflow/plugin-sdk';
 *
 * // float64 sums every integer input exactly; float32 halves the memory of a large buffer.
 * const dtype: DType = 'float64';
 * const intensity: BufferDecl = { kind: 'nav', dtype };
 * ```
 */
export type DType = 'uint8' | 'int8' | 'uint16' | 'int16' | 'uint32' | 'int32' | 'float32' | 'float64';

/**
 * Every `DType`, narrowest integers first: for a parameter schema or a loop over input types in tests.
 *
 * @example
 * ```ts
 * import { DTYPES, Type } from '@stemflow/plugin-sdk';
 *
 * const OutputType = Type.Enum([...DTYPES], { title: 'Output type', default: 'float32' });
 * ```
 */
export const DTYPES: readonly DType[] = ['uint8', 'int8', 'uint16', 'int16', 'uint32', 'int32', 'float32', 'float64'];

/**
 * The typed arrays behind every `DType`: tile data, mask weights and result buffers.
 *
 * @example
 * ```ts
 * import { dtypeOf, type TypedArray } from '@stemflow/plugin-sdk';
 *
 * function describe(data: TypedArray): string {
 *   return `${data.length} × ${dtypeOf(data)}`;
 * }
 * ```
 */
export type TypedArray =
  | Uint8Array
  | Int8Array
  | Uint16Array
  | Int16Array
  | Uint32Array
  | Int32Array
  | Float32Array
  | Float64Array;

type TypedArrayConstructor = {
  new (length: number): TypedArray;
  new (buffer: ArrayBufferLike, byteOffset?: number, length?: number): TypedArray;
  readonly BYTES_PER_ELEMENT: number;
};

const CONSTRUCTORS: Record<DType, TypedArrayConstructor> = {
  uint8: Uint8Array,
  int8: Int8Array,
  uint16: Uint16Array,
  int16: Int16Array,
  uint32: Uint32Array,
  int32: Int32Array,
  float32: Float32Array,
  float64: Float64Array,
};

/**
 * Whether a value (e.g. from JSON or a file header) names a Stemflow `DType`.
 *
 * @example
 * ```ts
 * import { isDType, StemflowError } from '@stemflow/plugin-sdk';
 *
 * const requested: unknown = JSON.parse('"uint16"');
 * if (!isDType(requested)) throw new StemflowError('PARAMS_INVALID', `dtype ${String(requested)} is not one of uint8 … float64`);
 * ```
 */
export function isDType(value: unknown): value is DType {
  return typeof value === 'string' && (DTYPES as readonly string[]).includes(value);
}

/**
 * Bytes per element of `dtype` (1, 2, 4 or 8): to size frames and buffers in bytes.
 *
 * @example
 * ```ts
 * import { bytesPerElement, product } from '@stemflow/plugin-sdk';
 *
 * const frameBytes = product(dataset.sigShape) * bytesPerElement(dataset.dtype);
 * ```
 */
export function bytesPerElement(dtype: DType): number {
  return CONSTRUCTORS[dtype].BYTES_PER_ELEMENT;
}

/**
 * A zero-filled array of `length` elements of `dtype`.
 *
 * @example
 * ```ts
 * import { allocArray, product } from '@stemflow/plugin-sdk';
 *
 * // One frame in the data set's own type, e.g. to keep a copy of the brightest frame.
 * const brightest = allocArray(dataset.dtype, product(dataset.sigShape));
 * ```
 */
export function allocArray(dtype: DType, length: number): TypedArray {
  return new CONSTRUCTORS[dtype](length);
}

/**
 * A view of `length` elements of `dtype` on existing memory (no copy); `byteOffset` must be a
 * multiple of the element size.
 *
 * @example
 * ```ts
 * import { viewArray } from '@stemflow/plugin-sdk';
 *
 * const bytes = new Uint8Array(16);
 * const pixels = viewArray('uint16', bytes.buffer, 8, 4); // the last 8 bytes as 4 uint16
 * ```
 */
export function viewArray(dtype: DType, buffer: ArrayBufferLike, byteOffset: number, length: number): TypedArray {
  return new CONSTRUCTORS[dtype](buffer, byteOffset, length);
}

/**
 * The `DType` of a typed array. Throws a `TypeError` for other arrays (e.g. `BigInt64Array`).
 *
 * @example
 * ```ts
 * import { dtypeOf } from '@stemflow/plugin-sdk';
 *
 * const integer = !dtypeOf(tile.data).startsWith('float');
 * ```
 */
export function dtypeOf(array: TypedArray): DType {
  for (const dtype of DTYPES) if (array instanceof CONSTRUCTORS[dtype]) return dtype;
  throw new TypeError('not a supported typed array');
}

/**
 * Whether `dtype` is `float32` or `float64` (floats can hold NaN; integer sums are exact).
 *
 * @example
 * ```ts
 * import { isFloat } from '@stemflow/plugin-sdk';
 *
 * const tolerance = isFloat(dataset.dtype) ? 1e-12 : 0;
 * ```
 */
export function isFloat(dtype: DType): boolean {
  return dtype === 'float32' || dtype === 'float64';
}

/**
 * The product of a shape's sizes: elements of an array of that shape (1 for `[]`).
 *
 * @example
 * ```ts
 * import { product } from '@stemflow/plugin-sdk';
 *
 * const pixels = product(dataset.sigShape); // e.g. 256 × 256 = 65536
 * const scratch = new Float64Array(pixels);
 * ```
 */
export function product(shape: readonly number[]): number {
  let n = 1;
  for (const s of shape) n *= s;
  return n;
}
