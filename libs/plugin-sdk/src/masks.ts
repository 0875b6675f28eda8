import { Type, type Static } from 'typebox';

/**
 * The schema of a binary detector mask's shape, for a plugin's parameters. Masks are drawn on
 * the pixel grid with LiberTEM's edge conventions (pixel indices, y down):
 * disk `d² ≤ r²`, ring `ri² < d² ≤ ro²`, point = the pixel `(trunc(cy), trunc(cx))`,
 * rectangle = the half-open index ranges `[trunc(x), trunc(x + width))`, likewise in y.
 *
 * @example
 * ```ts
 * import { MaskShape, Type, type Static } from '@stemflow/plugin-sdk';
 *
 * export const DetectorParams = Type.Object({
 *   shape: MaskShape,
 *   r: Type.Optional(Type.Number({ title: 'Radius', minimum: 0, 'x-ui': { unit: 'px', showIf: { shape: 'disk' } } })),
 * });
 * export type DetectorParams = Static<typeof DetectorParams>;
 * ```
 */
export const MaskShape = Type.Enum(['point', 'disk', 'ring', 'rect'], { title: 'Shape', default: 'disk' });
/**
 * One of the binary mask shapes `point`, `disk`, `ring`, `rect`.
 *
 * @example
 * ```ts
 * import type { MaskShape } from '@stemflow/plugin-sdk';
 *
 * const shapes: MaskShape[] = ['disk', 'ring'];
 * ```
 */
export type MaskShape = Static<typeof MaskShape>;

/**
 * Where a binary detector mask lies, in pixels (x right, y down); which fields matter depends on
 * `shape`. A missing centre means the frame centre.
 *
 * @example
 * ```ts
 * import type { MaskGeometry } from '@stemflow/plugin-sdk';
 *
 * const brightField: MaskGeometry = { shape: 'disk', cx: 64, cy: 64, r: 12 };
 * const annular: MaskGeometry = { shape: 'ring', cx: 64, cy: 64, ri: 30, ro: 60 };
 * const box: MaskGeometry = { shape: 'rect', x: 10, y: 20, width: 8, height: 4 };
 * ```
 */
export interface MaskGeometry {
  /** Which mask: `point`, `disk`, `ring` or `rect`. */
  shape: MaskShape;
  /** Centre column (point, disk, ring); default the frame centre `width / 2`. */
  cx?: number;
  /** Centre row (point, disk, ring); default the frame centre `height / 2`. */
  cy?: number;
  /** Disk radius: pixels with `d ≤ r` count. */
  r?: number;
  /** Ring inner radius: pixels with `d ≤ ri` are left out. */
  ri?: number;
  /** Ring outer radius: pixels with `ri < d ≤ ro` count. */
  ro?: number;
  /** Rectangle's first column. */
  x?: number;
  /** Rectangle's first row. */
  y?: number;
  /** Rectangle's columns, from `x` (negative: to the left). */
  width?: number;
  /** Rectangle's rows, from `y` (negative: upwards). */
  height?: number;
}

/**
 * A binary mask of `sigShape` (1 inside), as float32 ready for `maskedSum`. Build it in
 * `taskData`, once per task, and do not change it afterwards (the native kernels cache it).
 *
 * @example
 * ```ts
 * import { detectorMask, maskedSum } from '@stemflow/plugin-sdk';
 *
 * const mask = detectorMask(dataset.sigShape, { shape: 'ring', ri: 20, ro: 40 });
 * const intensity = new Float64Array(tile.depth);
 * maskedSum(tile, mask, intensity); // intensity[f] += Σ ring pixels of frame f
 * ```
 */
export function detectorMask(sigShape: readonly number[], geometry: MaskGeometry): Float32Array;
/**
 * A binary mask of `sigShape` written into `out` (zero-filled, `h·w` long), which is returned:
 * for float64 masks or several masks in one stack.
 *
 * @example
 * ```ts
 * import { detectorMask } from '@stemflow/plugin-sdk';
 *
 * const [h = 1, w = 1] = dataset.sigShape;
 * const stack = new Float64Array(2 * h * w); // two masks, one after the other
 * detectorMask(dataset.sigShape, { shape: 'disk', r: 10 }, stack.subarray(0, h * w));
 * detectorMask(dataset.sigShape, { shape: 'ring', ri: 20, ro: 40 }, stack.subarray(h * w));
 * ```
 */
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
