import { useEffect, useState, type FormEvent } from 'react';
import { api } from '../api/client';
import { errorMessage } from '../api/http';
import type { Config, Dataset } from '../api/types';
import { ErrorMessage } from '../ui/ErrorMessage';
import { Panel } from '../ui/Panel';
import { DatasetInfo } from './DatasetInfo';
import { FileBrowser } from './FileBrowser';
import { openRequest } from './open-request';
import { dirname } from './path';
import { NO_READER_OPTIONS, type ReaderOptionsValue } from './reader-options';
import { ReaderOptions } from './ReaderOptions';

interface DatasetPanelProps {
  config: Config | null;
  dataset: Dataset | null;
  onOpened: (dataset: Dataset) => void;
}

/** Choose a file (typed or browsed), open it, and see what the reader detected. */
export function DatasetPanel({ config, dataset, onOpened }: DatasetPanelProps) {
  const [path, setPath] = useState('');
  const [browseDir, setBrowseDir] = useState<string | null>(null);
  const [guessedDir, setGuessedDir] = useState(false);
  const [options, setOptions] = useState<ReaderOptionsValue>(NO_READER_OPTIONS);
  const [opening, setOpening] = useState(false);
  const [error, setError] = useState<string | null>(null);

  // Prefill with the sample data set and browse its folder once the config is known.
  useEffect(() => {
    const sample = config?.samplePath;
    if (!sample) return;
    setPath((current) => current || sample);
    const dir = dirname(sample);
    if (dir) {
      setBrowseDir(dir);
      setGuessedDir(true);
    }
  }, [config?.samplePath]);

  const open = async (target: string) => {
    setError(null);
    let body;
    try {
      body = openRequest(target, options);
    } catch (e) {
      setError(errorMessage(e));
      return;
    }
    if (!body.path) {
      setError('Type or choose the path of a data set first.');
      return;
    }
    setOpening(true);
    try {
      onOpened(await api.openDataset(body));
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setOpening(false);
    }
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    void open(path);
  };

  const navigate = (dir: string | null) => {
    setGuessedDir(false);
    setBrowseDir(dir);
  };

  return (
    <Panel title="Data set" className="dataset-panel">
      <form className="dataset-open" onSubmit={submit}>
        <label className="visually-hidden" htmlFor="dataset-path">
          Path of the data set
        </label>
        <input
          id="dataset-path"
          className="path-input"
          data-testid="dataset-path"
          value={path}
          onChange={(e) => setPath(e.target.value)}
          placeholder="/data/scan.npy"
          spellCheck={false}
          autoComplete="off"
        />
        <button type="submit" className="btn-primary" data-testid="dataset-open" disabled={opening || !path.trim()}>
          {opening ? 'Opening…' : 'Open'}
        </button>
      </form>
      <ReaderOptions value={options} onChange={setOptions} />
      <ErrorMessage message={error} testId="dataset-error" />
      {dataset && <DatasetInfo dataset={dataset} />}
      <FileBrowser
        dir={browseDir}
        fallbackToRoots={guessedDir}
        selectedPath={path}
        onNavigate={navigate}
        onSelect={setPath}
        onOpen={(p) => {
          setPath(p);
          void open(p);
        }}
      />
    </Panel>
  );
}
