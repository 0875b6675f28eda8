import { StemflowError, type DType } from '@stemflow/plugin-sdk';
import type { MibHeader } from './mib-header';

/** How the pixels of one frame are stored and what they become. */
export interface MibGeometry {
  /** The assembled detector image, [rows, cols]. */
  sigShape: [number, number];
  dtype: DType;
  /** Pixel bytes after each header. */
  frameBytes: number;
  /** Undecoded RAW (R64) data: bits per stored pixel (1, 8 for 6-bit, 16 for 12-bit); absent for U08/U16/U32. */
  rawBits?: 1 | 8 | 16;
  /** RAW data of a 2×2 quad, stored as four chip blocks per row that need re-assembly. */
  quad?: boolean;
}

/** Pixels per group whose order RAW mode reverses: whole rows must hold whole groups. */
const RAW_GROUP: Record<number, number> = { 1: 64, 8: 8, 16: 4 };

function unsupported(path: string, what: string): StemflowError {
  return new StemflowError('FORMAT_UNKNOWN', `${path}: ${what}`);
}

/**
 * Shape, dtype and stored size of a frame. U-mode frames are already assembled big-endian
 * images. R64 (RAW) frames are the chips' own bit streams: 1-bit packed in 64-bit words,
 * 6-bit as bytes and 12-bit as 16-bit words, each in groups stored in reverse order; a quad
 * stores four 256-wide chip blocks side by side (header says 1024×256 for a 512×512 image).
 */
export function mibGeometry(h: MibHeader, path: string): MibGeometry {
  if (h.pixelType !== 'R64') {
    const [dtype, size]: [DType, number] = h.pixelType === 'U08' ? ['uint8', 1] : h.pixelType === 'U16' ? ['uint16', 2] : ['uint32', 4];
    return { sigShape: [h.height, h.width], dtype, frameBytes: h.width * h.height * size };
  }
  if (h.counterDepth === 24) {
    throw unsupported(path, 'RAW 24-bit MIB frames are not supported yet (no sample file to verify the layout); save the acquisition without RAW (U32) or use 12 bits');
  }
  const rawBits = h.counterDepth === 1 ? 1 : h.counterDepth === 6 ? 8 : 16;
  const dtype: DType = rawBits === 16 ? 'uint16' : 'uint8';
  const frameBytes = (h.width * h.height * rawBits) / 8;
  const group = RAW_GROUP[rawBits]!;
  if (h.chips === 1) {
    if (h.width % group !== 0) throw corruptRaw(path, `RAW ${h.counterDepth}-bit rows must be a multiple of ${group} pixels wide, the header says ${h.width}`);
    return { sigShape: [h.height, h.width], dtype, frameBytes, rawBits };
  }
  if (h.chips !== 4 || !/^2x2G?$/i.test(h.layout)) {
    throw unsupported(path, `RAW frames of ${h.chips} chips in layout ${h.layout} are not supported (only single chips and 2x2 quads); save the acquisition without RAW`);
  }
  // The four chips of a row lie side by side: width = 4 × chip size, height = chip size.
  if (h.width !== 4 * h.height || h.height % group !== 0) {
    throw corruptRaw(path, `a RAW 2x2 quad header must say width = 4 × height with the height a multiple of ${group}, it says ${h.width}×${h.height}`);
  }
  return { sigShape: [2 * h.height, 2 * h.height], dtype, frameBytes, rawBits, quad: true };
}

function corruptRaw(path: string, what: string): StemflowError {
  return new StemflowError('FILE_CORRUPT', `${path}: ${what}`);
}
