import { useEffect, useMemo, useState } from 'react';
import { AnalysisPanel } from './analysis/AnalysisPanel';
import { useAnalysisParams } from './analysis/use-analysis-params';
import { EventsClient } from './api/events-client';
import type { Dataset } from './api/types';
import { eventsUrl } from './api/urls';
import { DatasetPanel } from './dataset/DatasetPanel';
import { FrameViewer, type FrameScale } from './dataset/FrameViewer';
import { useConfig } from './dataset/use-config';
import { JobHistory } from './jobs/JobHistory';
import { useJob } from './jobs/use-job';
import type { Scale } from './results/colormap';
import { isNavImage, resultEntries } from './results/result-entries';
import { ResultsPanel } from './results/ResultsPanel';
import { ScanViewer } from './results/ScanViewer';
import { AppHeader } from './ui/AppHeader';
import { ErrorMessage } from './ui/ErrorMessage';

export function App() {
  const { config, error: configError } = useConfig();
  const events = useMemo(() => new EventsClient(eventsUrl), []);
  useEffect(() => () => events.close(), [events]);

  const [dataset, setDataset] = useState<Dataset | null>(null);
  const [frameIndex, setFrameIndex] = useState(0);
  const [frameScale, setFrameScale] = useState<FrameScale>('log');
  const analysis = useAnalysisParams(dataset?.id ?? null);
  const { job, start, cancel, clear } = useJob(events);

  const [resultName, setResultName] = useState<string | null>(null);
  const [component, setComponent] = useState(0);
  const [resultScale, setResultScale] = useState<Scale>('linear');

  const entries = useMemo(() => resultEntries(job, dataset?.navShape ?? [], dataset?.sigShape ?? []), [job, dataset]);
  const selected = entries.find((e) => e.name === resultName) ?? entries[0];
  const scanEntry = isNavImage(selected) ? selected : entries.find(isNavImage);

  const openDataset = (opened: Dataset) => {
    setDataset(opened);
    setFrameIndex(0);
    setResultName(null);
    clear();
  };

  // An earlier job (or a re-run) from the history: show it on its own data set.
  const showJob = (jobId: string, analysisId: string, jobDataset: Dataset) => {
    if (jobDataset.id !== dataset?.id) {
      setDataset(jobDataset);
      setFrameIndex(0);
    }
    setResultName(null);
    setComponent(0);
    start(jobId, analysisId);
  };

  return (
    <div className="app">
      <AppHeader version={config?.version} events={events} />
      <ErrorMessage message={configError} testId="config-error" />
      <div className="layout">
        <aside className="sidebar">
          <DatasetPanel config={config} dataset={dataset} onOpened={openDataset} />
          <AnalysisPanel
            datasetId={dataset?.id ?? null}
            analysis={analysis}
            onJobStarted={(id, analysisId) => {
              setResultName(null);
              setComponent(0);
              start(id, analysisId);
            }}
          />
        </aside>
        <main className="main">
          {dataset ? (
            <div className="viewers">
              <ScanViewer
                dataset={dataset}
                entry={scanEntry}
                selected={scanEntry !== undefined && scanEntry === selected}
                component={scanEntry === selected ? component : 0}
                scale={resultScale}
                frameIndex={frameIndex}
                onPick={setFrameIndex}
              />
              <FrameViewer
                dataset={dataset}
                index={frameIndex}
                onIndexChange={setFrameIndex}
                scale={frameScale}
                onScaleChange={setFrameScale}
                overlay={analysis.overlay}
                onPickCentre={analysis.setCentre}
              />
            </div>
          ) : (
            <div className="placeholder">
              <h2>No data set open</h2>
              <p>Choose a file on the left and press Open. The scan and its diffraction frames will appear here.</p>
            </div>
          )}
          <ResultsPanel
            job={job}
            entries={entries}
            selected={selected}
            onSelect={(name) => {
              setResultName(name);
              setComponent(0);
            }}
            component={component}
            onComponentChange={setComponent}
            scale={resultScale}
            onScaleChange={setResultScale}
            onCancel={cancel}
          />
          <JobHistory watched={job} onShow={showJob} onDeleted={(id) => id === job?.id && clear()} />
        </main>
      </div>
    </div>
  );
}
