import { extname } from 'node:path';
import { formatCount, product, StemflowError, type DType } from '@stemflow/plugin-sdk';
import type { DatasetDescriptor, DatasetMetadata, OpenRequest } from '../descriptor';
import { fileSize, readBytes } from '../file-io';
import { FramedSource } from '../framed-source';
import type { FormatReader } from '../format-reader';
import { resolveNav } from '../nav';
import { BLO_FIXED_HEADER_BYTES, bitDepthOf, hasBloId, readBloHeader, type BloHeader } from './blo-header';

/** Every pattern is preceded by `AA 55` (0x55AA in the file's byte order) and a u32 frame index. */
const FRAME_HEADER_BYTES = 6;
const FRAME_MARKER = 0x55aa;

/** What a worker needs besides the descriptor (plain JSON, in `descriptor.params`). */
interface BloParams {
  /** Patterns the header announces (NX × NY); fewer may be present in a truncated file. */
  patterns: number;
}

function corrupt(path: string, what: string): StemflowError {
  return new StemflowError('FILE_CORRUPT', `${path}: ${what}`);
}

function strideOf(dpSize: number, dtype: DType): number {
  return FRAME_HEADER_BYTES + dpSize * dpSize * (dtype === 'uint16' ? 2 : 1);
}

/** Patterns wholly inside the file, at most as many as announced. */
function patternsPresent(path: string, dataOffset: number, stride: number, announced: number): number {
  return Math.min(announced, Math.max(0, Math.floor((fileSize(path) - dataOffset) / stride)));
}

/** The first and last patterns must carry the marker and consecutive indices, or the layout is wrong. */
function checkFrameHeaders(path: string, h: BloHeader, stride: number, count: number): number {
  const little = h.byteOrder === 'little';
  const frameHeader = (k: number) => {
    const bytes = readBytes(path, h.dataOffset + k * stride, FRAME_HEADER_BYTES);
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    if (bytes.length < FRAME_HEADER_BYTES || view.getUint16(0, little) !== FRAME_MARKER) {
      throw corrupt(path, `pattern ${k} has no AA 55 frame marker at byte ${formatCount(h.dataOffset + k * stride)}: the header's data offset (${h.dataOffset}) or pattern size (${h.dpSize}) is wrong`);
    }
    return view.getUint32(2, little);
  };
  const first = frameHeader(0);
  if (count > 1 && frameHeader(count - 1) !== first + count - 1) {
    throw corrupt(path, `pattern ${count - 1} has frame index ${frameHeader(count - 1)}, expected ${first + count - 1}: the header's pattern size or scan size is wrong`);
  }
  return first;
}

/** Spreadsheet serial date (days since 1899-12-30) as ISO 8601, taken as UTC like HyperSpy does. */
function serialDateToIso(days: number): string | undefined {
  if (!Number.isFinite(days) || days <= 0 || days > 2_958_465) return undefined;
  return new Date(Math.round((days - 25_569) * 86_400_000)).toISOString();
}

function metadataOf(h: BloHeader, bitDepth: number, firstFrameIndex: number): DatasetMetadata {
  const time = serialDateToIso(h.acquisitionTime);
  const positive = (v: number) => Number.isFinite(v) && v > 0;
  return {
    ...(positive(h.sx) && positive(h.sy) ? { navPixelSize: { value: [h.sy, h.sx] as [number, number], unit: 'nm' } } : {}),
    ...(h.sdp > 0 ? { sigPixelSize: { value: [100 / h.sdp, 100 / h.sdp] as [number, number], unit: 'cm' } } : {}),
    scanRotation: h.scanRotation / 100,
    ...(h.beamEnergy > 0 ? { beamEnergy: h.beamEnergy } : {}),
    ...(h.cameraLength > 0 ? { cameraLength: h.cameraLength * 1e-4 } : {}),
    ...(time ? { acquisitionTime: time } : {}),
    extra: {
      magic: h.magic,
      byteOrder: h.byteOrder,
      bitDepth,
      dpRotation: h.dpRotation,
      vbfOffset: h.vbfOffset,
      dataOffset: h.dataOffset,
      unknown1: h.unknown1,
      firstFrameIndex,
      ...(h.note ? { note: h.note } : {}),
    },
  };
}

/** NanoMegas block files (ASTAR / TopSpin `.blo`): a header, a VBF image, then 6-byte-headed patterns. */
export const bloReader: FormatReader = {
  id: 'blo',
  title: 'NanoMegas block file (.blo)',
  detect: (path, head) => (hasBloId(head) ? 100 : extname(path).toLowerCase() === '.blo' ? 10 : 0),
  describe(request: OpenRequest): DatasetDescriptor {
    const { path } = request;
    const h = readBloHeader(path);
    if (h.dpSize === 0 || h.nx === 0 || h.ny === 0) throw corrupt(path, `the header says ${h.ny}×${h.nx} patterns of ${h.dpSize}×${h.dpSize} pixels; none may be 0`);
    const bitDepth = bitDepthOf(h.note);
    if (bitDepth !== 8 && bitDepth !== 16) throw new StemflowError('FORMAT_UNKNOWN', `${path}: the note says "Blo Bit Depth: ${bitDepth} bits"; only 8 and 16 bits are known`);
    const dtype: DType = bitDepth === 16 ? 'uint16' : 'uint8';
    const size = fileSize(path);
    if (h.dataOffset < BLO_FIXED_HEADER_BYTES || h.dataOffset >= size) {
      throw corrupt(path, `the pattern data offset ${formatCount(h.dataOffset)} lies outside the file (${formatCount(size)} bytes, header ${BLO_FIXED_HEADER_BYTES})`);
    }
    const stride = strideOf(h.dpSize, dtype);
    const announced = h.nx * h.ny;
    const present = patternsPresent(path, h.dataOffset, stride, announced);
    if (present === 0) throw corrupt(path, `no whole ${h.dpSize}×${h.dpSize} pattern after byte ${formatCount(h.dataOffset)}: the file is truncated or its header is damaged`);
    const firstFrameIndex = checkFrameHeaders(path, h, stride, present);
    if (present < announced && !request.navShape) {
      throw corrupt(path, `holds ${formatCount(present)} of the ${h.ny}×${h.nx} = ${formatCount(announced)} patterns its header announces: it is truncated; pass --nav ${present} to read the patterns present`);
    }
    const native = [h.dpSize, h.dpSize];
    const sigShape = request.sigShape ?? native;
    if (!Array.isArray(sigShape) || sigShape.length === 0 || sigShape.some((n) => !Number.isInteger(n) || n <= 0) || product(sigShape) !== product(native)) {
      throw new StemflowError('SHAPE_MISMATCH', `sig shape [${String(sigShape)}] does not fit ${path}: its patterns have ${h.dpSize}×${h.dpSize} pixels`);
    }
    if (request.dtype !== undefined && request.dtype !== dtype) {
      throw new StemflowError('SHAPE_MISMATCH', `${path} holds ${dtype} patterns; leave out --dtype ${request.dtype}`);
    }
    const nav = resolveNav(request, present, [h.ny, h.nx]);
    const params: BloParams = { patterns: announced };
    return {
      path,
      format: 'blo',
      sigShape,
      dtype,
      byteOrder: h.byteOrder,
      offset: h.dataOffset,
      params: params as unknown as Record<string, unknown>,
      metadata: metadataOf(h, bitDepth, firstFrameIndex),
      ...nav,
    };
  },
  open(d: DatasetDescriptor) {
    const p = d.params as unknown as BloParams | undefined;
    const frameBytes = product(d.sigShape) * (d.dtype === 'uint16' ? 2 : 1);
    const stride = FRAME_HEADER_BYTES + frameBytes;
    const announced = p && p.patterns > 0 ? p.patterns : product(d.navShape);
    return new FramedSource(d, {
      files: [d.path],
      imageCount: patternsPresent(d.path, d.offset, stride, announced),
      encodedFrameBytes: frameBytes,
      locate: (i) => ({ file: 0, offset: d.offset + i * stride + FRAME_HEADER_BYTES }),
    });
  },
};
