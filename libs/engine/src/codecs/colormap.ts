import type { NDArray } from '@stemflow/plugin-sdk';

/** Viridis anchors (matplotlib), interpolated linearly into a 256-entry RGB table. */
const VIRIDIS_ANCHORS: [number, number, number][] = [
  [68, 1, 84], [72, 40, 120], [62, 74, 137], [49, 104, 142], [38, 130, 142],
  [31, 158, 137], [53, 183, 121], [109, 205, 89], [180, 222, 44], [253, 231, 37],
];

function buildTable(anchors: [number, number, number][]): Uint8Array {
  const table = new Uint8Array(256 * 3);
  for (let i = 0; i < 256; i++) {
    const t = (i / 255) * (anchors.length - 1);
    const k = Math.min(anchors.length - 2, Math.floor(t));
    const f = t - k;
    for (let c = 0; c < 3; c++) table[i * 3 + c] = Math.round(anchors[k]![c]! * (1 - f) + anchors[k + 1]![c]! * f);
  }
  return table;
}

const TABLES: Record<string, Uint8Array> = {
  viridis: buildTable(VIRIDIS_ANCHORS),
  gray: buildTable([[0, 0, 0], [255, 255, 255]]),
};

export type ColormapName = 'viridis' | 'gray';
export type Scale = 'linear' | 'log';

export interface ColorizeOptions {
  colormap?: ColormapName;
  scale?: Scale;
}

/**
 * Map a 2-D array (the last two axes of `array`'s first image) to RGBA bytes. Limits come
 * from the finite values only; NaN (not computed, outside the ROI) is transparent. Log scale
 * is LiberTEM's `log(x − min + 1)`.
 */
export function colorize(array: NDArray, options: ColorizeOptions = {}): { rgba: Uint8Array; width: number; height: number } {
  const shape = array.shape;
  const width = shape.length >= 1 ? shape[shape.length - 1]! : 1;
  const height = shape.length >= 2 ? shape[shape.length - 2]! : 1;
  const n = width * height;
  const table = TABLES[options.colormap ?? 'viridis']!;
  const log = options.scale === 'log';
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < n; i++) {
    const v = array.data[i]!;
    if (Number.isFinite(v)) {
      if (v < min) min = v;
      if (v > max) max = v;
    }
  }
  const transform = (v: number): number => (log ? Math.log(v - min + 1) : v);
  const lo = Number.isFinite(min) ? transform(min) : 0;
  const hi = Number.isFinite(max) ? transform(max) : 1;
  const span = hi > lo ? hi - lo : 1;
  const rgba = new Uint8Array(n * 4);
  for (let i = 0; i < n; i++) {
    const v = array.data[i]!;
    if (!Number.isFinite(v)) continue;
    const k = Math.max(0, Math.min(255, Math.round(((transform(v) - lo) / span) * 255)));
    rgba[i * 4] = table[k * 3]!;
    rgba[i * 4 + 1] = table[k * 3 + 1]!;
    rgba[i * 4 + 2] = table[k * 3 + 2]!;
    rgba[i * 4 + 3] = 255;
  }
  return { rgba, width, height };
}
