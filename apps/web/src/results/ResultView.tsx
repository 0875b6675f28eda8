import { useEffect, useState } from 'react';
import { DisplayControls } from '../viewer/DisplayControls';
import { ImageView } from '../viewer/ImageView';
import { useDisplay } from '../viewer/use-display';
import type { Scale } from './colormap';
import { ColorBar } from './ColorBar';
import { LinePlot } from './LinePlot';
import type { ResultEntry } from './result-entries';
import { useResultValues } from './use-result-values';

interface ResultViewProps {
  entry: ResultEntry;
  component: number;
  scale: Scale;
}

/** A result that is not a scan image: a frame-like image, a line or a single value. */
export function ResultView({ entry, component, scale }: ResultViewProps) {
  const { values, range } = useResultValues(entry, component);
  const display = useDisplay(values);
  const [ownScale, setOwnScale] = useState<Scale | null>(null); // overrides the results panel's choice
  const shownScale = ownScale ?? scale;
  useEffect(() => setOwnScale(null), [scale]); // a new choice in the results panel wins
  const { layout } = entry;
  if (layout.kind === 'scalar') {
    const value = values?.[0];
    return (
      <div className="result-scalar" data-testid="result-value">
        {value === undefined ? '…' : Number.isFinite(value) ? value.toPrecision(6) : 'not computed yet'}
      </div>
    );
  }
  if (layout.kind === 'line') {
    return (
      <div className="result-line">
        <LinePlot values={values} testId="result-canvas" label={`Result ${entry.name}`} />
        <p className="viewer-caption">
          {layout.length.toLocaleString('en')} values{range ? `, from ${range.min.toPrecision(4)} to ${range.max.toPrecision(4)}` : ''}
        </p>
      </div>
    );
  }
  return (
    <div className="result-image">
      <ImageView values={values} width={layout.width} height={layout.height} lut={display.lut} scale={shownScale} range={display.range} testId="result" canvasTestId="result-canvas" label={`Result ${entry.name}`} />
      <DisplayControls display={display} values={values} scale={shownScale} onScaleChange={setOwnScale} testId="result-view" />
      <ColorBar range={display.range} scale={shownScale} lut={display.lut} />
    </div>
  );
}
