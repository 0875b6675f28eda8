import { definePlugin, detectorMask, memoizeByValue, Type, type DatasetInfo, type FieldError, type Static } from '@stemflow/plugin-sdk';

const px = (title: string, help: string, order: number, extra: object = {}) => Type.Number({ title, ...extra, 'x-ui': { unit: 'px', help, order } });

/** The ring in pixel indices (x right, y down), LiberTEM's edges: a pixel counts when ri < d ≤ ro. */
export const FemParams = Type.Object(
  {
    cx: px('Centre x', 'Column of the ring centre, usually the zero-order beam (0 = left edge pixel)', 0),
    cy: px('Centre y', 'Row of the ring centre, usually the zero-order beam (0 = top edge pixel)', 1),
    ri: px('Inner radius', 'Pixels at distance ≤ ri from the centre are left out', 2, { minimum: 0 }),
    ro: px('Outer radius', 'Pixels at distance ≤ ro (and > ri) count: put the ring on the amorphous halo', 3, { minimum: 0 }),
  },
  { title: 'Fluctuation electron microscopy', 'x-ui': { overlay: 'ring' } },
);
export type FemParams = Static<typeof FemParams>;

const ringOf = (sigShape: readonly number[], p: FemParams) => detectorMask(sigShape, { shape: 'ring', cx: p.cx, cy: p.cy, ri: p.ri, ro: p.ro });

/**
 * Centred ring from 0.8 to 1 × half the short side of the frame, like LiberTEM's ring detector.
 * On frames so small that this ring misses every pixel centre, the whole frame but its centre
 * (ri = 0, ro up to the farthest corner), so the defaults always run.
 */
function defaults({ sigShape }: DatasetInfo): Partial<FemParams> {
  const [h = 1, w = 1] = sigShape;
  const ro = Math.min(h, w) / 2;
  const ring = { cx: w / 2, cy: h / 2, ri: ro * 0.8, ro };
  if (ringOf(sigShape, ring).some((v) => v !== 0)) return ring;
  return { ...ring, ri: 0, ro: Math.ceil(Math.hypot(w / 2, h / 2)) };
}

function check(p: FemParams, dataset?: DatasetInfo): FieldError[] {
  if (p.ri >= p.ro) return [{ path: '/ri', message: `inner radius ${p.ri} must be smaller than the outer radius ${p.ro}: lower ri or raise ro` }];
  if (!dataset) return [];
  const [h = 1, w = 1] = dataset.sigShape;
  const errors: FieldError[] = [];
  if (!(p.cx >= 0 && p.cx < w)) errors.push({ path: '/cx', message: `centre x ${p.cx} is off the detector: use 0 ≤ cx < ${w} (the frame is ${h}×${w})` });
  if (!(p.cy >= 0 && p.cy < h)) errors.push({ path: '/cy', message: `centre y ${p.cy} is off the detector: use 0 ≤ cy < ${h} (the frame is ${h}×${w})` });
  if (errors.length === 0 && !ringOf(dataset.sigShape, p).some((v) => v !== 0)) {
    errors.push({ path: '/ro', message: `the ring ${p.ri} < d ≤ ${p.ro} around (${p.cy}, ${p.cx}) covers no detector pixel: widen it (raise ro)` });
  }
  return errors;
}

/** The ring's pixel indices, built once per job and worker thread (read-only). */
const ringPixelsOf = memoizeByValue((sigShape: readonly number[], p: FemParams): Int32Array => {
  const pixels: number[] = [];
  ringOf(sigShape, p).forEach((m, i) => m !== 0 && pixels.push(i));
  return Int32Array.from(pixels);
});

/**
 * LiberTEM `FEMUDF` (Gibson & Treacy 1997): per frame, the standard deviation of the N pixel
 * values inside the ring, population normalisation `σ = √(Σ(v − μ)² / N)` (np.std, ddof = 0).
 * Also `normalized_variance = σ² / μ²` = ⟨I²⟩/⟨I⟩² − 1 over the ring's pixels, the
 * quantity pyxem's `get_variance` reports per radial bin (here: one ring, one frame).
 */
export default definePlugin({
  id: 'fem',
  title: 'Fluctuation EM (ring standard deviation)',
  description:
    'Per scan position, the standard deviation of the pixel values inside a ring (population, ÷N, as LiberTEM), and the normalised variance σ²/μ².',
  params: FemParams,
  defaults,
  check,
  udf: {
    buffers: {
      intensity: { kind: 'nav', dtype: 'float64' },
      normalized_variance: { kind: 'nav', dtype: 'float64' },
    },
    // The ring's pixel offsets (built once per job and thread): the kernel touches only those.
    taskData: ({ params, dataset }) => ({ pixels: ringPixelsOf(dataset.sigShape, params) }),
    // Mean and variance need all ring pixels of a frame at once: whole frames, two passes.
    processFrame(frame, { task, out }) {
      const { data } = frame;
      const pixels = task.pixels;
      const n = pixels.length;
      let sum = 0;
      for (let i = 0; i < n; i++) sum += data[pixels[i]!]!;
      const mean = sum / n;
      // Corrected two-pass (Chan, Golub & LeVeque): the second term cancels the rounding left in `mean`.
      let ss = 0;
      let s = 0;
      for (let i = 0; i < n; i++) {
        const d = data[pixels[i]!]! - mean;
        ss += d * d;
        s += d;
      }
      const variance = Math.max(0, (ss - (s * s) / n) / n);
      out.intensity[0] = Math.sqrt(variance);
      // μ = 0 gives +∞ (σ > 0) or NaN (0/0): reported as is, never clipped.
      out.normalized_variance[0] = variance / (mean * mean);
    },
  },
});
