'use strict';
// A tiny analysis plugin for the API tests, in plain JavaScript so worker threads can load it
// without a build. `intensity` (nav): the sum of each frame inside the ring ri² < d² ≤ ro²;
// `total` (sig): the sum of all frames. `delayMs` sleeps per frame so tests can cancel a job.
const { definePlugin, detectorMask, maskedSum, sumFrames, Type } = require('@stemflow/plugin-sdk');

const RingParams = Type.Object({
  cx: Type.Number({ title: 'Centre x' }),
  cy: Type.Number({ title: 'Centre y' }),
  ri: Type.Number({ title: 'Inner radius', minimum: 0, default: 2 }),
  ro: Type.Number({ title: 'Outer radius', minimum: 0, default: 6 }),
  delayMs: Type.Number({ minimum: 0, maximum: 1000, default: 0 }),
  fail: Type.Boolean({ default: false }),
});

const pause = new Int32Array(new SharedArrayBuffer(4));

module.exports.default = definePlugin({
  id: 'test-ring',
  title: 'Test ring',
  description: 'Ring detector and frame sum (API test fixture)',
  params: RingParams,
  defaults: ({ sigShape: [h, w] }) => ({ cx: w / 2, cy: h / 2 }),
  check: (p) => (p.ri < p.ro ? [] : [{ path: '/ri', message: 'inner radius must be below the outer radius' }]),
  udf: {
    buffers: {
      intensity: { kind: 'nav', dtype: 'float32' },
      total: { kind: 'sig', dtype: 'float64' },
    },
    tileDepth: 1,
    taskData: ({ params, dataset }) => ({ mask: detectorMask(dataset.sigShape, { shape: 'ring', cx: params.cx, cy: params.cy, ri: params.ri, ro: params.ro }) }),
    processTile(tile, { params, task, out }) {
      if (params.fail) throw new Error('asked to fail');
      if (params.delayMs > 0) Atomics.wait(pause, 0, 0, params.delayMs * tile.depth);
      maskedSum(tile, task.mask, out.intensity);
      sumFrames(tile, out.total);
    },
  },
});
