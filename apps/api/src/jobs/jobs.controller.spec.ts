import { join } from 'node:path';
import Database from 'better-sqlite3';
import { parseNpyHeader } from '@stemflow/engine';
import type { RunningServer } from '../server';
import { call, EventsClient, FRAMES, makeEnv, NAV, openCube, ringReference, SIG, start, waitForJob, type TestEnv, type WsMessage } from '../testing/api-test-env.fixture';

const RING = { cx: 8, cy: 8, ri: 2, ro: 6 };

function npyValues(bytes: Buffer): { shape: number[]; dtype: string; values: number[] } {
  const header = parseNpyHeader(new Uint8Array(bytes));
  const body = bytes.buffer.slice(bytes.byteOffset + header.offset, bytes.byteOffset + bytes.length);
  const values = header.dtype === 'float32' ? new Float32Array(body) : header.dtype === 'float64' ? new Float64Array(body) : new Uint16Array(body);
  return { shape: header.shape, dtype: header.dtype, values: Array.from(values) };
}

function frameSums(cube: Uint16Array): number[] {
  const size = SIG[0] * SIG[1];
  const out = new Array<number>(size).fill(0);
  for (let i = 0; i < cube.length; i++) out[i % size]! += cube[i]!;
  return out;
}

function expectClose(actual: ArrayLike<number>, expected: ArrayLike<number>, relative = 1e-6): void {
  expect(actual.length).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) {
    if (Number.isNaN(expected[i])) expect(actual[i]).toBeNaN();
    else expect(Math.abs(actual[i]! - expected[i]!)).toBeLessThanOrEqual(relative * Math.max(1, Math.abs(expected[i]!)));
  }
}

const isStatus = (jobId: string, status?: string) => (m: WsMessage) => m.kind === 'text' && m.data.type === 'status' && m.data.jobId === jobId && (!status || m.data.status === status);

describe.each(['inline', 'threads'] as const)('jobs on the %s executor', (executor) => {
  let env: TestEnv;
  let server: RunningServer;
  let datasetId: string;

  beforeAll(async () => {
    env = makeEnv();
    server = await start(env, { executor, workers: 2 });
    datasetId = await openCube(server, env);
  });

  afterAll(async () => {
    await server.close();
    env.cleanup();
  });

  it('runs a job to completion; its .npy equals a float64 reference', async () => {
    const created = await call(server, 'POST', '/api/jobs', { datasetId, analysisId: 'test-ring', params: { ri: RING.ri, ro: RING.ro } });
    expect(created.status).toBe(202);
    expect(created.body).toEqual({ id: expect.any(String) });
    const job = await waitForJob(server, created.body.id);
    expect(job).toMatchObject({
      id: created.body.id,
      datasetId,
      analysisId: 'test-ring',
      status: 'done',
      progress: 1,
      params: { ...RING, delayMs: 0, fail: false },
      results: [
        { name: 'intensity', shape: [...NAV], dtype: 'float32', kind: 'nav' },
        { name: 'total', shape: [...SIG], dtype: 'float64', kind: 'sig' },
      ],
      createdAt: expect.any(String),
      startedAt: expect.any(String),
      finishedAt: expect.any(String),
    });
    expect(job.error).toBeUndefined();

    const intensity = await call(server, 'GET', `/api/jobs/${job.id}/results/intensity.npy`);
    expect(intensity.status).toBe(200);
    const parsed = npyValues(intensity.bytes);
    expect(parsed.shape).toEqual([...NAV]);
    expectClose(parsed.values, ringReference(env.cube, RING));
    expect(npyValues((await call(server, 'GET', `/api/jobs/${job.id}/results/total.npy`)).bytes).values).toEqual(frameSums(env.cube));

    const png = await call(server, 'GET', `/api/jobs/${job.id}/results/intensity.png?scale=log`);
    expect(png.status).toBe(200);
    expect(png.type).toBe('image/png');
    expect([png.bytes.readUInt32BE(16), png.bytes.readUInt32BE(20)]).toEqual([NAV[1], NAV[0]]);
    expect((await call(server, 'GET', `/api/jobs/${job.id}/results/nope.npy`)).status).toBe(404);
    expect((await call(server, 'GET', `/api/jobs/${job.id}/results/..%2F..%2Fstemflow.db.npy`)).status).toBe(404);
    expect((await call(server, 'GET', `/api/jobs/${job.id}/results/intensity.tif`)).status).toBe(404);

    const provenance = await call(server, 'GET', `/api/jobs/${job.id}/results/provenance.json`);
    expect(provenance.status).toBe(200);
    expect(provenance.body).toMatchObject({
      analysis: 'test-ring',
      params: { ...RING, delayMs: 0, fail: false },
      pluginVersion: expect.any(String),
      stemflowVersion: expect.any(String),
      dataset: { format: 'npy', navShape: [...NAV], sigShape: [...SIG], size: expect.any(Number), mtime: expect.any(String) },
    });
  });

  it('limits a job to a region of interest (NaN outside)', async () => {
    const roi = Array.from({ length: FRAMES }, (_, i) => (i % 3 === 0 ? 1 : 0));
    const created = await call(server, 'POST', '/api/jobs', { datasetId, analysisId: 'test-ring', params: RING, roi });
    const job = await waitForJob(server, created.body.id);
    expect(job.status).toBe('done');
    const values = npyValues((await call(server, 'GET', `/api/jobs/${job.id}/results/intensity.npy`)).bytes).values;
    const reference = ringReference(env.cube, RING).map((v, i) => (roi[i] ? v : Number.NaN));
    expectClose(values, reference);
  });

  it('fails a job whose plugin throws, with the message, and goes on', async () => {
    const created = await call(server, 'POST', '/api/jobs', { datasetId, analysisId: 'test-ring', params: { ...RING, fail: true } });
    const job = await waitForJob(server, created.body.id);
    expect(job.status).toBe('failed');
    expect(job.error).toContain('asked to fail');
    const next = await call(server, 'POST', '/api/jobs', { datasetId, analysisId: 'test-ring', params: RING });
    expect((await waitForJob(server, next.body.id)).status).toBe('done');
  });

  // The inline executor blocks the event loop while a partition runs (it is for tests and
  // debugging), so watching a job run or cancelling it mid-way is tested on threads only.
  if (executor === 'threads') {
    it('streams progress, binary results and the final status over WebSocket', async () => {
      const client = await EventsClient.connect(server);
      try {
        const created = await call(server, 'POST', '/api/jobs', { datasetId, analysisId: 'test-ring', params: { ...RING, delayMs: 20 } });
        const jobId = created.body.id;
        client.send({ type: 'subscribe', jobId });
        await client.waitFor(isStatus(jobId, 'done'));
        const mine = client.messages.filter((m) => (m.kind === 'text' ? m.data.jobId : m.header.jobId) === jobId);
        expect(mine.some((m) => m.kind === 'text' && m.data.type === 'progress' && m.data.status === 'running')).toBe(true);
        const results = mine.filter((m): m is Extract<WsMessage, { kind: 'result' }> => m.kind === 'result');
        const partial = results.filter((m) => !m.header.final);
        const final = results.filter((m) => m.header.final);
        expect(partial.length).toBeGreaterThan(0);
        expect(final.map((m) => m.header.name).sort()).toEqual(['intensity', 'total']);
        // The status comes after the final results.
        expect(mine.findIndex(isStatus(jobId))).toBeGreaterThan(mine.indexOf(final[final.length - 1]!));
        const intensity = final.find((m) => m.header.name === 'intensity')!;
        expect(intensity.header).toEqual({ type: 'result', jobId, name: 'intensity', shape: [...NAV], final: true, seq: expect.any(Number), kind: 'nav' });
        expectClose(intensity.data, ringReference(env.cube, RING));
        // A partial result holds NaN where its partitions were not merged yet, exact values elsewhere.
        const first = partial.find((m) => m.header.name === 'intensity')!;
        const reference = ringReference(env.cube, RING);
        const merged = Array.from(first.data, (v, i) => (Number.isNaN(v) ? Number.NaN : reference[i]!));
        expectClose(first.data, merged);
        expect(merged.some(Number.isNaN)).toBe(true);

        // A client that subscribes to a finished job gets its final results and status at once.
        const late = await EventsClient.connect(server);
        late.send({ type: 'subscribe', jobId });
        await late.waitFor(isStatus(jobId, 'done'));
        expect(late.messages.filter((m) => m.kind === 'result' && m.header.final).length).toBe(2);
        late.send({ type: 'subscribe', jobId: 'nope' });
        expect((await late.waitFor((m) => m.kind === 'text' && m.data.type === 'error')).kind).toBe('text');
        late.close();
      } finally {
        client.close();
      }
    });

    it('cancels a running job', async () => {
      const created = await call(server, 'POST', '/api/jobs', { datasetId, analysisId: 'test-ring', params: { ...RING, delayMs: 40 } });
      const id = created.body.id;
      await waitForJob(server, id, (s) => s === 'running');
      const cancelled = await call(server, 'DELETE', `/api/jobs/${id}`);
      expect(cancelled.status).toBe(200);
      expect(cancelled.body).toEqual({ id, status: 'cancelled' });
      await new Promise((r) => setTimeout(r, 100));
      const job = await waitForJob(server, id);
      expect(job).toMatchObject({ status: 'cancelled', results: [] });
      expect((await call(server, 'GET', `/api/jobs/${id}/results/intensity.npy`)).status).toBe(404);
      // Cancelling a finished job changes nothing.
      expect((await call(server, 'DELETE', `/api/jobs/${id}`)).body).toEqual({ id, status: 'cancelled' });
      expect((await call(server, 'DELETE', '/api/jobs/nope')).status).toBe(404);
    });
  }

  it('gives a late WebSocket subscriber the final results and status of a finished job', async () => {
    const jobId = (await call(server, 'POST', '/api/jobs', { datasetId, analysisId: 'test-ring', params: RING })).body.id;
    await waitForJob(server, jobId);
    const client = await EventsClient.connect(server);
    try {
      client.send({ type: 'subscribe', jobId });
      await client.waitFor(isStatus(jobId, 'done'));
      const final = client.messages.filter((m): m is Extract<WsMessage, { kind: 'result' }> => m.kind === 'result' && m.header.final);
      expect(final.map((m) => m.header.name).sort()).toEqual(['intensity', 'total']);
      expectClose(final.find((m) => m.header.name === 'intensity')!.data, ringReference(env.cube, RING));
    } finally {
      client.close();
    }
  });
});

describe('job requests', () => {
  let env: TestEnv;
  let server: RunningServer;
  let datasetId: string;

  beforeAll(async () => {
    env = makeEnv();
    server = await start(env);
    datasetId = await openCube(server, env);
  });

  afterAll(async () => {
    await server.close();
    env.cleanup();
  });

  async function expectInvalid(body: unknown, status: number, paths?: string[]): Promise<void> {
    const before = (await call(server, 'GET', '/api/jobs')).body.length;
    const reply = await call(server, 'POST', '/api/jobs', body);
    expect(reply.status).toBe(status);
    expect(reply.type).toContain('application/problem+json');
    expect(reply.body).toMatchObject({ status, type: expect.any(String), title: expect.any(String), detail: expect.any(String) });
    if (paths) {
      expect(reply.body.code).toBe('PARAMS_INVALID');
      expect(reply.body.errors.map((e: { path: string }) => e.path)).toEqual(paths);
      expect(reply.body.errors.every((e: { message: string }) => e.message.length > 0)).toBe(true);
    }
    expect((await call(server, 'GET', '/api/jobs')).body.length).toBe(before); // nothing stored
  }

  it('400 with JSON pointers for invalid parameters, and nothing stored', async () => {
    await expectInvalid({ datasetId, analysisId: 'test-ring', params: { ri: 7, ro: 3 } }, 400, ['/ri']);
    await expectInvalid({ datasetId, analysisId: 'test-ring', params: { ri: 'two' } }, 400, ['/ri']);
    await expectInvalid({ datasetId, analysisId: 'test-ring', params: { ro: -1 } }, 400, ['/ro']);
    await expectInvalid({ datasetId, analysisId: 'test-ring', params: [1] }, 400, ['/']);
    await expectInvalid({ datasetId }, 400, ['/analysisId']);
    await expectInvalid({ datasetId, analysisId: 'test-ring', roi: [1, 0] }, 400, ['/roi']);
    await expectInvalid({ datasetId, analysisId: 'test-ring', roi: new Array(FRAMES).fill(0) }, 400, ['/roi']);
    expect((await call(server, 'GET', '/api/jobs')).body).toEqual([]);
  });

  it('the built-in virtual-detector refuses ri ≥ ro at /ri (when plugins/ are built)', async () => {
    const plugins = (await call(server, 'GET', '/api/plugins')).body as { id: string }[];
    if (!plugins.some((p) => p.id === 'virtual-detector')) return; // the real plugins load from their dist/
    await expectInvalid({ datasetId, analysisId: 'virtual-detector', params: { shape: 'ring', ri: 7, ro: 3 } }, 400, ['/ri']);
  });

  it('404 for an unknown data set or analysis', async () => {
    await expectInvalid({ datasetId: 'nope', analysisId: 'test-ring' }, 404);
    await expectInvalid({ datasetId, analysisId: 'no-such-analysis' }, 404);
    expect((await call(server, 'GET', '/api/jobs/nope')).status).toBe(404);
  });

  it('lists jobs newest first', async () => {
    const a = (await call(server, 'POST', '/api/jobs', { datasetId, analysisId: 'test-ring' })).body.id;
    const b = (await call(server, 'POST', '/api/jobs', { datasetId, analysisId: 'test-ring' })).body.id;
    await waitForJob(server, a);
    await waitForJob(server, b);
    expect((await call(server, 'GET', '/api/jobs')).body.map((j: { id: string }) => j.id).slice(0, 2)).toEqual([b, a]);
  });
});

describe('restart', () => {
  it('marks jobs left running interrupted and keeps finished results', async () => {
    const env = makeEnv();
    try {
      let server = await start(env, { executor: 'threads', workers: 1 });
      const datasetId = await openCube(server, env);
      const done = (await call(server, 'POST', '/api/jobs', { datasetId, analysisId: 'test-ring', params: RING })).body.id;
      await waitForJob(server, done);
      const slow = (await call(server, 'POST', '/api/jobs', { datasetId, analysisId: 'test-ring', params: { ...RING, delayMs: 100 } })).body.id;
      await waitForJob(server, slow, (s) => s === 'running');
      await server.close(); // stops the running job

      // A row a crashed process left behind.
      const db = new Database(join(env.home, 'stemflow.db'));
      db.prepare(
        `INSERT INTO jobs (id, dataset_id, analysis_id, plugin_version, params, status, progress, created_at, started_at)
         VALUES ('00000000-0000-4000-8000-000000000000', ?, 'test-ring', '0.0.1', '{}', 'running', 0.5, ?, ?)`,
      ).run(datasetId, new Date().toISOString(), new Date().toISOString());
      db.close();

      server = await start(env);
      try {
        const crashed = (await call(server, 'GET', '/api/jobs/00000000-0000-4000-8000-000000000000')).body;
        expect(crashed).toMatchObject({ status: 'interrupted', error: expect.stringContaining('run it again'), finishedAt: expect.any(String) });
        expect((await call(server, 'GET', `/api/jobs/${slow}`)).body).toMatchObject({ status: 'interrupted' });
        expect((await call(server, 'GET', `/api/jobs/${done}`)).body.status).toBe('done');
        const intensity = await call(server, 'GET', `/api/jobs/${done}/results/intensity.npy`);
        expectClose(npyValues(intensity.bytes).values, ringReference(env.cube, RING));
        expect((await call(server, 'GET', `/api/datasets/${datasetId}`)).status).toBe(200);
      } finally {
        await server.close();
      }
    } finally {
      env.cleanup();
    }
  });
});
