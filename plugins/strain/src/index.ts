import { definePlugin, product, Type, type DatasetInfo, type FieldError, type NDArray, type Static } from '@stemflow/plugin-sdk';
import { findPeak, makeTemplate } from './correlate';
import { fitLattice, planPeaks, strainOf, type PeakPlan } from './lattice';

const px = (title: string, order: number, help: string) => Type.Number({ title, 'x-ui': { unit: 'px', order, help } });

export const StrainParams = Type.Object(
  {
    cx: px('Centre x', 0, 'Column of the zero-order (undiffracted) disk; defaults to the frame centre'),
    cy: px('Centre y', 1, 'Row of the zero-order (undiffracted) disk; defaults to the frame centre'),
    ax: px('Vector a, x', 2, 'x (column) component of the first reference lattice vector a, from the zero-order disk to the disk (1, 0)'),
    ay: px('Vector a, y', 3, 'y (row, down) component of the first reference lattice vector a'),
    bx: px('Vector b, x', 4, 'x (column) component of the second reference lattice vector b, from the zero-order disk to the disk (0, 1)'),
    by: px('Vector b, y', 5, 'y (row, down) component of the second reference lattice vector b'),
    r: Type.Number({ title: 'Disk radius', minimum: 0.5, maximum: 1024, 'x-ui': { unit: 'px', order: 6, help: 'Radius of the disk template: pixels with dy² + dx² ≤ r² around a candidate position' } }),
    rBackground: Type.Optional(
      Type.Number({
        title: 'Background radius',
        minimum: 0.5,
        maximum: 1024,
        'x-ui': { unit: 'px', order: 7, help: 'The mean of the ring r < d ≤ this radius around each candidate is subtracted as local background (cancels constant and linear backgrounds). Empty: 1.5·r; equal to r: no background subtraction (the sub-pixel refinement is then biased)' },
      }),
    ),
    searchRadius: Type.Integer({ title: 'Search radius', minimum: 0, maximum: 256, 'x-ui': { unit: 'px', order: 8, help: 'The correlation maximum is sought within ± this many pixels (rows and columns) of each predicted disk position' } }),
    maxOrder: Type.Integer({ title: 'Lattice order', minimum: 1, maximum: 16, default: 1, 'x-ui': { order: 9, help: 'Disks n·a + m·b with |n|, |m| ≤ this order are fitted (those whose search window lies on the detector)' } }),
    refX: Type.Integer({ title: 'Reference x', minimum: 0, default: 0, 'x-ui': { unit: 'scan px', order: 10, help: 'First column of the scan rectangle whose mean lattice is the unstrained reference' } }),
    refY: Type.Integer({ title: 'Reference y', minimum: 0, default: 0, 'x-ui': { unit: 'scan px', order: 11, help: 'First row of the reference rectangle' } }),
    refWidth: Type.Optional(Type.Integer({ title: 'Reference width', minimum: 1, 'x-ui': { unit: 'scan px', order: 12, help: 'Columns of the reference rectangle; empty: to the right edge of the scan' } })),
    refHeight: Type.Optional(Type.Integer({ title: 'Reference height', minimum: 1, 'x-ui': { unit: 'scan px', order: 13, help: 'Rows of the reference rectangle; empty: to the bottom of the scan' } })),
    strainOf: Type.Enum(['pattern', 'crystal'], {
      title: 'Strain of',
      default: 'pattern',
      'x-ui': { order: 14, help: 'pattern: deformation F of the diffraction lattice itself, [a b] = F·[a0 b0]. crystal: of the real-space crystal, F⁻ᵀ (a crystal stretched by 1 % has disks 1 % closer)' },
    }),
    decomposition: Type.Enum(['polar', 'linear'], {
      title: 'Decomposition',
      default: 'polar',
      'x-ui': { order: 15, help: 'polar: F = R·U, strain U − I and the exact rotation angle. linear: symmetric part of F − I and the antisymmetric part as rotation (small-strain, as py4DSTEM)' },
    }),
  },
  { title: 'Strain mapping', 'x-ui': { overlay: 'lattice' } },
);
export type StrainParams = Static<typeof StrainParams>;

/** Scan grid as (rows, columns); a 1-D scan is one row, leading axes of a deeper one are folded into rows. */
function navGrid(navShape: readonly number[]): [number, number] {
  const nx = navShape[navShape.length - 1] ?? 1;
  return [product(navShape) / nx, nx];
}

function sigSize(sigShape: readonly number[]): [number, number] {
  return [sigShape.length >= 2 ? sigShape[sigShape.length - 2]! : 1, sigShape[sigShape.length - 1] ?? 1];
}

const backgroundRadius = (p: StrainParams): number => p.rBackground ?? 1.5 * p.r;

function plan(p: StrainParams, sigShape: readonly number[]): PeakPlan & { reach: number } {
  const [h, w] = sigSize(sigShape);
  const reach = Math.floor(Math.max(p.r, backgroundRadius(p)));
  return { ...planPeaks(p, p.maxOrder, p.searchRadius, reach, h, w), reach };
}

function check(p: StrainParams, dataset?: DatasetInfo): FieldError[] {
  const errors: FieldError[] = [];
  const la = Math.hypot(p.ax, p.ay);
  const lb = Math.hypot(p.bx, p.by);
  if (la < 1) errors.push({ path: '/ax', message: `lattice vector a = (${p.ay}, ${p.ax}) is shorter than 1 px: give the vector from the zero-order disk to a neighbouring disk` });
  if (lb < 1) errors.push({ path: '/bx', message: `lattice vector b = (${p.by}, ${p.bx}) is shorter than 1 px: give the vector from the zero-order disk to a neighbouring disk` });
  if (la >= 1 && lb >= 1 && Math.abs(p.ax * p.by - p.ay * p.bx) < 0.1 * la * lb) {
    errors.push({ path: '/bx', message: 'lattice vectors a and b are (nearly) parallel (less than 6° apart): b must point to a disk off the line through a' });
  }
  if (p.rBackground !== undefined && p.rBackground < p.r) {
    errors.push({ path: '/rBackground', message: `background radius ${p.rBackground} is below the disk radius ${p.r}: raise it (1.5·r is usual), or set it to r for no background subtraction` });
  }
  if (!dataset) return errors;
  const [h, w] = sigSize(dataset.sigShape);
  if (!(p.cx >= -0.5 && p.cx <= w - 0.5)) errors.push({ path: '/cx', message: `centre x = ${p.cx} is off the detector: use −0.5 ≤ cx ≤ ${w - 0.5} (frame is ${h}×${w})` });
  if (!(p.cy >= -0.5 && p.cy <= h - 0.5)) errors.push({ path: '/cy', message: `centre y = ${p.cy} is off the detector: use −0.5 ≤ cy ≤ ${h - 0.5} (frame is ${h}×${w})` });
  const [ny, nx] = navGrid(dataset.navShape);
  if (p.refX >= nx) errors.push({ path: '/refX', message: `reference x = ${p.refX} is outside the scan: use 0 ≤ refX < ${nx} (scan is ${ny}×${nx})` });
  else if (p.refWidth !== undefined && p.refX + p.refWidth > nx) errors.push({ path: '/refWidth', message: `the reference rectangle ends at column ${p.refX + p.refWidth} beyond the scan (${nx} columns): use refWidth ≤ ${nx - p.refX}` });
  if (p.refY >= ny) errors.push({ path: '/refY', message: `reference y = ${p.refY} is outside the scan: use 0 ≤ refY < ${ny} (scan is ${ny}×${nx})` });
  else if (p.refHeight !== undefined && p.refY + p.refHeight > ny) errors.push({ path: '/refHeight', message: `the reference rectangle ends at row ${p.refY + p.refHeight} beyond the scan (${ny} rows): use refHeight ≤ ${ny - p.refY}` });
  if (errors.length > 0) return errors;
  const peaks = plan(p, dataset.sigShape);
  if (peaks.pinv.length === 0) {
    errors.push({
      path: '/maxOrder',
      message:
        `only ${peaks.count} disk(s) n·a + m·b with |n|, |m| ≤ ${p.maxOrder} lie at least ${p.searchRadius + peaks.reach} px (search radius + template reach) inside the ${h}×${w} frame, ` +
        'and the fit needs 3 not on one line: raise the order, shorten the search or background radius, or check the centre and a, b',
    });
  }
  return errors;
}

interface Task {
  plan: PeakPlan;
  template: ReturnType<typeof makeTemplate>;
  height: number;
  width: number;
  ys: Float64Array;
  xs: Float64Array;
  grid: Float64Array;
  peak: Float64Array;
}

/**
 * Strain mapping from disk positions, after LiberTEM-blobfinder (template correlation, refinement of
 * the lattice per frame) and py4DSTEM (strain against a reference region).
 */
export default definePlugin({
  id: 'strain',
  title: 'Strain mapping',
  description:
    'Finds the diffraction disks n·a + m·b of a reference lattice in every frame by disk-template correlation with sub-pixel refinement, ' +
    'fits the lattice vectors a, b and the zero position, and maps strain (εxx, εyy, εxy) and rotation against the mean lattice of a reference region.',
  params: StrainParams,
  defaults: ({ sigShape }) => {
    const [h, w] = sigSize(sigShape);
    const m = Math.min(h, w);
    return { cx: w / 2, cy: h / 2, ax: m / 4, ay: 0, bx: 0, by: m / 4, r: Math.max(1, m / 32), searchRadius: Math.max(1, Math.round(m / 64)) };
  },
  check,
  udf: {
    buffers: {
      a: { kind: 'nav', dtype: 'float64', extraShape: [2] },
      b: { kind: 'nav', dtype: 'float64', extraShape: [2] },
      zero: { kind: 'nav', dtype: 'float64', extraShape: [2] },
      fit_error: { kind: 'nav', dtype: 'float64' },
    },
    taskData: ({ params, dataset }): Task => {
      const [height, width] = sigSize(dataset.sigShape);
      const peaks = plan(params, dataset.sigShape);
      if (peaks.pinv.length === 0) throw new Error('fewer than 3 disks (not on one line) fit on the detector');
      const side = 2 * params.searchRadius + 1;
      return {
        plan: peaks,
        template: makeTemplate(params.r, backgroundRadius(params), width),
        height,
        width,
        ys: new Float64Array(peaks.count),
        xs: new Float64Array(peaks.count),
        grid: new Float64Array(side * side),
        peak: new Float64Array(2),
      };
    },
    processFrame(frame, { params, task, out }) {
      const { plan: peaks, ys, xs, peak } = task;
      for (let k = 0; k < peaks.count; k++) {
        findPeak(frame.data, task.height, task.width, peaks.centres[2 * k]!, peaks.centres[2 * k + 1]!, params.searchRadius, task.template, task.grid, peak);
        ys[k] = peak[0]!;
        xs[k] = peak[1]!;
      }
      out.fit_error[0] = fitLattice(peaks, ys, xs, out.zero, out.a, out.b);
    },
    results({ a, b, zero, fit_error }, { params, dataset, valid }) {
      const [ny, nx] = navGrid(dataset.navShape);
      const x1 = params.refWidth === undefined ? nx : params.refX + params.refWidth;
      const y1 = params.refHeight === undefined ? ny : params.refY + params.refHeight;
      // Reference lattice: mean over the valid (merged, in the ROI, finite) positions of the rectangle.
      const ref = new Float64Array(4);
      let count = 0;
      for (let y = params.refY; y < Math.min(y1, ny); y++) {
        for (let x = params.refX; x < Math.min(x1, nx); x++) {
          const i = y * nx + x;
          const [ay, ax, by, bx] = [a[2 * i]!, a[2 * i + 1]!, b[2 * i]!, b[2 * i + 1]!];
          if (!valid[i] || !(Number.isFinite(ay) && Number.isFinite(ax) && Number.isFinite(by) && Number.isFinite(bx))) continue;
          ref[0]! += ay;
          ref[1]! += ax;
          ref[2]! += by;
          ref[3]! += bx;
          count++;
        }
      }
      for (let k = 0; k < 4; k++) ref[k] = count > 0 ? ref[k]! / count : Number.NaN;
      const frames = dataset.frames;
      const exx = new Float64Array(frames);
      const eyy = new Float64Array(frames);
      const exy = new Float64Array(frames);
      const rotation = new Float64Array(frames);
      const e = new Float64Array(4);
      for (let i = 0; i < frames; i++) {
        strainOf(a[2 * i]!, a[2 * i + 1]!, b[2 * i]!, b[2 * i + 1]!, ref, params.strainOf, params.decomposition, e);
        exx[i] = e[0]!;
        eyy[i] = e[1]!;
        exy[i] = e[2]!;
        rotation[i] = e[3]!;
      }
      const nav = [...dataset.navShape];
      const image = (data: NDArray['data'], extra: number[] = []): NDArray => ({ data, shape: [...nav, ...extra] });
      return {
        exx: image(exx),
        eyy: image(eyy),
        exy: image(exy),
        rotation: image(rotation),
        a: image(a, [2]),
        b: image(b, [2]),
        zero: image(zero, [2]),
        fit_error: image(fit_error),
        reference: { data: ref, shape: [2, 2] },
      };
    },
  },
});
