import type { LatticeShape, Vertex } from '../analysis/overlay';

// Where a lattice overlay puts its disks and arrows. Disk positions are frame coordinates
// (pixel indices, as cx, cy); arrows are in layer units (pixel i spans [i, i + 1)). Pure.

export interface LatticeDisk {
  /** Lattice indices: the disk sits at zero + n·a + m·b. */
  n: number;
  m: number;
  x: number;
  y: number;
}

/** At most this many disks are drawn (the lowest orders): enough for any useful lattice, light for the SVG. */
export const MAX_LATTICE_DISKS = 1024;
/** Lattice cells visited at most while looking for disks (a thin frame crossed by a fine lattice). */
const MAX_VISITS = 200_000;
/** Below one disk per pixel (|a × b| < 1 px²) or with a, b (nearly) parallel, only the zero-order disk is drawn. */
const MIN_CELL_AREA = 1;

/**
 * The disks zero + n·a + m·b whose centres lie on the frame (−0.5 ≤ x ≤ width − 0.5, likewise y),
 * in rings of increasing order max(|n|, |m|), so that `limit` keeps the lowest orders.
 */
export function latticeDisks(lattice: LatticeShape, width: number, height: number, limit = MAX_LATTICE_DISKS): LatticeDisk[] {
  const { cx, cy, a, b } = lattice;
  const at = (n: number, m: number): LatticeDisk => ({ n, m, x: cx + n * a.x + m * b.x, y: cy + n * a.y + m * b.y });
  const onFrame = (d: LatticeDisk) => d.x >= -0.5 && d.x <= width - 0.5 && d.y >= -0.5 && d.y <= height - 0.5;
  const det = a.x * b.y - a.y * b.x;
  if (!(Math.abs(det) >= MIN_CELL_AREA) || Math.abs(det) < 0.1 * Math.hypot(a.x, a.y) * Math.hypot(b.x, b.y)) {
    const zero = at(0, 0);
    return onFrame(zero) && limit > 0 ? [zero] : [];
  }
  // The frame is convex and (n, m) linear in the position, so its corners bound n and m.
  const corners = [
    [-0.5, -0.5],
    [width - 0.5, -0.5],
    [-0.5, height - 0.5],
    [width - 0.5, height - 0.5],
  ].map(([x, y]) => ({ n: (b.y * (x! - cx) - b.x * (y! - cy)) / det, m: (a.x * (y! - cy) - a.y * (x! - cx)) / det }));
  const eps = 1e-9;
  const n0 = Math.ceil(Math.min(...corners.map((c) => c.n)) - eps);
  const n1 = Math.floor(Math.max(...corners.map((c) => c.n)) + eps);
  const m0 = Math.ceil(Math.min(...corners.map((c) => c.m)) - eps);
  const m1 = Math.floor(Math.max(...corners.map((c) => c.m)) + eps);
  const disks: LatticeDisk[] = [];
  if (n0 > n1 || m0 > m1 || limit <= 0) return disks;
  const orders = Math.max(Math.abs(n0), Math.abs(n1), Math.abs(m0), Math.abs(m1));
  let visits = 0;
  for (let k = 0; k <= orders && visits < MAX_VISITS; k++) {
    const low = 0 - k; // not -k: no −0 for k = 0
    for (let n = Math.max(low, n0); n <= Math.min(k, n1); n++) {
      // On the ring max(|n|, |m|) = k: every m for |n| = k, else only m = ±k.
      const ms = Math.abs(n) === k ? range(Math.max(low, m0), Math.min(k, m1)) : [low, k].filter((m) => m >= m0 && m <= m1);
      for (const m of ms) {
        visits++;
        const disk = at(n, m);
        if (!onFrame(disk)) continue;
        disks.push(disk);
        if (disks.length >= limit) return disks;
      }
    }
  }
  return disks;
}

const range = (from: number, to: number): number[] => Array.from({ length: Math.max(0, to - from + 1) }, (_, i) => from + i);

/** SVG path of an arrow from `from` to `to` with a head of length `head` (shortened for short arrows). */
export function arrowPath(from: Vertex, to: Vertex, head: number): string {
  const dx = to.x - from.x;
  const dy = to.y - from.y;
  const length = Math.hypot(dx, dy);
  if (length === 0) return '';
  const h = Math.min(head, length / 3);
  const [ux, uy] = [dx / length, dy / length];
  // The two barbs, ±30° off the shaft.
  const back = { x: to.x - h * ux, y: to.y - h * uy };
  const side = h * Math.tan(Math.PI / 6);
  const left = { x: back.x - side * uy, y: back.y + side * ux };
  const right = { x: back.x + side * uy, y: back.y - side * ux };
  const p = (v: Vertex) => `${round(v.x)} ${round(v.y)}`;
  return `M ${p(from)} L ${p(to)} M ${p(left)} L ${p(to)} L ${p(right)}`;
}

const round = (v: number) => Math.round(v * 1000) / 1000;
