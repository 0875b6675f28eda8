import { resolve } from 'node:path';
import { parseNpyHeader } from '@stemflow/engine';
import type { RunningServer } from '../server';
import { call, FIXTURE_PLUGIN_DIR, makeEnv, openCube, ringReference, start, waitForJob, type TestEnv } from '../testing/api-test-env.fixture';

/**
 * Plugin failures are contained: a plugin that throws at load, in `defaults` or in its kernel
 * fails only what uses it, with its name and message. The real host over HTTP, jobs on worker
 * threads; fixture packages in apps/api/test/.
 */
const fixture = (name: string) => resolve(FIXTURE_PLUGIN_DIR, '..', name);
const RING = { cx: 8, cy: 8, ri: 2, ro: 6 };

/** A float32 .npy result as numbers. */
function float32Values(bytes: Buffer): number[] {
  const header = parseNpyHeader(new Uint8Array(bytes));
  expect(header.dtype).toBe('float32');
  return Array.from(new Float32Array(bytes.buffer.slice(bytes.byteOffset + header.offset, bytes.byteOffset + bytes.length)));
}

let env: TestEnv;
let server: RunningServer;
let datasetId: string;

beforeAll(async () => {
  env = makeEnv();
  server = await start(env, {
    executor: 'threads',
    workers: 2,
    pluginSearchFrom: env.base,
    pluginDirs: [FIXTURE_PLUGIN_DIR, fixture('plugin-throws-at-load'), fixture('plugin-throwing-defaults'), fixture('plugin-throwing-kernel')],
  });
  datasetId = await openCube(server, env);
});

afterAll(async () => {
  await server?.close();
  env?.cleanup();
});

describe('a plugin that throws at load', () => {
  it('is listed under problems with its package name and message; the others list and run', async () => {
    const problems = await call(server, 'GET', '/api/plugins/problems');
    expect(problems.status).toBe(200);
    expect(problems.body).toEqual([
      {
        packageName: '@stemflow-test/plugin-throws-at-load',
        pluginId: 'throws-at-load',
        version: '0.0.1',
        reason: 'load-failed',
        message: 'plugin package @stemflow-test/plugin-throws-at-load failed to load: calibration table cal.json not found (fixture)',
      },
    ]);
    const list = await call(server, 'GET', '/api/plugins');
    expect(list.status).toBe(200);
    expect(list.body.map((p: { id: string }) => p.id)).toEqual(['test-ring', 'throwing-defaults', 'throwing-kernel']);
    const job = await call(server, 'POST', '/api/jobs', { datasetId, analysisId: 'test-ring', params: RING });
    expect((await waitForJob(server, job.body.id)).status).toBe('done');
  });
});

describe('a plugin whose defaults throw', () => {
  it('fails its own form with a problem naming the plugin and the message', async () => {
    const form = await call(server, 'GET', `/api/plugins/throwing-defaults?datasetId=${datasetId}`);
    expect(form.type).toContain('application/problem+json');
    expect(form.status).toBe(500);
    expect(form.body).toMatchObject({ code: 'PLUGIN_INVALID', detail: 'plugin "throwing-defaults" failed to compute defaults: no detector geometry known for a 16×16 frame (fixture)' });
  });

  it('leaves the other forms alone', async () => {
    const form = await call(server, 'GET', `/api/plugins/test-ring?datasetId=${datasetId}`);
    expect(form.status).toBe(200);
    expect(form.body.defaults).toMatchObject({ cx: 8, cy: 8, ri: 2, ro: 6 });
    // Without a data set its defaults are not asked for: its form loads.
    expect((await call(server, 'GET', '/api/plugins/throwing-defaults')).body.defaults).toEqual({ scale: 1 });
  });

  it('keeps the list for a data set whole: that plugin gets its schema defaults and the reason', async () => {
    const list = await call(server, 'GET', `/api/plugins?datasetId=${datasetId}`);
    expect(list.status).toBe(200);
    const byId = new Map(list.body.map((p: { id: string }) => [p.id, p]));
    expect([...byId.keys()]).toEqual(['test-ring', 'throwing-defaults', 'throwing-kernel']);
    expect(byId.get('test-ring')).toMatchObject({ defaults: { cx: 8, cy: 8 } });
    expect(byId.get('test-ring')).not.toHaveProperty('defaultsError');
    expect(byId.get('throwing-defaults')).toMatchObject({
      defaults: { scale: 1 },
      defaultsError: 'plugin "throwing-defaults" failed to compute defaults: no detector geometry known for a 16×16 frame (fixture)',
    });
  });
});

describe('a plugin whose kernel throws', () => {
  it('fails its job with the plugin id and message while a concurrent job of another plugin completes', async () => {
    // Both in flight at once on the two worker threads: the ring job is slowed to outlast the failure.
    const [ring, broken] = await Promise.all([
      call(server, 'POST', '/api/jobs', { datasetId, analysisId: 'test-ring', params: { ...RING, delayMs: 5 } }),
      call(server, 'POST', '/api/jobs', { datasetId, analysisId: 'throwing-kernel', params: { failAt: 7 } }),
    ]);
    expect([ring.status, broken.status]).toEqual([202, 202]);
    const failed = await waitForJob(server, broken.body.id);
    expect(failed.status).toBe('failed');
    expect(failed.error).toMatch(/plugin "throwing-kernel" failed in processFrame: lookup table empty at frame 7 \(fixture\)/);
    const done = await waitForJob(server, ring.body.id);
    expect(done.status).toBe('done');
    const values = float32Values((await call(server, 'GET', `/api/jobs/${ring.body.id}/results/intensity.npy`)).bytes);
    const reference = Array.from(ringReference(env.cube, RING));
    expect(reference.every((v) => v > 0)).toBe(true);
    // float32 results: equal to 1e-6 relative.
    expect(values.map((v, i) => Math.abs(v - reference[i]!) <= 1e-6 * reference[i]!)).toEqual(reference.map(() => true));
  });
});
