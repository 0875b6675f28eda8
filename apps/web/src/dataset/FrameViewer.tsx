import { useState, type PointerEvent } from 'react';
import type { Dataset } from '../api/types';
import { frameImageUrl } from '../api/urls';
import type { OverlayShape } from '../analysis/overlay';
import { OverlayShapeSvg } from '../analysis/OverlayShapeSvg';
import { navGrid, positionOfFrame } from '../results/result-image';
import { Panel } from '../ui/Panel';
import { FrameIndexInput } from './FrameIndexInput';

export type FrameScale = 'log' | 'linear';

interface FrameViewerProps {
  dataset: Dataset;
  index: number;
  onIndexChange: (index: number) => void;
  scale: FrameScale;
  onScaleChange: (scale: FrameScale) => void;
  overlay: OverlayShape | null;
  /** When set, clicking or dragging on the frame moves the detector centre. */
  onPickCentre?: (x: number, y: number) => void;
}

/** One diffraction frame as the host renders it, with the detector geometry on top. */
export function FrameViewer({ dataset, index, onIndexChange, scale, onScaleChange, overlay, onPickCentre }: FrameViewerProps) {
  const [sy, sx] = dataset.sigShape.length >= 2 ? dataset.sigShape.slice(-2) : [1, dataset.sigShape[0] ?? 1];
  const src = frameImageUrl(dataset.id, index, scale);
  const [settled, setSettled] = useState<{ src: string; ok: boolean } | null>(null);
  const loading = settled?.src !== src;
  const failed = !loading && settled?.ok === false;
  const { x, y } = positionOfFrame(index, navGrid(dataset.navShape).width);

  const pick = (event: PointerEvent<HTMLDivElement>) => {
    if (!onPickCentre) return;
    const rect = event.currentTarget.getBoundingClientRect();
    const px = ((event.clientX - rect.left) / rect.width) * sx - 0.5;
    const py = ((event.clientY - rect.top) / rect.height) * sy - 0.5;
    onPickCentre(Math.min(Math.max(px, 0), sx - 1), Math.min(Math.max(py, 0), sy - 1));
  };

  return (
    <Panel
      title="Diffraction frame"
      className="viewer frame-viewer"
      actions={
        <>
          <FrameIndexInput index={index} frames={dataset.frames} onChange={onIndexChange} />
          <select value={scale} onChange={(e) => onScaleChange(e.target.value as FrameScale)} aria-label="Intensity scale" data-testid="frame-scale">
            <option value="log">log</option>
            <option value="linear">linear</option>
          </select>
        </>
      }
    >
      <div
        className={`image-well ${onPickCentre ? 'pickable' : ''}`}
        style={{ aspectRatio: `${sx} / ${sy}` }}
        onPointerDown={(e) => {
          if (!onPickCentre || e.button !== 0) return;
          e.currentTarget.setPointerCapture(e.pointerId);
          pick(e);
        }}
        onPointerMove={(e) => {
          if (e.buttons & 1 && e.currentTarget.hasPointerCapture(e.pointerId)) pick(e);
        }}
      >
        <img
          src={src}
          alt={`Diffraction frame ${index}`}
          className={`frame-image ${loading ? 'loading' : ''}`}
          data-testid="frame-image"
          data-frame-index={index}
          draggable={false}
          onLoad={() => setSettled({ src, ok: true })}
          onError={() => setSettled({ src, ok: false })}
        />
        {overlay && <OverlayShapeSvg shape={overlay} width={sx} height={sy} />}
        {failed && <div className="well-message">Could not load frame {index}.</div>}
      </div>
      <p className="viewer-caption">
        Frame {index.toLocaleString('en')} at scan position x = {x}, y = {y}
        {onPickCentre ? ' · click the frame to move the detector centre' : ''}
      </p>
    </Panel>
  );
}
