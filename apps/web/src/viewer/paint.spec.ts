import { describe, expect, it } from '@jest/globals';
import { COLORMAPS } from '../results/colormap';
import { percentileRange } from './contrast';
import { paintRgba } from './paint';
import { rectBetween, roiCount, roiMask } from './roi';

const gray = COLORMAPS.gray;

describe('paintRgba', () => {
  it('maps the limits to the ends of the colour map and clips outside them', () => {
    const out = new Uint8ClampedArray(5 * 4);
    paintRgba(Float32Array.of(-1, 0, 5, 10, 20), out, gray, { min: 0, max: 10 }, 'linear');
    expect(Array.from({ length: 5 }, (_, i) => out[i * 4])).toEqual([0, 0, 128, 255, 255]);
  });

  it('brightens low values on the log scale and leaves NaN transparent', () => {
    const out = new Uint8ClampedArray(2 * 4);
    paintRgba(Float32Array.of(10, Number.NaN), out, gray, { min: 0, max: 1000 }, 'log');
    expect(out[0]).toBe(Math.round((Math.log1p(10) / Math.log1p(1000)) * 255));
    expect(Array.from(out.subarray(4, 8))).toEqual([0, 0, 0, 0]);
  });
});

describe('percentileRange', () => {
  it('ignores the outliers beyond the percentiles and the NaNs', () => {
    const values = Float32Array.from({ length: 1000 }, (_, i) => i);
    values[0] = -1e9;
    values[999] = 1e9;
    values[500] = Number.NaN;
    const range = percentileRange(values, 1, 99)!;
    expect(range.min).toBeGreaterThan(0);
    expect(range.max).toBeLessThan(1000);
    expect(percentileRange(Float32Array.of(Number.NaN))).toBeNull();
  });
});

describe('ROI', () => {
  it('spans the grid cells between two points, whichever way it was dragged', () => {
    const rect = rectBetween({ x: 3.7, y: 2.2 }, { x: 1.1, y: 40 }, 5, 4);
    expect(rect).toEqual({ x0: 1, y0: 2, x1: 3, y1: 3 });
    expect(roiCount(rect)).toBe(6);
    expect(roiMask(rect, 5, 4)).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 0, 0, 1, 1, 1, 0]);
  });
});
