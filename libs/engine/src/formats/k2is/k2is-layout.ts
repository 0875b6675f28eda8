import { closeSync, fstatSync, readdirSync, readSync } from 'node:fs';
import { basename, dirname, extname, join } from 'node:path';
import { formatCount, StemflowError } from '@stemflow/plugin-sdk';
import { openFile } from '../file-io';

/**
 * Gatan K2 IS raw data (layout from LiberTEM's k2is.py): 8 sector files `<name>1.bin`…`<name>8.bin`,
 * each a sequence of 0x5758-byte blocks: a 40-byte big-endian header, then 930×16 pixels packed
 * as 12 bits. A frame is 32 consecutive blocks per sector (two rows of 16 blocks, right to left);
 * sector s covers columns s·256 … s·256+255 of the 1860×2048 frame.
 */
export const BLOCK_SIZE = 0x5758;
export const HEADER_SIZE = 40;
export const BLOCK_ROWS = 930;
export const BLOCK_COLS = 16;
export const BLOCKS_PER_FRAME = 32;
export const SECTORS = 8;
export const SECTOR_WIDTH = 256;
export const FRAME_SHAPE = [2 * BLOCK_ROWS, SECTORS * SECTOR_WIDTH];
export const SYNC_WORD = 0xffff0055;
export const FRAME_STRIDE = BLOCK_SIZE * BLOCKS_PER_FRAME;
/** Blocks searched to align the sectors on `block_count` or to skip a partial frame. */
const ALIGN_SEARCH = 4 * BLOCKS_PER_FRAME * SECTORS;

export interface BlockHeader {
  sync: number;
  version: number;
  flags: number;
  blockCount: number;
  width: number;
  height: number;
  frameId: number;
  xStart: number;
  yStart: number;
  xEnd: number;
  yEnd: number;
  blockSize: number;
}

export function parseBlockHeader(bytes: Uint8Array, at = 0): BlockHeader {
  const v = new DataView(bytes.buffer, bytes.byteOffset + at, HEADER_SIZE);
  return {
    sync: v.getUint32(0),
    version: v.getUint8(8),
    flags: v.getUint8(9),
    blockCount: v.getUint32(16),
    width: v.getUint16(20),
    height: v.getUint16(22),
    frameId: v.getUint32(24),
    xStart: v.getUint16(28),
    yStart: v.getUint16(30),
    xEnd: v.getUint16(32),
    yEnd: v.getUint16(34),
    blockSize: v.getUint32(36),
  };
}

export function isValidBlock(h: BlockHeader): boolean {
  return h.sync === SYNC_WORD && h.width === SECTOR_WIDTH && h.height === 2 * BLOCK_ROWS;
}

/** Where block `b` (0…31) of a frame lies in its sector: LiberTEM's mapping (right to left, two block rows). */
export function blockOrigin(b: number): { x: number; y: number } {
  return { x: SECTOR_WIDTH - BLOCK_COLS * ((b % 16) + 1), y: BLOCK_ROWS * Math.floor(b / 16) };
}

/** Unpack 12-bit pixels: every 3 bytes hold two values, low nibbles first. */
export function decode12(src: Uint8Array, at: number, pixels: number, dest: { [i: number]: number }, destAt: number): void {
  for (let i = 0; i < pixels; i += 2) {
    const b0 = src[at]!;
    const b1 = src[at + 1]!;
    const b2 = src[at + 2]!;
    dest[destAt + i] = b0 | ((b1 & 0x0f) << 8);
    dest[destAt + i + 1] = (b1 >> 4) | (b2 << 4);
    at += 3;
  }
}

/** The 8 sector files of a data set, from its `.gtg` or any of its `.bin` files. */
export function sectorFiles(path: string): { files: string[]; gtg: string } {
  const ext = extname(path).toLowerCase();
  if (ext !== '.gtg' && ext !== '.bin') throw new StemflowError('FORMAT_UNKNOWN', `${path}: a K2IS data set is opened from its .gtg file or one of its 8 .bin files`);
  const stem = basename(path, extname(path));
  const prefix = ext === '.gtg' ? stem : stem.replace(/[0-9]+$/, '');
  const dir = dirname(path);
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch (error) {
    throw new StemflowError('NOT_FOUND', `cannot list the folder of ${path}`, { cause: error });
  }
  const files = names
    .filter((n) => n.startsWith(prefix) && n.toLowerCase().endsWith('.bin'))
    .sort()
    .map((n) => join(dir, n));
  if (files.length !== SECTORS) {
    throw new StemflowError('FILE_CORRUPT', `${path}: a K2IS data set has ${SECTORS} sector files ${prefix}*.bin, found ${files.length} in ${dir}`);
  }
  return { files, gtg: join(dir, `${prefix}.gtg`) };
}

/** Reads block headers of one sector file. */
export class SectorFile {
  readonly size: number;
  private readonly fd: number;
  private readonly buf = new Uint8Array(HEADER_SIZE);

  constructor(readonly path: string) {
    this.fd = openFile(path);
    this.size = fstatSync(this.fd).size;
  }

  blocks(): number {
    return Math.floor(this.size / BLOCK_SIZE);
  }

  header(block: number): BlockHeader {
    if (block < 0 || block >= this.blocks()) throw new StemflowError('FILE_CORRUPT', `${this.path}: block ${block} lies past the end of the file (${formatCount(this.size)} bytes)`);
    readSync(this.fd, this.buf, 0, HEADER_SIZE, block * BLOCK_SIZE);
    const h = parseBlockHeader(this.buf);
    if (!isValidBlock(h)) {
      throw new StemflowError('FILE_CORRUPT', `${this.path}: the block at byte ${formatCount(block * BLOCK_SIZE)} has no valid K2IS header (sync word, width 256, height 1860)`);
    }
    return h;
  }

  /** The first block from `from` on (searching at most `limit` blocks) that satisfies `test`. */
  find(from: number, limit: number, test: (h: BlockHeader) => boolean, what: string): number {
    const end = Math.min(this.blocks(), from + limit);
    for (let b = from; b < end; b++) if (test(this.header(b))) return b;
    throw new StemflowError('FILE_CORRUPT', `${this.path}: no block ${what} within ${limit} blocks of block ${from}: the sector files do not belong together or are corrupt`);
  }

  close(): void {
    closeSync(this.fd);
  }
}

export interface K2Sync {
  /** First block of the first complete frame, per sector. */
  firstBlocks: number[];
  /** Complete frames present in every sector. */
  imageCount: number;
  /** Frames before the first one with the shutter-active flag (sector 0). */
  firstShutterFrame: number | undefined;
}

/**
 * Align the sectors (LiberTEM's recipe): start every sector at the largest first `block_count`,
 * skip a frame that is cut at the start, count the complete frames, and find the first frame
 * whose shutter-active flag is set (by bisection: the flag stays set once the scan runs).
 */
export function syncSectors(sectors: SectorFile[]): K2Sync {
  for (const s of sectors) {
    if (s.blocks() < BLOCKS_PER_FRAME) throw new StemflowError('FILE_CORRUPT', `${s.path} has ${formatCount(s.size)} bytes, less than one K2IS frame (${formatCount(FRAME_STRIDE)})`);
  }
  const target = Math.max(...sectors.map((s) => s.header(0).blockCount));
  let firstBlocks = sectors.map((s) => s.find(0, ALIGN_SEARCH, (h) => h.blockCount === target, `with block_count ${target}`));
  const partial = sectors.some((s, i) => {
    const id = s.header(firstBlocks[i]!).frameId;
    const last = firstBlocks[i]! + BLOCKS_PER_FRAME - 1;
    return last >= s.blocks() || s.header(last).frameId !== id;
  });
  if (partial) {
    const id = sectors[0]!.header(firstBlocks[0]!).frameId;
    firstBlocks = sectors.map((s, i) => s.find(firstBlocks[i]!, BLOCKS_PER_FRAME + 1, (h) => h.frameId !== id, `after the partial frame ${id}`));
  }
  const frameId = sectors[0]!.header(firstBlocks[0]!).frameId;
  sectors.forEach((s, i) => {
    const h = s.header(firstBlocks[i]!);
    if (h.frameId !== frameId) throw new StemflowError('FILE_CORRUPT', `${s.path}: starts at frame id ${h.frameId} while sector 1 starts at ${frameId}: the sectors cannot be aligned`);
  });
  const imageCount = Math.min(...sectors.map((s, i) => Math.floor((s.blocks() - firstBlocks[i]!) / BLOCKS_PER_FRAME)));
  const active = (frame: number) => (sectors[0]!.header(firstBlocks[0]! + frame * BLOCKS_PER_FRAME).flags & 1) === 1;
  let firstShutterFrame: number | undefined;
  if (imageCount > 0 && active(imageCount - 1)) {
    let lo = 0;
    let hi = imageCount - 1;
    while (lo < hi) {
      const mid = Math.floor((lo + hi) / 2);
      if (active(mid)) hi = mid;
      else lo = mid + 1;
    }
    firstShutterFrame = lo;
  }
  return { firstBlocks, imageCount, firstShutterFrame };
}
