import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { StemflowError } from '@stemflow/plugin-sdk';
import { WebSocket, WebSocketServer, type RawData } from 'ws';
import { hostOriginProblem } from '../common/host-origin-guard';
import { problem } from '../common/problem';
import { SERVER_CONFIG, type ServerConfig } from '../common/server-config';
import { tokenMatches, tokenOf } from '../common/token-auth';
import { toFloat32 } from '../results/result-arrays';
import { ResultStoreService } from '../results/result-store.service';
import { JobEventsService, type JobEvent, type StreamedResult } from './job-events.service';
import { JobsService } from './jobs.service';
import { encodeResultMessage } from './result-message';

export const EVENTS_PATH = '/api/events';
/** A socket with more than this queued is slow: it skips partial results (never the final ones). */
export const MAX_BUFFERED_FOR_PARTIAL = 4 * 2 ** 20;

type ClientMessage = { type: 'subscribe' | 'unsubscribe'; jobId: string };

/**
 * WebSocket `/api/events`: clients subscribe to jobs and receive their progress (text JSON),
 * merged partial and final results (binary, see result-message.ts) and their end status.
 * Host, Origin and token are checked at the HTTP upgrade; a request failing any never becomes a socket.
 */
@Injectable()
export class EventsGateway {
  private readonly logger = new Logger('EventsGateway');
  private readonly wss = new WebSocketServer({ noServer: true, maxPayload: 64 * 1024 });
  private readonly subscribers = new Map<string, Set<WebSocket>>();
  private readonly subscriptions = new Map<WebSocket, Set<string>>();
  private readonly unlisten: () => void;

  constructor(
    @Inject(SERVER_CONFIG) private readonly config: ServerConfig,
    private readonly jobs: JobsService,
    private readonly results: ResultStoreService,
    events: JobEventsService,
  ) {
    this.unlisten = events.on((event) => this.onJobEvent(event));
  }

  attach(server: Server): void {
    server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
      const path = new URL(req.url ?? '/', 'http://localhost').pathname;
      // Browsers let any page open a WebSocket to any host: Host and Origin are the same-origin check here.
      const foreign = hostOriginProblem(req, this.config);
      if (foreign) return refuse(socket, 403, 'FORBIDDEN', foreign.detail);
      if (path !== EVENTS_PATH) return refuse(socket, 404, 'NOT_FOUND', `no WebSocket endpoint at ${path}; use ${EVENTS_PATH}`);
      if (!tokenMatches(tokenOf(req), this.config.token)) {
        return refuse(socket, 401, 'UNAUTHORIZED', `connect to ${EVENTS_PATH}?token=<token> (or send "Authorization: Bearer <token>")`);
      }
      this.wss.handleUpgrade(req, socket, head, (ws) => this.onConnection(ws));
    });
  }

  async close(): Promise<void> {
    this.unlisten();
    for (const ws of this.wss.clients) ws.terminate();
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
  }

  private onConnection(ws: WebSocket): void {
    this.subscriptions.set(ws, new Set());
    ws.on('message', (data: RawData, isBinary: boolean) => this.onMessage(ws, data, isBinary));
    ws.on('close', () => this.drop(ws));
    ws.on('error', (error) => {
      this.logger.warn(`WebSocket error: ${error.message}`);
      this.drop(ws);
    });
  }

  private onMessage(ws: WebSocket, data: RawData, isBinary: boolean): void {
    let message: ClientMessage;
    try {
      if (isBinary) throw new Error('binary');
      message = JSON.parse(data.toString()) as ClientMessage;
      if (!message || (message.type !== 'subscribe' && message.type !== 'unsubscribe') || typeof message.jobId !== 'string') throw new Error('shape');
    } catch {
      return sendJson(ws, { type: 'error', code: 'PARAMS_INVALID', message: 'send text JSON { "type": "subscribe" | "unsubscribe", "jobId": "<id>" }' });
    }
    if (message.type === 'unsubscribe') return this.unsubscribe(ws, message.jobId);
    try {
      this.subscribe(ws, message.jobId);
    } catch (error) {
      const e = error instanceof StemflowError ? error : new StemflowError('INTERNAL', 'could not subscribe');
      if (!(error instanceof StemflowError)) this.logger.error(`subscribe failed: ${(error as Error)?.message}`, (error as Error)?.stack);
      sendJson(ws, { type: 'error', jobId: message.jobId, code: e.code, message: e.message });
    }
  }

  /** Start sending a job's events; catch the client up on what already happened. */
  private subscribe(ws: WebSocket, jobId: string): void {
    const job = this.jobs.get(jobId);
    this.subscriptions.get(ws)?.add(jobId);
    let set = this.subscribers.get(jobId);
    if (!set) this.subscribers.set(jobId, (set = new Set()));
    set.add(ws);

    const live = job.status === 'running' || job.status === 'queued' ? this.jobs.liveState(jobId) : undefined;
    sendJson(ws, {
      type: 'progress',
      jobId,
      status: job.status,
      progress: job.progress,
      framesDone: live?.framesDone ?? job.framesDone ?? 0,
      framesTotal: live?.framesTotal ?? job.framesTotal ?? 0,
    });
    if (live?.partial) this.sendResults(ws, jobId, live.seq, false, live.partial());
    if (job.status === 'done') {
      const stored = job.results.map((r) => ({ name: r.name, shape: r.shape, kind: r.kind, data: toFloat32(this.results.read(jobId, r.name)) }));
      this.sendResults(ws, jobId, 0, true, stored);
    }
    if (job.status !== 'running' && job.status !== 'queued') {
      sendJson(ws, { type: 'status', jobId, status: job.status, ...(job.error ? { error: job.error } : {}) });
    }
  }

  private unsubscribe(ws: WebSocket, jobId: string): void {
    this.subscriptions.get(ws)?.delete(jobId);
    const set = this.subscribers.get(jobId);
    set?.delete(ws);
    if (set?.size === 0) this.subscribers.delete(jobId);
  }

  private drop(ws: WebSocket): void {
    for (const jobId of this.subscriptions.get(ws) ?? []) this.unsubscribe(ws, jobId);
    this.subscriptions.delete(ws);
  }

  private onJobEvent(event: JobEvent): void {
    const set = this.subscribers.get(event.jobId);
    if (!set || set.size === 0) return;
    const sockets = [...set].filter((ws) => ws.readyState === WebSocket.OPEN);
    if (event.type === 'results') {
      // Partial results are best effort: a slow socket skips them. Final ones always go.
      const targets = event.final ? sockets : sockets.filter((ws) => ws.bufferedAmount < MAX_BUFFERED_FOR_PARTIAL);
      if (targets.length === 0) return;
      const messages = event.results().map((r) => encodeResult(event.jobId, r, event.final, event.seq));
      for (const ws of targets) for (const message of messages) ws.send(message);
      return;
    }
    const text = JSON.stringify(event);
    for (const ws of sockets) ws.send(text);
  }

  private sendResults(ws: WebSocket, jobId: string, seq: number, final: boolean, results: StreamedResult[]): void {
    for (const r of results) ws.send(encodeResult(jobId, r, final, seq));
  }
}

function encodeResult(jobId: string, r: StreamedResult, final: boolean, seq: number): Buffer {
  return encodeResultMessage({ type: 'result', jobId, name: r.name, shape: r.shape, final, seq, ...(r.kind ? { kind: r.kind } : {}) }, r.data);
}

function sendJson(ws: WebSocket, message: unknown): void {
  if (ws.readyState === WebSocket.OPEN) ws.send(JSON.stringify(message));
}

const REASONS = { 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found' } as const;

function refuse(socket: Duplex, status: keyof typeof REASONS, code: string, detail: string): void {
  const body = JSON.stringify(problem(status, code, detail));
  const reason = REASONS[status];
  socket.on('error', () => socket.destroy());
  socket.end(
    `HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\nContent-Type: application/problem+json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
    () => socket.destroy(),
  );
}
