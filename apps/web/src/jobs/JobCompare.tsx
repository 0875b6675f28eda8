import type { DatasetRecord } from '../api/jobs-api';
import { resultEntries, type ResultEntry } from '../results/result-entries';
import { ResultView } from '../results/ResultView';
import { ErrorMessage } from '../ui/ErrorMessage';
import type { HistoryRow } from './history-rows';
import { useJobResults } from './use-job-results';

interface JobCompareProps {
  rows: [HistoryRow, HistoryRow];
  datasets: ReadonlyMap<string, DatasetRecord>;
  onClose: () => void;
}

function useEntries(row: HistoryRow, datasets: ReadonlyMap<string, DatasetRecord>) {
  const job = useJobResults(row.id, row.analysisId);
  const dataset = datasets.get(row.datasetId);
  return { error: job?.loadError, entries: resultEntries(job, dataset?.navShape ?? [], dataset?.sigShape ?? []) };
}

/** Result names of both jobs, in the order the first lists them, then the second's extras. */
function unionOfNames(a: ResultEntry[], b: ResultEntry[]): string[] {
  const names = a.map((e) => e.name);
  return [...names, ...b.map((e) => e.name).filter((n) => !names.includes(n))];
}

/** Two earlier jobs side by side, one row per result name, each image with its own controls. */
export function JobCompare({ rows, datasets, onClose }: JobCompareProps) {
  const left = useEntries(rows[0], datasets);
  const right = useEntries(rows[1], datasets);
  const sides = [left, right];
  return (
    <div className="job-compare" data-testid="job-compare">
      <div className="job-compare-bar">
        <strong>Comparing two jobs</strong>
        <button type="button" className="btn-small" onClick={onClose} data-testid="job-compare-close">
          Close
        </button>
      </div>
      <div className="job-compare-grid">
        {rows.map((row, i) => (
          <div key={row.id} className="job-compare-head" title={row.id}>
            <strong>{row.title}</strong>
            <span className="muted">
              {row.fileName} · {row.started}
            </span>
            <ErrorMessage message={sides[i]!.error} />
          </div>
        ))}
        {unionOfNames(left.entries, right.entries).map((name) => (
          <div key={name} className="job-compare-row" data-testid="job-compare-row" data-result={name}>
            <div className="job-compare-name">{name}</div>
            {sides.map((side, i) => {
              const entry = side.entries.find((e) => e.name === name);
              return (
                <div key={rows[i]!.id} className="job-compare-cell" data-testid="job-compare-cell" data-job-id={rows[i]!.id}>
                  {entry ? <ResultView entry={entry} component={0} scale="linear" /> : <span className="muted">no such result</span>}
                </div>
              );
            })}
          </div>
        ))}
      </div>
    </div>
  );
}
