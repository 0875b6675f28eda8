import { randomBytes } from 'node:crypto';
import { BullmqExecutor, startWorkerNode } from '@stemflow/engine';
import type { RunningServer } from '../server';
import { call, FIXTURE_PLUGIN_DIR, makeEnv, start, type TestEnv } from '../testing/api-test-env.fixture';

/** `GET /api/workers` lists who runs partitions: this process's threads, or the connected BullMQ workers (real Redis). */
let env: TestEnv;
beforeAll(() => {
  env = makeEnv();
});
afterAll(() => env.cleanup());

it('lists the thread pool of a threads host', async () => {
  const server: RunningServer = await start(env, { executor: 'threads', workers: 2 });
  try {
    const reply = await call(server, 'GET', '/api/workers');
    expect(reply.status).toBe(200);
    expect(reply.body).toMatchObject({ executor: 'threads', workers: [{ concurrency: 2, pid: process.pid }] });
  } finally {
    await server.close();
  }
});

it('lists a connected BullMQ worker with its host, cores, version and plugins', async () => {
  const prefix = `test-workers-${randomBytes(4).toString('hex')}`;
  const plugins = [{ id: 'test-ring', module: FIXTURE_PLUGIN_DIR }];
  const worker = await startWorkerNode({ redis: 'redis://127.0.0.1:6379', prefix, concurrency: 1, plugins, version: '9.9.9', pluginVersions: { 'test-ring': '1.0.0' } });
  const server: RunningServer = await start(env, { executor: 'bullmq', redis: 'redis://127.0.0.1:6379', redisPrefix: prefix });
  try {
    const reply = await call(server, 'GET', '/api/workers');
    expect(reply.status).toBe(200);
    expect(reply.body.executor).toBe('bullmq');
    expect(reply.body.workers).toEqual([expect.objectContaining({ id: worker.id, concurrency: 1, version: '9.9.9', cores: expect.any(Number), host: expect.any(String) })]);
    expect(reply.body.workers[0].plugins).toEqual([{ id: 'test-ring', version: '1.0.0' }]);
  } finally {
    await server.close();
    await worker.close();
    const queue = new BullmqExecutor({ redis: 'redis://127.0.0.1:6379', prefix });
    await queue.dropQueue(); // the worker's queue keys: leave nothing of this test's prefix in Redis
    await queue.close();
  }
});
