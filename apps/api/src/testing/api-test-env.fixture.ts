/** Shared helpers for the API tests: a temp data root with a small .npy cube, a server, HTTP and WebSocket clients. */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { encodeNpy } from '@stemflow/engine';
import { WebSocket } from 'ws';
import { decodeResultMessage, type ResultHeader } from '../jobs/result-message';
import { startServer, type RunningServer, type ServerOptions } from '../server';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = any;

export const NAV = [6, 5] as const;
export const SIG = [16, 16] as const;
export const FRAMES = NAV[0] * NAV[1];
export const FIXTURE_PLUGIN_DIR = resolve(__dirname, '../../test/plugin-ring');

export interface TestEnv {
  base: string;
  root: string;
  home: string;
  outside: string;
  file: string;
  cube: Uint16Array;
  cleanup(): void;
}

/** Frame f, pixel (y, x): a deterministic pattern with a per-frame bright ring, so every frame differs. */
export function makeCube(): Uint16Array {
  const [h, w] = SIG;
  const cube = new Uint16Array(FRAMES * h * w);
  for (let f = 0; f < FRAMES; f++) {
    for (let y = 0; y < h; y++) {
      for (let x = 0; x < w; x++) {
        const d = Math.hypot(x - 8, y - 8);
        cube[(f * h + y) * w + x] = ((f * 31 + y * 7 + x * 3) % 50) + (Math.abs(d - (f % 7)) < 1 ? 1000 + f : 0);
      }
    }
  }
  return cube;
}

export function makeEnv(): TestEnv {
  const base = mkdtempSync(join(tmpdir(), 'stemflow-api-'));
  const root = join(base, 'data');
  const home = join(base, 'home');
  const outside = join(base, 'outside');
  mkdirSync(join(root, 'sub'), { recursive: true });
  mkdirSync(outside, { recursive: true });
  const cube = makeCube();
  const file = join(root, 'cube.npy');
  writeFileSync(file, encodeNpy({ data: cube, shape: [...NAV, ...SIG] }));
  writeFileSync(join(outside, 'secret.npy'), encodeNpy({ data: cube, shape: [...NAV, ...SIG] }));
  return { base, root, home, outside, file, cube, cleanup: () => rmSync(base, { recursive: true, force: true }) };
}

export function start(env: TestEnv, options: Partial<ServerOptions> = {}): Promise<RunningServer> {
  return startServer({
    port: 0,
    dataRoots: [env.root],
    home: env.home,
    executor: 'inline',
    pluginDirs: [FIXTURE_PLUGIN_DIR],
    logger: false,
    ...options,
  });
}

export interface Reply<T = unknown> {
  status: number;
  type: string;
  body: T;
  bytes: Buffer;
}

/** fetch with the token; parses JSON bodies. */
export async function call<T = Json>(server: RunningServer, method: string, path: string, body?: unknown, token: string | null = server.token): Promise<Reply<T>> {
  const headers: Record<string, string> = {};
  if (token !== null) headers.authorization = `Bearer ${token}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(`${server.url}${path}`, { method, headers, body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body) });
  const bytes = Buffer.from(await res.arrayBuffer());
  const type = res.headers.get('content-type') ?? '';
  const parsed = type.includes('json') && bytes.length > 0 ? (JSON.parse(bytes.toString('utf8')) as T) : (undefined as T);
  return { status: res.status, type, body: parsed, bytes };
}

export async function openCube(server: RunningServer, env: TestEnv): Promise<string> {
  const reply = await call<{ id: string }>(server, 'POST', '/api/datasets', { path: env.file });
  if (reply.status !== 201) throw new Error(`POST /api/datasets: ${reply.status} ${reply.bytes.toString()}`);
  return reply.body.id;
}

export async function waitForJob(server: RunningServer, id: string, until: (status: string) => boolean = (s) => !['queued', 'running'].includes(s), timeoutMs = 15000): Promise<Json> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { body } = await call(server, 'GET', `/api/jobs/${id}`);
    if (until(body.status)) return body;
    if (Date.now() > deadline) throw new Error(`job ${id} still ${body.status}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Σ over the ring ri² < d² ≤ ro² of each frame, in float64 (the reference for `intensity`). */
export function ringReference(cube: Uint16Array, p: { cx: number; cy: number; ri: number; ro: number }): Float64Array {
  const [h, w] = SIG;
  const out = new Float64Array(FRAMES);
  for (let f = 0; f < FRAMES; f++) {
    let s = 0;
    for (let y = 0; y < h; y++) {
      for (let x = 0; x < w; x++) {
        const d2 = (x - p.cx) ** 2 + (y - p.cy) ** 2;
        if (d2 > p.ri ** 2 && d2 <= p.ro ** 2) s += cube[(f * h + y) * w + x]!;
      }
    }
    out[f] = s;
  }
  return out;
}

export type WsMessage = { kind: 'text'; data: Json } | { kind: 'result'; header: ResultHeader; data: Float32Array };

/** A WebSocket client that records every message and can wait for one. */
export class EventsClient {
  readonly messages: WsMessage[] = [];
  private waiters: (() => void)[] = [];

  private constructor(readonly ws: WebSocket) {
    ws.on('message', (data: Buffer, isBinary: boolean) => {
      if (isBinary) {
        const { header, data: values } = decodeResultMessage(new Uint8Array(data));
        this.messages.push({ kind: 'result', header, data: values });
      } else {
        this.messages.push({ kind: 'text', data: JSON.parse(data.toString()) });
      }
      for (const wake of this.waiters.splice(0)) wake();
    });
  }

  static connect(server: RunningServer, token: string | null = server.token): Promise<EventsClient> {
    const url = `${server.url.replace(/^http/, 'ws')}/api/events${token === null ? '' : `?token=${token}`}`;
    const ws = new WebSocket(url);
    return new Promise((resolve, reject) => {
      ws.once('open', () => resolve(new EventsClient(ws)));
      ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
      ws.once('error', reject);
    });
  }

  send(message: unknown): void {
    this.ws.send(JSON.stringify(message));
  }

  async waitFor(predicate: (m: WsMessage) => boolean, timeoutMs = 10000): Promise<WsMessage> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.messages.find(predicate);
      if (found) return found;
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no such WebSocket message; got ${JSON.stringify(this.messages.map((m) => (m.kind === 'text' ? m.data : m.header)))}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  close(): void {
    this.ws.terminate();
  }
}
