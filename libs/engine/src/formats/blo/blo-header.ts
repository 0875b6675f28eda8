import { StemflowError } from '@stemflow/plugin-sdk';
import type { ByteOrder } from '../descriptor';
import { fileSize, readBytes } from '../file-io';

/** The fixed header of a NanoMegas block file (`.blo`), as HyperSpy and LiberTEM lay it out. */
export interface BloHeader {
  byteOrder: ByteOrder;
  magic: number;
  /** Byte offset of the NX×NY uint8 virtual bright-field image. */
  vbfOffset: number;
  /** Byte offset of the first pattern (its 6-byte frame header). */
  dataOffset: number;
  unknown1: number;
  /** Patterns are dpSize × dpSize pixels. */
  dpSize: number;
  dpRotation: number;
  nx: number;
  ny: number;
  /** Scan rotation × 100, in degrees. */
  scanRotation: number;
  /** Scan step in nm. */
  sx: number;
  sy: number;
  /** Acceleration voltage in V. */
  beamEnergy: number;
  /** Detector pixels per cm × 100. */
  sdp: number;
  /** Camera length in units of 0.1 mm. */
  cameraLength: number;
  /** Days since 1899-12-30 (the spreadsheet serial date). */
  acquisitionTime: number;
  /** Free text between the fixed header and the VBF image (NUL padding removed). */
  note: string;
}

export const BLO_FIXED_HEADER_BYTES = 240;
export const BLO_MAGICS = [0x0102, 0x0103];
const ID = 'IMGBLO';
/** The note is a few lines of text; never read more than this of it. */
const MAX_NOTE_BYTES = 1 << 16;

export function hasBloId(head: Uint8Array): boolean {
  if (head.length < ID.length) return false;
  for (let i = 0; i < ID.length; i++) if (head[i] !== ID.charCodeAt(i)) return false;
  return true;
}

export function readBloHeader(path: string): BloHeader {
  const size = fileSize(path);
  const head = readBytes(path, 0, BLO_FIXED_HEADER_BYTES);
  if (size === 0) throw new StemflowError('FILE_CORRUPT', `${path} is empty (0 bytes)`);
  const truncatedId = head.length < ID.length && ID.startsWith(Buffer.from(head).toString('latin1'));
  if (!hasBloId(head) && !truncatedId) throw new StemflowError('FILE_CORRUPT', `${path} does not start with "IMGBLO": not a NanoMegas block file, or its header is damaged`);
  if (head.length < BLO_FIXED_HEADER_BYTES) {
    throw new StemflowError('FILE_CORRUPT', `${path} has ${size} bytes, less than the ${BLO_FIXED_HEADER_BYTES}-byte block-file header: it is truncated`);
  }
  const view = new DataView(head.buffer, head.byteOffset, head.byteLength);
  // The MAGIC tells the byte order: 0x0102/0x0103 read in the file's order.
  const little = BLO_MAGICS.includes(view.getUint16(6, true));
  if (!little && !BLO_MAGICS.includes(view.getUint16(6, false))) {
    throw new StemflowError('FILE_CORRUPT', `${path} has block-file MAGIC 0x${view.getUint16(6, true).toString(16).padStart(4, '0')}, expected 0x0102 or 0x0103: the header is damaged or of an unknown version`);
  }
  const u16 = (o: number) => view.getUint16(o, little);
  const u32 = (o: number) => view.getUint32(o, little);
  const f64 = (o: number) => view.getFloat64(o, little);
  const vbfOffset = u32(8);
  const noteEnd = Math.min(vbfOffset, size, BLO_FIXED_HEADER_BYTES + MAX_NOTE_BYTES);
  const note = noteEnd > BLO_FIXED_HEADER_BYTES ? readNote(path, noteEnd) : '';
  return {
    byteOrder: little ? 'little' : 'big',
    magic: u16(6),
    vbfOffset,
    dataOffset: u32(12),
    unknown1: u32(16),
    dpSize: u16(20),
    dpRotation: u16(22),
    nx: u16(24),
    ny: u16(26),
    scanRotation: u16(28),
    sx: f64(30),
    sy: f64(38),
    beamEnergy: u32(46),
    sdp: u16(50),
    cameraLength: u32(52),
    acquisitionTime: f64(56),
    note,
  };
}

function readNote(path: string, end: number): string {
  const bytes = readBytes(path, BLO_FIXED_HEADER_BYTES, end - BLO_FIXED_HEADER_BYTES);
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1').replace(/\0+/g, '\n').trim();
}

/**
 * Bits per pixel of the patterns: 8, or what a `Blo Bit Depth: 16 bits` line of the note says
 * (LiberTEM reads it for MAGIC 0x0103 files).
 */
export function bitDepthOf(note: string): number {
  const match = /^\s*blo bit depth\s*:\s*(\d+)\s*bits?\s*$/im.exec(note);
  return match ? Number(match[1]) : 8;
}
