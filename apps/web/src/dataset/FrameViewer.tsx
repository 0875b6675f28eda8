import { useEffect, useState } from 'react';
import type { Dataset } from '../api/types';
import { apiPath } from '../api/urls';
import { MaskEditor } from '../mask-editor/MaskEditor';
import { polygonTarget, type MaskOverlay } from '../mask-editor/mask-overlay';
import { MaskToolbar } from '../mask-editor/MaskToolbar';
import { ColorBar } from '../results/ColorBar';
import { navGrid, positionOfFrame } from '../results/result-image';
import { Panel } from '../ui/Panel';
import { DisplayControls } from '../viewer/DisplayControls';
import { ImageView } from '../viewer/ImageView';
import { useDisplay } from '../viewer/use-display';
import { useFrameValues } from '../viewer/use-frame-values';
import { FrameIndexInput } from './FrameIndexInput';

export type FrameScale = 'log' | 'linear';

interface FrameViewerProps {
  dataset: Dataset;
  index: number;
  onIndexChange: (index: number) => void;
  scale: FrameScale;
  onScaleChange: (scale: FrameScale) => void;
  /** The analysis form's shapes, drawn with handles that edit the form. */
  overlay: MaskOverlay | null;
  /** When set, clicking or dragging on the frame moves the detector centre. */
  onPickCentre?: (x: number, y: number) => void;
}

/** One diffraction frame from its raw values, zoomable, with the detector geometry on top. */
export function FrameViewer({ dataset, index, onIndexChange, scale, onScaleChange, overlay, onPickCentre }: FrameViewerProps) {
  const [sy, sx] = dataset.sigShape.length >= 2 ? dataset.sigShape.slice(-2) : [1, dataset.sigShape[0] ?? 1];
  const frame = useFrameValues(dataset.id, index);
  const display = useDisplay(frame.values, 'magma');
  const { x, y } = positionOfFrame(index, navGrid(dataset.navShape).width);
  const clamp = (v: number, size: number) => Math.min(Math.max(v, 0), size - 1);
  const [drawing, setDrawing] = useState(false);
  const canDraw = polygonTarget(overlay) !== undefined;
  useEffect(() => {
    if (!canDraw) setDrawing(false);
  }, [canDraw]);

  return (
    <Panel title="Diffraction frame" className="viewer frame-viewer" actions={<FrameIndexInput index={index} frames={dataset.frames} onChange={onIndexChange} />}>
      <ImageView
        values={frame.values}
        width={sx}
        height={sy}
        lut={display.lut}
        scale={scale}
        range={display.range}
        label={`Diffraction frame ${index}`}
        testId="frame"
        canvasTestId="frame-image"
        canvasProps={{ src: apiPath(`datasets/${encodeURIComponent(dataset.id)}/frames/${index}.npy`), 'data-frame-index': frame.loadedIndex ?? undefined, 'data-loading': String(frame.loading) }}
        wellProps={{ className: onPickCentre ? 'pickable' : '', 'data-testid': 'frame-well' }}
        onPick={onPickCentre && ((at) => onPickCentre(clamp(at.x - 0.5, sx), clamp(at.y - 0.5, sy)))}
        status={frame.error && <div className="well-message">Could not load frame {index}: {frame.error}</div>}
      >
        {overlay && <MaskEditor overlay={overlay} width={sx} height={sy} drawing={drawing && canDraw} onDrawingEnd={() => setDrawing(false)} />}
      </ImageView>
      <MaskToolbar overlay={overlay} drawing={drawing && canDraw} onDrawingChange={setDrawing} />
      <DisplayControls display={display} values={frame.values} scale={scale} onScaleChange={onScaleChange} testId="frame" />
      <ColorBar range={display.range} scale={scale} lut={display.lut} />
      <p className="viewer-caption">
        Frame {index.toLocaleString('en')} at scan position x = {x}, y = {y}
        {onPickCentre ? ' · click the frame to move the detector centre' : ''}
      </p>
    </Panel>
  );
}
