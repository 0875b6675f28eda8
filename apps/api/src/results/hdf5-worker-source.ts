/**
 * The code of a one-shot helper thread that writes or reads an HDF5 file with h5wasm (run with
 * `new Worker(source, { eval: true })`). Why a thread: h5wasm ships only as an ES module that
 * initialises asynchronously; a worker imports it the same way from tsc's output and from the
 * TypeScript sources under Jest (whose module sandbox cannot `import()` it).
 *
 * workerData: `{ h5wasmPath, op: 'write', datasets: [{ name, dtype, shape, data, attributes }], attributes }`
 * answers the file's bytes (a Uint8Array); `{ h5wasmPath, op: 'read', bytes }` answers
 * `{ attributes, datasets: [{ name, shape, dtype, data, attributes }] }` (used by the tests).
 * Failures answer `{ error }`.
 */
export const HDF5_WORKER_SOURCE = String.raw`
'use strict';
const { parentPort, workerData } = require('node:worker_threads');
const { pathToFileURL } = require('node:url');

function attrsOf(entity) {
  const out = {};
  for (const name of Object.keys(entity.attrs)) out[name] = entity.get_attribute(name, true);
  return out;
}

async function main() {
  const h5 = await import(pathToFileURL(workerData.h5wasmPath).href);
  const Module = await h5.ready;
  Module.activate_throwing_error_handler();
  const name = '/stemflow-' + workerData.op + '-' + Date.now() + '.h5';
  try {
    if (workerData.op === 'write') {
      const file = new h5.File(name, 'w');
      try {
        for (const [key, value] of Object.entries(workerData.attributes)) file.create_attribute(key, value);
        for (const d of workerData.datasets) {
          const dataset = file.create_dataset({ name: d.name, data: d.data, shape: d.shape, dtype: d.dtype });
          for (const [key, value] of Object.entries(d.attributes)) dataset.create_attribute(key, value);
        }
      } finally {
        file.close();
      }
      return h5.FS.readFile(name);
    }
    h5.FS.writeFile(name, workerData.bytes);
    const file = new h5.File(name, 'r');
    try {
      const datasets = [];
      for (const key of file.keys()) {
        const dataset = file.get(key);
        datasets.push({ name: key, shape: dataset.shape, dtype: dataset.dtype, data: dataset.value, attributes: attrsOf(dataset) });
      }
      return { attributes: attrsOf(file), datasets };
    } finally {
      file.close();
    }
  } finally {
    try { h5.FS.unlink(name); } catch (e) { /* never created */ }
  }
}

main().then(
  (value) => parentPort.postMessage({ value }),
  (error) => parentPort.postMessage({ error: String((error && error.message) || error) }),
);
`;
