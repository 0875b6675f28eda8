import { definePlugin, Fft2dPlan, fftshiftIndex, Type, type DatasetInfo, type Static } from '@stemflow/plugin-sdk';
import { blankDiskFields, blankWeight, checkBlankDisk, frameSize } from './common';

export const FftSumParams = Type.Object(
  {
    mode: Type.Enum(['sum-of-magnitudes', 'magnitude-of-sum'], {
      title: 'What is summed',
      default: 'sum-of-magnitudes',
      'x-ui': {
        help:
          'sum-of-magnitudes: Σ over frames of |FFT(frame)| (each frame\'s spectrum, phases discarded; one frame = LiberTEM "Pick FFT"). ' +
          'magnitude-of-sum: |FFT(Σ frames)| (LiberTEM "FFT of the sum of frames"; phases of different frames cancel)',
        order: 0,
      },
    }),
    ...blankDiskFields,
  },
  { title: 'FFT of frames', 'x-ui': { overlay: 'disk' } },
);
export type FftSumParams = Static<typeof FftSumParams>;

function defaults({ sigShape }: DatasetInfo): Partial<FftSumParams> {
  const [h, w] = frameSize(sigShape);
  return { mode: 'sum-of-magnitudes', cx: w / 2, cy: h / 2 };
}

/**
 * Fourier magnitude of the frames, centred (NumPy `fftshift`: frequency 0 at (⌊h/2⌋, ⌊w/2⌋)).
 * `sum-of-magnitudes`: `Σ_frames |fft2(frame·(1 − disk))|`; `magnitude-of-sum`:
 * `|fft2(Σ_frames frame·(1 − disk))|`. Also `log_intensity = log(intensity + 1)`.
 */
export const fftSum = definePlugin({
  id: 'fourier.fft-sum',
  title: 'FFT of frames (sum)',
  description:
    'Magnitude of the 2-D Fourier transform of the frames, summed over all (ROI) frames and centred, optionally with a real-space disk (the central beam) set to zero first.',
  params: FftSumParams,
  defaults,
  check: (p, dataset) => checkBlankDisk(p, dataset),
  udf: {
    // sum-of-magnitudes: Σ|F| already shifted; magnitude-of-sum: Σ frame·(1 − disk) in real space.
    buffers: { sum: { kind: 'sig', dtype: 'float64', use: 'private' } },
    taskData: ({ params, dataset }) => {
      const [h, w] = frameSize(dataset.sigShape);
      const perFrame = params.mode === 'sum-of-magnitudes';
      return {
        weight: blankWeight(dataset.sigShape, params),
        perFrame,
        fft: perFrame ? new Fft2dPlan(h, w) : null,
        shift: perFrame ? fftshiftIndex(h, w) : null,
        re: new Float64Array(perFrame ? h * w : 0),
        im: new Float64Array(perFrame ? h * w : 0),
      };
    },
    processFrame(frame, { task, out }) {
      const { weight, re, im } = task;
      const sum = out.sum;
      if (!task.perFrame) {
        const data = frame.data;
        if (weight) for (let p = 0; p < data.length; p++) sum[p]! += data[p]! * weight[p]!;
        else for (let p = 0; p < data.length; p++) sum[p]! += data[p]!;
        return;
      }
      task.fft!.forwardReal(frame.data, re, im, weight);
      const shift = task.shift!;
      for (let p = 0; p < re.length; p++) sum[shift[p]!]! += Math.sqrt(re[p]! * re[p]! + im[p]! * im[p]!);
    },
    results({ sum }, { params, dataset }) {
      const shape = [...dataset.sigShape];
      const [h, w] = frameSize(dataset.sigShape);
      let intensity: Float64Array;
      if (params.mode === 'sum-of-magnitudes') {
        intensity = Float64Array.from(sum);
      } else {
        const re = new Float64Array(h * w);
        const im = new Float64Array(h * w);
        new Fft2dPlan(h, w).forwardReal(sum, re, im);
        const shift = fftshiftIndex(h, w);
        intensity = new Float64Array(h * w);
        for (let p = 0; p < re.length; p++) intensity[shift[p]!] = Math.sqrt(re[p]! * re[p]! + im[p]! * im[p]!);
      }
      return {
        intensity: { data: intensity, shape },
        log_intensity: { data: intensity.map((v) => Math.log1p(v)), shape },
      };
    },
  },
});
