import { COLORMAPS, type ColormapName, type Scale } from '../results/colormap';
import { percentileRange } from './contrast';
import { LimitInput } from './LimitInput';
import type { Display } from './use-display';

interface DisplayControlsProps {
  display: Display;
  values: Float32Array | null;
  scale: Scale;
  onScaleChange: (scale: Scale) => void;
  /** Prefix of the controls' test ids. */
  testId: string;
}

/** Colour map, linear/log, and contrast limits (typed, automatic or the full range). */
export function DisplayControls({ display, values, scale, onScaleChange, testId }: DisplayControlsProps) {
  const { colormap, setColormap, range, setLimits } = display;
  const setMin = (min: number) => setLimits({ min, max: Math.max(min, range?.max ?? min) });
  const setMax = (max: number) => setLimits({ min: Math.min(max, range?.min ?? max), max });
  return (
    <div className="display-controls">
      <select value={colormap} onChange={(e) => setColormap(e.target.value as ColormapName)} aria-label="Colour map" data-testid={`${testId}-colormap`}>
        {Object.keys(COLORMAPS).map((name) => (
          <option key={name} value={name}>
            {name}
          </option>
        ))}
      </select>
      <select value={scale} onChange={(e) => onScaleChange(e.target.value as Scale)} aria-label="Intensity scale" data-testid={`${testId}-scale`}>
        <option value="linear">linear</option>
        <option value="log">log</option>
      </select>
      <LimitInput label="min" value={range?.min} onCommit={setMin} testId={`${testId}-min`} />
      <LimitInput label="max" value={range?.max} onCommit={setMax} testId={`${testId}-max`} />
      <button type="button" title="Limits at the 0.5 and 99.5 percentiles" data-testid={`${testId}-auto`} disabled={!values} onClick={() => values && setLimits(percentileRange(values))}>
        auto
      </button>
      <button type="button" title="Limits at the minimum and maximum" data-testid={`${testId}-full`} disabled={!display.limits} onClick={() => setLimits(null)}>
        full
      </button>
    </div>
  );
}
