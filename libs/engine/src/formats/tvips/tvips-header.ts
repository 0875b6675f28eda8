import { StemflowError, type DType } from '@stemflow/plugin-sdk';

/** The general header at the start of the first file of a recording (`*_000.tvips`). */
export const TVIPS_HEADER_BYTES = 256;
/** Version 1 frame headers are 12 bytes; version 2 says its size in the general header. */
const V1_FRAME_HEADER = 12;
const MAX_SIDE = 65536;
const MAX_FRAME_HEADER = 1 << 20;

/** TVIPS recorder general header (little-endian u32 fields, as in LiberTEM's and HyperSpy's readers). */
export interface TvipsHeader {
  version: 1 | 2;
  width: number;
  height: number;
  bitsPerPixel: 8 | 16;
  offsetX: number;
  offsetY: number;
  binX: number;
  binY: number;
  /** Pixel size in nm (imaging) or 1/nm (diffraction), an integer. */
  pixelSize: number;
  /** High tension in kV. */
  highTension: number;
  magTotal: number;
  frameHeaderBytes: number;
  dtype: DType;
}

export function looksLikeTvipsHeader(head: Uint8Array): boolean {
  if (head.length < TVIPS_HEADER_BYTES) return false;
  const view = new DataView(head.buffer, head.byteOffset, head.byteLength);
  const version = view.getUint32(4, true);
  const bpp = view.getUint32(16, true);
  return view.getUint32(0, true) === TVIPS_HEADER_BYTES && (version === 1 || version === 2) && (bpp === 8 || bpp === 16);
}

export function parseTvipsHeader(bytes: Uint8Array, path: string): TvipsHeader {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const u32 = (o: number) => view.getUint32(o, true);
  const problem = (what: string) => new StemflowError('FILE_CORRUPT', `${path}: ${what} in the TVIPS general header; the file is corrupt or not the first file (_000) of a TVIPS recording`);
  if (u32(0) !== TVIPS_HEADER_BYTES) throw problem(`header size ${u32(0)} instead of 256`);
  const version = u32(4);
  if (version !== 1 && version !== 2) throw problem(`version ${version} (1 or 2 expected)`);
  const width = u32(8);
  const height = u32(12);
  if (width < 1 || width > MAX_SIDE || height < 1 || height > MAX_SIDE) throw problem(`image size ${width}×${height} is not plausible`);
  const bitsPerPixel = u32(16);
  if (bitsPerPixel !== 8 && bitsPerPixel !== 16) throw problem(`${bitsPerPixel} bits per pixel (8 or 16 expected)`);
  const frameHeaderBytes = version === 1 ? V1_FRAME_HEADER : u32(48);
  if (frameHeaderBytes > MAX_FRAME_HEADER) throw problem(`frame header size ${frameHeaderBytes} is not plausible`);
  return {
    version,
    width,
    height,
    bitsPerPixel,
    offsetX: u32(20),
    offsetY: u32(24),
    binX: u32(28),
    binY: u32(32),
    pixelSize: u32(36),
    highTension: u32(40),
    magTotal: u32(44),
    frameHeaderBytes,
    dtype: bitsPerPixel === 8 ? 'uint8' : 'uint16',
  };
}
