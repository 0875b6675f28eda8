/*
 * Template matching of one diffraction disk, after LiberTEM-blobfinder's `BackgroundSubtraction`
 * pattern: a disk of radius r minus the mean of a ring r < d ≤ rBackground around it, correlated
 * directly (no FFT) over a small search window, then refined to sub-pixel by a parabola.
 */
import type { TypedArray } from '@stemflow/plugin-sdk';

/** The template as flat offsets into a frame of a given width, in row-major order. */
export interface Template {
  /** Offsets `dy·width + dx` of the pixels with dy² + dx² ≤ r². */
  disk: Int32Array;
  /** Offsets of the pixels with r² < dy² + dx² ≤ rBackground². */
  ring: Int32Array;
  /** `disk.length / ring.length` (0 without a ring): C = Σdisk − κ·Σring = Σ over the disk of (f − mean of the ring). */
  kappa: number;
  /** Largest |dy| or |dx| of a template pixel: the template fits at q when q ± reach lies on the detector. */
  reach: number;
}

export function makeTemplate(r: number, rBackground: number, width: number): Template {
  const reach = Math.floor(Math.max(r, rBackground));
  const disk: number[] = [];
  const ring: number[] = [];
  for (let dy = -reach; dy <= reach; dy++) {
    for (let dx = -reach; dx <= reach; dx++) {
      const d2 = dy * dy + dx * dx;
      if (d2 <= r * r) disk.push(dy * width + dx);
      else if (d2 <= rBackground * rBackground) ring.push(dy * width + dx);
    }
  }
  return { disk: Int32Array.from(disk), ring: Int32Array.from(ring), kappa: ring.length > 0 ? disk.length / ring.length : 0, reach };
}

/** Correlation of the background-subtracted frame with the disk, at flat pixel index `at`. The template must fit. */
export function correlationAt(frame: TypedArray, at: number, t: Template): number {
  let d = 0;
  for (let k = 0; k < t.disk.length; k++) d += frame[at + t.disk[k]!]!;
  if (t.ring.length === 0) return d;
  let b = 0;
  for (let k = 0; k < t.ring.length; k++) b += frame[at + t.ring[k]!]!;
  return d - t.kappa * b;
}

/**
 * Vertex of the parabola through (−1, cm), (0, c0), (1, cp), clamped to [−1, 1]; 0 when the
 * three values do not bend down (flat or a minimum) or a neighbour is unknown (NaN: off the detector).
 */
export function parabolaOffset(cm: number, c0: number, cp: number): number {
  const bend = cm - 2 * c0 + cp;
  if (!(bend < 0)) return 0;
  const delta = (cm - cp) / (2 * bend);
  return delta > 1 ? 1 : delta < -1 ? -1 : delta;
}

/**
 * Find one disk near the integer pixel (py, px): the maximum of the correlation over
 * |i|, |j| ≤ s (the first one in row-major order on ties), refined separately along y and x by
 * a 3-point parabola through the maximum and its two neighbours (those just outside the search
 * window are computed too, if the template fits there). Writes (y, x) to `out[0..1]`.
 * `grid` is scratch of (2s + 1)² elements. The template must fit at every window position.
 */
export function findPeak(
  frame: TypedArray,
  height: number,
  width: number,
  py: number,
  px: number,
  s: number,
  t: Template,
  grid: Float64Array,
  out: Float64Array,
): void {
  const side = 2 * s + 1;
  let best = -Infinity;
  let bi = 0;
  let bj = 0;
  for (let i = -s; i <= s; i++) {
    for (let j = -s; j <= s; j++) {
      const c = correlationAt(frame, (py + i) * width + (px + j), t);
      grid[(i + s) * side + (j + s)] = c;
      if (c > best) {
        best = c;
        bi = i;
        bj = j;
      }
    }
  }
  if (best === -Infinity) {
    // Every value NaN: nothing to find.
    out[0] = Number.NaN;
    out[1] = Number.NaN;
    return;
  }
  const c0 = grid[(bi + s) * side + (bj + s)]!;
  const near = (i: number, j: number) => correlationNear(frame, height, width, py, px, s, t, grid, i, j);
  out[0] = py + bi + parabolaOffset(near(bi - 1, bj), c0, near(bi + 1, bj));
  out[1] = px + bj + parabolaOffset(near(bi, bj - 1), c0, near(bi, bj + 1));
}

/** C at window offset (i, j): from `grid` inside the window, computed just outside it, NaN where the template leaves the detector. */
function correlationNear(frame: TypedArray, height: number, width: number, py: number, px: number, s: number, t: Template, grid: Float64Array, i: number, j: number): number {
  if (i >= -s && i <= s && j >= -s && j <= s) return grid[(i + s) * (2 * s + 1) + (j + s)]!;
  const y = py + i;
  const x = px + j;
  if (y - t.reach < 0 || y + t.reach >= height || x - t.reach < 0 || x + t.reach >= width) return Number.NaN;
  return correlationAt(frame, y * width + x, t);
}
