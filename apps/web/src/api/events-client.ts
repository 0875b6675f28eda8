import { decodeResultFrame } from './result-frame';
import type { JobStatus, ServerEvent } from './types';

export type ConnectionState = 'idle' | 'connecting' | 'open' | 'closed';
type EventListener = (event: ServerEvent) => void;
type StateListener = (state: ConnectionState) => void;

const STATUSES: readonly JobStatus[] = ['queued', 'running', 'done', 'failed', 'cancelled', 'interrupted'];

function parseText(text: string): ServerEvent | null {
  let msg: unknown;
  try {
    msg = JSON.parse(text);
  } catch {
    return null;
  }
  if (typeof msg !== 'object' || msg === null) return null;
  const m = msg as Record<string, unknown>;
  if (typeof m.jobId !== 'string' || !STATUSES.includes(m.status as JobStatus)) return null;
  if (m.type === 'progress') {
    return {
      type: 'progress',
      jobId: m.jobId,
      status: m.status as JobStatus,
      progress: typeof m.progress === 'number' ? m.progress : 0,
      framesDone: typeof m.framesDone === 'number' ? m.framesDone : undefined,
      framesTotal: typeof m.framesTotal === 'number' ? m.framesTotal : undefined,
    };
  }
  if (m.type === 'status') {
    return {
      type: 'status',
      jobId: m.jobId,
      status: m.status as JobStatus,
      error: typeof m.error === 'string' ? m.error : undefined,
    };
  }
  return null;
}

/**
 * The WebSocket to /api/events: connects when the first job is subscribed, reconnects with
 * back-off while any subscription is wanted, and re-subscribes after every reconnect.
 */
export class EventsClient {
  private socket: WebSocket | null = null;
  private readonly jobs = new Set<string>();
  private readonly listeners = new Set<EventListener>();
  private readonly stateListeners = new Set<StateListener>();
  private retryTimer: number | undefined;
  private retryDelay = 500;
  private state: ConnectionState = 'idle';

  constructor(private readonly url: () => string) {}

  subscribe(jobId: string): void {
    this.jobs.add(jobId);
    if (this.socket?.readyState === WebSocket.OPEN) this.send(jobId);
    else this.connect();
  }

  /** Stops re-subscribing to a job after reconnects (the protocol has no unsubscribe). */
  forget(jobId: string): void {
    this.jobs.delete(jobId);
  }

  onEvent(listener: EventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  onState(listener: StateListener): () => void {
    this.stateListeners.add(listener);
    listener(this.state);
    return () => this.stateListeners.delete(listener);
  }

  close(): void {
    window.clearTimeout(this.retryTimer);
    this.jobs.clear();
    this.socket?.close();
    this.socket = null;
    this.setState('idle');
  }

  private connect(): void {
    if (this.socket && this.socket.readyState <= WebSocket.OPEN) return;
    window.clearTimeout(this.retryTimer);
    this.setState('connecting');
    const socket = new WebSocket(this.url());
    socket.binaryType = 'arraybuffer';
    this.socket = socket;

    socket.onopen = () => {
      this.retryDelay = 500;
      this.setState('open');
      for (const jobId of this.jobs) this.send(jobId);
    };
    socket.onmessage = (message) => this.receive(message.data);
    socket.onclose = () => {
      if (this.socket !== socket) return;
      this.socket = null;
      this.setState('closed');
      if (this.jobs.size > 0) {
        this.retryTimer = window.setTimeout(() => this.connect(), this.retryDelay);
        this.retryDelay = Math.min(this.retryDelay * 2, 10_000);
      }
    };
  }

  private send(jobId: string): void {
    this.socket?.send(JSON.stringify({ type: 'subscribe', jobId }));
  }

  private receive(data: unknown): void {
    let event: ServerEvent | null = null;
    if (typeof data === 'string') {
      event = parseText(data);
    } else if (data instanceof ArrayBuffer) {
      try {
        const { header, data: values } = decodeResultFrame(data);
        event = { type: 'result', header, data: values };
      } catch (error) {
        console.warn(error);
      }
    }
    if (event) for (const listener of this.listeners) listener(event);
  }

  private setState(state: ConnectionState): void {
    this.state = state;
    for (const listener of this.stateListeners) listener(state);
  }
}
