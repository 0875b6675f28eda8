import { encode } from 'fast-png';
import type { NDArray } from '@stemflow/plugin-sdk';
import { colorize, type ColorizeOptions } from './colormap';

/** A colour-mapped RGBA PNG of a 2-D array (or of a 1-D array as one row). */
export function encodeColorPng(array: NDArray, options: ColorizeOptions = {}): Buffer {
  const { rgba, width, height } = colorize(array, options);
  return Buffer.from(encode({ width, height, data: rgba, channels: 4, depth: 8 }));
}
