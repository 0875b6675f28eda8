import { StemflowError } from '@stemflow/plugin-sdk';
import { fileSize, readBytes } from '../file-io';

/** Pixel types a Merlin frame header can name: big-endian unsigned, or undecoded RAW words. */
export type MibPixelType = 'U08' | 'U16' | 'U32' | 'R64';

/** The facts of one Merlin frame header (the ASCII text in front of every frame). */
export interface MibHeader {
  /** Bytes of the header, NUL padding included; the pixels follow. */
  headerSize: number;
  /** Sequence number of this frame in the acquisition (1 for the first frame). */
  sequence: number;
  chips: number;
  /** Image size as the header states it (for RAW quad data: the undecoded 4-chip strip). */
  width: number;
  height: number;
  pixelType: MibPixelType;
  /** Chip layout as written (`1x1`, `2x2`, `Nx1`, with an optional `G` suffix). */
  layout: string;
  chipSelect: string;
  counterDepth: number;
  /** Local time stamp `YYYY-MM-DD hh:mm:ss.ffffff` (field 9). */
  timestamp?: string;
  /** UTC time stamp of the `MQ1A` extension, ISO 8601 with nanoseconds. */
  isoTimestamp?: string;
  /** Shutter (exposure) time in seconds. */
  shutterSeconds?: number;
  thresholdsKeV: number[];
}

/** Every frame header starts with this; checking it at frame boundaries proves the frame size. */
export const MIB_MAGIC = 'MQ1,';
/** Enough for single-chip (384) and quad (768) headers; larger headers are read in full. */
const PROBE_BYTES = 1024;
/** No Merlin writes headers this large; a bigger number is corruption, not a header. */
const MAX_HEADER_BYTES = 1 << 16;
const COUNTER_DEPTHS = [1, 6, 12, 24];

export function startsWithMagic(bytes: Uint8Array): boolean {
  const n = Math.min(bytes.length, MIB_MAGIC.length);
  for (let i = 0; i < n; i++) if (bytes[i] !== MIB_MAGIC.charCodeAt(i)) return false;
  return n > 0;
}

function corrupt(path: string, what: string): StemflowError {
  return new StemflowError('FILE_CORRUPT', `${path}: ${what}`);
}

function wholeNumber(text: string | undefined, path: string, what: string, min: number, max: number): number {
  const trimmed = (text ?? '').trim();
  const n = /^\d+$/.test(trimmed) ? Number(trimmed) : Number.NaN;
  if (!(n >= min && n <= max)) throw corrupt(path, `the Merlin frame header has ${what} "${text ?? ''}", expected a whole number from ${min} to ${max}`);
  return n;
}

function decimal(text: string | undefined): number | undefined {
  const n = Number((text ?? '').trim());
  return (text ?? '').trim() !== '' && Number.isFinite(n) ? n : undefined;
}

/** Read and parse the frame header at `position` (the first frame unless told otherwise). */
export function readMibHeader(path: string, position = 0): MibHeader {
  fileSize(path); // a directory or a missing file fails here with a clear message
  let bytes = readBytes(path, position, PROBE_BYTES);
  if (bytes.length === 0) throw corrupt(path, position === 0 ? 'the file is empty (0 bytes)' : `no frame header at byte ${position}`);
  if (!startsWithMagic(bytes) || bytes.length < MIB_MAGIC.length) {
    throw corrupt(path, `no Merlin frame header ("MQ1,") at byte ${position}: not a MIB file, or the file is damaged`);
  }
  const fields = latin1(bytes).split(',');
  const headerSize = wholeNumber(fields[2], path, 'header size', MIB_MAGIC.length, MAX_HEADER_BYTES);
  if (headerSize > bytes.length) bytes = readBytes(path, position, headerSize);
  if (bytes.length < headerSize) throw corrupt(path, `the file ends inside a frame header (${bytes.length} of ${headerSize} bytes at byte ${position}): it is truncated`);
  return parseMibHeader(bytes.subarray(0, headerSize), path);
}

function latin1(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
}

/** Parse one header (exactly `headerSize` bytes): comma-separated ASCII, NUL padded. */
export function parseMibHeader(bytes: Uint8Array, path: string): MibHeader {
  const nul = bytes.indexOf(0);
  const text = latin1(nul >= 0 ? bytes.subarray(0, nul) : bytes);
  const fields = text.split(',');
  while (fields.length > 0 && fields[fields.length - 1]!.trim() === '') fields.pop();
  if (fields.length < 12) throw corrupt(path, `the Merlin frame header has only ${fields.length} fields, expected at least 12`);
  const pixelType = fields[6]!.trim().toUpperCase();
  if (pixelType === 'U01' || pixelType === 'U1') {
    throw new StemflowError('FORMAT_UNKNOWN', `${path}: bit-packed U01 frames are not supported (no specification or sample to verify them); save the acquisition as U08 (1 or 6 bit) or RAW`);
  }
  if (!['U08', 'U16', 'U32', 'R64'].includes(pixelType)) throw corrupt(path, `unknown pixel type "${fields[6]}" in the Merlin frame header (expected U08, U16, U32 or R64)`);
  const layout = fields[7]!.trim();
  if (!/^(\d+|N)x\d+G?$/i.test(layout)) throw corrupt(path, `unknown chip layout "${fields[7]}" in the Merlin frame header (expected e.g. 1x1, 2x2, Nx1)`);
  const counterDepth = wholeNumber(fields[fields.length - 1], path, 'counter depth (last field)', 1, 24);
  if (!COUNTER_DEPTHS.includes(counterDepth)) throw corrupt(path, `the Merlin frame header has counter depth ${counterDepth}; Merlin counts with 1, 6, 12 or 24 bits`);
  const ext = fields.indexOf('MQ1A');
  return {
    headerSize: wholeNumber(fields[2], path, 'header size', MIB_MAGIC.length, MAX_HEADER_BYTES),
    sequence: wholeNumber(fields[1], path, 'sequence number', 0, Number.MAX_SAFE_INTEGER),
    chips: wholeNumber(fields[3], path, 'number of chips', 1, 64),
    width: wholeNumber(fields[4], path, 'width', 1, 65536),
    height: wholeNumber(fields[5], path, 'height', 1, 65536),
    pixelType: pixelType as MibPixelType,
    layout,
    chipSelect: fields[8]!.trim(),
    counterDepth,
    ...(fields[9]?.trim() ? { timestamp: fields[9].trim() } : {}),
    ...(ext >= 0 && fields[ext + 1]?.trim() ? { isoTimestamp: fields[ext + 1]!.trim() } : {}),
    ...(decimal(fields[10]) !== undefined ? { shutterSeconds: decimal(fields[10]) } : {}),
    thresholdsKeV: fields.slice(14, 22).map(decimal).filter((v): v is number => v !== undefined),
  };
}

/** The fields two files of one acquisition must share. */
export function sameGeometry(a: MibHeader, b: MibHeader): boolean {
  return (
    a.headerSize === b.headerSize &&
    a.chips === b.chips &&
    a.width === b.width &&
    a.height === b.height &&
    a.pixelType === b.pixelType &&
    a.layout === b.layout &&
    a.counterDepth === b.counterDepth
  );
}
