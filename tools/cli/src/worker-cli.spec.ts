import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BullmqExecutor } from '@stemflow/engine';
import { Redis } from 'ioredis';
import { stemflowIn } from './cli-runner.fixture';

const REDIS_URL = process.env.STEMFLOW_TEST_REDIS ?? 'redis://127.0.0.1:6379';
const bin = join(__dirname, '../bin/stemflow.js');

describe('stemflow worker with stemflow run --executor bullmq', () => {
  const dir = mkdtempSync(join(tmpdir(), 'stemflow-worker-cli-'));
  const stemflow = stemflowIn(dir);
  const prefix = `sftest-cli-${process.pid}`;
  const worker = spawn(process.execPath, [bin, 'worker', '--redis', REDIS_URL, '--prefix', prefix, '--concurrency', '2'], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  worker.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  const exited = new Promise<number | null>((done) => worker.once('exit', (code) => done(code)));

  beforeAll(async () => {
    await new Promise<void>((ready, fail) => {
      worker.stdout.on('data', (c: Buffer) => c.toString().includes('ready') && ready());
      void exited.then((code) => fail(new Error(`worker exited with ${code}: ${stderr}`)));
    });
    expect(stemflow('sample', 'data.npy', '--nav', '16x16', '--sig', '32x32').status).toBe(0);
  });

  afterAll(async () => {
    if (worker.exitCode === null) worker.kill('SIGKILL');
    await exited;
    const redis = new Redis(REDIS_URL);
    const left = await redis.keys(`${prefix}:*`);
    if (left.length > 0) await redis.del(...left);
    await redis.quit();
  });

  it('lists the worker with its plugins', () => {
    const listed = stemflow('worker', '--redis', REDIS_URL, '--prefix', prefix, '--list', '--json');
    expect(listed.status).toBe(0);
    const workers = JSON.parse(listed.stdout) as { concurrency: number; plugins: { id: string }[] }[];
    expect(workers).toHaveLength(1);
    expect(workers[0]!.concurrency).toBe(2);
    expect(workers[0]!.plugins.map((p) => p.id)).toEqual(expect.arrayContaining(['sum', 'virtual-detector']));
  });

  it.each(['sum', 'virtual-detector'])('writes the same %s result files as the inline executor', (analysis) => {
    const remote = stemflow('run', analysis, 'data.npy', '--executor', 'bullmq', '--redis', REDIS_URL, '--prefix', prefix, '--out', `bullmq-${analysis}`, '--json');
    expect(remote.stderr).toBe('');
    expect(remote.status).toBe(0);
    const local = stemflow('run', analysis, 'data.npy', '--executor', 'inline', '--out', `inline-${analysis}`, '--json');
    const files = JSON.parse(local.stdout) as { results: Record<string, { file: string }> };
    const remoteFiles = JSON.parse(remote.stdout) as { results: Record<string, { file: string }> };
    expect(Object.keys(remoteFiles.results)).toEqual(Object.keys(files.results));
    for (const [name, r] of Object.entries(files.results)) expect(readFileSync(remoteFiles.results[name]!.file)).toEqual(readFileSync(r.file));
  });

  it('refuses a job when the workers have another version of its plugin', async () => {
    const newer = join(dir, 'sum-9.9.9');
    mkdirSync(newer);
    const pkg = { name: 'sum-newer', version: '9.9.9', keywords: ['stemflow-plugin'], stemflow: { role: 'analysis-plugin', pluginId: 'sum' } };
    writeFileSync(join(newer, 'package.json'), JSON.stringify(pkg));
    const executor = new BullmqExecutor({ redis: REDIS_URL, prefix });
    try {
      const job = { plugin: { id: 'sum', module: newer }, params: {}, dataset: { path: join(dir, 'data.npy') } as never };
      const error = await executor.run(job, [{ index: 0, start: 0, end: 1 }], { onResult: () => undefined, onFrames: () => undefined }).catch((e: unknown) => e);
      expect(error).toMatchObject({ code: 'NOT_FOUND' });
      expect((error as Error).message).toMatch(/workers have plugin "sum" at version 1\.0\.0, this host at 9\.9\.9/);
    } finally {
      await executor.close();
    }
  });

  it('asks for --redis, and names an unreachable Redis', () => {
    const missing = stemflow('run', 'sum', 'data.npy', '--executor', 'bullmq');
    expect(missing.status).toBe(2);
    expect(missing.stderr).toMatch(/needs a Redis URL: --redis/);
    const unreachable = stemflow('worker', '--redis', 'redis://127.0.0.1:1', '--list');
    expect(unreachable.status).toBe(1);
    expect(unreachable.stderr).toMatch(/cannot reach Redis at redis:\/\/127\.0\.0\.1:1/);
  });

  it('stops cleanly on SIGTERM and removes its heartbeat', async () => {
    worker.kill('SIGTERM');
    expect(await exited).toBe(0);
    const listed = stemflow('worker', '--redis', REDIS_URL, '--prefix', prefix, '--list', '--json');
    expect(JSON.parse(listed.stdout)).toEqual([]);
  });
});
