import { DTYPES, type ReaderOptionsValue } from './reader-options';

interface ReaderOptionsProps {
  value: ReaderOptionsValue;
  onChange: (value: ReaderOptionsValue) => void;
}

/** Optional corrections of what the reader detects (needed for raw files without a header). */
export function ReaderOptions({ value, onChange }: ReaderOptionsProps) {
  const set = (key: keyof ReaderOptionsValue) => (e: { target: { value: string } }) => onChange({ ...value, [key]: e.target.value });
  const given = Object.values(value).some((v) => v.trim() !== '');
  return (
    <details className="reader-options" open={given || undefined}>
      <summary>Format and shape{given ? ' (set)' : ' (detected)'}</summary>
      <div className="reader-grid">
        <label>
          Format
          <input value={value.format} onChange={set('format')} placeholder="auto" data-testid="dataset-format-input" />
        </label>
        <label>
          Data type
          <select value={value.dtype} onChange={set('dtype')} data-testid="dataset-dtype-input">
            <option value="">auto</option>
            {DTYPES.map((d) => (
              <option key={d} value={d}>
                {d}
              </option>
            ))}
          </select>
        </label>
        <label>
          Scan (nav)
          <input value={value.navShape} onChange={set('navShape')} placeholder="e.g. 128x128" data-testid="dataset-nav-input" />
        </label>
        <label>
          Frame (sig)
          <input value={value.sigShape} onChange={set('sigShape')} placeholder="e.g. 256x256" data-testid="dataset-sig-input" />
        </label>
        <label title="Positive: skip frames before the scan starts; negative: insert blank frames">
          Sync offset
          <input value={value.syncOffset} onChange={set('syncOffset')} placeholder="0" data-testid="dataset-sync-input" />
        </label>
      </div>
    </details>
  );
}
