import type { Range, Scale } from '../results/colormap';

// Colour-mapping into a caller-owned RGBA buffer: one pass, no allocation, so a viewer can
// repaint a 512×512 frame into the same ImageData again and again. Pure: no DOM.

const INVALID = 0; // NaN and ±Infinity are transparent: the well's background shows through

/**
 * Writes 4 bytes per value into `out` through a 256-entry RGB lookup table. Values at or
 * below `range.min` take the first colour, at or above `range.max` the last; `log` maps
 * log1p(v − min) instead of v − min, so the limits stay in data units.
 */
export function paintRgba(values: ArrayLike<number>, out: Uint8ClampedArray, lut: Uint8Array, range: Range | null, scale: Scale): void {
  const colours = lut.length / 3;
  const top = colours - 1;
  const min = range?.min ?? 0;
  const log = scale === 'log';
  const span = range ? (log ? Math.log1p(Math.max(range.max - min, 0)) : range.max - min) : 0;
  const k = span > 0 ? top / span : 0;
  const flat = span > 0 ? -1 : Math.round(top / 2); // a flat image takes the middle colour
  const n = Math.min(values.length, out.length >> 2);
  for (let i = 0; i < n; i++) {
    const v = values[i];
    const o = i << 2;
    if (!Number.isFinite(v)) {
      out[o] = out[o + 1] = out[o + 2] = out[o + 3] = INVALID;
      continue;
    }
    let c = flat;
    if (c < 0) {
      const d = v - min;
      const t = (log ? (d > 0 ? Math.log1p(d) : 0) : d) * k;
      c = t <= 0 ? 0 : t >= top ? top : Math.round(t);
    }
    const l = c * 3;
    out[o] = lut[l];
    out[o + 1] = lut[l + 1];
    out[o + 2] = lut[l + 2];
    out[o + 3] = 255;
  }
}
