import { useEffect, useState, type KeyboardEvent } from 'react';
import type { Dataset } from '../api/types';
import { Panel } from '../ui/Panel';
import { DisplayControls } from '../viewer/DisplayControls';
import { ImageView } from '../viewer/ImageView';
import { rectBetween, type RoiRect } from '../viewer/roi';
import { RoiBox } from '../viewer/RoiBox';
import { RoiSummary } from '../viewer/RoiSummary';
import { setDrawnRoi, useDrawnRoi } from '../viewer/roi-store';
import { useDisplay } from '../viewer/use-display';
import type { Scale } from './colormap';
import { ColorBar } from './ColorBar';
import type { ResultEntry } from './result-entries';
import { frameIndexAt, navGrid, positionOfFrame } from './result-image';
import { useResultValues } from './use-result-values';

interface ScanViewerProps {
  dataset: Dataset;
  /** The scan-shaped result to show, if any. */
  entry: ResultEntry | undefined;
  /** Whether `entry` is the result selected in the results panel. */
  selected: boolean;
  component: number;
  /** The results panel's scale; the viewer's own choice overrides it. */
  scale: Scale;
  frameIndex: number;
  onPick: (index: number) => void;
}

const STEPS: Record<string, [number, number]> = { ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowUp: [0, -1], ArrowDown: [0, 1] };

/** The scan grid (with a scan-shaped result on it): click or drag to choose the frame, Shift-drag to draw the ROI. */
export function ScanViewer({ dataset, entry, selected, component, scale, frameIndex, onPick }: ScanViewerProps) {
  const { width, height } = navGrid(dataset.navShape);
  const { values } = useResultValues(entry, component);
  const display = useDisplay(values);
  const [ownScale, setOwnScale] = useState<Scale | null>(null);
  const shownScale = ownScale ?? scale;
  useEffect(() => setOwnScale(null), [scale]); // a new choice in the results panel wins
  const [roiMode, setRoiMode] = useState(false);
  const [drawing, setDrawing] = useState<RoiRect | null>(null);
  const roi = useDrawnRoi(dataset.id);
  const { x, y } = positionOfFrame(frameIndex, width);

  const pickAt = (px: number, py: number) => {
    const cx = Math.min(Math.max(Math.floor(px), 0), width - 1);
    const cy = Math.min(Math.max(Math.floor(py), 0), height - 1);
    const index = frameIndexAt(cx, cy, width);
    if (index !== frameIndex) onPick(index);
  };

  const step = (event: KeyboardEvent<HTMLDivElement>) => {
    const delta = STEPS[event.key];
    if (!delta) return;
    event.preventDefault();
    onPick(frameIndexAt(Math.min(Math.max(x + delta[0], 0), width - 1), Math.min(Math.max(y + delta[1], 0), height - 1), width));
  };

  const shownRoi = drawing ?? roi?.rect ?? null;
  return (
    <Panel
      title={entry ? `Scan · ${entry.name}` : 'Scan'}
      className="viewer scan-viewer"
      actions={
        <button type="button" className={roiMode ? 'active' : ''} aria-pressed={roiMode} data-testid="roi-mode" onClick={() => setRoiMode(!roiMode)} title="Drag on the scan to draw the ROI (or Shift-drag)">
          draw ROI
        </button>
      }
    >
      <ImageView
        values={values}
        width={width}
        height={height}
        lut={display.lut}
        scale={shownScale}
        range={display.range}
        label={entry ? `Result ${entry.name} over the scan` : 'Scan grid'}
        testId="scan"
        canvasTestId={entry && selected ? 'result-canvas' : 'scan-canvas'}
        wellProps={{ className: 'pickable', 'data-testid': 'nav-canvas', tabIndex: 0, 'aria-label': 'Scan positions: click to show a frame, arrow keys to move, Shift-drag to draw the ROI', onKeyDown: step }}
        onPick={(at) => pickAt(at.x, at.y)}
        regionMode={roiMode}
        onRegion={(start, end, done) => {
          const rect = rectBetween(start, end, width, height);
          setDrawing(done ? null : rect);
          if (done) setDrawnRoi({ datasetId: dataset.id, width, height, rect });
        }}
        status={!entry && <div className="well-message subtle">Run an analysis to see a scan image. Click to choose a frame.</div>}
      >
        {shownRoi && <RoiBox rect={shownRoi} width={width} height={height} drawing={drawing !== null} />}
        <div
          className="position-marker"
          data-testid="nav-marker"
          style={{ left: `${((x + 0.5) / width) * 100}%`, top: `${((y + 0.5) / height) * 100}%`, width: `${100 / width}%`, height: `${100 / height}%` }}
        />
      </ImageView>
      {entry && <DisplayControls display={display} values={values} scale={shownScale} onScaleChange={setOwnScale} testId="scan" />}
      {entry ? <ColorBar range={display.range} scale={shownScale} lut={display.lut} /> : <p className="viewer-caption">{width} × {height} scan positions</p>}
      <RoiSummary rect={roi?.rect ?? null} onClear={() => setDrawnRoi(null)} />
    </Panel>
  );
}
