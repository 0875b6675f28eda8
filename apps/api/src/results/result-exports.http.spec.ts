import { parseNpyHeader } from '@stemflow/engine';
import type { RunningServer } from '../server';
import { call, makeEnv, NAV, openCube, SIG, start, waitForJob, type Json, type TestEnv } from '../testing/api-test-env.fixture';
import { decodeHdf5 } from './hdf5-file';
import { readTextChunks } from './png-text';
import { readTiff } from './read-tiff.fixture';

const RING = { cx: 8, cy: 8, ri: 2, ro: 6 };

/** The values of a stored `.npy` result as Stemflow serves it. */
function npy(bytes: Buffer): { shape: number[]; dtype: string; data: Float32Array | Float64Array } {
  const header = parseNpyHeader(new Uint8Array(bytes));
  const body = bytes.buffer.slice(bytes.byteOffset + header.offset, bytes.byteOffset + bytes.length);
  return { shape: header.shape, dtype: header.dtype, data: header.dtype === 'float32' ? new Float32Array(body) : new Float64Array(body) };
}

describe('result exports over HTTP (TIFF, HDF5, PNG with provenance)', () => {
  let env: TestEnv;
  let server: RunningServer;
  let jobId: string;
  let provenance: Json;

  beforeAll(async () => {
    env = makeEnv();
    server = await start(env);
    const datasetId = await openCube(server, env);
    jobId = (await call(server, 'POST', '/api/jobs', { datasetId, analysisId: 'test-ring', params: RING })).body.id;
    expect((await waitForJob(server, jobId)).status).toBe('done');
    provenance = (await call(server, 'GET', `/api/jobs/${jobId}/results/provenance.json`)).body;
    expect(provenance.analysis).toBe('test-ring');
  });

  afterAll(async () => {
    await server.close();
    env.cleanup();
  });

  it.each([
    ['intensity', 'float32', [...NAV]],
    ['total', 'float64', [...SIG]],
  ])('%s.tiff: float32 values equal the .npy (rounded to float32), ImageDescription = provenance.json', async (name, dtype, shape) => {
    const reply = await call(server, 'GET', `/api/jobs/${jobId}/results/${name}.tiff`);
    expect(reply.status).toBe(200);
    expect(reply.type).toBe('image/tiff');
    const stored = npy((await call(server, 'GET', `/api/jobs/${jobId}/results/${name}.npy`)).bytes);
    expect([stored.dtype, stored.shape]).toEqual([dtype, shape]);
    const { image, band, directory, description } = await readTiff(reply.bytes);
    expect([image.getHeight(), image.getWidth()]).toEqual(shape);
    expect([Array.from(directory.SampleFormat as number[]), Array.from(directory.BitsPerSample as number[])]).toEqual([[3], [32]]);
    expect(Array.from(band)).toEqual(Array.from(stored.data, Math.fround));
    expect(JSON.parse(description!)).toEqual(provenance);
  });

  it('<name>.h5: one dataset of the result’s shape, dtype and values, with the provenance attributes', async () => {
    const reply = await call(server, 'GET', `/api/jobs/${jobId}/results/total.h5`);
    expect(reply.status).toBe(200);
    expect(reply.type).toBe('application/x-hdf5');
    const stored = npy((await call(server, 'GET', `/api/jobs/${jobId}/results/total.npy`)).bytes);
    const file = await decodeHdf5(reply.bytes);
    expect(file.datasets.map((d) => d.name)).toEqual(['total']);
    const [total] = file.datasets;
    expect(total).toMatchObject({ shape: [...SIG], dtype: '<d' });
    expect(Array.from(total!.data)).toEqual(Array.from(stored.data));
    const expected = { analysis: 'test-ring', plugin_version: provenance.pluginVersion, stemflow_version: provenance.stemflowVersion };
    expect(JSON.parse(total!.attributes.provenance as string)).toEqual(provenance);
    expect(total!.attributes).toMatchObject(expected);
    expect(JSON.parse(file.attributes.provenance as string)).toEqual(provenance);
    expect(file.attributes).toMatchObject(expected);
  });

  it('all.h5: every result of the job in one file, each exact', async () => {
    const file = await decodeHdf5((await call(server, 'GET', `/api/jobs/${jobId}/results/all.h5`)).bytes);
    const byName = Object.fromEntries(file.datasets.map((d) => [d.name, d]));
    expect(Object.keys(byName).sort()).toEqual(['intensity', 'total']);
    for (const name of ['intensity', 'total']) {
      const stored = npy((await call(server, 'GET', `/api/jobs/${jobId}/results/${name}.npy`)).bytes);
      expect(byName[name]!.shape).toEqual(stored.shape);
      expect(byName[name]!.dtype).toBe(stored.dtype === 'float32' ? '<f' : '<d');
      expect(Array.from(byName[name]!.data)).toEqual(Array.from(stored.data));
    }
  });

  it('the PNG carries the provenance in a tEXt chunk', async () => {
    const reply = await call(server, 'GET', `/api/jobs/${jobId}/results/intensity.png`);
    expect(reply.type).toBe('image/png');
    expect(JSON.parse(readTextChunks(reply.bytes).provenance!)).toEqual(provenance);
  });

  it('404 problem+json for unknown results, jobs and formats', async () => {
    for (const path of [`/api/jobs/${jobId}/results/nope.tiff`, `/api/jobs/${jobId}/results/nope.h5`, '/api/jobs/nope/results/all.h5', `/api/jobs/${jobId}/results/total.tif`]) {
      const reply = await call(server, 'GET', path);
      expect([path, reply.status, reply.body?.code]).toEqual([path, 404, 'NOT_FOUND']);
      expect(reply.type).toContain('application/problem+json');
    }
  });
});
