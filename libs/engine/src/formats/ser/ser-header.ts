import { formatCount, product, StemflowError } from '@stemflow/plugin-sdk';
import { fileSize, readBytes } from '../file-io';

/** FEI/Thermo TIA series file (.ser) header; everything is little-endian. */

export const ELEMENT_1D = 0x4120;
export const ELEMENT_2D = 0x4122;
const TAG_TIME = 0x4152;
const TAG_TIME_POSITION = 0x4142;
const SERIES_ID = 0x0197;
const LITTLE_ENDIAN_MARK = 0x4949;
/** Fixed part of a dimension description before its two strings. */
const DIMENSION_FIXED_BYTES = 28;
const MAX_DIMENSIONS = 32;
const MAX_TEXT = 4096;
/** Header bytes read at once; the dimension descriptions are far shorter. */
const HEADER_BYTES = 1 << 16;

/** One navigation axis of the series ("Dim-1" is the fastest). */
export interface SerDimension {
  size: number;
  calibrationOffset: number;
  calibrationDelta: number;
  calibrationElement: number;
  description: string;
  units: string;
}

export interface SerHeader {
  path: string;
  fileSize: number;
  /** 0x0210 (4-byte offsets, TIA before 4.7.3) or 0x0220 (8-byte offsets). */
  version: number;
  dataTypeId: number;
  tagTypeId: number;
  totalElements: number;
  validElements: number;
  offsetArrayOffset: number;
  offsetBytes: 4 | 8;
  dimensions: SerDimension[];
  /** First byte after the dimension descriptions. */
  headerEnd: number;
}

export function hasSerMagic(head: Uint8Array): boolean {
  if (head.length < 6) return false;
  const view = new DataView(head.buffer, head.byteOffset, head.byteLength);
  const version = view.getUint16(4, true);
  return view.getUint16(0, true) === LITTLE_ENDIAN_MARK && view.getUint16(2, true) === SERIES_ID && (version === 0x0210 || version === 0x0220);
}

function corrupt(path: string, what: string): StemflowError {
  return new StemflowError('FILE_CORRUPT', `${path}: ${what}; the file is corrupt or not a TIA series file`);
}

/** Read and check the series header (not the elements). Sizes and counts are checked against the file size. */
export function readSerHeader(path: string): SerHeader {
  const size = fileSize(path);
  if (size === 0) throw new StemflowError('FILE_CORRUPT', `${path} is empty (0 bytes)`);
  const bytes = readBytes(path, 0, HEADER_BYTES);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const need = (end: number, what: string) => {
    if (end > bytes.length) {
      if (bytes.length === size) throw new StemflowError('FILE_CORRUPT', `${path} has only ${formatCount(size)} bytes and ends inside its header (${what}): the file is truncated`);
      throw corrupt(path, `the header is longer than ${formatCount(HEADER_BYTES)} bytes (${what})`);
    }
  };
  need(30, 'the series header');
  const byteOrder = view.getUint16(0, true);
  const seriesId = view.getUint16(2, true);
  if (byteOrder !== LITTLE_ENDIAN_MARK || seriesId !== SERIES_ID) {
    throw new StemflowError('FORMAT_UNKNOWN', `${path} is not a TIA series file: it starts with 0x${hex(byteOrder)} 0x${hex(seriesId)}, expected 0x4949 0x0197`);
  }
  const version = view.getUint16(4, true);
  if (version !== 0x0210 && version !== 0x0220) throw corrupt(path, `unknown series version 0x${hex(version)} (expected 0x0210 or 0x0220)`);
  const offsetBytes = version === 0x0210 ? 4 : 8;
  const dataTypeId = view.getUint32(6, true);
  const tagTypeId = view.getUint32(10, true);
  const totalElements = view.getUint32(14, true);
  const validElements = view.getUint32(18, true);
  need(22 + offsetBytes + 4, 'the offset array position');
  const offsetArrayOffset = offsetBytes === 4 ? view.getUint32(22, true) : Number(view.getBigUint64(22, true));
  const nDims = view.getUint32(22 + offsetBytes, true);
  if (dataTypeId === ELEMENT_1D) {
    throw new StemflowError('FORMAT_UNKNOWN', `${path} holds 1-D elements (spectra, e.g. EDS or EELS); Stemflow reads series of 2-D frames. A 4D-STEM acquisition keeps its frames in another _N.ser file beside it`);
  }
  if (dataTypeId !== ELEMENT_2D) throw corrupt(path, `unknown element type 0x${hex(dataTypeId)} (expected 0x4122 for images)`);
  if (tagTypeId !== TAG_TIME && tagTypeId !== TAG_TIME_POSITION) throw corrupt(path, `unknown tag type 0x${hex(tagTypeId)} (expected 0x4152 or 0x4142)`);
  if (validElements > totalElements) throw corrupt(path, `${formatCount(validElements)} valid elements of ${formatCount(totalElements)}`);
  if (validElements === 0) throw new StemflowError('FILE_CORRUPT', `${path} holds no valid elements (the acquisition recorded nothing)`);
  if (!Number.isSafeInteger(offsetArrayOffset) || offsetArrayOffset + 2 * totalElements * offsetBytes > size) {
    throw new StemflowError(
      'FILE_CORRUPT',
      `${path} has ${formatCount(size)} bytes but its offset table (${formatCount(totalElements)} elements at byte ${formatCount(offsetArrayOffset)}) runs past the end: the file is truncated or corrupt`,
    );
  }
  if (nDims > MAX_DIMENSIONS) throw corrupt(path, `${nDims} dimensions`);

  let pos = 22 + offsetBytes + 4;
  const dimensions: SerDimension[] = [];
  for (let d = 0; d < nDims; d++) {
    need(pos + DIMENSION_FIXED_BYTES, `dimension ${d + 1}`);
    const dim = {
      size: view.getUint32(pos, true),
      calibrationOffset: view.getFloat64(pos + 4, true),
      calibrationDelta: view.getFloat64(pos + 12, true),
      calibrationElement: view.getInt32(pos + 20, true),
    };
    const description = text(pos + 24, `dimension ${d + 1}'s description`);
    const units = text(description.end, `dimension ${d + 1}'s units`);
    pos = units.end;
    dimensions.push({ ...dim, description: description.value, units: units.value });
  }
  if (nDims > 0 && product(dimensions.map((d) => d.size)) !== totalElements) {
    throw corrupt(path, `the dimensions (${dimensions.map((d) => d.size).join(' × ')}) do not multiply to the ${formatCount(totalElements)} elements of the series`);
  }
  if (offsetArrayOffset < pos) throw corrupt(path, `the offset table at byte ${formatCount(offsetArrayOffset)} overlaps the header`);
  return { path, fileSize: size, version, dataTypeId, tagTypeId, totalElements, validElements, offsetArrayOffset, offsetBytes, dimensions, headerEnd: pos };

  function text(at: number, what: string): { value: string; end: number } {
    need(at + 4, what);
    const length = view.getUint32(at, true);
    if (length > MAX_TEXT) throw corrupt(path, `${what} claims ${formatCount(length)} characters`);
    need(at + 4 + length, what);
    let value = '';
    for (let i = 0; i < length; i++) value += String.fromCharCode(bytes[at + 4 + i]!);
    return { value: value.replace(/\0+$/u, ''), end: at + 4 + length };
  }
}

function hex(n: number): string {
  return n.toString(16).padStart(4, '0');
}

/** Byte positions of the valid elements' data (`which = 'data'`) or tags, from the offset table. */
export function readOffsets(header: SerHeader, which: 'data' | 'tag', count = header.validElements): number[] {
  const start = header.offsetArrayOffset + (which === 'tag' ? header.totalElements * header.offsetBytes : 0);
  const bytes = readBytes(header.path, start, count * header.offsetBytes);
  if (bytes.length < count * header.offsetBytes) throw corrupt(header.path, 'the offset table is cut short');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const offsets: number[] = new Array<number>(count);
  for (let i = 0; i < count; i++) {
    const value = header.offsetBytes === 4 ? view.getUint32(i * 4, true) : Number(view.getBigUint64(i * 8, true));
    offsets[i] = value;
  }
  return offsets;
}
