import { comMoments, definePlugin, detectorMask, memoizeByValue, Type, type DatasetInfo, type FieldError, type NDArray, type Static } from '@stemflow/plugin-sdk';
import {
  applyCorrection,
  centreShifts,
  divergenceAndCurl,
  fitRegression,
  guessWindow,
  navGrid,
  referencePoint,
  subtractRegression,
  type Reference,
  type Regression,
} from './field';
import { guessCorrections } from './guess';

/** The mask and its centre: shared by the analysis and the guess. */
const maskFields = {
  cx: Type.Number({
    title: 'Centre x',
    'x-ui': { unit: 'px', help: 'Column of the mask centre and of the zero-shift point when the reference is "given"; defaults to the frame centre', order: 0 },
  }),
  cy: Type.Number({
    title: 'Centre y',
    'x-ui': { unit: 'px', help: 'Row of the mask centre and of the zero-shift point when the reference is "given"; defaults to the frame centre', order: 1 },
  }),
  r: Type.Optional(
    Type.Number({ title: 'Radius', minimum: 0, 'x-ui': { unit: 'px', help: 'Only pixels within r of the centre count; leave empty to use the whole frame', order: 2 } }),
  ),
  ri: Type.Number({ title: 'Inner radius', minimum: 0, default: 0, 'x-ui': { unit: 'px', help: 'Pixels within ri are left out (annular CoM); 0 for a full disk', order: 3 } }),
};

export const CenterOfMassParams = Type.Object(
  {
    ...maskFields,
    reference: Type.Enum(['given', 'sum-frame', 'mean-shift'], {
      title: 'Zero-shift reference',
      default: 'given',
      'x-ui': {
        help: 'Shifts are measured from: the centre (cx, cy) entered above; the centre of mass of the sum of all frames (within the mask); or the mean centre of mass of the frames (LiberTEM\'s guess, last scan row and column left out)',
        order: 4,
      },
    }),
    scanRotation: Type.Number({
      title: 'Scan rotation',
      default: 0,
      minimum: -360,
      maximum: 360,
      'x-ui': { unit: 'deg', help: 'Rotation from detector to scan axes; positive is clockwise (y down). "Guess rotation and flip" finds it', order: 5 },
    }),
    flipY: Type.Boolean({ title: 'Flip y', default: false, 'x-ui': { help: 'Mirror the detector y axis before rotating (handedness; e.g. Merlin data)', order: 6 } }),
    regression: Type.Enum(['none', 'mean', 'plane'], {
      title: 'Regression',
      default: 'none',
      'x-ui': {
        help: 'Subtract from the field its mean (centre offset) or its least-squares plane in scan y, x (centre offset and descan), fitted over the computed positions',
        order: 7,
      },
    }),
  },
  { title: 'Centre of mass', 'x-ui': { overlay: 'disk' } },
);
export type CenterOfMassParams = Static<typeof CenterOfMassParams>;

export const CenterOfMassGuessParams = Type.Object(
  {
    ...maskFields,
    centre: Type.Enum(['mean-shift', 'sum-frame'], {
      title: 'Found centre',
      default: 'mean-shift',
      'x-ui': { help: 'The centre reported: the mean centre of mass of the frames (LiberTEM), or the centre of mass of the sum of all frames', order: 4 },
    }),
    regression: Type.Enum(['none', 'plane'], {
      title: 'Descan removal',
      default: 'none',
      'x-ui': { help: 'Subtract the least-squares plane of the shifts (descan) before the search; LiberTEM does not', order: 5 },
    }),
  },
  { title: 'Guess rotation and flip', 'x-ui': { overlay: 'disk' } },
);
export type CenterOfMassGuessParams = Static<typeof CenterOfMassGuessParams>;

type MaskParams = Pick<CenterOfMassParams, 'cx' | 'cy' | 'r' | 'ri'>;

/** Disk (or ring when ri > 0) around the centre; no radius means no cut-off, as LiberTEM's r = inf. */
function comMask(sigShape: readonly number[], p: MaskParams): Float32Array {
  const r = p.r ?? Number.POSITIVE_INFINITY;
  return p.ri > 0 ? detectorMask(sigShape, { shape: 'ring', cx: p.cx, cy: p.cy, ri: p.ri, ro: r }) : detectorMask(sigShape, { shape: 'disk', cx: p.cx, cy: p.cy, r });
}

/** The mask of a job, built once per worker thread (read-only: the kernels share it). */
const comMaskOf = memoizeByValue(comMask);

function check(p: MaskParams, dataset?: DatasetInfo): FieldError[] {
  if (p.r !== undefined && p.ri >= p.r) {
    return [{ path: '/ri', message: `inner radius ${p.ri} must be smaller than the radius ${p.r}: lower ri, raise r, or leave r empty for no cut-off` }];
  }
  if (!dataset) return [];
  const [h = 1, w = 1] = dataset.sigShape;
  const errors: FieldError[] = [];
  // Pixel indices run 0…w−1: a centre outside [0, w) is a swapped or mistyped value.
  if (!(p.cx >= 0 && p.cx < w)) errors.push({ path: '/cx', message: `centre x ${p.cx} is off the detector: use 0 ≤ cx < ${w} (the frame is ${h}×${w})` });
  if (!(p.cy >= 0 && p.cy < h)) errors.push({ path: '/cy', message: `centre y ${p.cy} is off the detector: use 0 ≤ cy < ${h} (the frame is ${h}×${w})` });
  if (errors.length === 0 && !comMask(dataset.sigShape, p).some((v) => v !== 0)) {
    errors.push({ path: '/r', message: 'the disk around (cy, cx) covers no detector pixel: raise r or move the centre onto the frame' });
  }
  return errors;
}

const defaults = ({ sigShape: [h = 1, w = 1] }: DatasetInfo) => ({ cx: w / 2, cy: h / 2 });

/** Σ I, Σ I·y, Σ I·x per frame within the mask: additive over row tiles, so all else waits for `results`. */
const momentsUdf = {
  buffers: { moments: { kind: 'nav', dtype: 'float64', extraShape: [3], use: 'private' } } as const,
  taskData: ({ params: { cx, cy, r, ri }, dataset }: { params: MaskParams; dataset: DatasetInfo }) => ({ mask: comMaskOf(dataset.sigShape, { cx, cy, r, ri }) }),
};

const scalar = (value: number): NDArray => ({ data: Float64Array.of(value), shape: [1] });

/** LiberTEM `CoMUDF`: centre of mass of each frame, its shift from a reference point, and the DPC field. */
export const centerOfMass = definePlugin({
  id: 'center-of-mass',
  title: 'Centre of mass (DPC)',
  description:
    'Centre-of-mass shift of each frame within a disk or ring, from a given or found centre, rotated and flipped into scan coordinates, optionally flattened by a mean or plane regression, with its magnitude, divergence and curl.',
  params: CenterOfMassParams,
  defaults,
  check,
  udf: {
    ...momentsUdf,
    processTile: (tile, { task, out }) => comMoments(tile, task.mask, out.moments),
    results({ moments }, { params, dataset, valid }) {
      const shape = [...dataset.navShape];
      const [ny, nx] = navGrid(dataset.navShape);
      const [cy, cx] = referencePoint(moments, valid, ny, nx, params.cy, params.cx, params.reference as Reference);
      const raw = centreShifts(moments, cy, cx);
      const field = applyCorrection(raw, params.scanRotation, params.flipY);
      const regression = fitRegression(field, valid, ny, nx, params.regression as Regression);
      subtractRegression(field, regression, ny, nx);
      const { divergence, curl } = divergenceAndCurl(field, ny, nx);
      const magnitude = field.y.map((fy, i) => Math.hypot(fy, field.x[i]!));
      const image = (data: Float64Array) => ({ data, shape });
      return {
        field_y: image(field.y),
        field_x: image(field.x),
        magnitude: image(magnitude),
        divergence: image(divergence),
        curl: image(curl),
        raw_shifts_y: image(raw.y),
        raw_shifts_x: image(raw.x),
        regression: { data: regression, shape: [3, 2] },
        cy: scalar(cy),
        cx: scalar(cx),
      };
    },
  },
});

/** LiberTEM `guess_corrections`: scan rotation and flip minimising the RMS curl, and the centre. */
export const centerOfMassGuess = definePlugin({
  id: 'center-of-mass.guess',
  title: 'Guess DPC rotation and flip',
  description:
    'Finds the scan rotation (whole degrees) and y-flip that make the centre-of-mass field curl-free, with the 180° ambiguity resolved by the divergence at atoms (negative), and the centre of the pattern; for atomic-resolution data of non-magnetic samples.',
  params: CenterOfMassGuessParams,
  defaults,
  check,
  udf: {
    ...momentsUdf,
    processTile: (tile, { task, out }) => comMoments(tile, task.mask, out.moments),
    results({ moments }, { params, dataset, valid }) {
      const [ny, nx] = navGrid(dataset.navShape);
      const shifts = centreShifts(moments, params.cy, params.cx);
      if (params.regression === 'plane') subtractRegression(shifts, fitRegression(shifts, valid, ny, nx, 'plane'), ny, nx);
      const guess = guessCorrections(shifts, guessWindow(valid, ny, nx), ny, nx);
      const [cy, cx] = referencePoint(moments, valid, ny, nx, params.cy, params.cx, params.centre as Reference);
      return {
        rotation: scalar(guess.rotation),
        flip_y: { data: Uint8Array.of(guess.flipY ? 1 : 0), shape: [1] },
        curl_rms: { data: guess.curve, shape: [360, 2] },
        cy: scalar(cy),
        cx: scalar(cx),
      };
    },
  },
});

export default [centerOfMass, centerOfMassGuess];
