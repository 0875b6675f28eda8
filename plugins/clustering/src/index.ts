import { definePlugin, Type, type DatasetInfo, type FieldError, type Static } from '@stemflow/plugin-sdk';
import { canonicalLabels, gridEdges, kMeans, normaliseColumns, wardGrid } from './cluster';
import { featurePixels } from './positions';

const AUTO = { positions: [[]] }; // show the ring fields only while no position is given

export const ClusteringParams = Type.Object(
  {
    positions: Type.Array(
      Type.Object(
        {
          x: Type.Integer({ title: 'Column', minimum: 0, 'x-ui': { unit: 'px' } }),
          y: Type.Integer({ title: 'Row', minimum: 0, 'x-ui': { unit: 'px' } }),
        },
        { title: 'Position' },
      ),
      {
        title: 'Detector positions',
        default: [],
        maxItems: 1024,
        'x-ui': { unit: 'px', order: 0, help: 'Pixels whose values form the feature vector of each frame; leave empty to use a polar grid in the ring below' },
      },
    ),
    cx: Type.Number({ title: 'Ring centre x', 'x-ui': { unit: 'px', order: 1, showIf: AUTO, help: 'Column of the ring centre; defaults to the frame centre' } }),
    cy: Type.Number({ title: 'Ring centre y', 'x-ui': { unit: 'px', order: 2, showIf: AUTO, help: 'Row of the ring centre; defaults to the frame centre' } }),
    ri: Type.Number({ title: 'Inner radius', minimum: 0, 'x-ui': { unit: 'px', order: 3, showIf: AUTO, help: 'The grid lies strictly between ri and ro' } }),
    ro: Type.Number({ title: 'Outer radius', exclusiveMinimum: 0, 'x-ui': { unit: 'px', order: 4, showIf: AUTO, help: 'Must be larger than the inner radius' } }),
    nPositions: Type.Integer({ title: 'Number of positions', minimum: 1, maximum: 1024, default: 16, 'x-ui': { order: 5, showIf: AUTO, help: 'Points of the polar grid (before points off the detector and repeats are dropped)' } }),
    nRings: Type.Integer({ title: 'Number of circles', minimum: 1, maximum: 64, default: 2, 'x-ui': { order: 6, showIf: AUTO, help: 'Circles of the polar grid, at the centres of equal radial bins of the ring' } }),
    boxRadius: Type.Integer({
      title: 'Neighbourhood',
      minimum: 0,
      maximum: 16,
      default: 0,
      'x-ui': { unit: 'px', order: 7, help: 'Each feature sums the (2r+1)×(2r+1) square around its position, cut at the detector edge; 0 reads the single pixel (LiberTEM)' },
    }),
    nClusters: Type.Integer({ title: 'Number of clusters', minimum: 1, maximum: 256, default: 4, 'x-ui': { order: 8, help: 'Clusters to find among the scan positions' } }),
    method: Type.Enum(['agglomerative', 'kmeans'], {
      title: 'Method',
      default: 'agglomerative',
      'x-ui': { order: 9, help: 'agglomerative: Ward linkage, only neighbouring scan positions merge (LiberTEM); kmeans: k-means++ and Lloyd, no spatial constraint' },
    }),
    seed: Type.Integer({ title: 'Random seed', minimum: 0, maximum: 4294967295, default: 0, 'x-ui': { order: 10, showIf: { method: 'kmeans' }, help: 'Seeds the k-means++ initialisation; the same seed gives the same clusters' } }),
  },
  { title: 'Clustering', 'x-ui': { overlay: 'ring' } },
);
export type ClusteringParams = Static<typeof ClusteringParams>;

function sigSize(sigShape: readonly number[]): [number, number] {
  return sigShape.length >= 2 ? [sigShape[sigShape.length - 2]!, sigShape[sigShape.length - 1]!] : [1, sigShape[0] ?? 1];
}

function check(p: ClusteringParams, dataset?: DatasetInfo): FieldError[] {
  const errors: FieldError[] = [];
  if (p.positions.length > 0) {
    if (!dataset) return errors;
    const [h, w] = sigSize(dataset.sigShape);
    p.positions.forEach((q, i) => {
      if (q.x >= w) errors.push({ path: `/positions/${i}/x`, message: `column ${q.x} is off the detector (0…${w - 1}): pick a pixel on the frame` });
      if (q.y >= h) errors.push({ path: `/positions/${i}/y`, message: `row ${q.y} is off the detector (0…${h - 1}): pick a pixel on the frame` });
    });
    return errors;
  }
  if (p.ri >= p.ro) errors.push({ path: '/ri', message: `inner radius ${p.ri} must be below the outer radius ${p.ro}: lower ri or raise ro` });
  if (p.nRings > p.nPositions) errors.push({ path: '/nRings', message: `${p.nRings} circles need at least as many positions (${p.nPositions}): lower nRings or raise nPositions` });
  if (errors.length > 0 || !dataset) return errors;
  const [h, w] = sigSize(dataset.sigShape);
  if (p.cx < -0.5 || p.cx > w - 0.5) errors.push({ path: '/cx', message: `centre x ${p.cx} is off the detector (−0.5 ≤ cx ≤ ${w - 0.5}): move the ring onto the frame` });
  if (p.cy < -0.5 || p.cy > h - 0.5) errors.push({ path: '/cy', message: `centre y ${p.cy} is off the detector (−0.5 ≤ cy ≤ ${h - 0.5}): move the ring onto the frame` });
  if (errors.length === 0 && featurePixels(p, dataset.sigShape).length === 0) {
    errors.push({ path: '/ro', message: 'no point of the polar grid falls on the detector: shrink the ring or give positions' });
  }
  return errors;
}

/** Pixel table of the features sorted by detector row, so a row-band tile reads one slice of it. */
interface FeatureTable {
  nFeatures: number;
  /** Entries of detector row y are rowPtr[y] … rowPtr[y + 1] − 1. */
  rowPtr: Int32Array;
  /** Flat pixel index y·w + x of each entry. */
  pixel: Int32Array;
  /** Feature the entry adds to. */
  feature: Int32Array;
}

function featureTable(p: ClusteringParams, sigShape: readonly number[]): FeatureTable {
  const [h, w] = sigSize(sigShape);
  const pixels = featurePixels(p, sigShape);
  const entries: [number, number, number][] = []; // y, x, feature
  const r = p.boxRadius;
  pixels.forEach(([y0, x0], f) => {
    for (let y = Math.max(0, y0 - r); y <= Math.min(h - 1, y0 + r); y++) {
      for (let x = Math.max(0, x0 - r); x <= Math.min(w - 1, x0 + r); x++) entries.push([y, x, f]);
    }
  });
  // Stable sort by row keeps each feature's pixels in (row, column) order: sums do not depend on the tiling.
  entries.sort((a, b) => a[0] - b[0]);
  const rowPtr = new Int32Array(h + 1);
  for (const [y] of entries) rowPtr[y + 1]! += 1;
  for (let y = 0; y < h; y++) rowPtr[y + 1]! += rowPtr[y]!;
  return {
    nFeatures: pixels.length,
    rowPtr,
    pixel: Int32Array.from(entries, ([y, x]) => y * w + x),
    feature: Int32Array.from(entries, ([, , f]) => f),
  };
}

/**
 * LiberTEM's clustering (`analysis/clust.py`) in one pass: the values of each frame at chosen
 * detector positions form its feature vector; features are normalised by their column mean of
 * |f| and the scan positions clustered by Ward linkage on the scan grid or by k-means.
 */
export default definePlugin({
  id: 'clustering',
  title: 'Clustering',
  description:
    'Groups scan positions whose diffraction patterns look alike: a feature vector per frame (values at chosen detector pixels), clustered by Ward agglomeration on the scan grid or k-means; the result is a map of cluster labels.',
  params: ClusteringParams,
  defaults: ({ sigShape }) => {
    const [h, w] = sigSize(sigShape);
    const rmax = Math.min(h, w) / 2;
    return { cx: w / 2, cy: h / 2, ri: 0.2 * rmax, ro: 0.8 * rmax };
  },
  check,
  udf: {
    buffers: ({ params, dataset }) => ({
      features: { kind: 'nav', dtype: 'float64', extraShape: [Math.max(1, featurePixels(params, dataset.sigShape).length)] },
    }),
    taskData: ({ params, dataset }) => featureTable(params, dataset.sigShape),
    processTile(tile, { task, out }) {
      const { rowPtr, pixel, feature, nFeatures } = task;
      const data = tile.data;
      const features = out.features;
      const first = rowPtr[tile.rowStart]!;
      const last = rowPtr[tile.rowStart + tile.rows]!;
      const frameSize = tile.rows * tile.width;
      const origin = tile.rowStart * tile.width;
      for (let f = 0; f < tile.depth; f++) {
        const base = f * frameSize - origin;
        const o = f * nFeatures;
        for (let e = first; e < last; e++) features[o + feature[e]!]! += data[base + pixel[e]!]!;
      }
    },
    results({ features }, { params, dataset, valid }) {
      const pixels = featurePixels(params, dataset.sigShape);
      const d = pixels.length;
      const k = params.nClusters;
      const navShape = [...dataset.navShape];
      const points: number[] = [];
      valid.forEach((v, i) => {
        if (v) points.push(i);
      });
      const n = points.length;
      const raw = new Float64Array(n * d);
      points.forEach((p, i) => raw.set(features.subarray(p * d, (p + 1) * d), i * d));
      const x = normaliseColumns(raw, n, d);

      let found: Int32Array;
      if (params.method === 'kmeans') {
        found = kMeans(x, n, d, k, params.seed).labels;
      } else {
        const index = new Int32Array(dataset.frames).fill(-1);
        points.forEach((p, i) => (index[p] = i));
        found = wardGrid(x, n, d, k, gridEdges(dataset.navShape, index)).labels;
      }
      const { labels: canonical } = canonicalLabels(found);

      const labels = new Float64Array(dataset.frames).fill(Number.NaN);
      const centres = new Float64Array(k * d).fill(Number.NaN);
      const counts = new Float64Array(k);
      const sums = new Float64Array(k * d);
      points.forEach((p, i) => {
        const c = canonical[i]! - 1;
        labels[p] = c + 1;
        counts[c]! += 1;
        for (let j = 0; j < d; j++) sums[c * d + j]! += raw[i * d + j]!;
      });
      for (let c = 0; c < k; c++) if (counts[c]! > 0) for (let j = 0; j < d; j++) centres[c * d + j] = sums[c * d + j]! / counts[c]!;

      return {
        labels: { data: labels, shape: navShape },
        features: { data: features, shape: [...navShape, d] },
        centers: { data: centres, shape: [k, d] },
        positions: { data: Float64Array.from(pixels.flat()), shape: [d, 2] },
      };
    },
  },
});
