import { detectorMask, fftFrequency, Type, type DatasetInfo, type FieldError } from '@stemflow/plugin-sdk';

/** Frame height and width; a 1-D signal is one row. */
export function frameSize(sigShape: readonly number[]): [number, number] {
  if (sigShape.length >= 2) return [sigShape[sigShape.length - 2]!, sigShape[sigShape.length - 1]!];
  return [1, sigShape[0] ?? 1];
}

/**
 * The optional real-space disk that is set to zero before the FFT (LiberTEM's `real_rad`,
 * `real_center`): pixels with `(x − cx)² + (y − cy)² ≤ r²` on pixel indices. Named cx, cy, r so
 * the form draws it on the frame and a click on the frame sets its centre.
 */
export const blankDiskFields = {
  cx: Type.Number({
    title: 'Blanked disk centre x',
    'x-ui': { unit: 'px', help: 'Column of the centre of the real-space disk set to zero before the FFT (0 = left pixel)', order: 10 },
  }),
  cy: Type.Number({
    title: 'Blanked disk centre y',
    'x-ui': { unit: 'px', help: 'Row of the centre of the real-space disk set to zero before the FFT (0 = top pixel)', order: 11 },
  }),
  r: Type.Optional(
    Type.Number({
      title: 'Blanked disk radius',
      minimum: 0,
      'x-ui': {
        unit: 'px',
        help: 'Pixels at distance ≤ r from the centre are set to zero before the FFT (e.g. the central beam); leave empty to transform the whole frame',
        order: 12,
      },
    }),
  ),
};

export interface BlankDisk {
  cx: number;
  cy: number;
  r?: number;
}

/** `1 − disk` as a per-pixel weight, or null when nothing is blanked. */
export function blankWeight(sigShape: readonly number[], p: BlankDisk): Float64Array | null {
  if (p.r === undefined) return null;
  const [h, w] = frameSize(sigShape);
  const disk = detectorMask([h, w], { shape: 'disk', cx: p.cx, cy: p.cy, r: p.r });
  return Float64Array.from(disk, (v) => 1 - v);
}

export function checkBlankDisk(p: BlankDisk, dataset?: DatasetInfo): FieldError[] {
  if (p.r === undefined || !dataset) return [];
  const [h, w] = frameSize(dataset.sigShape);
  const errors: FieldError[] = [];
  if (!(p.cx >= 0 && p.cx < w)) errors.push({ path: '/cx', message: `blanked disk centre x ${p.cx} is off the detector: use 0 ≤ cx < ${w} (the frame is ${h}×${w})` });
  if (!(p.cy >= 0 && p.cy < h)) errors.push({ path: '/cy', message: `blanked disk centre y ${p.cy} is off the detector: use 0 ≤ cy < ${h} (the frame is ${h}×${w})` });
  if (errors.length === 0 && blankWeight(dataset.sigShape, p)!.every((v) => v === 0)) {
    errors.push({ path: '/r', message: `a blanked disk of radius ${p.r} covers the whole ${h}×${w} frame and leaves nothing to transform: lower r, or leave it empty` });
  }
  return errors;
}

/** Squared distance of bin (ky, kx) from frequency 0 in frequency-index units (centred Fourier space). */
export function frequencyRadius2(ky: number, kx: number, h: number, w: number): number {
  return fftFrequency(ky, h) ** 2 + fftFrequency(kx, w) ** 2;
}

export function checkRadii(p: { ri: number; ro: number }): FieldError[] {
  return p.ri >= p.ro ? [{ path: '/ri', message: `inner radius ${p.ri} must be smaller than the outer radius ${p.ro}: lower ri or raise ro` }] : [];
}
