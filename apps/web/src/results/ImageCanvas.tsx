import { useEffect, useRef } from 'react';
import type { Range, Scale } from './colormap';
import { drawImage } from './draw-image';

interface ImageCanvasProps {
  values: Float32Array | null;
  width: number;
  height: number;
  scale: Scale;
  range: Range | null;
  testId?: string;
  label: string;
}

/** A 2-D array drawn pixel for pixel; CSS scales it up without smoothing. */
export function ImageCanvas({ values, width, height, scale, range, testId, label }: ImageCanvasProps) {
  const canvas = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    if (canvas.current) drawImage(canvas.current, values, width, height, scale, range);
  }, [values, width, height, scale, range]);
  return <canvas ref={canvas} className="image-canvas" data-testid={testId} role="img" aria-label={label} width={width} height={height} />;
}
