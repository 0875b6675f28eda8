import { useCallback, useEffect, useReducer, useRef } from 'react';
import { api } from '../api/client';
import type { EventsClient } from '../api/events-client';
import { errorMessage } from '../api/http';
import { parseNpy } from '../results/npy';
import { eventJobId, isTerminal, jobReducer, missingFinals, type JobState } from './job-state';

const POLL_MS = 1500;

/**
 * Follows one job: live progress and partial results over the WebSocket, a slow HTTP poll as
 * a safety net (events sent before the subscription, a dropped connection), and the final
 * result files when the job is done and the socket did not deliver them.
 */
export function useJob(events: EventsClient) {
  const [job, dispatch] = useReducer(jobReducer, null);
  const jobId = job?.id;
  const terminal = job ? isTerminal(job.status) : false;

  useEffect(() => {
    if (!jobId) return;
    const off = events.onEvent((event) => {
      if (eventJobId(event) === jobId) dispatch({ type: 'event', event });
    });
    events.subscribe(jobId);
    return () => {
      off();
      events.forget(jobId);
    };
  }, [events, jobId]);

  useEffect(() => {
    if (!jobId) return;
    const abort = new AbortController();
    const poll = () =>
      api.job(jobId, abort.signal).then(
        (snapshot) => dispatch({ type: 'snapshot', job: snapshot }),
        (error: unknown) => {
          if (!abort.signal.aborted) console.warn('job poll failed:', errorMessage(error));
        },
      );
    void poll();
    const timer = terminal ? undefined : window.setInterval(poll, POLL_MS);
    return () => {
      abort.abort();
      window.clearInterval(timer);
    };
  }, [jobId, terminal]);

  const loading = useRef(new Set<string>());
  const missing = job ? missingFinals(job) : [];
  const missingKey = missing.map((m) => m.name).join('\u0000');
  useEffect(() => {
    if (!jobId || !missingKey) return;
    for (const name of missingKey.split('\u0000')) {
      const key = `${jobId}/${name}`;
      if (loading.current.has(key)) continue;
      loading.current.add(key);
      api
        .resultNpy(jobId, name)
        .then((buffer) => {
          const array = parseNpy(buffer);
          dispatch({ type: 'loaded', jobId, name, shape: array.shape, data: array.data });
        })
        .catch((error: unknown) => {
          dispatch({ type: 'loadFailed', jobId, message: `Could not load result "${name}": ${errorMessage(error)}` });
        });
    }
  }, [jobId, missingKey]);

  const start = useCallback((id: string, analysisId: string) => dispatch({ type: 'started', id, analysisId }), []);
  const clear = useCallback(() => dispatch({ type: 'clear' }), []);
  const cancel = useCallback(async () => {
    if (jobId) await api.cancelJob(jobId);
  }, [jobId]);

  return { job: job as JobState | null, start, cancel, clear };
}
