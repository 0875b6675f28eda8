import type { PluginInfo } from '../api/types';

interface PluginSelectProps {
  plugins: PluginInfo[];
  value: string | undefined;
  onChange: (id: string) => void;
}

export function PluginSelect({ plugins, value, onChange }: PluginSelectProps) {
  return (
    <label className="plugin-select">
      <span>Analysis</span>
      <select value={value ?? ''} onChange={(e) => onChange(e.target.value)} data-testid="plugin-select">
        {plugins.map((plugin) => (
          <option key={plugin.id} value={plugin.id}>
            {plugin.title}
          </option>
        ))}
      </select>
    </label>
  );
}
