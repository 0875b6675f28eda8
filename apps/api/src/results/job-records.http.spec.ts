import { existsSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { encodeNpy } from '@stemflow/engine';
import type { RunningServer } from '../server';
import { call, FRAMES, makeEnv, openCube, SIG, start, waitForJob, type TestEnv } from '../testing/api-test-env.fixture';

const RING = { cx: 8, cy: 8, ri: 2, ro: 6 };

/** POST /api/jobs/:id/rerun and DELETE /api/jobs/:id/record. */
describe('job records: rerun and delete', () => {
  let env: TestEnv;
  let server: RunningServer;
  let datasetId: string;

  beforeAll(async () => {
    env = makeEnv();
    server = await start(env, { executor: 'threads', workers: 1 });
    datasetId = await openCube(server, env);
  });

  afterAll(async () => {
    await server.close();
    env.cleanup();
  });

  const results = async (id: string) => ({
    intensity: (await call(server, 'GET', `/api/jobs/${id}/results/intensity.npy`)).bytes,
    total: (await call(server, 'GET', `/api/jobs/${id}/results/total.npy`)).bytes,
  });

  it('reruns a job as a new job with the same data set, analysis, params and ROI, and equal results', async () => {
    const roi = Array.from({ length: FRAMES }, (_, i) => (i % 4 === 1 ? 1 : 0));
    const first = (await call(server, 'POST', '/api/jobs', { datasetId, analysisId: 'test-ring', params: RING, roi })).body.id;
    const done = await waitForJob(server, first);
    expect(done.status).toBe('done');

    const rerun = await call(server, 'POST', `/api/jobs/${first}/rerun`);
    expect(rerun.status).toBe(202);
    expect(rerun.body).toEqual({ id: expect.any(String) });
    expect(rerun.body.id).not.toBe(first);
    const second = await waitForJob(server, rerun.body.id);
    expect(second).toMatchObject({ status: 'done', datasetId, analysisId: 'test-ring', params: done.params, roi: true });
    expect(await results(second.id)).toEqual(await results(first));
    const provenance = (await call(server, 'GET', `/api/jobs/${second.id}/results/provenance.json`)).body;
    expect(provenance.roi).toEqual({ selected: roi.filter(Boolean).length, of: FRAMES });
  });

  it('reruns with the correction files of the first job', async () => {
    const dark = Float32Array.from({ length: SIG[0] * SIG[1] }, (_, i) => i % 5);
    writeFileSync(join(env.root, 'dark.npy'), encodeNpy({ data: dark, shape: [...SIG] }));
    const plain = (await call(server, 'POST', '/api/jobs', { datasetId, analysisId: 'test-ring', params: RING })).body.id;
    const first = (await call(server, 'POST', '/api/jobs', { datasetId, analysisId: 'test-ring', params: RING, corrections: { dark: 'dark.npy' } })).body.id;
    await waitForJob(server, plain);
    expect((await waitForJob(server, first)).status).toBe('done');
    const second = (await call(server, 'POST', `/api/jobs/${first}/rerun`)).body.id;
    expect((await waitForJob(server, second)).status).toBe('done');
    const provenance = (id: string) => call(server, 'GET', `/api/jobs/${id}/results/provenance.json`).then((r) => r.body.corrections);
    expect(await provenance(second)).toEqual({ source: 'files', dark: join(env.root, 'dark.npy') });
    expect(await provenance(second)).toEqual(await provenance(first));
    expect(await results(second)).toEqual(await results(first));
    expect((await results(second)).total).not.toEqual((await results(plain)).total); // the dark frame mattered
  });

  it('still reruns when the data set file changed, with a warning; 404 for an unknown job', async () => {
    const first = (await call(server, 'POST', '/api/jobs', { datasetId, analysisId: 'test-ring', params: RING })).body.id;
    await waitForJob(server, first);
    const stat = statSync(env.file);
    utimesSync(env.file, stat.atime, new Date(stat.mtimeMs + 60_000));
    const rerun = await call(server, 'POST', `/api/jobs/${first}/rerun`);
    expect(rerun.status).toBe(202);
    expect(rerun.body).toEqual({ id: expect.any(String), warning: expect.stringMatching(/changed since the job ran \(modified /) });
    expect((await waitForJob(server, rerun.body.id)).status).toBe('done');
    expect(await results(rerun.body.id)).toEqual(await results(first)); // only the time changed

    const unknown = await call(server, 'POST', '/api/jobs/00000000-0000-4000-8000-000000000000/rerun');
    expect(unknown.status).toBe(404);
    expect(unknown.type).toContain('application/problem+json');
    expect(unknown.body.code).toBe('NOT_FOUND');
  });

  it('deletes a finished job’s record and files; refuses (409) while it runs, then deletes it once cancelled', async () => {
    const done = (await call(server, 'POST', '/api/jobs', { datasetId, analysisId: 'test-ring', params: RING })).body.id;
    await waitForJob(server, done);
    const dir = join(env.home, 'results', done);
    expect(existsSync(join(dir, 'intensity.npy'))).toBe(true);
    const deleted = await call(server, 'DELETE', `/api/jobs/${done}/record`);
    expect(deleted.status).toBe(204);
    expect(existsSync(dir)).toBe(false);
    expect((await call(server, 'GET', '/api/jobs')).body.map((j: { id: string }) => j.id)).not.toContain(done);
    expect((await call(server, 'GET', `/api/jobs/${done}`)).status).toBe(404);
    expect((await call(server, 'GET', `/api/jobs/${done}/results/intensity.npy`)).status).toBe(404);
    expect((await call(server, 'DELETE', `/api/jobs/${done}/record`)).status).toBe(404);

    const slow = (await call(server, 'POST', '/api/jobs', { datasetId, analysisId: 'test-ring', params: { ...RING, delayMs: 40 } })).body.id;
    await waitForJob(server, slow, (s) => s === 'running');
    const refused = await call(server, 'DELETE', `/api/jobs/${slow}/record`);
    expect(refused.status).toBe(409);
    expect(refused.type).toContain('application/problem+json');
    expect(refused.body).toMatchObject({ status: 409, code: 'CONFLICT', detail: expect.stringContaining('cancel it first') });
    expect((await call(server, 'GET', `/api/jobs/${slow}`)).body.status).toBe('running');

    expect((await call(server, 'DELETE', `/api/jobs/${slow}`)).body).toEqual({ id: slow, status: 'cancelled' });
    expect((await call(server, 'DELETE', `/api/jobs/${slow}/record`)).status).toBe(204);
    expect((await call(server, 'GET', `/api/jobs/${slow}`)).status).toBe(404);
  });
});
