import {
  applyMaskStack,
  buildMaskStack,
  definePlugin,
  detectorWeights,
  MaskData,
  memoizeByValue,
  maskDataErrors,
  PolygonVertex,
  Type,
  type DatasetInfo,
  type DetectorGeometry,
  type FieldError,
  type Static,
} from '@stemflow/plugin-sdk';

/** The shapes of one detector; `stack` applies a list of them at once. */
const SHAPES = ['point', 'disk', 'ring', 'rect', 'polygon', 'mask'] as const;

const px = (title: string, help: string, order: number, shapes: string[], extra: object = {}) =>
  Type.Number({ title, ...extra, 'x-ui': { unit: 'px', help, order, showIf: { shape: shapes.length === 1 ? shapes[0] : shapes } } });

/** The geometry fields of one mask, shared by the single detector and the items of a stack. */
function geometryFields(centreShapes: string[], centreHelp: string) {
  return {
    cx: px('Centre x', `Column of the centre (0 = left edge pixel)${centreHelp}`, 1, centreShapes),
    cy: px('Centre y', `Row of the centre (0 = top edge pixel)${centreHelp}`, 2, centreShapes),
    r: Type.Optional(px('Radius', 'Pixels at distance ≤ r from the centre count', 3, ['disk'], { minimum: 0 })),
    ri: Type.Optional(px('Inner radius', 'Pixels at distance ≤ ri are left out', 4, ['ring'], { minimum: 0 })),
    ro: Type.Optional(px('Outer radius', 'Pixels at distance ≤ ro (and > ri) count', 5, ['ring'], { minimum: 0 })),
    antialiased: Type.Optional(
      Type.Boolean({
        title: 'Anti-aliased edges',
        default: false,
        'x-ui': {
          help: 'Fractional weights across a 1 px band at each edge (LiberTEM antialiased=True): ½ at d = r, 0 beyond r + ½',
          order: 6,
          showIf: { shape: ['disk', 'ring'] },
        },
      }),
    ),
    x: Type.Optional(px('Left', 'First column of the rectangle', 7, ['rect'])),
    y: Type.Optional(px('Top', 'First row of the rectangle', 8, ['rect'])),
    width: Type.Optional(px('Width', 'Columns covered, from x (exclusive end)', 9, ['rect'])),
    height: Type.Optional(px('Height', 'Rows covered, from y (exclusive end)', 10, ['rect'])),
    vertices: Type.Optional(
      Type.Array(PolygonVertex, {
        title: 'Polygon vertices',
        minItems: 3,
        maxItems: 10000,
        'x-ui': {
          help: 'Corners in order (closed automatically); a pixel counts when its centre is inside (even–odd rule, left/top edges in, right/bottom out)',
          order: 11,
          showIf: { shape: 'polygon' },
        },
      }),
    ),
    mask: Type.Optional(
      Type.Object(MaskData.properties, {
        title: 'Mask',
        'x-ui': { widget: 'mask-upload', help: 'Weights of every detector pixel, from an uploaded .npy or PNG', order: 12, showIf: { shape: 'mask' } },
      }),
    ),
  };
}

/** One mask of a stack: any single shape; without a centre it uses the stack's centre. */
export const StackMaskParams = Type.Object(
  {
    shape: Type.Enum([...SHAPES], { title: 'Shape', default: 'disk', 'x-ui': { help: 'The shape of this mask', order: 0 } }),
    ...geometryFields(['point', 'disk', 'ring'], '; default: the centre set above'),
    cx: Type.Optional(px('Centre x', 'Column of the centre; default: the centre x of the stack', 1, ['point', 'disk', 'ring'])),
    cy: Type.Optional(px('Centre y', 'Row of the centre; default: the centre y of the stack', 2, ['point', 'disk', 'ring'])),
  },
  { title: 'Mask', 'x-ui': { overlay: 'shape' } },
);
export type StackMaskParams = Static<typeof StackMaskParams>;

/**
 * Detector geometry in pixel coordinates (the centre of pixel (row y, column x) is (x, y); x right,
 * y down). Edges follow LiberTEM: disk `d ≤ r`, ring `ri < d ≤ ro`, point = pixel
 * `(trunc(cy), trunc(cx))`, rect = `[x, x + width) × [y, y + height)` after truncation; polygon:
 * pixel centre inside by the even–odd rule (left/top edges in); `stack` applies `masks` at once.
 */
export const DetectorParams = Type.Object(
  {
    shape: Type.Enum([...SHAPES, 'stack'], {
      title: 'Shape',
      default: 'disk',
      'x-ui': { help: 'Which detector pixels are summed for each scan position; "stack" gives one image per mask of a list', order: 0 },
    }),
    ...geometryFields(['point', 'disk', 'ring', 'stack'], ''),
    masks: Type.Optional(
      Type.Array(StackMaskParams, {
        title: 'Masks',
        minItems: 1,
        maxItems: 256,
        'x-ui': { help: 'Applied together in one pass: the result has one image per mask, in this order', order: 13, showIf: { shape: 'stack' } },
      }),
    ),
    storage: Type.Optional(
      Type.Enum(['auto', 'dense', 'sparse'], {
        title: 'Mask storage',
        default: 'auto',
        'x-ui': {
          help: 'How the masks are applied: "auto" uses (index, weight) lists when at most 25 % of the weights are non-zero. The result is the same.',
          order: 14,
        },
      }),
    ),
  },
  { title: 'Virtual detector', 'x-ui': { overlay: 'shape' } },
);
export type DetectorParams = Static<typeof DetectorParams>;

/**
 * LiberTEM's GUI defaults: centred disk of 0.3 × half the short side, ring from 0.8 to 1 × half the
 * short side; a centred diamond for the polygon; a bright-field disk and an annular ring as the stack.
 */
function defaults({ sigShape }: DatasetInfo): Partial<DetectorParams> {
  const [h = 1, w = 1] = sigShape;
  const cx = w / 2;
  const cy = h / 2;
  const ro = Math.min(h, w) / 2;
  const r = ro * 0.3;
  const ri = ro * 0.8;
  const s = ro / 2;
  return {
    shape: 'disk',
    cx,
    cy,
    r,
    ri,
    ro,
    x: w / 4,
    y: h / 4,
    width: w / 2,
    height: h / 2,
    vertices: [
      { x: cx, y: cy - s },
      { x: cx + s, y: cy },
      { x: cx, y: cy + s },
      { x: cx - s, y: cy },
    ],
    masks: [
      { shape: 'disk', r },
      { shape: 'ring', ri, ro },
    ],
  };
}

type Geometry = Omit<StackMaskParams, 'shape'> & { shape: DetectorGeometry['shape'] };

/** The masks to apply, in result order: the one shape, or the stack's items with the common centre filled in. */
function geometriesOf(p: DetectorParams): Geometry[] {
  if (p.shape !== 'stack') return [p as Geometry];
  return (p.masks ?? []).map((m) => ({ ...m, cx: m.cx ?? p.cx, cy: m.cy ?? p.cy }));
}

const NEEDS: Record<DetectorGeometry['shape'], [keyof Geometry, string][]> = {
  point: [],
  disk: [['r', 'a radius in pixels']],
  ring: [
    ['ri', 'an inner radius in pixels'],
    ['ro', 'an outer radius in pixels'],
  ],
  rect: (['x', 'y', 'width', 'height'] as const).map((k) => [k, 'its position and size']),
  polygon: [['vertices', 'at least 3 vertices']],
  mask: [['mask', 'a mask of the detector shape (upload a .npy or PNG)']],
};

/** Errors of one geometry; `at` is the pointer prefix of its fields, `centreAt(k)` the pointer of its centre `k`. */
function geometryErrors(g: Geometry, at: string, centreAt: (k: 'cx' | 'cy') => string, dataset?: DatasetInfo): FieldError[] {
  const errors: FieldError[] = [];
  for (const [name, what] of NEEDS[g.shape]) {
    if (g[name] === undefined) errors.push({ path: `${at}/${name}`, message: `a ${g.shape} detector needs ${what}: set "${name}"` });
  }
  if (g.shape === 'ring' && g.ri !== undefined && g.ro !== undefined && g.ri >= g.ro) {
    errors.push({ path: `${at}/ri`, message: `inner radius ${g.ri} must be smaller than the outer radius ${g.ro}: lower ri or raise ro` });
  }
  if (g.shape === 'mask' && g.mask) errors.push(...maskDataErrors(g.mask, dataset?.sigShape, `${at}/mask`));
  if (!dataset || errors.length > 0) return errors;

  const [h = 1, w = 1] = dataset.sigShape;
  if (g.shape === 'point' || g.shape === 'disk' || g.shape === 'ring') {
    // Pixel indices run 0…w−1; a centre outside [0, w) is almost always a swapped or mistyped value.
    const cx = g.cx!;
    const cy = g.cy!;
    if (!(cx >= 0 && cx < w)) errors.push({ path: centreAt('cx'), message: `centre x ${cx} is off the detector: use 0 ≤ cx < ${w} (the frame is ${h}×${w})` });
    if (!(cy >= 0 && cy < h)) errors.push({ path: centreAt('cy'), message: `centre y ${cy} is off the detector: use 0 ≤ cy < ${h} (the frame is ${h}×${w})` });
  }
  if (errors.length === 0 && g.shape !== 'mask' && !detectorWeights(dataset.sigShape, g).some((v) => v !== 0)) {
    const [field, fix] =
      g.shape === 'rect'
        ? ['width', 'move the rectangle onto the frame or enlarge it']
        : g.shape === 'ring'
          ? ['ro', 'widen the ring (raise ro)']
          : g.shape === 'polygon'
            ? ['vertices', 'move the polygon onto the frame or enlarge it so that it contains a pixel centre']
            : ['r', 'raise r'];
    errors.push({ path: `${at}/${field}`, message: `the ${g.shape} covers no detector pixel: ${fix}` });
  }
  return errors;
}

function check(p: DetectorParams, dataset?: DatasetInfo): FieldError[] {
  if (p.shape !== 'stack') return geometryErrors(p as Geometry, '', (k) => `/${k}`, dataset);
  if (!p.masks) return [{ path: '/masks', message: 'a stack needs a list of masks: add at least one to "masks"' }];
  const items = geometriesOf(p);
  const errors = p.masks.flatMap((m, i) => geometryErrors(items[i]!, `/masks/${i}`, (k) => (m[k] === undefined ? `/${k}` : `/masks/${i}/${k}`), dataset));
  // Several masks may use the common centre: report each problem once.
  const seen = new Set<string>();
  return errors.filter((e) => !seen.has(e.path + e.message) && seen.add(e.path + e.message));
}

/**
 * Virtual bright/dark-field images: for each scan position, Σ_p frame[p] · mask[p] over one
 * detector mask (result `intensity`, nav), or over each mask of a stack in one pass (result
 * `intensity`, nav × n, one image per mask in order).
 */
const maskStackOf = memoizeByValue(buildMaskStack);

export default definePlugin({
  id: 'virtual-detector',
  title: 'Virtual detector',
  description:
    'Sums each frame over a point, disk, ring, rectangle, polygon or uploaded mask of detector pixels (optionally with anti-aliased edges): one value per scan position, or one image per mask for a stack of masks.',
  params: DetectorParams,
  defaults,
  check,
  udf: {
    buffers: ({ params }) => ({
      intensity: { kind: 'nav' as const, dtype: 'float64' as const, ...(params.shape === 'stack' ? { extraShape: [params.masks?.length ?? 0] } : {}) },
    }),
    // The masks are built once per job and thread; every tile reads its rows from them.
    taskData: ({ params, dataset }) => ({ stack: maskStackOf(dataset.sigShape, geometriesOf(params), params.storage ?? 'auto') }),
    processTile: (tile, { task, out }) => applyMaskStack(tile, task.stack, out.intensity),
  },
});
