import { StemflowError, type DType } from '@stemflow/plugin-sdk';

/**
 * The 50-byte header in front of every 2-D element: calibration of x and y (f8 offset,
 * f8 delta, i4 reference element each), u2 data type, u4 ArraySizeX, u4 ArraySizeY.
 */
export const ELEMENT_HEADER_BYTES = 50;

/** TIA element data types: 1 u1, 2 u2, 3 u4, 4 i1, 5 i2, 6 i4, 7 f4, 8 f8 (9, 10 complex: refused). */
const DTYPES: Readonly<Record<number, DType>> = { 1: 'uint8', 2: 'uint16', 3: 'uint32', 4: 'int8', 5: 'int16', 6: 'int32', 7: 'float32', 8: 'float64' };

export interface SerAxisCalibration {
  offset: number;
  delta: number;
  element: number;
}

export interface SerElementHeader {
  x: SerAxisCalibration;
  y: SerAxisCalibration;
  dataType: number;
  width: number;
  height: number;
}

export function parseElementHeader(bytes: Uint8Array): SerElementHeader {
  const view = new DataView(bytes.buffer, bytes.byteOffset, ELEMENT_HEADER_BYTES);
  const axis = (at: number): SerAxisCalibration => ({ offset: view.getFloat64(at, true), delta: view.getFloat64(at + 8, true), element: view.getInt32(at + 16, true) });
  return { x: axis(0), y: axis(20), dataType: view.getUint16(40, true), width: view.getUint32(42, true), height: view.getUint32(46, true) };
}

/** The Stemflow dtype of a TIA data type, or a clear refusal. */
export function elementDType(path: string, dataType: number): DType {
  const dtype = DTYPES[dataType];
  if (dtype) return dtype;
  if (dataType === 9 || dataType === 10) {
    throw new StemflowError('FORMAT_UNKNOWN', `${path} holds complex ${dataType === 9 ? '64' : '128'}-bit pixels, which are not a Stemflow dtype`);
  }
  throw new StemflowError('FILE_CORRUPT', `${path}: element data type ${dataType} is unknown (expected 1–8); the file is corrupt`);
}
