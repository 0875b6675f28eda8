import { definePlugin, detectorMask, maskedSum, Type, type DatasetInfo, type FieldError, type Static } from '@stemflow/plugin-sdk';

const px = (title: string, help: string, order: number, shapes: string[], extra: object = {}) =>
  Type.Number({ title, ...extra, 'x-ui': { unit: 'px', help, order, showIf: { shape: shapes.length === 1 ? shapes[0] : shapes } } });

/**
 * Detector geometry in pixel indices (x right, y down). Edges follow LiberTEM: disk `d ≤ r`,
 * ring `ri < d ≤ ro`, point = pixel `(trunc(cy), trunc(cx))`, rect = `[x, x + width) × [y, y + height)`.
 */
export const DetectorParams = Type.Object(
  {
    shape: Type.Enum(['point', 'disk', 'ring', 'rect'], {
      title: 'Shape',
      default: 'disk',
      'x-ui': { help: 'Which detector pixels are summed for each scan position', order: 0 },
    }),
    cx: px('Centre x', 'Column of the centre (0 = left edge pixel)', 1, ['point', 'disk', 'ring']),
    cy: px('Centre y', 'Row of the centre (0 = top edge pixel)', 2, ['point', 'disk', 'ring']),
    r: Type.Optional(px('Radius', 'Pixels at distance ≤ r from the centre count', 3, ['disk'], { minimum: 0 })),
    ri: Type.Optional(px('Inner radius', 'Pixels at distance ≤ ri are left out', 4, ['ring'], { minimum: 0 })),
    ro: Type.Optional(px('Outer radius', 'Pixels at distance ≤ ro (and > ri) count', 5, ['ring'], { minimum: 0 })),
    x: Type.Optional(px('Left', 'First column of the rectangle', 6, ['rect'])),
    y: Type.Optional(px('Top', 'First row of the rectangle', 7, ['rect'])),
    width: Type.Optional(px('Width', 'Columns covered, from x (exclusive end)', 8, ['rect'])),
    height: Type.Optional(px('Height', 'Rows covered, from y (exclusive end)', 9, ['rect'])),
  },
  { title: 'Virtual detector', 'x-ui': { overlay: 'shape' } },
);
export type DetectorParams = Static<typeof DetectorParams>;

/** LiberTEM's GUI defaults: centred disk of 0.3 × half the short side, ring from 0.8 to 1 × half the short side. */
function defaults({ sigShape }: DatasetInfo): Partial<DetectorParams> {
  const [h = 1, w = 1] = sigShape;
  const ro = Math.min(h, w) / 2;
  return { shape: 'disk', cx: w / 2, cy: h / 2, r: ro * 0.3, ri: ro * 0.8, ro, x: w / 4, y: h / 4, width: w / 2, height: h / 2 };
}

function check(p: DetectorParams, dataset?: DatasetInfo): FieldError[] {
  const errors: FieldError[] = [];
  const need = (name: 'r' | 'ri' | 'ro' | 'x' | 'y' | 'width' | 'height', what: string) => {
    if (p[name] === undefined) errors.push({ path: `/${name}`, message: `a ${p.shape} detector needs ${what}: set "${name}"` });
  };
  if (p.shape === 'disk') need('r', 'a radius in pixels');
  if (p.shape === 'ring') {
    need('ri', 'an inner radius in pixels');
    need('ro', 'an outer radius in pixels');
    if (p.ri !== undefined && p.ro !== undefined && p.ri >= p.ro) {
      errors.push({ path: '/ri', message: `inner radius ${p.ri} must be smaller than the outer radius ${p.ro}: lower ri or raise ro` });
    }
  }
  if (p.shape === 'rect') (['x', 'y', 'width', 'height'] as const).forEach((k) => need(k, 'its position and size'));
  if (!dataset || errors.length > 0) return errors;

  const [h = 1, w = 1] = dataset.sigShape;
  if (p.shape !== 'rect') {
    // Pixel indices run 0…w−1; a centre outside [0, w) is almost always a swapped or mistyped value.
    if (!(p.cx >= 0 && p.cx < w)) errors.push({ path: '/cx', message: `centre x ${p.cx} is off the detector: use 0 ≤ cx < ${w} (the frame is ${h}×${w})` });
    if (!(p.cy >= 0 && p.cy < h)) errors.push({ path: '/cy', message: `centre y ${p.cy} is off the detector: use 0 ≤ cy < ${h} (the frame is ${h}×${w})` });
  }
  if (errors.length === 0 && !detectorMask(dataset.sigShape, p).some((v) => v !== 0)) {
    const fix = p.shape === 'rect' ? 'move the rectangle onto the frame or enlarge it' : p.shape === 'ring' ? 'widen the ring (raise ro)' : 'raise r';
    errors.push({ path: p.shape === 'rect' ? '/width' : p.shape === 'ring' ? '/ro' : '/r', message: `the ${p.shape} covers no detector pixel: ${fix}` });
  }
  return errors;
}

/** Virtual bright/dark-field image: Σ of each frame over the chosen detector pixels. */
export default definePlugin({
  id: 'virtual-detector',
  title: 'Virtual detector',
  description: 'Sums each frame over a point, disk, ring or rectangle of detector pixels: one value per scan position.',
  params: DetectorParams,
  defaults,
  check,
  udf: {
    buffers: { intensity: { kind: 'nav', dtype: 'float64' } },
    // The mask is built once per task; every tile reads its rows from it.
    taskData: ({ params, dataset }) => ({ mask: detectorMask(dataset.sigShape, params) }),
    processTile: (tile, { task, out }) => maskedSum(tile, task.mask, out.intensity),
  },
});
