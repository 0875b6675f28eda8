import { useState } from 'react';
import { errorMessage } from '../api/http';
import { jobsApi } from '../api/jobs-api';
import type { Dataset } from '../api/types';
import { ErrorMessage } from '../ui/ErrorMessage';
import { Panel } from '../ui/Panel';
import { historyRows, type HistoryRow } from './history-rows';
import { JobCompare } from './JobCompare';
import { isTerminal, type JobState } from './job-state';
import { useJobHistory } from './use-job-history';
import './job-history.css';

interface JobHistoryProps {
  /** The job the results panel shows: highlighted, and the list refreshes when it moves on. */
  watched: JobState | null;
  /** Show a job (an earlier one, or a re-run just started) in the results panel, on its data set. */
  onShow: (jobId: string, analysisId: string, dataset: Dataset) => void;
  /** A job record was deleted. */
  onDeleted: (jobId: string) => void;
}

/** Every job the host remembers (it survives restarts): open, re-run, delete or compare two. */
export function JobHistory({ watched, onShow, onDeleted }: JobHistoryProps) {
  const { jobs, datasets, titles, error, refresh } = useJobHistory(watched ? `${watched.id}:${watched.status}` : '');
  const [picked, setPicked] = useState<string[]>([]);
  const [comparing, setComparing] = useState<[HistoryRow, HistoryRow] | null>(null);
  const [actionError, setActionError] = useState<string | null>(null);
  const [warning, setWarning] = useState<string | null>(null);
  const rows = historyRows(jobs, datasets, titles, Date.now());

  const act = (work: () => Promise<void>) => {
    setActionError(null);
    setWarning(null);
    work().catch((e: unknown) => setActionError(errorMessage(e)));
  };
  const datasetOf = (row: HistoryRow): Dataset => {
    const dataset = datasets.get(row.datasetId);
    if (!dataset) throw new Error(`The data set of job ${row.id} is no longer known to the server.`);
    return dataset;
  };
  // The watched job is on show already (and restarting it would drop its loaded results).
  const open = (row: HistoryRow) => act(async () => (row.id === watched?.id ? undefined : onShow(row.id, row.analysisId, datasetOf(row))));
  const rerun = (row: HistoryRow) =>
    act(async () => {
      const dataset = datasetOf(row);
      const answer = await jobsApi.rerun(row.id);
      if (answer.warning) setWarning(answer.warning);
      onShow(answer.id, row.analysisId, dataset);
      refresh();
    });
  const remove = (row: HistoryRow) => {
    if (!window.confirm(`Delete the ${row.title} job on ${row.fileName} and its result files?`)) return;
    act(async () => {
      await jobsApi.deleteRecord(row.id);
      setPicked((ids) => ids.filter((id) => id !== row.id));
      if (comparing?.some((r) => r.id === row.id)) setComparing(null);
      onDeleted(row.id);
      refresh();
    });
  };
  const togglePick = (id: string) => setPicked((ids) => (ids.includes(id) ? ids.filter((x) => x !== id) : [...ids.slice(-1), id]));
  const pickedRows = rows.filter((r) => picked.includes(r.id) && r.status === 'done');

  const compareButton = (
    <button
      type="button"
      className="btn-small"
      disabled={pickedRows.length !== 2}
      title="Tick two finished jobs to see their results side by side"
      onClick={() => setComparing([pickedRows[0]!, pickedRows[1]!])}
      data-testid="history-compare"
    >
      Compare {pickedRows.length}/2
    </button>
  );

  return (
    <Panel title="Job history" className="job-history" actions={compareButton} testId="job-history">
      <ErrorMessage message={error} />
      <ErrorMessage message={actionError} testId="history-error" />
      {warning && (
        <p className="history-warning" data-testid="history-warning">
          {warning}
        </p>
      )}
      {rows.length === 0 ? (
        <p className="muted">No jobs yet. Every analysis you run is kept here, also after the server restarts.</p>
      ) : (
        <div className="history-scroll">
          <table className="history-table">
            <thead>
              <tr>
                <th aria-label="Pick for comparison" />
                <th>Analysis</th>
                <th>Data set</th>
                <th>Status</th>
                <th>Started</th>
                <th>Duration</th>
                <th aria-label="Actions" />
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <tr key={row.id} className={row.id === watched?.id ? 'history-current' : undefined} data-testid="history-row" data-job-id={row.id} data-status={row.status}>
                  <td>
                    <input
                      type="checkbox"
                      checked={picked.includes(row.id)}
                      disabled={row.status !== 'done'}
                      onChange={() => togglePick(row.id)}
                      aria-label={`Compare ${row.title}`}
                      data-testid="history-pick"
                    />
                  </td>
                  <td title={row.id}>{row.title}</td>
                  <td>{row.fileName}</td>
                  <td>
                    <span className={`status-badge status-${row.status}`} title={row.error}>
                      {row.status}
                    </span>
                  </td>
                  <td>{row.started}</td>
                  <td className="history-duration">{row.duration}</td>
                  <td className="history-actions">
                    <button type="button" className="btn-small" onClick={() => open(row)} data-testid="history-open">
                      Open
                    </button>
                    <button type="button" className="btn-small" onClick={() => rerun(row)} disabled={!isTerminal(row.status)} data-testid="history-rerun">
                      Re-run
                    </button>
                    <button type="button" className="btn-small" onClick={() => remove(row)} disabled={!isTerminal(row.status)} data-testid="history-delete">
                      Delete
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {comparing && <JobCompare rows={comparing} datasets={datasets} onClose={() => setComparing(null)} />}
    </Panel>
  );
}
