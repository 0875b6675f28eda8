import { definePlugin, memoizeByValue, Type, type DatasetInfo, type FieldError, type Static } from '@stemflow/plugin-sdk';
import { binCentres, binEdges, radialBins } from './bins';

const px = (title: string, help: string, order: number, extra: object = {}) => Type.Number({ title, ...extra, 'x-ui': { unit: 'px', help, order } });

/** Centre in pixel indices (x right, y down); bins `[e_k, e_{k+1})` evenly spaced from rMin to rMax. */
export const RadialProfileParams = Type.Object(
  {
    cx: px('Centre x', 'Column of the centre, usually the zero-order beam (0 = left edge pixel)', 0),
    cy: px('Centre y', 'Row of the centre, usually the zero-order beam (0 = top edge pixel)', 1),
    rMin: px('Inner radius', 'Start of the first bin: pixels nearer the centre are left out (included at exactly rMin)', 2, { minimum: 0 }),
    rMax: px('Outer radius', 'End of the last bin: pixels at rMax or beyond are left out', 3, { minimum: 0 }),
    nBins: Type.Integer({
      title: 'Number of bins',
      minimum: 1,
      maximum: 65536,
      'x-ui': { unit: 'bins', help: 'Equal-width radial bins between rMin and rMax; (rMax − rMin) bins are 1 px wide', order: 4 },
    }),
  },
  { title: 'Radial profile', 'x-ui': { overlay: 'ring' } },
);
export type RadialProfileParams = Static<typeof RadialProfileParams>;

/** Elements of the per-frame profile buffer beyond which a job is refused (1 GiB of float64; the mean doubles it). */
export const MAX_PROFILE_ELEMENTS = 2 ** 27;

/** Centred, out to half the short side of the frame, 1 px wide bins (fewer on scans too large for them). */
function defaults({ sigShape, frames }: DatasetInfo): Partial<RadialProfileParams> {
  const [h = 1, w = 1] = sigShape;
  const rMax = Math.max(1, Math.min(h, w) / 2);
  const fit = Math.floor(MAX_PROFILE_ELEMENTS / Math.max(1, frames));
  return { cx: w / 2, cy: h / 2, rMin: 0, rMax, nBins: Math.max(1, Math.min(Math.floor(rMax), fit)) };
}

function check(p: RadialProfileParams, dataset?: DatasetInfo): FieldError[] {
  if (p.rMin >= p.rMax) return [{ path: '/rMin', message: `inner radius ${p.rMin} must be smaller than the outer radius ${p.rMax}: lower rMin or raise rMax` }];
  if (!dataset) return [];
  if (dataset.frames * p.nBins > MAX_PROFILE_ELEMENTS) {
    const most = Math.max(1, Math.floor(MAX_PROFILE_ELEMENTS / dataset.frames));
    return [{ path: '/nBins', message: `${p.nBins} bins × ${dataset.frames} scan positions would need ${((dataset.frames * p.nBins * 8) / 2 ** 30).toFixed(1)} GiB per result: use at most ${most} bins` }];
  }
  const [h = 1, w = 1] = dataset.sigShape;
  const errors: FieldError[] = [];
  if (!(p.cx >= 0 && p.cx < w)) errors.push({ path: '/cx', message: `centre x ${p.cx} is off the detector: use 0 ≤ cx < ${w} (the frame is ${h}×${w})` });
  if (!(p.cy >= 0 && p.cy < h)) errors.push({ path: '/cy', message: `centre y ${p.cy} is off the detector: use 0 ≤ cy < ${h} (the frame is ${h}×${w})` });
  if (errors.length === 0 && radialBins(dataset.sigShape, p).pixels.length === 0) {
    errors.push({ path: '/rMax', message: `no detector pixel lies at ${p.rMin} ≤ d < ${p.rMax} from (${p.cy}, ${p.cx}): widen the range (raise rMax)` });
  }
  return errors;
}

/** Pixels per bin, computed once per job (results() runs for every partial update); keyed by the params object. */
const countsCache = new WeakMap<object, Float64Array>();
function countsFor(params: RadialProfileParams, dataset: DatasetInfo): Float64Array {
  let counts = countsCache.get(params);
  if (!counts) {
    counts = radialBins(dataset.sigShape, params).counts;
    countsCache.set(params, counts);
  }
  return counts;
}

/** A job's bins, built once per worker thread (read-only). */
const binsOf = memoizeByValue(radialBins);

/**
 * Azimuthal integration by pixel centres: each pixel goes whole into the bin its centre falls
 * in (no pixel splitting, unlike pyxem/pyFAI). Per frame, `profile[k]` = Σ of the pixels of
 * bin k, `mean_profile[k]` = that sum / the number of pixels in bin k.
 */
export default definePlugin({
  id: 'radial-profile',
  title: 'Radial profile (azimuthal integration)',
  description: 'Sums each frame over rings around a centre: one radial profile per scan position, its per-pixel mean, and the profile of the sum frame.',
  params: RadialProfileParams,
  defaults,
  check,
  udf: {
    buffers: ({ params }) => ({ profile: { kind: 'nav' as const, dtype: 'float64' as const, extraShape: [params.nBins] } }),
    taskData: ({ params, dataset }) => binsOf(dataset.sigShape, params),
    processTile(tile, { task, out, params }) {
      const { data, depth, rowStart, rows, width } = tile;
      const nBins = params.nBins;
      const size = rows * width;
      // Entries of the tile's rows; pixel offsets become tile-relative by subtracting the first row.
      const first = task.rowStart[rowStart]!;
      const last = task.rowStart[rowStart + rows]!;
      const offset = rowStart * width;
      const { pixels, bins } = task;
      const profile = out.profile;
      for (let f = 0; f < depth; f++) {
        const base = f * size - offset;
        const dest = f * nBins;
        for (let i = first; i < last; i++) profile[dest + bins[i]!]! += data[base + pixels[i]!]!;
      }
    },
    results({ profile }, { params, dataset, valid }) {
      const { nBins } = params;
      const counts = countsFor(params, dataset);
      const edges = binEdges(params);
      const frames = dataset.frames;
      const meanProfile = new Float64Array(profile.length);
      const total = new Float64Array(nBins);
      for (let f = 0; f < frames; f++) {
        const base = f * nBins;
        // Outside the ROI (or not merged yet) the profile is NaN, and so is its mean.
        for (let k = 0; k < nBins; k++) meanProfile[base + k] = profile[base + k]! / counts[k]!;
        if (valid[f]) for (let k = 0; k < nBins; k++) total[k]! += profile[base + k]!;
      }
      const nav = [...dataset.navShape, nBins];
      return {
        profile: { data: profile, shape: nav },
        mean_profile: { data: meanProfile, shape: nav },
        radii: { data: binCentres(edges), shape: [nBins] },
        total_profile: { data: total, shape: [nBins] },
        bin_pixels: { data: counts.slice(), shape: [nBins] },
      };
    },
  },
});
