'use strict';
// A plugin whose kernel throws on frame `failAt` (its listing and form work): its job must
// fail with its name and the message, and jobs of other plugins must go on.
const { definePlugin, Type } = require('@stemflow/plugin-sdk');

module.exports.default = definePlugin({
  id: 'throwing-kernel',
  title: 'Throwing kernel',
  description: 'Fails in processFrame (API test fixture)',
  params: Type.Object({ failAt: Type.Integer({ title: 'Fail at frame', minimum: 0, default: 0 }) }),
  udf: {
    buffers: { value: { kind: 'nav', dtype: 'float32' } },
    processFrame(frame, { params }) {
      if (frame.navIndex === params.failAt) throw new Error(`lookup table empty at frame ${params.failAt} (fixture)`);
    },
  },
});
