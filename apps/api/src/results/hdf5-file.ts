import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { StemflowError, type DType, type TypedArray } from '@stemflow/plugin-sdk';
import { HDF5_WORKER_SOURCE } from './hdf5-worker-source';

/** Attribute values this module writes: text or numbers. */
export type Hdf5Attributes = Record<string, string | number>;

export interface Hdf5DatasetInput {
  name: string;
  shape: number[];
  data: TypedArray;
  attributes?: Hdf5Attributes;
}

export interface Hdf5DatasetRead {
  name: string;
  shape: number[];
  /** h5wasm's dtype string, e.g. `<f` (float32), `<d` (float64), `<H` (uint16). */
  dtype: string;
  data: TypedArray;
  attributes: Record<string, unknown>;
}

/** h5wasm / NumPy struct codes of Stemflow's dtypes (little-endian). */
export const HDF5_DTYPES: Record<DType, string> = {
  uint8: '<B',
  int8: '<b',
  uint16: '<H',
  int16: '<h',
  uint32: '<I',
  int32: '<i',
  float32: '<f',
  float64: '<d',
};

/** An HDF5 file holding `datasets` at its root, with `attributes` on the root group. */
export async function encodeHdf5(datasets: (Hdf5DatasetInput & { dtype: DType })[], attributes: Hdf5Attributes = {}): Promise<Buffer> {
  const value = await runHdf5Worker<Uint8Array>({
    op: 'write',
    attributes,
    datasets: datasets.map((d) => ({ name: d.name, shape: d.shape, dtype: HDF5_DTYPES[d.dtype], data: d.data, attributes: d.attributes ?? {} })),
  });
  return Buffer.from(value.buffer, value.byteOffset, value.byteLength);
}

/** The root attributes and root datasets of an HDF5 file (for checking exports). */
export function decodeHdf5(bytes: Uint8Array): Promise<{ attributes: Record<string, unknown>; datasets: Hdf5DatasetRead[] }> {
  return runHdf5Worker({ op: 'read', bytes });
}

function runHdf5Worker<T>(request: Record<string, unknown>): Promise<T> {
  const h5wasmPath = findInNodeModules('h5wasm/dist/node/hdf5_hl.js');
  if (!h5wasmPath) return Promise.reject(new StemflowError('INTERNAL', 'HDF5 export needs the h5wasm package (npm install h5wasm@~0.10 -w @stemflow/api)'));
  return new Promise<T>((resolve, reject) => {
    const worker = new Worker(HDF5_WORKER_SOURCE, { eval: true, workerData: { ...request, h5wasmPath } });
    let settled = false;
    const settle = (fn: () => void) => {
      if (settled) return;
      settled = true;
      fn();
      void worker.terminate();
    };
    worker.once('message', (answer: { value?: T; error?: string }) =>
      settle(() => (answer.error === undefined ? resolve(answer.value as T) : reject(new StemflowError('INTERNAL', `HDF5 export failed: ${answer.error}`)))),
    );
    worker.once('error', (error) => settle(() => reject(new StemflowError('INTERNAL', `HDF5 export failed: ${error.message}`))));
    worker.once('exit', (code) => settle(() => reject(new StemflowError('INTERNAL', `the HDF5 helper thread stopped (exit code ${code}) without answering`))));
  });
}

/** A package file in the node_modules folders above this file (h5wasm exports only an `import` condition). */
function findInNodeModules(relative: string): string | undefined {
  for (let dir = __dirname; ; dir = dirname(dir)) {
    const candidate = join(dir, 'node_modules', relative);
    if (existsSync(candidate)) return candidate;
    if (dirname(dir) === dir) return undefined;
  }
}
