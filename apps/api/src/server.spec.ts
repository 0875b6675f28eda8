import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { encodeNpy, parseNpyHeader } from '@stemflow/engine';
import { WebSocket } from 'ws';
import type { RunningServer } from './server';
import { call, EventsClient, FRAMES, makeEnv, NAV, SIG, start, type TestEnv } from './testing/api-test-env.fixture';

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

describe('API server (HTTP)', () => {
  let env: TestEnv;
  let server: RunningServer;

  beforeAll(async () => {
    env = makeEnv();
    // A link inside the data root that points outside it, a truncated .npy, a file of no known format.
    symlinkSync(env.outside, join(env.root, 'escape'));
    symlinkSync(join(env.outside, 'secret.npy'), join(env.root, 'secret-link.npy'));
    const good = encodeNpy({ data: env.cube, shape: [...NAV, ...SIG] });
    writeFileSync(join(env.root, 'sub', 'truncated.npy'), good.subarray(0, good.length - 100));
    writeFileSync(join(env.root, 'notes.txt'), 'hello');
    mkdirSync(join(env.base, 'web', 'assets'), { recursive: true });
    writeFileSync(join(env.base, 'web', 'index.html'), '<!doctype html><title>Stemflow</title>');
    writeFileSync(join(env.base, 'web', 'assets', 'app.js'), 'console.log(1)');
    server = await start(env, { webRoot: join(env.base, 'web'), samplePath: env.file, token: 'secret-token' });
  });

  afterAll(async () => {
    await server.close();
    env.cleanup();
  });

  describe('token', () => {
    it('is required for every /api route, including unknown ones', async () => {
      for (const path of ['/api/config', '/api/plugins', '/api/jobs', '/api/nope']) {
        const reply = await call(server, 'GET', path, undefined, null);
        expect(reply.status).toBe(401);
        expect(reply.type).toContain('application/problem+json');
        expect(reply.body).toMatchObject({ status: 401, code: 'UNAUTHORIZED' });
      }
    });

    it('refuses a wrong token, accepts the right one as header or query', async () => {
      expect((await call(server, 'GET', '/api/config', undefined, 'secret-tokeN')).status).toBe(401);
      expect((await call(server, 'GET', '/api/config', undefined, '')).status).toBe(401);
      expect((await call(server, 'GET', '/api/config?token=wrong', undefined, null)).status).toBe(401);
      expect((await call(server, 'GET', '/api/config?token=secret-token', undefined, null)).status).toBe(200);
      expect((await call(server, 'GET', '/api/config')).status).toBe(200);
    });

    it('is checked when a WebSocket connects', async () => {
      await expect(EventsClient.connect(server, null)).rejects.toThrow('HTTP 401');
      await expect(EventsClient.connect(server, 'wrong')).rejects.toThrow('HTTP 401');
      const client = await EventsClient.connect(server);
      client.close();
      const viaHeader = new WebSocket(`${server.url.replace(/^http/, 'ws')}/api/events`, { headers: { authorization: `Bearer ${server.token}` } });
      await new Promise((resolve, reject) => viaHeader.once('open', resolve).once('error', reject));
      viaHeader.terminate();
      const elsewhere = new WebSocket(`${server.url.replace(/^http/, 'ws')}/api/other?token=${server.token}`);
      await expect(new Promise((resolve, reject) => elsewhere.once('open', resolve).once('error', reject))).rejects.toThrow('404');
    });

    it('is not needed for the web app itself', async () => {
      const page = await fetch(`${server.url}/`);
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('<title>Stemflow</title>');
      expect((await fetch(`${server.url}/assets/app.js`)).status).toBe(200);
      const route = await fetch(`${server.url}/jobs/123`); // client-side route
      expect(await route.text()).toContain('<title>Stemflow</title>');
    });
  });

  it('GET /api/config', async () => {
    const { status, body } = await call(server, 'GET', '/api/config');
    expect(status).toBe(200);
    expect(body).toEqual({ version: expect.any(String), dataRoots: [env.root], samplePath: env.file });
  });

  describe('file browser', () => {
    it('lists the roots, then a folder (dirs first, links out of the roots hidden)', async () => {
      const roots = await call(server, 'GET', '/api/files');
      expect(roots.body).toEqual({ path: null, parent: null, entries: [{ name: env.root, path: env.root, kind: 'dir', size: 0 }] });
      const { status, body } = await call(server, 'GET', `/api/files?path=${encodeURIComponent(env.root)}`);
      expect(status).toBe(200);
      expect(body.path).toBe(env.root);
      expect(body.parent).toBeNull();
      expect(body.entries.map((e: { name: string }) => e.name)).toEqual(['sub', 'cube.npy', 'notes.txt']);
      expect(body.entries[1]).toEqual({ name: 'cube.npy', path: env.file, kind: 'file', size: expect.any(Number) });
      const sub = await call(server, 'GET', `/api/files?path=${encodeURIComponent(join(env.root, 'sub'))}`);
      expect(sub.body.parent).toBe(env.root);
    });

    it('refuses paths outside the roots: absolute, "..", and symlink escapes (403)', async () => {
      for (const path of [env.outside, '/etc', `${env.root}/../outside`, '../outside', join(env.root, 'escape'), join(env.root, 'escape', 'secret.npy')]) {
        const reply = await call(server, 'GET', `/api/files?path=${encodeURIComponent(path)}`);
        expect(reply.status).toBe(403);
        expect(reply.body).toMatchObject({ code: 'FORBIDDEN', status: 403 });
      }
    });

    it('404 for a missing folder inside a root, 400 for a file', async () => {
      expect((await call(server, 'GET', `/api/files?path=${encodeURIComponent(join(env.root, 'missing'))}`)).status).toBe(404);
      expect((await call(server, 'GET', `/api/files?path=${encodeURIComponent(env.file)}`)).status).toBe(400);
    });
  });

  describe('data sets', () => {
    let id: string;

    it('POST /api/datasets describes and stores a data set', async () => {
      const { status, body } = await call(server, 'POST', '/api/datasets', { path: env.file });
      expect(status).toBe(201);
      expect(body).toMatchObject({ path: env.file, format: 'npy', navShape: [...NAV], sigShape: [...SIG], dtype: 'uint16', frames: FRAMES });
      id = body.id;
      expect((await call(server, 'GET', `/api/datasets/${id}`)).body).toMatchObject({ id, frames: FRAMES });
      expect((await call(server, 'GET', '/api/datasets')).body.map((d: { id: string }) => d.id)).toContain(id);
    });

    it('accepts reader parameters (nav reshaped)', async () => {
      const { status, body } = await call(server, 'POST', '/api/datasets', { path: env.file, params: { navShape: [30] } });
      expect(status).toBe(201);
      expect(body.navShape).toEqual([30]);
      const bad = await call(server, 'POST', '/api/datasets', { path: env.file, params: { navShape: [7, 5] } });
      expect(bad.status).toBe(422);
      expect(bad.body).toMatchObject({ code: 'SHAPE_MISMATCH', detail: expect.stringContaining('7×5') });
    });

    it('refuses files outside the roots and through links (403)', async () => {
      for (const path of [join(env.outside, 'secret.npy'), `${env.root}/../outside/secret.npy`, join(env.root, 'secret-link.npy')]) {
        const reply = await call(server, 'POST', '/api/datasets', { path });
        expect(reply.status).toBe(403);
        expect(reply.body.code).toBe('FORBIDDEN');
      }
    });

    it('maps reader errors to problem+json with the reader message', async () => {
      const truncated = await call(server, 'POST', '/api/datasets', { path: join(env.root, 'sub', 'truncated.npy') });
      expect(truncated.status).toBe(422);
      expect(truncated.type).toContain('application/problem+json');
      expect(truncated.body).toMatchObject({ code: 'FILE_CORRUPT', detail: expect.stringContaining('truncated') });
      expect(JSON.stringify(truncated.body)).not.toMatch(/at .*\.ts:\d+/); // no stack trace
      const unknown = await call(server, 'POST', '/api/datasets', { path: join(env.root, 'notes.txt') });
      expect(unknown.status).toBe(422);
      expect(unknown.body.code).toBe('FORMAT_UNKNOWN');
      expect((await call(server, 'POST', '/api/datasets', { path: join(env.root, 'nothing.npy') })).status).toBe(404);
      const missing = await call(server, 'POST', '/api/datasets', { format: 'npy' });
      expect(missing.status).toBe(400);
      expect(missing.body.errors).toEqual([{ path: '/path', message: 'is required' }]);
      expect((await call(server, 'GET', '/api/datasets/nope')).status).toBe(404);
    });

    it('serves frames as colour-mapped PNG and as .npy', async () => {
      const png = await call(server, 'GET', `/api/datasets/${id}/frames/7.png?scale=log`);
      expect(png.status).toBe(200);
      expect(png.type).toBe('image/png');
      expect(png.bytes.subarray(0, 8)).toEqual(PNG_SIGNATURE);
      expect(png.bytes.readUInt32BE(16)).toBe(SIG[1]); // IHDR width
      expect(png.bytes.readUInt32BE(20)).toBe(SIG[0]); // IHDR height
      const npy = await call(server, 'GET', `/api/datasets/${id}/frames/7.npy`);
      expect(npy.status).toBe(200);
      const header = parseNpyHeader(new Uint8Array(npy.bytes));
      expect(header).toMatchObject({ dtype: 'uint16', shape: [...SIG] });
      const values = new Uint16Array(npy.bytes.buffer.slice(npy.bytes.byteOffset + header.offset, npy.bytes.byteOffset + npy.bytes.length));
      const frameSize = SIG[0] * SIG[1];
      expect(Array.from(values)).toEqual(Array.from(env.cube.subarray(7 * frameSize, 8 * frameSize)));
      expect((await call(server, 'GET', `/api/datasets/${id}/frames/${FRAMES}.png`)).status).toBe(404);
      expect((await call(server, 'GET', `/api/datasets/${id}/frames/x.png`)).status).toBe(404);
      expect((await call(server, 'GET', `/api/datasets/${id}/frames/1.png?scale=cubic`)).status).toBe(400);
    });
  });

  describe('plugins', () => {
    it('lists installed plugins with their JSON schema and defaults', async () => {
      const { status, body } = await call(server, 'GET', '/api/plugins');
      expect(status).toBe(200);
      const ring = body.find((p: { id: string }) => p.id === 'test-ring');
      expect(ring).toMatchObject({
        title: 'Test ring',
        version: '0.0.1',
        packageName: '@stemflow-test/plugin-ring',
        defaults: { ri: 2, ro: 6, delayMs: 0, fail: false },
        resultNames: ['intensity', 'total'],
      });
      expect(ring.paramsSchema).toMatchObject({ type: 'object', properties: { ri: { type: 'number', minimum: 0 } } });
    });

    it('with ?datasetId= the defaults suit the data set', async () => {
      const dataset = await call(server, 'POST', '/api/datasets', { path: env.file });
      const { body } = await call(server, 'GET', `/api/plugins?datasetId=${dataset.body.id}`);
      expect(body.find((p: { id: string }) => p.id === 'test-ring').defaults).toEqual({ cx: 8, cy: 8, ri: 2, ro: 6, delayMs: 0, fail: false });
      expect((await call(server, 'GET', '/api/plugins?datasetId=nope')).status).toBe(404);
    });
  });

  describe('errors', () => {
    it('an unknown route is a problem+json 404', async () => {
      const reply = await call(server, 'GET', '/api/nope');
      expect(reply.status).toBe(404);
      expect(reply.type).toContain('application/problem+json');
      expect(reply.body).toMatchObject({ status: 404, code: 'NOT_FOUND', title: expect.any(String), type: expect.any(String) });
    });

    // Bodies over the limit (32 MiB by default, configurable) are covered in security.spec.ts.
    it('bad JSON is a 400 problem+json', async () => {
      const bad = await call(server, 'POST', '/api/jobs', '{"datasetId": ');
      expect(bad.status).toBe(400);
      expect(bad.type).toContain('application/problem+json');
    });
  });
});

describe('startServer', () => {
  it('says clearly when the port is taken, and checks its data roots', async () => {
    const env = makeEnv();
    const first = await start(env);
    try {
      await expect(start(env, { port: first.port, home: join(env.base, 'home2') })).rejects.toThrow(/is in use/);
      await expect(start(env, { dataRoots: [join(env.base, 'missing')] })).rejects.toThrow(/is not a directory/);
      expect(first.url).toBe(`http://127.0.0.1:${first.port}`);
      expect(first.token).toMatch(/^[0-9a-f]{64}$/);
    } finally {
      await first.close();
      env.cleanup();
    }
  });
});
