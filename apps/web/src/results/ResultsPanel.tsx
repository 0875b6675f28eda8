import type { JobState } from '../jobs/job-state';
import { JobStatusBar } from '../jobs/JobStatusBar';
import { Panel } from '../ui/Panel';
import type { Scale } from './colormap';
import { isNavImage, type ResultEntry } from './result-entries';
import { ResultDownloads } from './ResultDownloads';
import { ResultView } from './ResultView';
import { componentsOf } from './use-result-values';

interface ResultsPanelProps {
  job: JobState | null;
  entries: ResultEntry[];
  selected: ResultEntry | undefined;
  onSelect: (name: string) => void;
  component: number;
  onComponentChange: (component: number) => void;
  scale: Scale;
  onScaleChange: (scale: Scale) => void;
  onCancel: () => Promise<void>;
}

function describe(entry: ResultEntry): string {
  const { layout } = entry;
  if (layout.kind === 'image') return layout.role === 'nav' ? 'scan image' : layout.role === 'sig' ? 'frame-shaped' : 'image';
  return layout.kind === 'line' ? 'line' : 'value';
}

/** Progress of the job and its results: choose one, see it live, download it. */
export function ResultsPanel({ job, entries, selected, onSelect, component, onComponentChange, scale, onScaleChange, onCancel }: ResultsPanelProps) {
  if (!job) {
    return (
      <Panel title="Results" className="results-panel">
        <p className="muted">Run an analysis to see its results here. Partial results appear while it runs.</p>
      </Panel>
    );
  }
  const components = componentsOf(selected);
  return (
    <Panel title="Results" className="results-panel">
      <JobStatusBar job={job} onCancel={onCancel} />
      {entries.length > 0 && (
        <div className="result-controls">
          <label>
            Result
            <select value={selected?.name ?? ''} onChange={(e) => onSelect(e.target.value)} data-testid="result-select">
              {entries.map((entry) => (
                <option key={entry.name} value={entry.name}>
                  {entry.name} ({entry.shape.length > 0 ? `${entry.shape.join('×')}, ` : ''}{describe(entry)})
                </option>
              ))}
            </select>
          </label>
          {components > 1 && (
            <label>
              Component
              <select value={component} onChange={(e) => onComponentChange(Number(e.target.value))} data-testid="result-component">
                {Array.from({ length: components }, (_, k) => (
                  <option key={k} value={k}>
                    {k}
                  </option>
                ))}
              </select>
            </label>
          )}
          <label>
            Scale
            <select value={scale} onChange={(e) => onScaleChange(e.target.value as Scale)} data-testid="result-scale">
              <option value="linear">linear</option>
              <option value="log">log</option>
            </select>
          </label>
          {selected && <ResultDownloads jobId={job.id} name={selected.name} available={job.status === 'done'} />}
        </div>
      )}
      {selected && !isNavImage(selected) && <ResultView entry={selected} component={component} scale={scale} />}
      {selected && isNavImage(selected) && <p className="muted">Shown on the scan above; click it to choose a frame.</p>}
    </Panel>
  );
}
