import type { Job, JobStatus, ResultMeta, ServerEvent } from '../api/types';

// The state of the job the user is watching, folded from HTTP snapshots, WebSocket events
// and final result files. Pure.

export interface ResultData {
  name: string;
  shape: number[];
  data: Float32Array;
  final: boolean;
  seq: number;
  kind?: ResultMeta['kind'];
}

export interface JobState {
  id: string;
  analysisId: string;
  status: JobStatus;
  progress: number;
  framesDone?: number;
  framesTotal?: number;
  error?: string;
  /** Results the host lists for the job (GET /api/jobs/:id). */
  meta: ResultMeta[];
  /** Latest values per result name. */
  results: Record<string, ResultData>;
  /** Result names in the order they should be offered. */
  names: string[];
  loadError?: string;
}

export type JobAction =
  | { type: 'started'; id: string; analysisId: string }
  | { type: 'snapshot'; job: Job }
  | { type: 'event'; event: ServerEvent }
  | { type: 'loaded'; jobId: string; name: string; shape: number[]; data: Float32Array }
  | { type: 'loadFailed'; jobId: string; message: string }
  | { type: 'clear' };

const TERMINAL: ReadonlySet<JobStatus> = new Set(['done', 'failed', 'cancelled', 'interrupted']);

export function isTerminal(status: JobStatus): boolean {
  return TERMINAL.has(status);
}

export function eventJobId(event: ServerEvent): string {
  return event.type === 'result' ? event.header.jobId : event.jobId;
}

function withName(names: string[], name: string): string[] {
  return names.includes(name) ? names : [...names, name];
}

/** A terminal status is never replaced by a late non-terminal one. */
function nextStatus(current: JobStatus, incoming: JobStatus): JobStatus {
  return isTerminal(current) && !isTerminal(incoming) ? current : incoming;
}

function withResult(state: JobState, result: ResultData): JobState {
  const previous = state.results[result.name];
  if (previous && !result.final && (previous.final || previous.seq > result.seq)) return state;
  return { ...state, results: { ...state.results, [result.name]: result }, names: withName(state.names, result.name) };
}

function applyEvent(state: JobState, event: ServerEvent): JobState {
  switch (event.type) {
    case 'progress': {
      const status = nextStatus(state.status, event.status);
      return {
        ...state,
        status,
        progress: status === 'done' ? 1 : Math.max(state.progress, event.progress),
        framesDone: event.framesDone ?? state.framesDone,
        framesTotal: event.framesTotal ?? state.framesTotal,
      };
    }
    case 'status': {
      const status = nextStatus(state.status, event.status);
      return {
        ...state,
        status,
        progress: status === 'done' ? 1 : state.progress,
        framesDone: status === 'done' ? (state.framesTotal ?? state.framesDone) : state.framesDone,
        error: event.error ?? state.error,
      };
    }
    case 'result': {
      const { header, data } = event;
      return withResult(state, { name: header.name, shape: header.shape, data, final: header.final, seq: header.seq, kind: header.kind });
    }
  }
}

export function jobReducer(state: JobState | null, action: JobAction): JobState | null {
  if (action.type === 'clear') return null;
  if (action.type === 'started') {
    return { id: action.id, analysisId: action.analysisId, status: 'queued', progress: 0, meta: [], results: {}, names: [] };
  }
  if (!state) return state;
  switch (action.type) {
    case 'snapshot': {
      const { job } = action;
      if (job.id !== state.id) return state;
      const status = nextStatus(state.status, job.status);
      const meta = job.results ?? [];
      const metaNames = meta.map((m) => m.name);
      return {
        ...state,
        status,
        progress: status === 'done' ? 1 : Math.max(state.progress, job.progress ?? 0),
        error: job.error ?? state.error,
        meta,
        names: [...metaNames, ...state.names.filter((n) => !metaNames.includes(n))],
      };
    }
    case 'event':
      return eventJobId(action.event) === state.id ? applyEvent(state, action.event) : state;
    case 'loaded': {
      if (action.jobId !== state.id) return state;
      const kind = state.meta.find((m) => m.name === action.name)?.kind;
      return withResult(state, { name: action.name, shape: action.shape, data: action.data, final: true, seq: Number.MAX_SAFE_INTEGER, kind });
    }
    case 'loadFailed':
      return action.jobId === state.id ? { ...state, loadError: action.message } : state;
  }
}

/** Results the host lists as finished whose final values have not arrived yet. */
export function missingFinals(state: JobState): ResultMeta[] {
  if (state.status !== 'done') return [];
  return state.meta.filter((m) => !state.results[m.name]?.final);
}
