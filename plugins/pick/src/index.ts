import { definePlugin, product, Type, type DatasetInfo, type FieldError, type Static } from '@stemflow/plugin-sdk';

export const PickParams = Type.Object(
  {
    x: Type.Integer({ title: 'Scan x', minimum: 0, default: 0, 'x-ui': { unit: 'px', help: 'Column of the scan position (0 = left)', order: 0 } }),
    y: Type.Integer({ title: 'Scan y', minimum: 0, default: 0, 'x-ui': { unit: 'px', help: 'Row of the scan position (0 = top)', order: 1 } }),
  },
  { title: 'Pick frame' },
);
export type PickParams = Static<typeof PickParams>;

/** Scan grid as (rows, columns); a 1-D scan is one row, leading axes of a deeper one are folded into rows. */
function navGrid(navShape: readonly number[]): [number, number] {
  const nx = navShape[navShape.length - 1] ?? 1;
  return [product(navShape) / nx, nx];
}

function check(p: PickParams, dataset?: DatasetInfo): FieldError[] {
  if (!dataset) return [];
  const [ny, nx] = navGrid(dataset.navShape);
  const errors: FieldError[] = [];
  if (p.x >= nx) errors.push({ path: '/x', message: `x = ${p.x} is outside the scan: use 0 ≤ x < ${nx} (scan is ${ny}×${nx})` });
  if (p.y >= ny) errors.push({ path: '/y', message: `y = ${p.y} is outside the scan: use 0 ≤ y < ${ny} (scan is ${ny}×${nx})` });
  return errors;
}

/** LiberTEM `PickUDF` for one position: the raw frame at scan position (y, x). */
export default definePlugin({
  id: 'pick',
  title: 'Pick frame',
  description: 'The diffraction frame recorded at one scan position.',
  params: PickParams,
  check,
  udf: {
    // float64 holds every input dtype exactly and lets `results` mark a missing frame with NaN.
    buffers: { intensity: { kind: 'sig', dtype: 'float64' } },
    // Read only the one frame (LiberTEM does this with a one-position ROI).
    frames: ({ params, dataset }) => [params.y * navGrid(dataset.navShape)[1] + params.x],
    taskData: ({ params, dataset }) => ({ index: params.y * navGrid(dataset.navShape)[1] + params.x }),
    // Only the partition holding the frame writes it; the others stay zero, so the default sum merge is exact.
    processFrame: (frame, { task, out }) => {
      if (frame.navIndex === task.index) out.intensity.set(frame.data);
    },
    // Until the frame is merged (or when the ROI leaves it out) there is nothing to show: NaN, not a black frame.
    results: ({ intensity }, { params, dataset, valid }) => {
      const index = params.y * navGrid(dataset.navShape)[1] + params.x;
      const data = valid[index] ? intensity : new Float64Array(intensity.length).fill(Number.NaN);
      return { intensity: { data, shape: [...dataset.sigShape] } };
    },
  },
});
