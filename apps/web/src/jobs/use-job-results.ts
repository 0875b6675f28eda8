import { useEffect, useReducer } from 'react';
import { api } from '../api/client';
import { errorMessage } from '../api/http';
import { parseNpy } from '../results/npy';
import { jobReducer, type JobState } from './job-state';

/**
 * The stored results of a finished job, read once over HTTP (no live updates: used to look
 * back at, or compare, earlier jobs). Folds into the same state the live view uses.
 */
export function useJobResults(jobId: string, analysisId: string): JobState | null {
  const [job, dispatch] = useReducer(jobReducer, null);

  useEffect(() => {
    const abort = new AbortController();
    dispatch({ type: 'started', id: jobId, analysisId });
    api
      .job(jobId, abort.signal)
      .then(async (snapshot) => {
        dispatch({ type: 'snapshot', job: snapshot });
        await Promise.all(
          snapshot.results.map(async ({ name }) => {
            const array = parseNpy(await api.resultNpy(jobId, name, abort.signal));
            dispatch({ type: 'loaded', jobId, name, shape: array.shape, data: array.data });
          }),
        );
      })
      .catch((e: unknown) => {
        if (!abort.signal.aborted) dispatch({ type: 'loadFailed', jobId, message: `Could not load job ${jobId}: ${errorMessage(e)}` });
      });
    return () => abort.abort();
  }, [jobId, analysisId]);

  return job;
}
