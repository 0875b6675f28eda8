/**
 * Radial bins on the pixel grid. Pixel (y, x) sits at its index (pixel centres, y down).
 * Bin k covers the half-open interval `[e_k, e_{k+1})` with `e_k = rMin + (rMax − rMin)·k/nBins`
 * and `e_nBins = rMax`: a pixel at exactly `rMax` is outside, one at `rMin` inside bin 0.
 * As LiberTEM's masks (`x² + y² ≤ r²`), distances are compared squared, in float64:
 * pixel in bin k ⇔ `e_k² ≤ (x − cx)² + (y − cy)² < e_{k+1}²` (no square root to round).
 */
export interface RadialBins {
  /** `nBins + 1` edges, increasing. */
  edges: Float64Array;
  /** Flat sig index of every pixel inside `[rMin, rMax)`, in C order (row by row). */
  pixels: Int32Array;
  /** The bin of each of those pixels. */
  bins: Int32Array;
  /** `rowStart[y]` … `rowStart[y + 1]` index the entries of detector row y. */
  rowStart: Int32Array;
  /** Pixels per bin. */
  counts: Float64Array;
}

export interface BinGeometry {
  cx: number;
  cy: number;
  rMin: number;
  rMax: number;
  nBins: number;
}

export function binEdges({ rMin, rMax, nBins }: BinGeometry): Float64Array {
  const edges = new Float64Array(nBins + 1);
  for (let k = 0; k < nBins; k++) edges[k] = rMin + ((rMax - rMin) * k) / nBins;
  edges[nBins] = rMax;
  return edges;
}

/** Bin centres `(e_k + e_{k+1}) / 2`. */
export function binCentres(edges: Float64Array): Float64Array {
  return Float64Array.from({ length: edges.length - 1 }, (_, k) => (edges[k]! + edges[k + 1]!) / 2);
}

/** The pixel → bin table, built once per task; the kernel then touches only pixels in range. */
export function radialBins(sigShape: readonly number[], g: BinGeometry): RadialBins {
  const [height = 1, width = 1] = sigShape.length >= 2 ? sigShape.slice(-2) : [1, sigShape[0] ?? 1];
  const edges = binEdges(g);
  const { nBins } = g;
  const squared = edges.map((e) => e * e);
  const lowest = squared[0]!;
  const beyond = squared[nBins]!;
  const pixels: number[] = [];
  const bins: number[] = [];
  const rowStart = new Int32Array(height + 1);
  const counts = new Float64Array(nBins);
  for (let y = 0; y < height; y++) {
    rowStart[y] = pixels.length;
    const dy2 = (y - g.cy) ** 2;
    for (let x = 0; x < width; x++) {
      const d2 = (x - g.cx) ** 2 + dy2;
      if (!(d2 >= lowest && d2 < beyond)) continue;
      // The last edge with e_k² ≤ d², by bisection over the squared edges.
      let lo = 0;
      let hi = nBins - 1;
      while (lo < hi) {
        const mid = (lo + hi + 1) >> 1;
        if (squared[mid]! <= d2) lo = mid;
        else hi = mid - 1;
      }
      pixels.push(y * width + x);
      bins.push(lo);
      counts[lo]! += 1;
    }
  }
  rowStart[height] = pixels.length;
  return { edges, pixels: Int32Array.from(pixels), bins: Int32Array.from(bins), rowStart, counts };
}
