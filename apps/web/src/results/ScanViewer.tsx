import type { KeyboardEvent, PointerEvent } from 'react';
import type { Dataset } from '../api/types';
import { Panel } from '../ui/Panel';
import type { Scale } from './colormap';
import { ColorBar } from './ColorBar';
import { ImageCanvas } from './ImageCanvas';
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
  scale: Scale;
  frameIndex: number;
  onPick: (index: number) => void;
}

const STEPS: Record<string, [number, number]> = { ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowUp: [0, -1], ArrowDown: [0, 1] };

/** The scan grid (with a scan-shaped result on it); click or drag to choose the frame. */
export function ScanViewer({ dataset, entry, selected, component, scale, frameIndex, onPick }: ScanViewerProps) {
  const { width, height } = navGrid(dataset.navShape);
  const { values, range } = useResultValues(entry, component);
  const { x, y } = positionOfFrame(frameIndex, width);

  const pick = (event: PointerEvent<HTMLDivElement>) => {
    const rect = event.currentTarget.getBoundingClientRect();
    const px = Math.floor(((event.clientX - rect.left) / rect.width) * width);
    const py = Math.floor(((event.clientY - rect.top) / rect.height) * height);
    const cx = Math.min(Math.max(px, 0), width - 1);
    const cy = Math.min(Math.max(py, 0), height - 1);
    const index = frameIndexAt(cx, cy, width);
    if (index !== frameIndex) onPick(index);
  };

  const step = (event: KeyboardEvent<HTMLDivElement>) => {
    const delta = STEPS[event.key];
    if (!delta) return;
    event.preventDefault();
    const nx = Math.min(Math.max(x + delta[0], 0), width - 1);
    const ny = Math.min(Math.max(y + delta[1], 0), height - 1);
    onPick(frameIndexAt(nx, ny, width));
  };

  return (
    <Panel title={entry ? `Scan · ${entry.name}` : 'Scan'} className="viewer scan-viewer">
      <div
        className="image-well pickable"
        style={{ aspectRatio: `${width} / ${height}` }}
        data-testid="nav-canvas"
        tabIndex={0}
        aria-label="Scan positions: click to show a frame, arrow keys to move"
        onPointerDown={(e) => {
          if (e.button !== 0) return;
          e.currentTarget.setPointerCapture(e.pointerId);
          pick(e);
        }}
        onPointerMove={(e) => {
          if (e.buttons & 1 && e.currentTarget.hasPointerCapture(e.pointerId)) pick(e);
        }}
        onKeyDown={step}
      >
        <ImageCanvas
          values={values}
          width={width}
          height={height}
          scale={scale}
          range={range}
          testId={entry && selected ? 'result-canvas' : 'scan-canvas'}
          label={entry ? `Result ${entry.name} over the scan` : 'Scan grid'}
        />
        <div
          className="position-marker"
          data-testid="nav-marker"
          style={{
            left: `${((x + 0.5) / width) * 100}%`,
            top: `${((y + 0.5) / height) * 100}%`,
            width: `${100 / width}%`,
            height: `${100 / height}%`,
          }}
        />
        {!entry && <div className="well-message subtle">Run an analysis to see a scan image. Click to choose a frame.</div>}
      </div>
      {entry ? <ColorBar range={range} scale={scale} /> : <p className="viewer-caption">{width} × {height} scan positions</p>}
    </Panel>
  );
}
