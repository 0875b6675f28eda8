// Colour mapping of float data to RGBA pixels. Pure: no DOM.

export type Rgb = readonly [number, number, number];
export type Scale = 'linear' | 'log';

/** Viridis (matplotlib) sampled at 0, 0.1, …, 1. */
const VIRIDIS_STOPS: readonly Rgb[] = [
  [68, 1, 84],
  [72, 36, 117],
  [65, 68, 135],
  [53, 95, 141],
  [42, 120, 142],
  [33, 145, 140],
  [34, 168, 132],
  [68, 191, 112],
  [122, 209, 81],
  [189, 223, 38],
  [253, 231, 37],
];

/** A lookup table of `size` colours, linearly interpolated between the stops, as RGB bytes. */
export function buildLut(stops: readonly Rgb[] = VIRIDIS_STOPS, size = 256): Uint8Array {
  const lut = new Uint8Array(size * 3);
  const last = stops.length - 1;
  for (let i = 0; i < size; i++) {
    const t = size === 1 ? 0 : (i / (size - 1)) * last;
    const k = Math.min(Math.floor(t), last - 1);
    const f = t - k;
    const a = stops[k];
    const b = stops[Math.min(k + 1, last)];
    for (let c = 0; c < 3; c++) lut[i * 3 + c] = Math.round(a[c] + (b[c] - a[c]) * f);
  }
  return lut;
}

export const VIRIDIS: Uint8Array = buildLut();

/** Magma and inferno (matplotlib), approximately, at 0, 0.1, …, 1. */
const MAGMA_STOPS: readonly Rgb[] = [
  [0, 0, 4],
  [20, 14, 54],
  [59, 15, 112],
  [100, 26, 128],
  [140, 41, 129],
  [183, 55, 121],
  [222, 73, 104],
  [246, 110, 92],
  [254, 159, 109],
  [254, 206, 145],
  [252, 253, 191],
];
const INFERNO_STOPS: readonly Rgb[] = [
  [0, 0, 4],
  [22, 11, 57],
  [66, 10, 104],
  [106, 23, 110],
  [147, 38, 103],
  [188, 55, 84],
  [221, 81, 58],
  [243, 120, 25],
  [252, 165, 10],
  [246, 215, 70],
  [252, 255, 164],
];

/** The colour maps a viewer offers, each a 256-entry RGB lookup table. */
export const COLORMAPS = {
  viridis: VIRIDIS,
  gray: buildLut([
    [0, 0, 0],
    [255, 255, 255],
  ]),
  magma: buildLut(MAGMA_STOPS),
  inferno: buildLut(INFERNO_STOPS),
} as const satisfies Record<string, Uint8Array>;

export type ColormapName = keyof typeof COLORMAPS;

export interface Range {
  min: number;
  max: number;
}

/** Minimum and maximum over the finite values; null when there are none. */
export function finiteRange(data: ArrayLike<number>): Range | null {
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < data.length; i++) {
    const v = data[i];
    if (v < min && Number.isFinite(v)) min = v;
    if (v > max && Number.isFinite(v)) max = v;
  }
  return min <= max ? { min, max } : null;
}

export interface ColorMapOptions {
  /** Defaults to the finite range of the data. */
  range?: Range | null;
  scale?: Scale;
  lut?: Uint8Array;
  /** RGBA for NaN and ±Infinity; transparent by default. */
  invalid?: readonly [number, number, number, number];
}

/** Maps a value in `range` to [0, 1], linearly or logarithmically (log1p of the offset). */
export function normalizer(range: Range, scale: Scale): (v: number) => number {
  const { min, max } = range;
  if (scale === 'log') {
    const span = Math.log1p(max - min);
    return span > 0 ? (v) => Math.log1p(Math.max(v - min, 0)) / span : () => 0.5;
  }
  const span = max - min;
  return span > 0 ? (v) => (v - min) / span : () => 0.5;
}

/** Converts values to RGBA bytes (4 per value), ready for ImageData. */
export function toRgba(data: ArrayLike<number>, options: ColorMapOptions = {}): Uint8ClampedArray<ArrayBuffer> {
  const lut = options.lut ?? VIRIDIS;
  const colours = lut.length / 3;
  const invalid = options.invalid ?? [0, 0, 0, 0];
  const out = new Uint8ClampedArray(new ArrayBuffer(data.length * 4));
  const range = options.range === undefined ? finiteRange(data) : options.range;
  const norm = range ? normalizer(range, options.scale ?? 'linear') : () => 0;

  for (let i = 0; i < data.length; i++) {
    const v = data[i];
    const o = i * 4;
    if (!Number.isFinite(v)) {
      out[o] = invalid[0];
      out[o + 1] = invalid[1];
      out[o + 2] = invalid[2];
      out[o + 3] = invalid[3];
      continue;
    }
    const t = Math.min(Math.max(norm(v), 0), 1);
    const k = Math.round(t * (colours - 1)) * 3;
    out[o] = lut[k];
    out[o + 1] = lut[k + 1];
    out[o + 2] = lut[k + 2];
    out[o + 3] = 255;
  }
  return out;
}
