'use strict';
// A plugin whose `defaults` throws for every data set (its kernel works): only its own form
// may fail, with its name and the message; the list and the other forms must not.
const { definePlugin, sumPerFrame, Type } = require('@stemflow/plugin-sdk');

module.exports.default = definePlugin({
  id: 'throwing-defaults',
  title: 'Throwing defaults',
  description: 'Per-frame sums; its defaults() throws (API test fixture)',
  params: Type.Object({ scale: Type.Number({ title: 'Scale', default: 1 }) }),
  defaults: ({ sigShape }) => {
    throw new Error(`no detector geometry known for a ${sigShape.join('×')} frame (fixture)`);
  },
  udf: {
    buffers: { perFrame: { kind: 'nav', dtype: 'float64' } },
    processTile(tile, { out }) {
      sumPerFrame(tile, out.perFrame);
    },
  },
});
