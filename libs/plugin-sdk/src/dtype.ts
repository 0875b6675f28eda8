/** Element types Stemflow moves around. Names follow NumPy. */
export type DType = 'uint8' | 'int8' | 'uint16' | 'int16' | 'uint32' | 'int32' | 'float32' | 'float64';

export const DTYPES: readonly DType[] = ['uint8', 'int8', 'uint16', 'int16', 'uint32', 'int32', 'float32', 'float64'];

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

export function isDType(value: unknown): value is DType {
  return typeof value === 'string' && (DTYPES as readonly string[]).includes(value);
}

export function bytesPerElement(dtype: DType): number {
  return CONSTRUCTORS[dtype].BYTES_PER_ELEMENT;
}

/** A zero-filled array of `length` elements. */
export function allocArray(dtype: DType, length: number): TypedArray {
  return new CONSTRUCTORS[dtype](length);
}

/** A view of `length` elements of `dtype` on existing memory (no copy). */
export function viewArray(dtype: DType, buffer: ArrayBufferLike, byteOffset: number, length: number): TypedArray {
  return new CONSTRUCTORS[dtype](buffer, byteOffset, length);
}

export function dtypeOf(array: TypedArray): DType {
  for (const dtype of DTYPES) if (array instanceof CONSTRUCTORS[dtype]) return dtype;
  throw new TypeError('not a supported typed array');
}

export function isFloat(dtype: DType): boolean {
  return dtype === 'float32' || dtype === 'float64';
}

export function product(shape: readonly number[]): number {
  let n = 1;
  for (const s of shape) n *= s;
  return n;
}
