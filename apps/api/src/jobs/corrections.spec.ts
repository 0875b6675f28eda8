import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { encodeNpy, parseNpyHeader } from '@stemflow/engine';
import type { RunningServer } from '../server';
import { call, FRAMES, makeEnv, openCube, SIG, start, waitForJob, type TestEnv } from '../testing/api-test-env.fixture';

/** POST /api/jobs with `corrections`: .npy paths under the data roots, or false. */
const [H, W] = SIG;
const SIZE = H * W;

function float64Values(bytes: Buffer): Float64Array {
  const header = parseNpyHeader(new Uint8Array(bytes));
  return new Float64Array(bytes.buffer.slice(bytes.byteOffset + header.offset, bytes.byteOffset + bytes.length));
}

/** Σ over frames of (raw − dark) · gain with each excluded pixel the mean of its valid 8-neighbours, in float64. */
function correctedTotal(cube: Uint16Array, dark: Float32Array, gain: Float32Array, bad: Set<number>): Float64Array {
  const total = new Float64Array(SIZE);
  for (let f = 0; f < FRAMES; f++) {
    const v = (p: number) => (cube[f * SIZE + p]! - dark[p]!) * gain[p]!;
    for (let p = 0; p < SIZE; p++) {
      if (!bad.has(p)) {
        total[p]! += v(p);
        continue;
      }
      const [y, x] = [Math.floor(p / W), p % W];
      let acc = 0;
      let n = 0;
      for (let yy = Math.max(0, y - 1); yy <= Math.min(H - 1, y + 1); yy++) {
        for (let xx = Math.max(0, x - 1); xx <= Math.min(W - 1, x + 1); xx++) {
          if ((yy !== y || xx !== x) && !bad.has(yy * W + xx)) {
            acc += v(yy * W + xx);
            n++;
          }
        }
      }
      total[p]! += acc / n;
    }
  }
  return total;
}

describe('POST /api/jobs with corrections', () => {
  let env: TestEnv;
  let server: RunningServer;
  let datasetId: string;
  const dark = Float32Array.from({ length: SIZE }, (_, i) => (i * 7) % 13);
  const gain = Float32Array.from({ length: SIZE }, (_, i) => 0.9 + ((i * 5) % 11) / 50);
  const mask = new Uint8Array(SIZE);
  for (const p of [0, SIZE - 1, 5 * W + 5, 5 * W + 6, 6 * W + 5, 10 * W + 15]) mask[p] = 1;

  beforeAll(async () => {
    env = makeEnv();
    writeFileSync(join(env.root, 'dark.npy'), encodeNpy({ data: dark, shape: [H, W] }));
    writeFileSync(join(env.root, 'sub', 'gain.npy'), encodeNpy({ data: gain, shape: [H, W] }));
    writeFileSync(join(env.root, 'excluded.npy'), encodeNpy({ data: mask, shape: [H, W] }));
    const block = new Uint8Array(SIZE);
    for (let y = 2; y < 5; y++) for (let x = 2; x < 5; x++) block[y * W + x] = 1;
    writeFileSync(join(env.root, 'block.npy'), encodeNpy({ data: block, shape: [H, W] }));
    writeFileSync(join(env.outside, 'dark.npy'), encodeNpy({ data: dark, shape: [H, W] }));
    server = await start(env, { executor: 'threads', workers: 2 });
    datasetId = await openCube(server, env);
  });

  afterAll(async () => {
    await server.close();
    env.cleanup();
  });

  it('applies dark, gain and excluded pixels: the sum of frames equals a float64 reference', async () => {
    const corrections = { dark: join(env.root, 'dark.npy'), gain: 'sub/gain.npy', excluded: join(env.root, 'excluded.npy') };
    const created = await call(server, 'POST', '/api/jobs', { datasetId, analysisId: 'test-ring', corrections });
    expect(created.status).toBe(202);
    const job = await waitForJob(server, created.body.id);
    expect(job.status).toBe('done');
    const total = float64Values((await call(server, 'GET', `/api/jobs/${job.id}/results/total.npy`)).bytes);
    const bad = new Set([0, SIZE - 1, 5 * W + 5, 5 * W + 6, 6 * W + 5, 10 * W + 15]);
    const expected = correctedTotal(env.cube, dark, gain, bad);
    for (let p = 0; p < SIZE; p++) expect(Math.abs(total[p]! - expected[p]!)).toBeLessThanOrEqual(1e-6 * Math.max(1, Math.abs(expected[p]!)));
    const provenance = JSON.parse(readFileSync(join(env.home, 'results', job.id, 'provenance.json'), 'utf8').toString());
    expect(provenance.corrections).toMatchObject({ source: 'files', gain: join(env.root, 'sub', 'gain.npy'), excluded: { pixels: 6 } });
  });

  it('accepts corrections: false (the .npy cube brings none: plain sums)', async () => {
    const created = await call(server, 'POST', '/api/jobs', { datasetId, analysisId: 'test-ring', corrections: false });
    expect(created.status).toBe(202);
    const job = await waitForJob(server, created.body.id);
    const total = float64Values((await call(server, 'GET', `/api/jobs/${job.id}/results/total.npy`)).bytes);
    expect(total[0]).toBe(Array.from({ length: FRAMES }, (_, f) => env.cube[f * SIZE]!).reduce((a, b) => a + b, 0));
  });

  it('refuses paths outside the data roots, missing files, bad shapes and unrepairable pixels, storing nothing', async () => {
    const before = (await call(server, 'GET', '/api/jobs')).body.length;
    const post = (corrections: unknown) => call(server, 'POST', '/api/jobs', { datasetId, analysisId: 'test-ring', corrections });
    const outside = await post({ dark: join(env.outside, 'dark.npy') });
    expect(outside.status).toBe(403);
    expect(outside.body.errors).toEqual([{ path: '/corrections/dark', message: expect.stringMatching(/outside the data roots/) }]);
    expect((await post({ gain: 'missing.npy' })).status).toBe(404);
    const shape = await post({ dark: 'cube.npy' });
    expect(shape.status).toBe(422);
    expect(shape.body.detail).toMatch(/must have the detector's shape 16×16/);
    const block = await post({ excluded: 'block.npy' });
    expect(block.status).toBe(400);
    expect(block.body.errors).toEqual([{ path: '/corrections/excluded', message: expect.any(String) }]);
    expect(block.body.detail).toMatch(/\(y=3, x=3\) cannot be repaired/);
    const unknown = await post({ flat: 'dark.npy' });
    expect(unknown.status).toBe(400);
    expect(unknown.body.errors[0].path).toMatch(/^\/corrections/);
    expect((await post(true)).status).toBe(400);
    expect((await call(server, 'GET', '/api/jobs')).body.length).toBe(before);
  });
});
