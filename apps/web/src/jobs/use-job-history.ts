import { useCallback, useEffect, useState } from 'react';
import { errorMessage } from '../api/http';
import { jobsApi, type DatasetRecord, type JobRecord } from '../api/jobs-api';

const POLL_MS = 3000;

export interface JobHistoryData {
  jobs: JobRecord[];
  datasets: ReadonlyMap<string, DatasetRecord>;
  titles: ReadonlyMap<string, string>;
  error: string | null;
  /** Asks the host again now (after an action, or when the watched job changed). */
  refresh: () => void;
}

/**
 * The jobs the host remembers in its database, kept fresh by a poll (the WebSocket only
 * reports jobs a client subscribed to) and by `changeKey`, which the caller changes when
 * the job it watches moves on.
 */
export function useJobHistory(changeKey: string): JobHistoryData {
  const [jobs, setJobs] = useState<JobRecord[]>([]);
  const [datasets, setDatasets] = useState<ReadonlyMap<string, DatasetRecord>>(new Map());
  const [titles, setTitles] = useState<ReadonlyMap<string, string>>(new Map());
  const [error, setError] = useState<string | null>(null);
  const [tick, setTick] = useState(0);
  const refresh = useCallback(() => setTick((t) => t + 1), []);

  useEffect(() => {
    const abort = new AbortController();
    jobsApi.analyses(abort.signal).then(
      (plugins) => setTitles(new Map(plugins.map((p) => [p.id, p.title]))),
      () => undefined, // titles are a nicety: ids stand in for them
    );
    return () => abort.abort();
  }, []);

  useEffect(() => {
    const abort = new AbortController();
    const load = () =>
      Promise.all([jobsApi.list(abort.signal), jobsApi.datasets(abort.signal)]).then(
        ([list, sets]) => {
          setJobs(list);
          setDatasets(new Map(sets.map((d) => [d.id, d])));
          setError(null);
        },
        (e: unknown) => {
          if (!abort.signal.aborted) setError(`Could not load the job history: ${errorMessage(e)}`);
        },
      );
    void load();
    const timer = window.setInterval(load, POLL_MS);
    return () => {
      abort.abort();
      window.clearInterval(timer);
    };
  }, [changeKey, tick]);

  return { jobs, datasets, titles, error, refresh };
}
