import { Type, type Static } from 'typebox';

/**
 * Detector masks on the pixel grid, with LiberTEM's edge conventions (pixel indices, y down):
 * disk `d² ≤ r²`, ring `ri² < d² ≤ ro²`, point = the pixel `(trunc(cy), trunc(cx))`,
 * rectangle = the half-open index ranges `[trunc(x), trunc(x + width))`, likewise in y.
 */
export const MaskShape = Type.Enum(['point', 'disk', 'ring', 'rect'], { title: 'Shape', default: 'disk' });
export type MaskShape = Static<typeof MaskShape>;

export interface MaskGeometry {
  shape: MaskShape;
  cx?: number;
  cy?: number;
  r?: number;
  ri?: number;
  ro?: number;
  x?: number;
  y?: number;
  width?: number;
  height?: number;
}

/**
 * A binary mask of `sigShape` (1 inside), as float32 ready for `maskedSum`. With `out`
 * (zero-filled, `h·w` long) the ones are written there instead and `out` is returned.
 */
export function detectorMask(sigShape: readonly number[], geometry: MaskGeometry): Float32Array;
export function detectorMask<A extends Float32Array | Float64Array>(sigShape: readonly number[], geometry: MaskGeometry, out: A): A;
export function detectorMask(sigShape: readonly number[], geometry: MaskGeometry, out?: Float32Array | Float64Array): Float32Array | Float64Array {
  const [height, width] = sigShape as [number, number];
  const mask = out ?? new Float32Array(height * width);
  const cx = geometry.cx ?? width / 2;
  const cy = geometry.cy ?? height / 2;
  switch (geometry.shape) {
    case 'point': {
      const x = Math.trunc(cx);
      const y = Math.trunc(cy);
      if (x >= 0 && x < width && y >= 0 && y < height) mask[y * width + x] = 1;
      break;
    }
    case 'disk':
      fillRadial(mask, width, height, cx, cy, -1, (geometry.r ?? 0) ** 2);
      break;
    case 'ring':
      fillRadial(mask, width, height, cx, cy, (geometry.ri ?? 0) ** 2, (geometry.ro ?? 0) ** 2);
      break;
    case 'rect': {
      const [x0, x1] = span(geometry.x ?? 0, geometry.width ?? 0, width);
      const [y0, y1] = span(geometry.y ?? 0, geometry.height ?? 0, height);
      for (let y = y0; y < y1; y++) mask.fill(1, y * width + x0, y * width + x1);
      break;
    }
  }
  return mask;
}

/** Sets pixels with `inner < d² ≤ outer`; `inner = -1` makes a disk that includes its centre. */
function fillRadial(mask: Float32Array | Float64Array, width: number, height: number, cx: number, cy: number, inner: number, outer: number): void {
  for (let y = 0; y < height; y++) {
    const dy2 = (y - cy) ** 2;
    for (let x = 0; x < width; x++) {
      const d2 = (x - cx) ** 2 + dy2;
      if (d2 > inner && d2 <= outer) mask[y * width + x] = 1;
    }
  }
}

/** Half-open pixel range of a rectangle side; negative extents go the other way. Clipped to the frame. */
function span(start: number, extent: number, limit: number): [number, number] {
  const lo = Math.trunc(extent >= 0 ? start : start + extent);
  const hi = Math.trunc(extent >= 0 ? start + extent : start);
  return [Math.max(0, Math.min(limit, lo)), Math.max(0, Math.min(limit, hi))];
}
