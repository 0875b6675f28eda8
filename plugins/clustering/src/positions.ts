/** Where on the detector the features are read: the user's pixels, or a polar grid in a ring. */

export interface RingGrid {
  cx: number;
  cy: number;
  ri: number;
  ro: number;
  nPositions: number;
  nRings: number;
}

/**
 * The regular polar grid of `nPositions` points in the ring (ri, ro) around (cx, cy):
 * `m = nRings` circles at the centres of m equal radial bins, r_j = ri + (j + ½)(ro − ri)/m;
 * the points are split as evenly as possible, the outer circles taking one more when m does not
 * divide n (n_j = ⌊n/m⌋ + [j ≥ m − n mod m]); on circle j, φ = 2π(k + (j mod 2)/2)/n_j
 * (odd circles staggered by half a step), φ measured from +x towards +y (clockwise on screen,
 * y down). Returns fractional (y, x) pairs, inner circle first.
 */
export function polarGrid(g: RingGrid): [number, number][] {
  const m = g.nRings;
  const n = g.nPositions;
  const out: [number, number][] = [];
  for (let j = 0; j < m; j++) {
    const r = g.ri + ((j + 0.5) * (g.ro - g.ri)) / m;
    const nj = Math.floor(n / m) + (j >= m - (n % m) ? 1 : 0);
    for (let k = 0; k < nj; k++) {
      const phi = (2 * Math.PI * (k + (j % 2) / 2)) / nj;
      out.push([g.cy + r * Math.sin(phi), g.cx + r * Math.cos(phi)]);
    }
  }
  return out;
}

/**
 * The detector pixels (row, column) of the features. Given positions are used as they are, in
 * order. Otherwise the polar grid's points are snapped to the nearest pixel centre
 * (⌊v + ½⌋; pixel centres sit at integer coordinates), points off the detector are dropped and
 * repeats kept once, in grid order.
 */
export function featurePixels(
  params: RingGrid & { positions: readonly { x: number; y: number }[] },
  sigShape: readonly number[],
): [number, number][] {
  if (params.positions.length > 0) return params.positions.map((p) => [p.y, p.x]);
  const [h = 1, w = 1] = sigShape.length >= 2 ? sigShape.slice(-2) : [1, sigShape[0] ?? 1];
  const seen = new Set<number>();
  const out: [number, number][] = [];
  for (const [fy, fx] of polarGrid(params)) {
    const y = Math.floor(fy + 0.5);
    const x = Math.floor(fx + 0.5);
    if (y < 0 || y >= h || x < 0 || x >= w || seen.has(y * w + x)) continue;
    seen.add(y * w + x);
    out.push([y, x]);
  }
  return out;
}
