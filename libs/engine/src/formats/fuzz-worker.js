'use strict';
// Runs in a worker thread so that a reader that hangs or blows up can be stopped from outside.
// Opens each mutated copy and reads every frame; reports how each one ended.
const { parentPort, workerData } = require('node:worker_threads');
const { openDataSet } = require('@stemflow/engine');
const { allocArray, product, StemflowError } = require('@stemflow/plugin-sdk');

const MAX_FRAMES = 4096;

for (const { label, request } of workerData.cases) {
  const started = Date.now();
  let outcome;
  try {
    const ds = openDataSet(request);
    try {
      const frameSize = product(ds.sigShape);
      const height = frameSize / ds.sigShape[ds.sigShape.length - 1];
      const frame = allocArray(ds.dtype, frameSize);
      const frames = Math.min(ds.frames, MAX_FRAMES);
      for (let f = 0; f < frames; f++) ds.readFrames(f, 1, 0, height, frame);
      outcome = { kind: 'data', frames: ds.frames };
    } finally {
      ds.close();
    }
  } catch (error) {
    outcome =
      error instanceof StemflowError
        ? { kind: 'refused', code: error.code, message: error.message }
        : { kind: 'crash', message: `${error && error.constructor && error.constructor.name}: ${error && error.message}`, stack: error && error.stack };
  }
  parentPort.postMessage({ label, ms: Date.now() - started, ...outcome });
}
