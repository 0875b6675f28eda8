/**
 * The clustering half of the analysis, on plain float64 feature matrices (points × features,
 * row-major): LiberTEM's normalisation, k-means (greedy k-means++ and Lloyd) and Ward
 * agglomerative clustering constrained to the scan grid. No Stemflow types: pure numbers in,
 * labels out, so each piece can be tested on its own.
 */

/** mulberry32: a small, seedable PRNG giving floats in [0, 1). */
export function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * LiberTEM `clust.py`: `f / mean(|f|, axis=0)`. A column whose mean |f| is 0 (or not finite)
 * is left as it is (LiberTEM would divide by zero and give NaN).
 */
export function normaliseColumns(x: Float64Array, n: number, d: number): Float64Array {
  const scale = new Float64Array(d);
  for (let i = 0; i < n; i++) for (let c = 0; c < d; c++) scale[c]! += Math.abs(x[i * d + c]!);
  for (let c = 0; c < d; c++) {
    const m = scale[c]! / n;
    scale[c] = m > 0 && Number.isFinite(m) ? m : 1;
  }
  const out = new Float64Array(n * d);
  for (let i = 0; i < n; i++) for (let c = 0; c < d; c++) out[i * d + c] = x[i * d + c]! / scale[c]!;
  return out;
}

function sqDist(a: Float64Array, ai: number, b: Float64Array, bi: number, d: number): number {
  let s = 0;
  for (let c = 0; c < d; c++) {
    const t = a[ai + c]! - b[bi + c]!;
    s += t * t;
  }
  return s;
}

export interface KMeansResult {
  /** 0-based cluster of each point. */
  labels: Int32Array;
  /** Clusters actually found: fewer than asked when there are fewer distinct points. */
  k: number;
  centres: Float64Array;
  iterations: number;
}

/**
 * k-means on `n` points of dimension `d`. Initialisation: greedy k-means++ as scikit-learn
 * does it (first centre uniform; each further centre the best of `2 + ⌊ln k⌋` candidates drawn
 * with probability ∝ D², "best" = lowest total D²), with the seeded PRNG. Then Lloyd
 * iterations until no label changes (at most `maxIter`). Ties go to the lower centre index;
 * an emptied cluster takes the point farthest from its centre. Deterministic for a seed.
 */
export function kMeans(x: Float64Array, n: number, d: number, k: number, seed: number, maxIter = 300): KMeansResult {
  const labels = new Int32Array(n);
  if (n === 0 || k < 1) return { labels, k: 0, centres: new Float64Array(0), iterations: 0 };
  const random = prng(seed);
  k = Math.min(k, n);
  const centres = new Float64Array(k * d);
  const closest = new Float64Array(n);
  const candidate = new Float64Array(n);
  const best = new Float64Array(n);
  const trials = 2 + Math.floor(Math.log(k));

  const first = Math.min(n - 1, Math.floor(random() * n));
  centres.set(x.subarray(first * d, first * d + d), 0);
  let potential = 0;
  for (let i = 0; i < n; i++) potential += closest[i] = sqDist(x, i * d, centres, 0, d);
  let found = 1;
  while (found < k && potential > 0) {
    let bestPotential = Infinity;
    let bestId = -1;
    for (let t = 0; t < trials; t++) {
      // searchsorted(cumsum(closest), u · potential): the first point whose running sum reaches it.
      const target = random() * potential;
      // If rounding leaves the running sum short of the target, take the last point with D² > 0.
      let acc = 0;
      let id = -1;
      let lastPositive = 0;
      for (let i = 0; i < n; i++) {
        acc += closest[i]!;
        if (closest[i]! > 0) lastPositive = i;
        if (acc > target) {
          id = i;
          break;
        }
      }
      if (id < 0) id = lastPositive;
      let pot = 0;
      for (let i = 0; i < n; i++) pot += candidate[i] = Math.min(closest[i]!, sqDist(x, i * d, x, id * d, d));
      if (pot < bestPotential) {
        bestPotential = pot;
        bestId = id;
        best.set(candidate);
      }
    }
    centres.set(x.subarray(bestId * d, bestId * d + d), found * d);
    closest.set(best);
    potential = bestPotential;
    found += 1;
  }
  k = found;

  const counts = new Float64Array(k);
  const sums = new Float64Array(k * d);
  const dist = new Float64Array(n);
  labels.fill(-1);
  let iterations = 0;
  for (; iterations < maxIter; iterations++) {
    let changed = false;
    for (let i = 0; i < n; i++) {
      let bestC = 0;
      let bestD = Infinity;
      for (let c = 0; c < k; c++) {
        const dd = sqDist(x, i * d, centres, c * d, d);
        if (dd < bestD) {
          bestD = dd;
          bestC = c;
        }
      }
      dist[i] = bestD;
      if (labels[i] !== bestC) {
        labels[i] = bestC;
        changed = true;
      }
    }
    if (!changed) break;
    counts.fill(0);
    sums.fill(0);
    for (let i = 0; i < n; i++) {
      const c = labels[i]!;
      counts[c]! += 1;
      for (let j = 0; j < d; j++) sums[c * d + j]! += x[i * d + j]!;
    }
    for (let c = 0; c < k; c++) {
      if (counts[c] === 0) {
        // Relocate an empty cluster to the point farthest from its centre (in a cluster of ≥ 2).
        let far = -1;
        for (let i = 0; i < n; i++) if (counts[labels[i]!]! > 1 && (far < 0 || dist[i]! > dist[far]!)) far = i;
        if (far < 0) continue;
        const old = labels[far]!;
        counts[old]! -= 1;
        for (let j = 0; j < d; j++) sums[old * d + j]! -= x[far * d + j]!;
        labels[far] = c;
        counts[c] = 1;
        dist[far] = 0;
        for (let j = 0; j < d; j++) sums[c * d + j] = x[far * d + j]!;
      }
    }
    for (let c = 0; c < k; c++) {
      if (counts[c] === 0) continue;
      for (let j = 0; j < d; j++) centres[c * d + j] = sums[c * d + j]! / counts[c]!;
    }
  }
  return { labels, k, centres, iterations };
}

/** A binary min-heap of edges (key, a, b, version of a, version of b), ordered by key, then a, then b. */
class EdgeHeap {
  private key = new Float64Array(1024);
  private a = new Int32Array(1024);
  private b = new Int32Array(1024);
  private va = new Int32Array(1024);
  private vb = new Int32Array(1024);
  size = 0;
  /** The entry last removed by `pop`. */
  topA = 0;
  topB = 0;
  topVa = 0;
  topVb = 0;

  push(key: number, a: number, b: number, va: number, vb: number): void {
    if (this.size === this.key.length) this.grow();
    let i = this.size++;
    // Sift up: move parents down until the new entry's place is found.
    while (i > 0) {
      const p = (i - 1) >> 1;
      const kp = this.key[p]!;
      if (kp < key || (kp === key && (this.a[p]! < a || (this.a[p] === a && this.b[p]! <= b)))) break;
      this.move(p, i);
      i = p;
    }
    this.put(i, key, a, b, va, vb);
  }

  /** Removes the smallest entry into `topA`, `topB`, `topVa`, `topVb`. */
  pop(): void {
    this.topA = this.a[0]!;
    this.topB = this.b[0]!;
    this.topVa = this.va[0]!;
    this.topVb = this.vb[0]!;
    const last = --this.size;
    if (last === 0) return;
    const key = this.key[last]!;
    const a = this.a[last]!;
    const b = this.b[last]!;
    const va = this.va[last]!;
    const vb = this.vb[last]!;
    let i = 0;
    for (;;) {
      let c = 2 * i + 1;
      if (c >= last) break;
      if (c + 1 < last && this.less(c + 1, c)) c += 1;
      const kc = this.key[c]!;
      if (key < kc || (key === kc && (a < this.a[c]! || (a === this.a[c] && b <= this.b[c]!)))) break;
      this.move(c, i);
      i = c;
    }
    this.put(i, key, a, b, va, vb);
  }

  private less(i: number, j: number): boolean {
    const ki = this.key[i]!;
    const kj = this.key[j]!;
    if (ki !== kj) return ki < kj;
    if (this.a[i] !== this.a[j]) return this.a[i]! < this.a[j]!;
    return this.b[i]! < this.b[j]!;
  }

  private move(from: number, to: number): void {
    this.key[to] = this.key[from]!;
    this.a[to] = this.a[from]!;
    this.b[to] = this.b[from]!;
    this.va[to] = this.va[from]!;
    this.vb[to] = this.vb[from]!;
  }

  private put(i: number, key: number, a: number, b: number, va: number, vb: number): void {
    this.key[i] = key;
    this.a[i] = a;
    this.b[i] = b;
    this.va[i] = va;
    this.vb[i] = vb;
  }

  private grow(): void {
    const n = this.key.length * 2;
    const key = new Float64Array(n);
    key.set(this.key);
    this.key = key;
    for (const name of ['a', 'b', 'va', 'vb'] as const) {
      const arr = new Int32Array(n);
      arr.set(this[name]);
      this[name] = arr;
    }
  }
}

/**
 * Edges of the grid graph of the points (scikit-learn `grid_to_graph`): two points are
 * neighbours when their scan positions differ by one step along exactly one nav axis
 * (4-connected in 2-D). `index[p]` is the point at flat nav position `p`, or −1.
 */
export function gridEdges(navShape: readonly number[], index: Int32Array): [number, number][] {
  const edges: [number, number][] = [];
  const ndim = navShape.length;
  const strides = new Array<number>(ndim).fill(1);
  for (let a = ndim - 2; a >= 0; a--) strides[a] = strides[a + 1]! * navShape[a + 1]!;
  for (let p = 0; p < index.length; p++) {
    const i = index[p]!;
    if (i < 0) continue;
    for (let a = 0; a < ndim; a++) {
      const coord = Math.floor(p / strides[a]!) % navShape[a]!;
      if (coord + 1 >= navShape[a]!) continue;
      const j = index[p + strides[a]!]!;
      if (j >= 0) edges.push([i, j]);
    }
  }
  return edges;
}

/** Most connected components of the scan graph that agglomerative clustering accepts. */
export const MAX_COMPONENTS = 2048;

/**
 * scikit-learn `_fix_connected_components`: when the graph falls apart (a gappy ROI), join
 * every pair of components by one edge between their closest points (Euclidean, first
 * minimum in point order), as `AgglomerativeClustering` does before it builds the tree.
 */
function joinComponents(x: Float64Array, n: number, d: number, adjacency: Set<number>[]): number {
  const comp = new Int32Array(n).fill(-1);
  const members: number[][] = [];
  for (let s = 0; s < n; s++) {
    if (comp[s]! >= 0) continue;
    const id = members.length;
    const list = [s];
    comp[s] = id;
    for (let q = 0; q < list.length; q++) {
      for (const t of adjacency[list[q]!]!) {
        if (comp[t]! < 0) {
          comp[t] = id;
          list.push(t);
        }
      }
    }
    members.push(list.sort((a, b) => a - b));
  }
  const count = members.length;
  if (count > MAX_COMPONENTS) {
    throw new Error(
      `the region of interest falls into ${count} separate pieces on the scan grid (at most ${MAX_COMPONENTS} for agglomerative clustering): use a connected ROI or method "kmeans"`,
    );
  }
  for (let ci = 0; ci < count; ci++) {
    for (let cj = 0; cj < ci; cj++) {
      let bestD = Infinity;
      let bi = -1;
      let bj = -1;
      for (const i of members[ci]!) {
        for (const j of members[cj]!) {
          const dd = sqDist(x, i * d, x, j * d, d);
          if (dd < bestD) {
            bestD = dd;
            bi = i;
            bj = j;
          }
        }
      }
      adjacency[bi]!.add(bj);
      adjacency[bj]!.add(bi);
    }
  }
  return count;
}

export interface WardResult {
  /** 0-based cluster of each point. */
  labels: Int32Array;
  k: number;
  /** Connected components of the scan graph before they were joined. */
  components: number;
}

/**
 * Ward agglomerative clustering with connectivity (scikit-learn `ward_tree` with
 * `connectivity=grid_to_graph(nav)`, cut at `k` clusters). Start from single points; repeatedly
 * merge the pair of *neighbouring* clusters whose merge raises the total within-cluster sum of
 * squares least, Δ(A, B) = |A||B| / (|A| + |B|) · ‖c_A − c_B‖² — the closed form of the
 * Lance–Williams Ward recurrence, computed from sizes and centroid sums so no distance to a
 * non-neighbour is ever needed. Neighbours of a merged cluster are the union of both.
 * Ties go to the lower (a, b) pair. A binary heap with lazy deletion (stale entries carry an
 * old version) makes it O(E log E) for E edges pushed, E = O(n · degree): O(n log n) on a grid.
 */
export function wardGrid(x: Float64Array, n: number, d: number, k: number, edges: readonly (readonly [number, number])[]): WardResult {
  const labels = new Int32Array(n);
  if (n === 0 || k < 1) return { labels, k: 0, components: 0 };
  const adjacency: Set<number>[] = Array.from({ length: n }, () => new Set<number>());
  for (const [a, b] of edges) {
    if (a === b) continue;
    adjacency[a]!.add(b);
    adjacency[b]!.add(a);
  }
  const components = joinComponents(x, n, d, adjacency);

  const size = new Float64Array(n).fill(1);
  const sum = Float64Array.from(x.subarray(0, n * d));
  const version = new Int32Array(n);
  const parent = new Int32Array(n).map((_, i) => i);
  const ward = (a: number, b: number): number => {
    const na = size[a]!;
    const nb = size[b]!;
    let s = 0;
    for (let c = 0; c < d; c++) {
      const t = sum[a * d + c]! / na - sum[b * d + c]! / nb;
      s += t * t;
    }
    return ((na * nb) / (na + nb)) * s;
  };
  const heap = new EdgeHeap();
  for (let a = 0; a < n; a++) for (const b of adjacency[a]!) if (a < b) heap.push(ward(a, b), a, b, 0, 0);

  let clusters = n;
  while (clusters > k && heap.size > 0) {
    heap.pop();
    const a = heap.topA;
    const b = heap.topB;
    if (version[a] !== heap.topVa || version[b] !== heap.topVb) continue;
    // Merge the smaller neighbour set into the larger; the survivor keeps the lower id only for the heap order.
    const [keep, gone] = adjacency[a]!.size >= adjacency[b]!.size ? [a, b] : [b, a];
    size[keep]! += size[gone]!;
    for (let c = 0; c < d; c++) sum[keep * d + c]! += sum[gone * d + c]!;
    parent[gone] = keep;
    version[gone] = -1;
    version[keep]! += 1;
    const keepSet = adjacency[keep]!;
    keepSet.delete(gone);
    for (const t of adjacency[gone]!) {
      if (t === keep) continue;
      const ts = adjacency[t]!;
      ts.delete(gone);
      ts.add(keep);
      keepSet.add(t);
    }
    adjacency[gone]!.clear();
    clusters -= 1;
    for (const t of keepSet) {
      const lo = keep < t ? keep : t;
      const hi = keep < t ? t : keep;
      heap.push(ward(lo, hi), lo, hi, version[lo]!, version[hi]!);
    }
  }
  const root = (i: number): number => {
    while (parent[i] !== i) {
      parent[i] = parent[parent[i]!]!;
      i = parent[i]!;
    }
    return i;
  };
  const ids = new Map<number, number>();
  for (let i = 0; i < n; i++) {
    const r = root(i);
    if (!ids.has(r)) ids.set(r, ids.size);
    labels[i] = ids.get(r)!;
  }
  return { labels, k: ids.size, components };
}

/**
 * Renumber labels 1…k in the order clusters first appear along the points (scan order), so a
 * result does not depend on how an algorithm numbers its clusters internally.
 */
export function canonicalLabels(labels: Int32Array): { labels: Int32Array; k: number } {
  const map = new Map<number, number>();
  const out = new Int32Array(labels.length);
  for (let i = 0; i < labels.length; i++) {
    const l = labels[i]!;
    if (!map.has(l)) map.set(l, map.size + 1);
    out[i] = map.get(l)!;
  }
  return { labels: out, k: map.size };
}
