import type { TypedArray } from '../dtype';
import type { Tile } from '../plugin';

/**
 * `out[f * count + m] += Σ_p tile[f, p] · masks[m, rowStart·width + p]` — a stack of `count`
 * full-frame masks (`count × sigSize`, C order) applied to the tile's rows.
 * With `count = 1` this is a virtual detector.
 */
export function applyMasks(tile: Tile, masks: TypedArray, count: number, out: TypedArray): void {
  const { data, depth, width } = tile;
  const size = tile.rows * width;
  const sigSize = masks.length / count;
  const maskOffset = tile.rowStart * width;
  for (let f = 0; f < depth; f++) {
    const base = f * size;
    for (let m = 0; m < count; m++) {
      const mBase = m * sigSize + maskOffset;
      let a = 0;
      let b = 0;
      let p = 0;
      for (; p + 1 < size; p += 2) {
        a += data[base + p]! * masks[mBase + p]!;
        b += data[base + p + 1]! * masks[mBase + p + 1]!;
      }
      if (p < size) a += data[base + p]! * masks[mBase + p]!;
      out[f * count + m]! += a + b;
    }
  }
}

/** `out[f] += Σ_p tile[f, p] · mask[rowStart·width + p]` for one full-frame mask. */
export function maskedSum(tile: Tile, mask: TypedArray, out: TypedArray): void {
  applyMasks(tile, mask, 1, out);
}

/**
 * Centre-of-mass moments of each frame within a mask: `out[f*3 + 0] += Σ m·I`,
 * `out[f*3 + 1] += Σ m·I·y`, `out[f*3 + 2] += Σ m·I·x` (pixel indices, y down, x right).
 */
export function comMoments(tile: Tile, mask: TypedArray, out: TypedArray): void {
  const { data, depth, width, rows, rowStart } = tile;
  const size = rows * width;
  for (let f = 0; f < depth; f++) {
    const base = f * size;
    let total = 0;
    let ySum = 0;
    let xSum = 0;
    for (let r = 0; r < rows; r++) {
      const y = rowStart + r;
      const rowBase = base + r * width;
      const maskBase = y * width;
      let rowTotal = 0;
      let rowX = 0;
      for (let x = 0; x < width; x++) {
        const v = data[rowBase + x]! * mask[maskBase + x]!;
        rowTotal += v;
        rowX += v * x;
      }
      total += rowTotal;
      ySum += rowTotal * y;
      xSum += rowX;
    }
    out[f * 3]! += total;
    out[f * 3 + 1]! += ySum;
    out[f * 3 + 2]! += xSum;
  }
}
