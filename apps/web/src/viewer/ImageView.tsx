import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState, type HTMLAttributes, type ReactNode } from 'react';
import type { Range, Scale } from '../results/colormap';
import { PixelReadout } from './PixelReadout';
import { Raster } from './raster';
import { useBoxSize } from './use-box-size';
import { useViewGestures, type GestureHandlers } from './use-view-gestures';
import { fitTransform, type ViewTransform } from './view-transform';
import './viewer.css';

export interface ImageViewProps extends GestureHandlers {
  values: Float32Array | null;
  width: number;
  height: number;
  lut: Uint8Array;
  scale: Scale;
  range: Range | null;
  label: string;
  /** Prefix of the test ids of the fit button and the readout. */
  testId: string;
  canvasTestId?: string;
  /** Extra attributes of the well (test id, focus, keys). */
  wellProps?: HTMLAttributes<HTMLDivElement> & { 'data-testid'?: string };
  /** Extra attributes of the canvas (e.g. the source it shows). */
  canvasProps?: Record<string, string | number | undefined>;
  /** Drawn over the image in the same zoom and pan: 100 % is the whole image. */
  children?: ReactNode;
  /** Shown over the well, not moved by zoom and pan (messages). */
  status?: ReactNode;
}

/**
 * A 2-D array as a zoomable, pannable picture. The colours are computed only when the data or
 * the display settings change; zoom and pan redraw the cached raster under a transform.
 */
export function ImageView({ values, width, height, lut, scale, range, label, testId, canvasTestId, wellProps, canvasProps, children, status, ...handlers }: ImageViewProps) {
  const well = useRef<HTMLDivElement>(null);
  const canvas = useRef<HTMLCanvasElement>(null);
  const raster = useMemo(() => new Raster(), []);
  const [painted, setPainted] = useState(0);
  const box = useBoxSize(well);
  const fit = useMemo(() => fitTransform({ width, height }, box), [width, height, box]);
  const [zoomed, setZoomed] = useState<ViewTransform | null>(null); // null: fitted to the box
  const view = zoomed ?? fit;

  useEffect(() => setZoomed(null), [width, height]);
  const fitRef = useRef(fit);
  fitRef.current = fit;
  const setView = useCallback((update: (v: ViewTransform) => ViewTransform) => setZoomed((v) => update(v ?? fitRef.current)), []);
  const { hover, pointer } = useViewGestures(well, view, fit.scale, setView, handlers);

  useLayoutEffect(() => {
    setPainted((n) => (raster.paint(values, width, height, lut, range, scale) ? n + 1 : -1));
  }, [raster, values, width, height, lut, range, scale]);

  useLayoutEffect(() => {
    const element = canvas.current;
    const context = element?.getContext('2d');
    if (!element || !context) return;
    const dpr = window.devicePixelRatio || 1;
    const w = Math.max(1, Math.round(box.width * dpr));
    const h = Math.max(1, Math.round(box.height * dpr));
    if (element.width !== w) element.width = w;
    if (element.height !== h) element.height = h;
    context.setTransform(1, 0, 0, 1, 0, 0);
    context.clearRect(0, 0, w, h);
    if (painted < 0) return;
    context.imageSmoothingEnabled = false; // pixels stay square when zoomed in
    context.setTransform(dpr * view.scale, 0, 0, dpr * view.scale, dpr * view.tx, dpr * view.ty);
    context.drawImage(raster.canvas, 0, 0);
  }, [raster, painted, view, box]);

  return (
    <div className="image-view">
      <div {...wellProps} ref={well} className={`image-well view-well ${wellProps?.className ?? ''}`} style={{ aspectRatio: `${width} / ${height}` }} {...pointer}>
        <canvas ref={canvas} className="view-canvas" data-testid={canvasTestId} role="img" aria-label={label} data-zoom={view.scale / (fit.scale || 1)} {...canvasProps} />
        <div className="view-layer" style={{ left: view.tx, top: view.ty, width: width * view.scale, height: height * view.scale }}>
          {children}
        </div>
        {status}
        {zoomed && (
          <button type="button" className="view-fit" data-testid={`${testId}-fit`} onPointerDown={(e) => e.stopPropagation()} onClick={() => setZoomed(null)}>
            fit
          </button>
        )}
      </div>
      <PixelReadout testId={`${testId}-readout`} values={values} width={width} height={height} at={hover} />
    </div>
  );
}
