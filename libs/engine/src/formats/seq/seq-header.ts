import { formatCount, StemflowError, type DType } from '@stemflow/plugin-sdk';

/** The part of the StreamPix header a reader needs; it lies in the first 1024 bytes. */
export const SEQ_HEADER_BYTES = 1024;
export const SEQ_MAGIC = 0xfeed;

/** Image formats whose pixels are plain unsigned integers (monochrome, raw Bayer). */
const MONO_FORMATS = new Set([100, 101]);
const DTYPES: Record<number, DType> = { 8: 'uint8', 16: 'uint16', 32: 'uint32' };
const MAX_SIDE = 65536;

/** Norpix StreamPix `.seq` header (little-endian; offsets as in LiberTEM's seq.py / PIMS). */
export interface SeqHeader {
  version: number;
  width: number;
  height: number;
  bitDepth: number;
  /** Bits actually used per pixel (e.g. 12 of 16). */
  bitDepthReal: number;
  imageSizeBytes: number;
  imageFormat: number;
  /** Frames in the sequence according to the header. */
  allocatedFrames: number;
  /** Bytes from one frame to the next: the image plus its footer (timestamp, padding). */
  trueImageSize: number;
  /** Suggested frame rate written by the recorder. */
  fps: number;
  compression: number;
  /** Where the first image starts: 8192 from version 5 on, 1024 before. */
  imageOffset: number;
  dtype: DType;
  description: string;
}

function utf16(bytes: Uint8Array, start: number, length: number): string {
  let end = start;
  while (end + 1 < start + length && (bytes[end] !== 0 || bytes[end + 1] !== 0)) end += 2;
  return Buffer.from(bytes.subarray(start, end)).toString('utf16le').replace(/[^\x20-\x7e]/g, '').trim();
}

export function hasSeqMagic(head: Uint8Array): boolean {
  return head.length >= 4 && head[0] === 0xed && head[1] === 0xfe && head[2] === 0 && head[3] === 0;
}

export function parseSeqHeader(bytes: Uint8Array, path: string): SeqHeader {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const u32 = (o: number) => view.getUint32(o, true);
  const magic = u32(0);
  if (magic !== SEQ_MAGIC) {
    throw new StemflowError('FILE_CORRUPT', `${path} is not a Norpix SEQ file: it starts with 0x${magic.toString(16)} instead of the magic number 0xFEED`);
  }
  const version = view.getInt32(28, true);
  const width = u32(548);
  const height = u32(552);
  const bitDepth = u32(556);
  const header = {
    version,
    width,
    height,
    bitDepth,
    bitDepthReal: u32(560),
    imageSizeBytes: u32(564),
    imageFormat: u32(568),
    allocatedFrames: u32(572),
    trueImageSize: u32(580),
    fps: view.getFloat64(584, true),
    compression: u32(620),
    imageOffset: version >= 5 ? 8192 : 1024,
    description: utf16(bytes, 36, 512),
  };
  const problem = (what: string) => new StemflowError('FILE_CORRUPT', `${path}: ${what} in the SEQ header; the file is corrupt or written by an unsupported recorder`);
  if (version < 1 || version > 100) throw problem(`version ${version} is not a StreamPix version`);
  if (width < 1 || width > MAX_SIDE || height < 1 || height > MAX_SIDE) throw problem(`image size ${width}×${height} is not plausible`);
  const dtype = DTYPES[bitDepth];
  if (!dtype) throw problem(`bit depth ${bitDepth} is not supported (8, 16 or 32)`);
  if (!MONO_FORMATS.has(header.imageFormat) || header.compression !== 0) {
    throw new StemflowError('FORMAT_UNKNOWN', `${path} stores images in StreamPix format ${header.imageFormat}${header.compression ? ` with compression ${header.compression}` : ''}; Stemflow reads uncompressed monochrome sequences (format 100 or 101) only`);
  }
  const pixelBytes = (width * height * bitDepth) / 8;
  if (header.imageSizeBytes !== pixelBytes) throw problem(`image size ${formatCount(header.imageSizeBytes)} bytes does not match ${width}×${height} pixels of ${bitDepth} bits`);
  if (header.trueImageSize < header.imageSizeBytes) throw problem(`frame stride ${formatCount(header.trueImageSize)} bytes is smaller than one image (${formatCount(header.imageSizeBytes)} bytes)`);
  return { ...header, dtype };
}

/** Whole frames the file has room for (the footer of the last one may be cut). */
export function frameSlots(h: SeqHeader, fileSize: number): number {
  const room = fileSize - h.imageOffset - h.imageSizeBytes;
  return room < 0 ? 0 : Math.floor(room / h.trueImageSize) + 1;
}

/**
 * The frame count: the header's, which is what StreamPix finished writing (a DE file may have
 * room for more: its spare slots are zeros). A header that claims more frames than the file
 * holds means a truncated file; a count of 0 (recording not closed) falls back to the slots.
 */
export function seqFrameCount(h: SeqHeader, fileSize: number, path: string): number {
  const slots = frameSlots(h, fileSize);
  if (h.allocatedFrames === 0) {
    if (slots === 0) throw new StemflowError('FILE_CORRUPT', `${path} holds no complete frame (${formatCount(fileSize)} bytes, images start at byte ${formatCount(h.imageOffset)})`);
    return slots;
  }
  if (h.allocatedFrames > slots) {
    throw new StemflowError(
      'SHAPE_MISMATCH',
      `${path} has ${formatCount(fileSize)} bytes, room for ${formatCount(slots)} frames, but its header lists ${formatCount(h.allocatedFrames)} frames of ${formatCount(h.trueImageSize)} bytes from byte ${formatCount(h.imageOffset)}: the file is truncated`,
    );
  }
  return h.allocatedFrames;
}
