/**
 * Plain float64 reference implementations for the tests, written independently of the plugin:
 * nested loops over number[][], no heap, no tables.
 */
import type { MemoryDataSet } from '@stemflow/plugin-sdk/testing';

/** The polar grid of the conventions page, snapped to pixels, written out directly. */
export function referenceGrid(cx: number, cy: number, ri: number, ro: number, n: number, m: number, h: number, w: number): [number, number][] {
  const out: [number, number][] = [];
  const per = Array.from({ length: m }, (_, j) => Math.floor(n / m) + (j >= m - (n % m) ? 1 : 0));
  for (let j = 0; j < m; j++) {
    const r = ri + ((ro - ri) * (2 * j + 1)) / (2 * m);
    for (let k = 0; k < per[j]!; k++) {
      const phi = ((k + (j % 2 === 1 ? 0.5 : 0)) / per[j]!) * 2 * Math.PI;
      const y = Math.round(cy + r * Math.sin(phi)); // Math.round is ⌊v + ½⌋
      const x = Math.round(cx + r * Math.cos(phi));
      if (y >= 0 && y < h && x >= 0 && x < w && !out.some(([a, b]) => a === y && b === x)) out.push([y, x]);
    }
  }
  return out;
}

/** Feature f of frame i: Σ over the (2r+1)² square at pixel f, cut at the edge; NaN rows outside the ROI. */
export function referenceFeatures(ds: MemoryDataSet, pixels: [number, number][], r: number, roi?: Uint8Array): number[][] {
  const [h, w] = ds.sigShape as [number, number];
  return Array.from({ length: ds.frames }, (_, i) =>
    pixels.map(([py, px]) => {
      if (roi && !roi[i]) return NaN;
      let s = 0;
      for (let y = py - r; y <= py + r; y++) {
        for (let x = px - r; x <= px + r; x++) if (y >= 0 && y < h && x >= 0 && x < w) s += Number(ds.data[i * h * w + y * w + x]);
      }
      return s;
    }),
  );
}

export function referenceNormalise(rows: number[][]): number[][] {
  const d = rows[0]?.length ?? 0;
  const scale = Array.from({ length: d }, (_, c) => rows.reduce((s, row) => s + Math.abs(row[c]!), 0) / rows.length);
  return rows.map((row) => row.map((v, c) => v / (scale[c]! > 0 ? scale[c]! : 1)));
}

/**
 * Ward clustering with connectivity the textbook way: a full matrix of Ward distances
 * (singletons: ½‖xᵢ − xⱼ‖²) updated by the Lance–Williams recurrence
 * d(k, i∪j) = [(nᵢ+nₖ) d(k,i) + (nⱼ+nₖ) d(k,j) − nₖ d(i,j)] / (nᵢ+nⱼ+nₖ),
 * merging the closest *adjacent* pair each step. Components of the adjacency are first joined
 * by one edge between their closest points (scikit-learn). O(n³): small inputs only.
 */
export function referenceWard(x: number[][], adjacency: boolean[][], k: number): number[] {
  const n = x.length;
  const adj = adjacency.map((row) => [...row]);
  const sq = (a: number[], b: number[]) => a.reduce((s, v, c) => s + (v - b[c]!) ** 2, 0);
  // Components by flood fill.
  const comp = new Array<number>(n).fill(-1);
  let count = 0;
  for (let s = 0; s < n; s++) {
    if (comp[s]! >= 0) continue;
    const stack = [s];
    comp[s] = count;
    while (stack.length) {
      const a = stack.pop()!;
      for (let b = 0; b < n; b++) {
        if (adj[a]![b] && comp[b]! < 0) {
          comp[b] = count;
          stack.push(b);
        }
      }
    }
    count++;
  }
  for (let ci = 0; ci < count; ci++) {
    for (let cj = 0; cj < ci; cj++) {
      let best = [Infinity, -1, -1];
      for (let i = 0; i < n; i++) {
        if (comp[i] !== ci) continue;
        for (let j = 0; j < n; j++) if (comp[j] === cj && sq(x[i]!, x[j]!) < best[0]!) best = [sq(x[i]!, x[j]!), i, j];
      }
      adj[best[1]!]![best[2]!] = adj[best[2]!]![best[1]!] = true;
    }
  }
  const D = x.map((a) => x.map((b) => sq(a, b) / 2));
  const size = new Array<number>(n).fill(1);
  const active = new Array<boolean>(n).fill(true);
  const owner = Array.from({ length: n }, (_, i) => i);
  for (let clusters = n; clusters > k; clusters--) {
    let bi = -1;
    let bj = -1;
    for (let i = 0; i < n; i++) {
      for (let j = i + 1; j < n; j++) {
        if (active[i] && active[j] && adj[i]![j] && (bi < 0 || D[i]![j]! < D[bi]![bj]!)) {
          bi = i;
          bj = j;
        }
      }
    }
    if (bi < 0) break;
    for (let m = 0; m < n; m++) {
      if (!active[m] || m === bi || m === bj) continue;
      const v = ((size[bi]! + size[m]!) * D[bi]![m]! + (size[bj]! + size[m]!) * D[bj]![m]! - size[m]! * D[bi]![bj]!) / (size[bi]! + size[bj]! + size[m]!);
      D[bi]![m] = D[m]![bi] = v;
      adj[bi]![m] = adj[m]![bi] = adj[bi]![m]! || adj[bj]![m]!;
    }
    size[bi]! += size[bj]!;
    active[bj] = false;
    for (let p = 0; p < n; p++) if (owner[p] === bj) owner[p] = bi;
  }
  return owner;
}

/** 4-connected adjacency of the positions `points` (flat nav indices) on an ny × nx grid. */
export function gridAdjacency(points: number[], nx: number): boolean[][] {
  return points.map((p) =>
    points.map((q) => {
      const [py, px, qy, qx] = [Math.floor(p / nx), p % nx, Math.floor(q / nx), q % nx];
      return Math.abs(py - qy) + Math.abs(px - qx) === 1;
    }),
  );
}

/** True if two labelings describe the same partition (equal up to renaming the labels). */
export function samePartition(a: ArrayLike<number>, b: ArrayLike<number>): boolean {
  if (a.length !== b.length) return false;
  const ab = new Map<number, number>();
  const ba = new Map<number, number>();
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!;
    const y = b[i]!;
    if ((ab.has(x) && ab.get(x) !== y) || (ba.has(y) && ba.get(y) !== x)) return false;
    ab.set(x, y);
    ba.set(y, x);
  }
  return true;
}
