import { comMoments, definePlugin, detectorMask, Type, type DatasetInfo, type FieldError, type Static } from '@stemflow/plugin-sdk';
import { applyCorrection, centreShifts, divergenceAndCurl } from './field';

export const CenterOfMassParams = Type.Object(
  {
    cx: Type.Number({ title: 'Centre x', 'x-ui': { unit: 'px', help: 'Column of the reference point (zero shift); defaults to the frame centre', order: 0 } }),
    cy: Type.Number({ title: 'Centre y', 'x-ui': { unit: 'px', help: 'Row of the reference point (zero shift); defaults to the frame centre', order: 1 } }),
    r: Type.Optional(
      Type.Number({ title: 'Radius', minimum: 0, 'x-ui': { unit: 'px', help: 'Only pixels within r of the centre count; leave empty to use the whole frame', order: 2 } }),
    ),
    ri: Type.Number({ title: 'Inner radius', minimum: 0, default: 0, 'x-ui': { unit: 'px', help: 'Pixels within ri are left out (annular CoM); 0 for a full disk', order: 3 } }),
    scanRotation: Type.Number({ title: 'Scan rotation', default: 0, 'x-ui': { unit: 'deg', help: 'Rotation between scan and detector axes; positive is clockwise (y down)', order: 4 } }),
    flipY: Type.Boolean({ title: 'Flip y', default: false, 'x-ui': { help: 'Mirror the detector y axis before rotating (handedness)', order: 5 } }),
  },
  { title: 'Centre of mass', 'x-ui': { overlay: 'disk' } },
);
export type CenterOfMassParams = Static<typeof CenterOfMassParams>;

/** Disk (or ring when ri > 0) around the reference point; no radius means no cut-off, as LiberTEM's r = inf. */
function comMask(sigShape: readonly number[], p: CenterOfMassParams): Float32Array {
  const r = p.r ?? Number.POSITIVE_INFINITY;
  return p.ri > 0 ? detectorMask(sigShape, { shape: 'ring', cx: p.cx, cy: p.cy, ri: p.ri, ro: r }) : detectorMask(sigShape, { shape: 'disk', cx: p.cx, cy: p.cy, r });
}

function check(p: CenterOfMassParams, dataset?: DatasetInfo): FieldError[] {
  if (p.r !== undefined && p.ri >= p.r) {
    return [{ path: '/ri', message: `inner radius ${p.ri} must be smaller than the radius ${p.r}: lower ri, raise r, or leave r empty for no cut-off` }];
  }
  if (dataset && !comMask(dataset.sigShape, p).some((v) => v !== 0)) {
    return [{ path: '/r', message: 'the disk around (cy, cx) covers no detector pixel: raise r or move the centre onto the frame' }];
  }
  return [];
}

/** Scan grid as (rows, columns); leading axes of a deeper scan are stacked, a 1-D scan is one row. */
function navGrid(navShape: readonly number[]): [number, number] {
  const nx = navShape[navShape.length - 1] ?? 1;
  return [navShape.length >= 2 ? navShape[navShape.length - 2]! : 1, nx];
}

/** LiberTEM `CoMUDF`: centre of mass of each frame, its shift from a reference point, and the DPC field. */
export default definePlugin({
  id: 'center-of-mass',
  title: 'Centre of mass (DPC)',
  description: 'Centre-of-mass shift of each frame within a disk or ring, rotated and flipped into scan coordinates, with its magnitude, divergence and curl.',
  params: CenterOfMassParams,
  defaults: ({ sigShape: [h = 1, w = 1] }) => ({ cx: w / 2, cy: h / 2 }),
  check,
  udf: {
    // Σ I, Σ I·y, Σ I·x per frame: additive over row tiles, so results can wait until the end.
    buffers: { moments: { kind: 'nav', dtype: 'float64', extraShape: [3], use: 'private' } },
    taskData: ({ params, dataset }) => ({ mask: comMask(dataset.sigShape, params) }),
    processTile: (tile, { task, out }) => comMoments(tile, task.mask, out.moments),
    results({ moments }, { params, dataset }) {
      const shape = [...dataset.navShape];
      const [ny, nx] = navGrid(dataset.navShape);
      const raw = centreShifts(moments, params.cy, params.cx);
      const field = applyCorrection(raw, params.scanRotation, params.flipY);
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
      };
    },
  },
});
