/** The `PascalCase` form of a plugin id, for the schema's name (`ring-sum` → `RingSum`). */
export function pascalCase(id: string): string {
  return id.replace(/(^|-)([a-z0-9])/g, (_, _dash: string, c: string) => c.toUpperCase());
}

/** Title-case words for the form's heading (`ring-sum` → `Ring sum`). */
export function titleOf(id: string): string {
  const words = id.replace(/-/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/**
 * src/index.ts of a new plugin: a disk detector. The schema carries titles, help and units for
 * the form; `taskData` builds the mask once per task; the SDK's `maskedSum` kernel does the work.
 */
export function indexSource(pluginId: string): string {
  const Params = `${pascalCase(pluginId)}Params`;
  return `import { definePlugin, detectorMask, maskedSum, Type, type DatasetInfo, type Static } from '@stemflow/plugin-sdk';

/** What the user fills in: a disk on the detector, drawn and dragged on the diffraction frame. */
export const ${Params} = Type.Object(
  {
    cx: Type.Number({ title: 'Centre x', description: 'Column of the disk centre', 'x-ui': { unit: 'px', order: 1, help: '0 = left edge pixel' } }),
    cy: Type.Number({ title: 'Centre y', description: 'Row of the disk centre', 'x-ui': { unit: 'px', order: 2, help: '0 = top edge pixel' } }),
    r: Type.Number({ title: 'Radius', description: 'Pixels at distance ≤ r from the centre count', minimum: 0, default: 8, 'x-ui': { unit: 'px', order: 3 } }),
  },
  { title: '${titleOf(pluginId)}', 'x-ui': { overlay: 'disk' } },
);
export type ${Params} = Static<typeof ${Params}>;

/** Sensible values for this data set: a disk in the middle of the frame. */
function defaults({ sigShape: [h = 1, w = 1] }: DatasetInfo): Partial<${Params}> {
  return { cx: w / 2, cy: h / 2, r: Math.min(h, w) / 8 };
}

/** For each scan position, the sum of the frame over a disk (a virtual bright-field image). */
export default definePlugin({
  id: '${pluginId}',
  title: '${titleOf(pluginId)}',
  description: 'Sums each frame over a disk of detector pixels: one value per scan position.',
  params: ${Params},
  defaults,
  check: (p) => (p.r > 0 ? [] : [{ path: '/r', message: 'the radius must be above 0: raise r' }]),
  udf: {
    // One float64 per scan position: exact for integer data.
    buffers: { intensity: { kind: 'nav', dtype: 'float64' } },
    // The mask is built once per task, never per tile.
    taskData: ({ params, dataset }) => ({ mask: detectorMask(dataset.sigShape, { shape: 'disk', ...params }) }),
    // A frame may arrive as several tiles (row bands): maskedSum adds (+=) each band's share.
    processTile: (tile, { task, out }) => maskedSum(tile, task.mask, out.intensity),
  },
});
`;
}

/** src/index.spec.ts: the awkward-tiling matrix against a float64 reference computed here. */
export function specSource(pluginId: string): string {
  return `import { awkwardCases, randomDataSet, runUdf, type MemoryDataSet } from '@stemflow/plugin-sdk/testing';
import plugin from './index';

const NAV = [5, 7];
const SIG = [9, 11];
const PARAMS = { cx: 5, cy: 4, r: 3 };

/** Plain float64 reference: Σ over the pixels whose centre lies within r of (cx, cy). */
function reference(ds: MemoryDataSet, roi?: Uint8Array): Float64Array {
  const [h, w] = SIG as [number, number];
  const out = new Float64Array(ds.data.length / (h * w));
  out.forEach((_, f) => {
    if (roi && !roi[f]) return;
    for (let y = 0; y < h; y++) {
      for (let x = 0; x < w; x++) {
        if ((x - PARAMS.cx) ** 2 + (y - PARAMS.cy) ** 2 <= PARAMS.r ** 2) out[f]! += Number(ds.data[f * h * w + y * w + x]);
      }
    }
  });
  return out;
}

describe('${pluginId}', () => {
  // Odd tile shapes, one-frame tiles, 2 and 3 partitions (merged in reverse), with and without a gappy ROI.
  test.each(awkwardCases(NAV, SIG))('$dtype tile $tileShape.depth×$tileShape.rows, $partitions partitions, roi $useRoi', ({ dtype, tileShape, partitions, roi }) => {
    const ds = randomDataSet(NAV, SIG, dtype, 7);
    const { intensity } = runUdf(plugin, ds, PARAMS, { tileShape, partitions, roi });
    expect(intensity!.shape).toEqual(NAV);
    const expected = reference(ds, roi);
    expected.forEach((value, f) => {
      // Positions outside the ROI are not computed: the host shows them as missing.
      if (roi && !roi[f]) return;
      // Integer data with a 0/1 mask sums exactly; float data is summed in float64 in another
      // order than here (maskedSum: ~1e-14 relative, so 6 decimals at sums of ~10^4).
      if (dtype === 'uint16') expect(intensity!.data[f]).toBe(value);
      else expect(intensity!.data[f]).toBeCloseTo(value, 6);
    });
  });

  test('defaults put the disk in the middle of the frame', () => {
    const info = { navShape: NAV, sigShape: SIG, dtype: 'uint16' as const, frames: 35 };
    expect(plugin.defaults!(info)).toEqual({ cx: 5.5, cy: 4.5, r: 9 / 8 });
  });

  test('a radius of 0 is refused with a message that says how to fix it', () => {
    expect(() => runUdf(plugin, randomDataSet(NAV, SIG), { ...PARAMS, r: 0 })).toThrow(/raise r/);
  });
});
`;
}
