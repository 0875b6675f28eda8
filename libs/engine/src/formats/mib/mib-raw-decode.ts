import { allocArray, type DType, type TypedArray } from '@stemflow/plugin-sdk';
import type { FrameDecoder } from '../framed-source';
import type { MibGeometry } from './mib-geometry';

/**
 * Decode `count` pixels of the RAW stream starting at pixel `first` (a multiple of the group
 * size) into `out[at .. at + count)`, or in reverse order (`mirror`, for the lower quad chips).
 */
type SegmentDecoder = (src: Uint8Array, first: number, count: number, out: TypedArray, at: number, mirror: boolean) => void;

/** 1 bit: 64 pixels per 8-byte word, the word's bytes reversed, bit 0 the leftmost pixel. */
const decode1: SegmentDecoder = (src, first, count, out, at, mirror) => {
  const base = first >> 3;
  for (let word = 0; word < count >> 6; word++) {
    for (let byte = 0; byte < 8; byte++) {
      const v = src[base + word * 8 + 7 - byte]!;
      const p0 = word * 64 + byte * 8;
      for (let bit = 0; bit < 8; bit++) out[mirror ? at + count - 1 - (p0 + bit) : at + p0 + bit] = (v >> bit) & 1;
    }
  }
};

/** 6 bit: one byte per pixel, each group of 8 stored in reverse order. */
const decode6: SegmentDecoder = (src, first, count, out, at, mirror) => {
  for (let p = 0; p < count; p++) out[mirror ? at + count - 1 - p : at + p] = src[first + (p & ~7) + 7 - (p & 7)]!;
};

/** 12 bit: one big-endian 16-bit word per pixel, each group of 4 stored in reverse order. */
const decode12: SegmentDecoder = (src, first, count, out, at, mirror) => {
  for (let p = 0; p < count; p++) {
    const i = 2 * (first + (p & ~3) + 3 - (p & 3));
    out[mirror ? at + count - 1 - p : at + p] = (src[i]! << 8) | src[i + 1]!;
  }
};

const SEGMENT: Record<number, SegmentDecoder> = { 1: decode1, 8: decode6, 16: decode12 };

/** Writes native row `row` of the assembled image (`width` pixels) into `out` from index 0. */
type RowDecoder = (src: Uint8Array, row: number, out: TypedArray) => void;

function rowDecoder(g: MibGeometry): RowDecoder {
  const segment = SEGMENT[g.rawBits!]!;
  const width = g.sigShape[1];
  if (!g.quad) return (src, row, out) => segment(src, row * width, width, out, 0, false);
  // Quad: each stored row holds chip blocks [4 | 3 | 2 | 1], `chip` pixels each. The top half
  // of the image is blocks 4 and 3 of stored row y; the bottom half is blocks 2 and 1 of stored
  // row (2·chip − 1 − y), mirrored in x (LiberTEM `_mib_2x2_tile_block`).
  const chip = width / 2;
  const stored = 4 * chip;
  return (src, row, out) => {
    if (row < chip) {
      segment(src, row * stored + 3 * chip, chip, out, 0, false);
      segment(src, row * stored + 2 * chip, chip, out, chip, false);
    } else {
      const y = 2 * chip - 1 - row;
      segment(src, y * stored + chip, chip, out, 0, true);
      segment(src, y * stored, chip, out, chip, true);
    }
  };
}

/**
 * A FramedSource decoder for RAW frames. Row bands are counted in the data set's sig shape,
 * which may reshape the native image (same pixel count): the band is the contiguous element
 * range it covers, decoded native row by native row (partial rows through a scratch row).
 */
export function rawFrameDecoder(g: MibGeometry, sigShape: number[], dtype: DType): FrameDecoder {
  const decodeRow = rowDecoder(g);
  const nativeWidth = g.sigShape[1];
  const width = sigShape[sigShape.length - 1]!;
  const scratch = allocArray(dtype, nativeWidth);
  return (src, dest, rowStart, rows) => {
    const start = rowStart * width;
    const end = start + rows * width;
    for (let row = Math.floor(start / nativeWidth); row * nativeWidth < end; row++) {
      const rowFirst = row * nativeWidth;
      if (rowFirst >= start && rowFirst + nativeWidth <= end) {
        decodeRow(src, row, dest.subarray(rowFirst - start, rowFirst - start + nativeWidth));
        continue;
      }
      decodeRow(src, row, scratch);
      const from = Math.max(start, rowFirst);
      const to = Math.min(end, rowFirst + nativeWidth);
      dest.set(scratch.subarray(from - rowFirst, to - rowFirst), from - start);
    }
  };
}
