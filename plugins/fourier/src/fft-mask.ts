import { definePlugin, Fft2dPlan, Type, type DatasetInfo, type FieldError, type Static } from '@stemflow/plugin-sdk';
import { blankDiskFields, blankWeight, checkBlankDisk, checkRadii, frameSize, frequencyRadius2 } from './common';

const freq = (title: string, help: string, order: number) =>
  Type.Number({ title, minimum: 0, 'x-ui': { unit: 'px', help: `${help} (pixels of the centred FFT image, i.e. frequency index: 1 = one period per frame side)`, order } });

export const FftMaskParams = Type.Object(
  {
    ri: freq('Inner frequency radius', 'Frequencies at distance ≤ ri from frequency 0 are left out', 0),
    ro: freq('Outer frequency radius', 'Frequencies at distance ≤ ro (and > ri) from frequency 0 are summed', 1),
    ...blankDiskFields,
  },
  { title: 'FFT ring (crystallinity)', 'x-ui': { overlay: 'disk' } },
);
export type FftMaskParams = Static<typeof FftMaskParams>;

/** A ring from a quarter to three quarters of the highest frequency along the short side. */
function defaults({ sigShape }: DatasetInfo): Partial<FftMaskParams> {
  const [h, w] = frameSize(sigShape);
  const m = Math.min(h, w) / 2;
  return { ri: m / 4, ro: Math.max(1, (3 * m) / 4), cx: w / 2, cy: h / 2 };
}

/**
 * Flat indices `ky·w + kx` of the half spectrum `kx ≤ ⌊w/2⌋` (what `rfft2` returns) whose
 * frequency `(fy, fx)` lies in the ring `ri² < fy² + fx² ≤ ro²`.
 */
export function ringBins(h: number, w: number, ri: number, ro: number): Int32Array {
  const bins: number[] = [];
  for (let ky = 0; ky < h; ky++) {
    for (let kx = 0; kx <= w >> 1; kx++) {
      const d2 = frequencyRadius2(ky, kx, h, w);
      if (d2 > ri * ri && d2 <= ro * ro) bins.push(ky * w + kx);
    }
  }
  return Int32Array.from(bins);
}

function check(p: FftMaskParams, dataset?: DatasetInfo): FieldError[] {
  const errors = [...checkRadii(p), ...checkBlankDisk(p, dataset)];
  if (errors.length > 0 || !dataset) return errors;
  const [h, w] = frameSize(dataset.sigShape);
  if (ringBins(h, w, p.ri, p.ro).length === 0) {
    errors.push({
      path: '/ro',
      message: `the ring ${p.ri} < |f| ≤ ${p.ro} holds no frequency of the ${h}×${w} FFT (they run to ${h >> 1} and ${w >> 1}): raise ro or lower ri`,
    });
  }
  return errors;
}

/**
 * LiberTEM `CrystallinityUDF`: per frame, Σ |rfft2(frame·(1 − disk))| over the frequencies of the
 * ring. Like LiberTEM it sums the half spectrum `kx ≤ ⌊w/2⌋` only, so a peak off the kx = 0 column
 * counts once (its conjugate twin is not in the half) and a peak on it counts twice.
 */
export const fftMask = definePlugin({
  id: 'fourier.fft-mask',
  title: 'FFT ring (crystallinity)',
  description:
    'For each scan position, the Fourier magnitude of the frame summed over a ring of frequencies (LiberTEM crystallinity map), optionally with a real-space disk set to zero first.',
  params: FftMaskParams,
  defaults,
  check,
  udf: {
    buffers: { intensity: { kind: 'nav', dtype: 'float64' } },
    taskData: ({ params, dataset }) => {
      const [h, w] = frameSize(dataset.sigShape);
      return {
        fft: new Fft2dPlan(h, w),
        weight: blankWeight(dataset.sigShape, params),
        bins: ringBins(h, w, params.ri, params.ro),
        re: new Float64Array(h * w),
        im: new Float64Array(h * w),
      };
    },
    processFrame(frame, { task, out }) {
      const { re, im, bins } = task;
      task.fft.forwardReal(frame.data, re, im, task.weight, true);
      let s = 0;
      for (let i = 0; i < bins.length; i++) {
        const p = bins[i]!;
        s += Math.sqrt(re[p]! * re[p]! + im[p]! * im[p]!);
      }
      out.intensity[0]! += s;
    },
  },
});
