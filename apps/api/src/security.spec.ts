import { mkdirSync, symlinkSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { join } from 'node:path';
import { WebSocket } from 'ws';
import type { RunningServer } from './server';
import { call, EventsClient, makeEnv, start, type Json, type TestEnv } from './testing/api-test-env.fixture';

interface RawReply {
  status: number;
  type: string;
  body: Json;
}

/** A request with hand-made Host / Origin headers (fetch would not let us set Host). */
function raw(server: RunningServer, path: string, headers: Record<string, string>, method = 'GET', body?: string): Promise<RawReply> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port: server.port, path, method, headers: { authorization: `Bearer ${server.token}`, ...headers } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        const type = res.headers['content-type'] ?? '';
        resolve({ status: res.statusCode ?? 0, type, body: type.includes('json') && text ? JSON.parse(text) : text });
      });
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** Open a WebSocket with extra headers; resolves to 'open' or the HTTP status it was refused with. */
function upgrade(server: RunningServer, headers: Record<string, string>, token: string | null = server.token): Promise<'open' | number> {
  const ws = new WebSocket(`ws://127.0.0.1:${server.port}/api/events${token ? `?token=${token}` : ''}`, { headers });
  return new Promise((resolve, reject) => {
    ws.once('open', () => {
      ws.terminate();
      resolve('open');
    });
    ws.once('unexpected-response', (_req, res) => {
      resolve(res.statusCode ?? 0);
      ws.terminate();
    });
    ws.once('error', reject);
  });
}

describe('security (real HTTP and WebSocket)', () => {
  let env: TestEnv;
  let server: RunningServer;
  let here: string;

  beforeAll(async () => {
    env = makeEnv();
    mkdirSync(join(env.root, 'sub', 'deeper'), { recursive: true });
    symlinkSync(env.outside, join(env.root, 'sub', 'deeper', 'up'));
    server = await start(env, {
      allowedHosts: ['lab-pc.local', 'proxy.example:9000'],
      allowedOrigins: ['http://localhost:5173'],
      maxBodyBytes: 64 * 1024,
    });
    here = `127.0.0.1:${server.port}`;
  });

  afterAll(async () => {
    await server.close();
    env.cleanup();
  });

  describe('Host header (DNS rebinding)', () => {
    it('refuses a name the server does not answer to with 403 problem+json, on /api and on the web app', async () => {
      for (const path of ['/api/config', '/', '/api/nope']) {
        const reply = await raw(server, path, { host: `evil.example:${server.port}` });
        expect([path, reply.status]).toEqual([path, 403]);
        expect(reply.type).toContain('application/problem+json');
        expect(reply.body).toMatchObject({ code: 'FORBIDDEN', detail: expect.stringContaining('allowedHosts') });
      }
      expect((await raw(server, '/api/config', { host: '127.0.0.1:1' })).status).toBe(403); // right name, other port
      expect((await raw(server, '/api/config', { host: 'proxy.example:9001' })).status).toBe(403);
      expect((await raw(server, '/api/config', { host: 'evil.example' })).status).toBe(403);
    });

    it('accepts loopback names on its port and configured names', async () => {
      for (const host of [here, `localhost:${server.port}`, `LOCALHOST:${server.port}`, `[::1]:${server.port}`, 'lab-pc.local', `lab-pc.local:${server.port}`, 'proxy.example:9000']) {
        expect([host, (await raw(server, '/api/config', { host })).status]).toEqual([host, 200]);
      }
    });
  });

  describe('Origin header', () => {
    it('refuses another web page on HTTP, before the token is even looked at', async () => {
      for (const origin of ['http://evil.example', `http://evil.example:${server.port}`, 'null', `http://127.0.0.1:${server.port + 1}`, `file://${env.root}`]) {
        const reply = await raw(server, '/api/config', { origin });
        expect([origin, reply.status]).toEqual([origin, 403]);
        expect(reply.body).toMatchObject({ code: 'FORBIDDEN', detail: expect.stringContaining('allowedOrigins') });
      }
      const post = await raw(server, '/api/datasets', { origin: 'http://evil.example', 'content-type': 'application/json' }, 'POST', JSON.stringify({ path: env.file }));
      expect(post.status).toBe(403);
      expect((await raw(server, '/api/config', { origin: 'http://evil.example', authorization: '' })).status).toBe(403);
    });

    it('accepts its own origin, configured origins, and no Origin at all (curl, CLI)', async () => {
      for (const origin of [`http://${here}`, `http://localhost:${server.port}`, 'http://localhost:5173', 'http://lab-pc.local:8080']) {
        expect([origin, (await raw(server, '/api/config', { origin })).status]).toEqual([origin, 200]);
      }
      expect((await raw(server, '/api/config', {})).status).toBe(200);
      expect((await raw(server, '/api/config', { origin: `http://${here}`, authorization: 'Bearer wrong' })).status).toBe(401);
    });

    it('refuses a WebSocket upgrade from another origin or to another Host; same origin with the token connects', async () => {
      expect(await upgrade(server, { origin: 'http://evil.example' })).toBe(403);
      expect(await upgrade(server, { origin: 'null' })).toBe(403);
      expect(await upgrade(server, { host: `evil.example:${server.port}` })).toBe(403);
      expect(await upgrade(server, { origin: `http://${here}` })).toBe('open');
      expect(await upgrade(server, {})).toBe('open');
      expect(await upgrade(server, { origin: `http://${here}` }, null)).toBe(401);
      expect(await upgrade(server, { origin: `http://${here}` }, 'wrong')).toBe(401);
    });
  });

  describe('size limits', () => {
    it('a JSON body over the limit is 413 problem+json naming the limit; one under it is read', async () => {
      const big = await call(server, 'POST', '/api/datasets', { path: 'x'.repeat(70 * 1024) });
      expect(big.status).toBe(413);
      expect(big.type).toContain('application/problem+json');
      expect(big.body).toMatchObject({ status: 413, code: 'PAYLOAD_TOO_LARGE', detail: expect.stringContaining('64 KiB (65536 bytes)') });
      const under = await call(server, 'POST', '/api/datasets', { path: join(env.root, 'x'.repeat(60 * 1024)) });
      expect(under.status).not.toBe(413);
      expect(under.type).toContain('application/problem+json');
    });

    it('a WebSocket message over the limit closes the socket (1009)', async () => {
      const client = await EventsClient.connect(server);
      const closed = new Promise<number>((resolve) => client.ws.once('close', (code) => resolve(code)));
      client.ws.send('x'.repeat(65 * 1024));
      expect(await closed).toBe(1009);
    });
  });

  describe('errors', () => {
    it('unknown routes are 404 problem+json that do not echo the token', async () => {
      const reply = await call(server, 'GET', `/api/nope?token=${server.token}`, undefined, null);
      expect(reply.status).toBe(404);
      expect(reply.type).toContain('application/problem+json');
      expect(reply.body.detail).toBe('Cannot GET /api/nope');
    });
  });

  describe('data roots', () => {
    it('refuses "..", encoded "..", and a symlink escaping the root deeper down (403)', async () => {
      const escapes = [`${env.root}/sub/../../outside`, `${env.root}/sub/deeper/up`, `${env.root}/sub/deeper/up/secret.npy`, `${env.root}/./sub/../..`];
      for (const path of escapes) {
        const reply = await call(server, 'GET', `/api/files?path=${encodeURIComponent(path)}`);
        expect([path, reply.status, reply.body.code]).toEqual([path, 403, 'FORBIDDEN']);
      }
      for (const path of [`${env.root}/sub/deeper/up/secret.npy`, `${env.root}/sub/../../outside/secret.npy`]) {
        const reply = await call(server, 'POST', '/api/datasets', { path });
        expect([path, reply.status]).toEqual([path, 403]);
      }
      const encoded = await raw(server, `/api/files?path=${env.root}/sub/%2e%2e/%2e%2e/outside`, {});
      expect(encoded.status).toBe(403);
    });
  });
});
