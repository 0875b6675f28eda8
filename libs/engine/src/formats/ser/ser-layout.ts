import { bytesPerElement, formatCount, StemflowError, type DType } from '@stemflow/plugin-sdk';
import { readBytes } from '../file-io';
import { ELEMENT_HEADER_BYTES, elementDType, parseElementHeader, type SerElementHeader } from './ser-element';
import { readOffsets, readSerHeader, type SerHeader } from './ser-header';

/** Everything needed to read frames of a series: header, first element, where each element starts. */
export interface SerLayout {
  header: SerHeader;
  first: SerElementHeader;
  dtype: DType;
  /** Header plus pixels of one element. */
  elementBytes: number;
  /** Byte position of each valid element. */
  offsets: number[];
}

/**
 * Header, first element and offset table (no pixel data). Runs at describe and again in every
 * worker's open: the table is a few bytes per frame, so it is re-read rather than carried.
 */
export function readSerLayout(path: string): SerLayout {
  const header = readSerHeader(path);
  const offsets = readOffsets(header, 'data');
  const firstBytes = elementHeaderAt(header, offsets[0]!);
  const first = parseElementHeader(firstBytes);
  const dtype = elementDType(path, first.dataType);
  if (first.width === 0 || first.height === 0) throw new StemflowError('FILE_CORRUPT', `${path}: the first element is ${first.width}×${first.height} pixels; the file is corrupt`);
  const elementBytes = ELEMENT_HEADER_BYTES + first.width * first.height * bytesPerElement(dtype);
  offsets.forEach((offset, i) => {
    if (offset < header.headerEnd || offset + elementBytes > header.fileSize) {
      throw new StemflowError(
        'FILE_CORRUPT',
        `${path} has ${formatCount(header.fileSize)} bytes but element ${i} (${first.width}×${first.height} ${dtype}) would lie at bytes ${formatCount(offset)}–${formatCount(offset + elementBytes)}: the file is truncated or its offset table is corrupt`,
      );
    }
  });
  return { header, first, dtype, elementBytes, offsets };
}

function elementHeaderAt(header: SerHeader, offset: number): Uint8Array {
  const bytes = offset >= header.headerEnd ? readBytes(header.path, offset, ELEMENT_HEADER_BYTES) : new Uint8Array(0);
  if (bytes.length < ELEMENT_HEADER_BYTES) {
    throw new StemflowError('FILE_CORRUPT', `${header.path}: the first element at byte ${formatCount(offset)} lies outside the file's ${formatCount(header.fileSize)} bytes: the file is truncated or corrupt`);
  }
  return bytes;
}
