import { useMemo } from 'react';
import type { FileEntry } from '../api/types';
import { ErrorMessage } from '../ui/ErrorMessage';
import { formatBytes } from './path';
import { useFileListing } from './use-file-listing';

interface FileBrowserProps {
  dir: string | null;
  /** Show the data roots if `dir` cannot be listed (used for the initial guess). */
  fallbackToRoots: boolean;
  selectedPath: string;
  onNavigate: (dir: string | null) => void;
  onSelect: (path: string) => void;
  onOpen: (path: string) => void;
}

function sorted(entries: FileEntry[]): FileEntry[] {
  return [...entries].sort((a, b) => (a.kind === b.kind ? a.name.localeCompare(b.name, undefined, { numeric: true }) : a.kind === 'dir' ? -1 : 1));
}

/** Lists a directory of a data root; click a file to choose it, double-click to open it. */
export function FileBrowser({ dir, fallbackToRoots, selectedPath, onNavigate, onSelect, onOpen }: FileBrowserProps) {
  const { listing, error, loading } = useFileListing(dir, fallbackToRoots);
  const entries = useMemo(() => sorted(listing?.entries ?? []), [listing]);
  const atRoots = !listing?.path;

  return (
    <div className="file-browser" data-testid="file-browser">
      <div className="file-browser-bar">
        <button type="button" className="btn-small" disabled={atRoots} onClick={() => onNavigate(listing?.parent ?? null)} title="Up one folder">
          ↑ Up
        </button>
        <button type="button" className="btn-small" disabled={atRoots} onClick={() => onNavigate(null)} title="Data roots">
          Roots
        </button>
        <span className="file-browser-path" title={listing?.path ?? ''}>
          <bdi dir="ltr">{listing?.path ?? 'Data roots'}</bdi>
        </span>
      </div>
      <ErrorMessage message={error} />
      <ul className={`file-list ${loading ? 'loading' : ''}`} role="listbox" aria-label="Files">
        {entries.length === 0 && !loading && !error && <li className="file-empty">This folder is empty.</li>}
        {entries.map((entry) => (
          <li key={entry.path} role="option" aria-selected={entry.path === selectedPath}>
            <button
              type="button"
              className={`file-entry file-${entry.kind} ${entry.path === selectedPath ? 'selected' : ''}`}
              data-testid="file-entry"
              onClick={() => (entry.kind === 'dir' ? onNavigate(entry.path) : onSelect(entry.path))}
              onDoubleClick={() => entry.kind === 'file' && onOpen(entry.path)}
              title={entry.path}
            >
              <span className="file-icon" aria-hidden>
                {entry.kind === 'dir' ? '▸' : '·'}
              </span>
              <span className="file-name">{entry.name}</span>
              {entry.kind === 'file' && <span className="file-size">{formatBytes(entry.size)}</span>}
            </button>
          </li>
        ))}
      </ul>
    </div>
  );
}
