import type { DType } from '@stemflow/plugin-sdk';

/**
 * Bytes of each scalar type a DM tag can hold (the "encoded type" of the tag's info array):
 * 2 int16, 3 int32, 4 uint16, 5 uint32, 6 float32, 7 float64, 8 bool, 9 int8 (char),
 * 10 uint8 (octet), 11 int64, 12 uint64. 15 (struct), 18 (string) and 20 (array) are
 * compound and handled by the tag parser.
 */
export const SCALAR_BYTES: Readonly<Record<number, number>> = { 2: 2, 3: 4, 4: 2, 5: 4, 6: 4, 7: 8, 8: 1, 9: 1, 10: 1, 11: 8, 12: 8 };

export const STRUCT = 15;
export const STRING = 18;
export const ARRAY = 20;

/** How the pixels of an image with a given `ImageData/DataType` are stored and delivered. */
export interface DmPixelType {
  /** Bytes per pixel on disk. */
  bytes: number;
  /** The Stemflow dtype the pixels are delivered as. */
  dtype: DType;
  /** 64-bit integers are delivered as float64 when every value read is exactly representable. */
  widen?: 'int64' | 'uint64';
}

/** Image data types Stemflow reads (Gatan's `ImageData/DataType` numbers). */
const PIXEL_TYPES: Readonly<Record<number, DmPixelType>> = {
  1: { bytes: 2, dtype: 'int16' },
  2: { bytes: 4, dtype: 'float32' },
  6: { bytes: 1, dtype: 'uint8' },
  7: { bytes: 4, dtype: 'int32' },
  9: { bytes: 1, dtype: 'int8' },
  10: { bytes: 2, dtype: 'uint16' },
  11: { bytes: 4, dtype: 'uint32' },
  12: { bytes: 8, dtype: 'float64' },
  14: { bytes: 1, dtype: 'uint8' }, // binary (0/1) images
  39: { bytes: 8, dtype: 'float64', widen: 'int64' },
  40: { bytes: 8, dtype: 'float64', widen: 'uint64' },
};

/** Image data types that exist but that Stemflow refuses, with the reason shown to the user. */
const REFUSED: Readonly<Record<number, string>> = {
  3: 'complex64',
  5: 'packed complex',
  8: 'RGB',
  13: 'complex128',
  23: 'RGBA (a thumbnail or display image)',
};

export function pixelType(dataType: number): DmPixelType | undefined {
  return PIXEL_TYPES[dataType];
}

/** Why an image with this DataType cannot be read, for messages. */
export function refusedPixelType(dataType: number): string {
  const known = REFUSED[dataType] ?? (dataType >= 15 && dataType <= 28 ? 'colour (RGB)' : undefined);
  return known ? `DM data type ${dataType} (${known}) is not a Stemflow dtype` : `DM data type ${dataType} is unknown`;
}
