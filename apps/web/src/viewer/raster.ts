import type { Range, Scale } from '../results/colormap';
import { paintRgba } from './paint';

/**
 * An image colour-mapped once into an offscreen canvas, so that zooming and panning only
 * copy it (drawImage under a transform). The ImageData is kept and reused while the size
 * stays the same: repainting a new frame allocates nothing.
 */
export class Raster {
  readonly canvas = document.createElement('canvas');
  private image: ImageData | null = null;

  /** Colour-maps `values` (row-major, width × height); false when there is nothing to show. */
  paint(values: Float32Array | null, width: number, height: number, lut: Uint8Array, range: Range | null, scale: Scale): boolean {
    const context = this.canvas.getContext('2d');
    if (!context || !values || values.length < width * height || width <= 0 || height <= 0) return false;
    if (!this.image || this.image.width !== width || this.image.height !== height) {
      this.canvas.width = width;
      this.canvas.height = height;
      this.image = context.createImageData(width, height);
    }
    paintRgba(values, this.image.data, lut, range, scale);
    context.putImageData(this.image, 0, 0);
    return true;
  }
}
