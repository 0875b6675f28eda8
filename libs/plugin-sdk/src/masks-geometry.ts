import { Type, type Static } from 'typebox';
import type { TypedArray } from './dtype';
import { applyMasks } from './kernels/masks';
import { applySparseMasks, concatSparseMasks, countNonZero, denseFromSparse, sparseMasksFrom, type SparseMasks } from './kernels/sparse-masks';
import { decodeMaskData, type MaskData } from './masks-data';
import { detectorMask, type MaskGeometry } from './masks';
import type { Tile } from './plugin';

/*
 * Detector masks beyond the binary point/disk/ring/rect of `masks.ts`: polygons, anti-aliased
 * disks and rings, masks given as data, and stacks of masks applied in one pass, dense or as
 * (index, weight) lists. Coordinates are pixel coordinates: the centre of pixel (row y,
 * column x) is the point (x, y); x right, y down.
 */

/**
 * The schema of one polygon vertex in pixel coordinates (the centre of pixel (row y, column x)
 * is (x, y)), for a polygon detector's parameters.
 *
 * @example
 * ```ts
 * import { PolygonVertex, Type } from '@stemflow/plugin-sdk';
 *
 * const vertices = Type.Array(PolygonVertex, { title: 'Polygon vertices', minItems: 3 });
 * ```
 */
export const PolygonVertex = Type.Object(
  {
    x: Type.Number({ title: 'x', minimum: -1e6, maximum: 1e6, 'x-ui': { unit: 'px', help: 'Column coordinate (0 = centre of the left edge pixel)' } }),
    y: Type.Number({ title: 'y', minimum: -1e6, maximum: 1e6, 'x-ui': { unit: 'px', help: 'Row coordinate (0 = centre of the top edge pixel)' } }),
  },
  { title: 'Vertex' },
);
/**
 * One polygon vertex `{ x, y }` in pixel coordinates.
 *
 * @example
 * ```ts
 * import { polygonMask, type PolygonVertex } from '@stemflow/plugin-sdk';
 *
 * const diamond: PolygonVertex[] = [{ x: 8, y: 2 }, { x: 14, y: 8 }, { x: 8, y: 14 }, { x: 2, y: 8 }];
 * const mask = polygonMask([16, 16], diamond);
 * ```
 */
export type PolygonVertex = Static<typeof PolygonVertex>;

/**
 * Every shape a detector mask can have: the binary `MaskShape`s plus `polygon` and `mask` (weights given as data).
 *
 * @example
 * ```ts
 * import type { DetectorShape } from '@stemflow/plugin-sdk';
 *
 * const needsCentre = (shape: DetectorShape): boolean => shape === 'point' || shape === 'disk' || shape === 'ring';
 * ```
 */
export type DetectorShape = 'point' | 'disk' | 'ring' | 'rect' | 'polygon' | 'mask';

/**
 * The geometry of one detector mask; which fields matter depends on `shape`.
 *
 * @example
 * ```ts
 * import { buildMaskStack, type DetectorGeometry } from '@stemflow/plugin-sdk';
 *
 * const detectors: DetectorGeometry[] = [
 *   { shape: 'disk', cx: 32, cy: 32, r: 6, antialiased: true },
 *   { shape: 'polygon', vertices: [{ x: 0, y: 0 }, { x: 20, y: 0 }, { x: 0, y: 20 }] },
 * ];
 * const stack = buildMaskStack([64, 64], detectors);
 * ```
 */
export interface DetectorGeometry extends Omit<MaskGeometry, 'shape'> {
  /** Which mask: a binary shape, `polygon` or `mask`. */
  shape: DetectorShape;
  /** Disk and ring only: fractional weights at the edges (LiberTEM's `antialiased=True`). */
  antialiased?: boolean;
  /** Polygon only: at least 3 vertices, closed implicitly (last joins first). */
  vertices?: readonly PolygonVertex[];
  /** Mask only: the weights as data (see `MaskData`). */
  mask?: MaskData;
}

/**
 * Sets `out[y·w + x] = value` for every pixel whose centre (x, y) lies inside the polygon by the
 * even–odd rule, with PNPOLY's half-open edges: an edge from (x1, y1) to (x2, y2) is crossed by
 * the ray from (x, y) towards +x when `min(y1, y2) ≤ y < max(y1, y2)` and the crossing lies
 * strictly right of x. So a centre on a left or top edge is in, on a right or bottom edge out,
 * and polygons that share an edge never both take a pixel. The comparison is done
 * cross-multiplied (exact for integer or half-integer vertices of any detector size).
 * Fewer than 3 vertices draw nothing.
 *
 * @example
 * ```ts
 * import { fillPolygon } from '@stemflow/plugin-sdk';
 *
 * // Weight 0.5 inside a triangle, on top of what `weights` already holds elsewhere.
 * const weights = new Float64Array(32 * 32);
 * fillPolygon(weights, 32, 32, [{ x: 4, y: 4 }, { x: 28, y: 4 }, { x: 16, y: 28 }], 0.5);
 * ```
 */
export function fillPolygon(out: Float32Array | Float64Array, height: number, width: number, vertices: readonly PolygonVertex[], value = 1): void {
  const n = vertices.length;
  if (n < 3) return;
  let yMin = Infinity;
  let yMax = -Infinity;
  for (const v of vertices) {
    yMin = Math.min(yMin, v.y);
    yMax = Math.max(yMax, v.y);
  }
  const cuts = new Float64Array(n);
  const y0 = Math.max(0, Math.ceil(yMin));
  const y1 = Math.min(height - 1, Math.floor(yMax));
  for (let py = y0; py <= y1; py++) {
    let k = 0;
    for (let i = 0, j = n - 1; i < n; j = i++) {
      const a = vertices[j]!;
      const b = vertices[i]!;
      if (a.y > py === b.y > py) continue;
      // The edge is crossed: pixels px < t see this crossing on their right.
      const xc = a.x + ((py - a.y) * (b.x - a.x)) / (b.y - a.y);
      let t: number;
      if (xc >= width + 1) t = width + 1; // every pixel of the row is left of it
      else if (xc <= -1) t = -1; // no pixel is
      else {
        t = Math.ceil(xc); // then made exact: the least integer not left of the crossing
        while (rightOf(t, py, a, b)) t++;
        while (!rightOf(t - 1, py, a, b)) t--;
      }
      cuts[k++] = t;
    }
    const row = cuts.subarray(0, k).sort();
    // Inside where an odd number of crossings lie to the right: [t1, t2) ∪ [t3, t4) ∪ …
    for (let c = 0; c + 1 < k; c += 2) {
      const from = Math.max(0, row[c]!);
      const to = Math.min(width, row[c + 1]!);
      if (to > from) out.fill(value, py * width + from, py * width + to);
    }
  }
}

/** Whether the crossing of edge a→b with the row `py` lies strictly right of `px` (`px < xc`). */
function rightOf(px: number, py: number, a: PolygonVertex, b: PolygonVertex): boolean {
  const lhs = (px - a.x) * (b.y - a.y);
  const rhs = (py - a.y) * (b.x - a.x);
  return b.y > a.y ? lhs < rhs : lhs > rhs;
}

/**
 * A binary polygon mask of `sigShape` as float32 (see `fillPolygon` for the rule), ready for `maskedSum`.
 *
 * @example
 * ```ts
 * import { maskedSum, polygonMask } from '@stemflow/plugin-sdk';
 *
 * const mask = polygonMask(dataset.sigShape, [{ x: 10, y: 10 }, { x: 50, y: 12 }, { x: 30, y: 40 }]);
 * const intensity = new Float64Array(tile.depth);
 * maskedSum(tile, mask, intensity);
 * ```
 */
export function polygonMask(sigShape: readonly number[], vertices: readonly PolygonVertex[]): Float32Array {
  const [h = 1, w = 1] = sigShape;
  const out = new Float32Array(h * w);
  fillPolygon(out, h, w, vertices);
  return out;
}

/** numpy's `round`: half to even. */
function roundHalfEven(v: number): number {
  const f = Math.floor(v);
  const d = v - f;
  if (d !== 0.5) return d < 0.5 ? f : f + 1;
  return f % 2 === 0 ? f : f + 1;
}

/**
 * LiberTEM's anti-aliased ring (`masks.ring(..., antialiased=True)`, i.e. `radial_bins` with one
 * bin): a linear radial ramp one pixel wide centred on each edge,
 * `w(d) = clip((ro − ri)/2 + 0.5 − |d − (ri + ro)/2|, 0, 1)` with `d` the distance of the pixel
 * centre from (cx, cy) — 1 for `ri + ½ ≤ d ≤ ro − ½`, ½ at `d = ri` and at `d = ro`, 0 beyond
 * `ro + ½` — and, when `ri < ½`, the pixel (round(cy), round(cx)) (half to even) set to `1 − ri`.
 * A disk is the ring with `ri = 0`. Σ w ≈ π(ro² − ri²). Writes into `out` (length h·w).
 *
 * @example
 * ```ts
 * import { fillAntialiasedRing } from '@stemflow/plugin-sdk';
 *
 * // An anti-aliased disk of radius 5.5 around (16, 16) on a 32 × 32 detector.
 * const disk = new Float64Array(32 * 32);
 * fillAntialiasedRing(disk, 32, 32, 16, 16, 0, 5.5);
 * ```
 */
export function fillAntialiasedRing(out: Float32Array | Float64Array, height: number, width: number, cx: number, cy: number, ri: number, ro: number): void {
  const half = (ro - ri) / 2;
  const mid = ri + half;
  const reach = ro + 0.5;
  const yFrom = Math.max(0, Math.ceil(cy - reach));
  const yTo = Math.min(height - 1, Math.floor(cy + reach));
  for (let y = yFrom; y <= yTo; y++) {
    const dy = y - cy;
    for (let x = 0; x < width; x++) {
      const dx = x - cx;
      const v = half + 0.5 - Math.abs(Math.sqrt(dy * dy + dx * dx) - mid);
      out[y * width + x] = v <= 0 ? 0 : v >= 1 ? 1 : v;
    }
  }
  if (ri < 0.5) {
    const yy = roundHalfEven(cy);
    const xx = roundHalfEven(cx);
    if (yy >= 0 && yy < height && xx >= 0 && xx < width) out[yy * width + xx] = 1 - ri;
  }
}

/**
 * The weights of one detector mask over `sigShape`, written into `out` (zero-filled, h·w) or a
 * new float64 array: binary shapes as `detectorMask`, anti-aliased disks and rings as
 * `fillAntialiasedRing`, polygons as `fillPolygon`, data masks decoded (and checked against the
 * detector shape).
 *
 * @throws `StemflowError` `PARAMS_INVALID` when a `mask` geometry's data do not fit the detector.
 *
 * @example
 * ```ts
 * import { detectorWeights } from '@stemflow/plugin-sdk';
 *
 * const ring = detectorWeights(dataset.sigShape, { shape: 'ring', ri: 10, ro: 20, antialiased: true });
 * const total = ring.reduce((a, b) => a + b, 0); // ≈ π(20² − 10²)
 * ```
 */
export function detectorWeights(sigShape: readonly number[], g: DetectorGeometry, out?: Float64Array): Float64Array {
  const [h = 1, w = 1] = sigShape;
  const weights = out ?? new Float64Array(h * w);
  const cx = g.cx ?? w / 2;
  const cy = g.cy ?? h / 2;
  switch (g.shape) {
    case 'polygon':
      fillPolygon(weights, h, w, g.vertices ?? []);
      break;
    case 'mask':
      if (g.mask) weights.set(decodeMaskData(g.mask, sigShape));
      break;
    case 'disk':
    case 'ring':
      if (g.antialiased) {
        fillAntialiasedRing(weights, h, w, cx, cy, g.shape === 'disk' ? 0 : (g.ri ?? 0), g.shape === 'disk' ? (g.r ?? 0) : (g.ro ?? 0));
        break;
      }
      detectorMask(sigShape, { ...g, shape: g.shape }, weights);
      break;
    default:
      detectorMask(sigShape, { ...g, shape: g.shape }, weights);
  }
  return weights;
}

/**
 * How a stack is applied: `auto` picks sparse when few weights are non-zero. The results are
 * the same either way; only the speed differs.
 *
 * @example
 * ```ts
 * import { buildMaskStack, type MaskStorage } from '@stemflow/plugin-sdk';
 *
 * const storage: MaskStorage = 'sparse'; // a few thin rings on a large detector
 * const stack = buildMaskStack([512, 512], [{ shape: 'ring', ri: 100, ro: 102 }], storage);
 * ```
 */
export type MaskStorage = 'auto' | 'dense' | 'sparse';

/**
 * `auto` stores a stack sparse when at most this fraction of its `count × h × w` weights is
 * non-zero. Measured on 256×256 uint16 tiles of 32 frames (plain-loop kernels, Node 20): one
 * stored sparse weight costs 1–1.5 dense multiply-adds, so sparse wins up to ~50 % density;
 * 25 % leaves room for the SIMD dense kernel (issue #5).
 *
 * @example
 * ```ts
 * import { buildMaskStack, SPARSE_DENSITY } from '@stemflow/plugin-sdk';
 *
 * const stack = buildMaskStack([64, 64], [{ shape: 'disk', r: 4 }]);
 * const sparse = stack.nonZero <= SPARSE_DENSITY * stack.count * 64 * 64; // true: stack.sparse is set
 * ```
 */
export const SPARSE_DENSITY = 0.25;

/**
 * A stack of masks ready to apply to tiles: dense (`count × h·w`, C order) or sparse. Exactly
 * one of `dense` and `sparse` is set. Build with `buildMaskStack`, apply with `applyMaskStack`.
 *
 * @example
 * ```ts
 * import { buildMaskStack, type MaskStack } from '@stemflow/plugin-sdk';
 *
 * const stack: MaskStack = buildMaskStack(dataset.sigShape, [{ shape: 'disk', r: 8 }, { shape: 'ring', ri: 20, ro: 40 }]);
 * const bytes = stack.dense ? stack.dense.byteLength : stack.sparse!.weights.byteLength;
 * ```
 */
export interface MaskStack {
  /** Number of masks. */
  count: number;
  /** Detector rows. */
  height: number;
  /** Detector columns. */
  width: number;
  /** Non-zero weights over all masks. */
  nonZero: number;
  /** The weights, `count × height × width`, when stored dense; else null. */
  dense: Float32Array | Float64Array | null;
  /** The (index, weight) lists when stored sparse; else null. */
  sparse: SparseMasks | null;
}

/**
 * Build a stack of masks once per task. The weights are kept exactly: a dense stack is float32
 * when every weight is exactly a float32 (binary and uint8/float32 data masks), else float64.
 *
 * @param storage - `auto` (default) stores sparse when at most `SPARSE_DENSITY` of the weights are non-zero.
 * @throws `StemflowError` `PARAMS_INVALID` when a `mask` geometry's data do not fit the detector.
 *
 * @example
 * ```ts
 * import { applyMaskStack, buildMaskStack, definePlugin, Type } from '@stemflow/plugin-sdk';
 *
 * export default definePlugin({
 *   id: 'bf-adf',
 *   title: 'Bright field and annular dark field',
 *   description: 'Two virtual detectors in one pass.',
 *   params: Type.Object({}),
 *   udf: {
 *     buffers: { intensity: { kind: 'nav', dtype: 'float64', extraShape: [2] } },
 *     taskData: ({ dataset }) => ({ stack: buildMaskStack(dataset.sigShape, [{ shape: 'disk', r: 10 }, { shape: 'ring', ri: 30, ro: 60 }]) }),
 *     processTile: (tile, { task, out }) => applyMaskStack(tile, task.stack, out.intensity),
 *   },
 * });
 * ```
 */
export function buildMaskStack(sigShape: readonly number[], geometries: readonly DetectorGeometry[], storage: MaskStorage = 'auto'): MaskStack {
  const [height = 1, width = 1] = sigShape;
  const scratch = new Float64Array(height * width);
  const parts = geometries.map((g) => {
    scratch.fill(0);
    return sparseMasksFrom(detectorWeights(sigShape, g, scratch), 1, height, width);
  });
  const sparse = concatSparseMasks(parts, height, width);
  const count = geometries.length;
  const nonZero = sparse.indices.length;
  const useSparse = storage === 'sparse' || (storage === 'auto' && nonZero <= SPARSE_DENSITY * count * height * width);
  if (useSparse) return { count, height, width, nonZero, dense: null, sparse };
  const exactInFloat32 = sparse.weights.every((v) => Math.fround(v) === v);
  const dense = denseFromSparse(sparse, exactInFloat32 ? new Float32Array(count * height * width) : new Float64Array(count * height * width));
  return { count, height, width, nonZero, dense, sparse: null };
}

/**
 * `out[f · count + m] += Σ_p tile[f, p] · mask_m[p]` for the tile's rows, dense or sparse:
 * every mask of the stack in one pass, into a nav buffer with `extraShape: [count]`.
 *
 * @example
 * ```ts
 * import { applyMaskStack, buildMaskStack } from '@stemflow/plugin-sdk';
 *
 * const stack = buildMaskStack(dataset.sigShape, [{ shape: 'disk', r: 10 }, { shape: 'ring', ri: 30, ro: 60 }]);
 * const out = new Float64Array(tile.depth * stack.count); // frame f, mask m at f · count + m
 * applyMaskStack(tile, stack, out);
 * ```
 */
export function applyMaskStack(tile: Tile, stack: MaskStack, out: TypedArray): void {
  if (stack.sparse) applySparseMasks(tile, stack.sparse, out);
  else applyMasks(tile, stack.dense!, stack.count, out);
}

/**
 * Non-zero weights of a dense stack, as a fraction of its size (0 for an empty array).
 *
 * @example
 * ```ts
 * import { detectorMask, maskDensity, SPARSE_DENSITY } from '@stemflow/plugin-sdk';
 *
 * const mask = detectorMask([128, 128], { shape: 'ring', ri: 50, ro: 52 });
 * const worthSparse = maskDensity(mask) <= SPARSE_DENSITY;
 * ```
 */
export function maskDensity(masks: TypedArray): number {
  return masks.length === 0 ? 0 : countNonZero(masks) / masks.length;
}
